// `npm start`: builds, then serves the bakery demo, the built bundles and the reference sync
// receiver (at /api/consent, same origin) on 127.0.0.1, and prints the URL.
// PORT picks the port (default 8080; 0 picks a free one). Records are kept in demo/.data/.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import { createReceiver, parseOrigins } from '../demo/receiver.mjs';
import { createStaticHandler, MIME_TYPES, parseTarget, sendStatus } from './static-server.mjs';

if (
  !process.argv.includes('--no-build') &&
  spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' }).status !== 0
) {
  console.error('start: the build failed');
  process.exit(1);
}

const ROOT = resolve('.');
// Same origin is always allowed; CANDOR_ALLOWED_ORIGINS (comma-separated) adds others.
const receiver = createReceiver({
  dir: resolve(process.env.RECEIVER_DIR ?? 'demo/.data'),
  base: '/api/consent',
  origins: parseOrigins(process.env.CANDOR_ALLOWED_ORIGINS),
});
// dist/ and demo/ only; demo/.data (the records) is a dot folder, never served; pages are served rendered.
const statics = createStaticHandler({
  mounts: [
    { prefix: '/dist/', dir: join(ROOT, 'dist') },
    { prefix: '/demo/', dir: join(ROOT, 'demo') },
  ],
  deny: (path) => /^\/demo\/(pages\/|layout\.html$)/.test(path),
  headers: { 'cache-control': 'no-cache' },
});

/** A demo page: demo/layout.html around the <main> content of demo/pages/<name>.html. */
function renderPage(name) {
  const file = join(ROOT, 'demo/pages', `${name}.html`);
  if (!existsSync(file)) return null;
  const page = readFileSync(file, 'utf8');
  const title = /^<!-- title: (.*?) -->\n/.exec(page);
  return readFileSync(join(ROOT, 'demo/layout.html'), 'utf8')
    .replace('{{title}}', () => title?.[1] ?? name)
    .replace('{{main}}', () => page.slice(title?.[0].length ?? 0));
}

const server = createServer((req, res) => {
  const target = parseTarget(req.url); // `/%`, `//[`, … → 400, never a crash
  if (!target.ok) return sendStatus(req, res, target.status);
  if (target.rawPathname.startsWith('/api/consent')) return receiver.handle(req, res);
  const pageName = target.pathname === '/' ? 'index' : /^\/([\w-]+)\.html$/.exec(target.pathname)?.[1];
  let html = null;
  try {
    if (pageName && (req.method === 'GET' || req.method === 'HEAD')) html = renderPage(pageName);
  } catch (e) {
    console.error('start:', e);
    return sendStatus(req, res, 500);
  }
  if (html !== null) {
    res.writeHead(200, { 'content-type': MIME_TYPES['.html'], 'cache-control': 'no-cache' });
    return res.end(req.method === 'HEAD' ? undefined : html);
  }
  return statics(req, res);
});

const port = Number(process.env.PORT ?? 8080);
server.listen(port, '127.0.0.1', () => {
  console.log(`The Corner Bakery (Candor demo): http://127.0.0.1:${server.address().port}/`);
  console.log(`Consent receiver: http://127.0.0.1:${server.address().port}/api/consent (records in demo/.data/)`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));

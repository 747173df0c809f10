// `npm start`: builds, then serves the bakery demo, the built bundles and the reference sync
// receiver (at /api/consent, same origin) on 127.0.0.1, and prints the URL.
// PORT picks the port (default 8080; 0 picks a free one). Records are kept in demo/.data/.
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { createReceiver } from '../demo/receiver.mjs';

if (!process.argv.includes('--no-build') && spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' }).status !== 0) {
  console.error('start: the build failed');
  process.exit(1);
}

const ROOT = resolve('.');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.map': 'application/json' };
const receiver = createReceiver({ dir: resolve(process.env.RECEIVER_DIR ?? 'demo/.data'), base: '/api/consent' });

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
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname.startsWith('/api/consent')) return receiver.handle(req, res);
  const pageName = url.pathname === '/' ? 'index' : /^\/([\w-]+)\.html$/.exec(url.pathname)?.[1];
  const html = pageName ? renderPage(pageName) : null;
  if (html !== null) {
    res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-cache' });
    return res.end(html);
  }
  const path = normalize(decodeURIComponent(url.pathname));
  const file = join(ROOT, path);
  const allowed = (path.startsWith('/dist/') || path.startsWith('/demo/')) && !/^\/demo\/(\.data|pages\/|layout\.html)/.test(path) && file.startsWith(ROOT);
  try {
    if (!allowed || !statSync(file).isFile()) throw new Error('not found');
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
  createReadStream(file).pipe(res);
});

const port = Number(process.env.PORT ?? 8080);
server.listen(port, '127.0.0.1', () => {
  console.log(`The Corner Bakery (Candor demo): http://127.0.0.1:${server.address().port}/`);
  console.log(`Consent receiver: http://127.0.0.1:${server.address().port}/api/consent (records in demo/.data/)`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));

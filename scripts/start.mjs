// `npm start`: builds, then serves the bakery demo, the built bundles and its consent endpoint,
// candor/server with the embedded store (at /api/consent, same origin), on 127.0.0.1, and prints
// the URL. PORT picks the port (default 8080; 0 picks a free one). Records are kept in
// demo/.data/ (RECEIVER_DIR picks another folder).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import { createStaticHandler, MIME_TYPES, parseTarget, sendStatus } from './static-server.mjs';

if (
  !process.argv.includes('--no-build') &&
  spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' }).status !== 0
) {
  console.error('start: the build failed');
  process.exit(1);
}

const ROOT = resolve('.');
// Imported after the build: dist/server.mjs is what an npm user of candor/server gets.
const { createConsentServer, parseOrigins, toNodeListener } = await import('../dist/server.mjs');
const dataDir = join(resolve(process.env.RECEIVER_DIR ?? 'demo/.data'), 'db');
const consent = createConsentServer({
  dataDir,
  basePath: '/api/consent',
  // Same origin is always allowed; CANDOR_ALLOWED_ORIGINS (comma-separated) adds others.
  origins: parseOrigins(process.env.CANDOR_ALLOWED_ORIGINS),
  // The pages' config: the server refreshes the candor cookie on same-site requests.
  config: JSON.parse(readFileSync(join(ROOT, 'demo/candor-config.json'), 'utf8')),
  // Every visitor of the demo is 127.0.0.1 (and the e2e tests are many visitors at once).
  rateLimit: { requests: 6000, windowSeconds: 60 },
});
const api = toNodeListener(consent);
const store = await consent.ready; // a database it cannot use stops here, before anything is served

/** The proof-of-consent page's list: every record, newest first (a demo page, not an admin API). */
async function listRecords(res) {
  const records = await store.records();
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ records }));
}
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
  if (target.pathname === '/api/consent/records' && req.method === 'GET')
    return void listRecords(res).catch((e) => (console.error('start:', e), sendStatus(req, res, 500)));
  if (target.rawPathname.startsWith('/api/consent')) return void api(req, res);
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
  console.log(
    `Consent endpoint (candor/server): http://127.0.0.1:${server.address().port}/api/consent (data in ${dataDir})`,
  );
});
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    server.closeAllConnections();
    server.close(() => void consent.close().finally(() => process.exit(0)));
  });

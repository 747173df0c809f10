// `npm start`: builds, then serves the bakery demo, the built bundles and its consent endpoint,
// candor/server with the embedded store (at /api/consent, same origin), on 127.0.0.1, and prints
// the URL. PORT picks the port (default 8080; 0 picks a free one). Records are kept in
// demo/.data/ (RECEIVER_DIR picks another folder). The site-owner page and its admin API are at
// /candor-admin/, behind the token in CANDOR_ADMIN_TOKEN (at least 32 characters) or, when it is
// unset, a random one printed at start; records are purged 30 days after they expire.
import './node-version.mjs'; // first: a clear stop on an old Node.js
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import { createStaticHandler, MIME_TYPES, parseTarget, sendStatus } from './static-server.mjs';

const build = !process.argv.includes('--no-build');
if (build) console.log('start: building dist/ (about a minute), then serving the demo…');
if (build && spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' }).status !== 0) {
  console.error('start: the build failed');
  process.exit(1);
}

const ROOT = resolve('.');
// Imported after the build: dist/server.mjs is what an npm user of candor/server gets.
const { createConsentServer, parseOrigins, toNodeListener } = await import('../dist/server.mjs');
const dataDir = join(resolve(process.env.RECEIVER_DIR ?? 'demo/.data'), 'db');
// Never from argv (it would show in `ps`); a random one lasts until the demo stops.
const adminToken = process.env.CANDOR_ADMIN_TOKEN || randomBytes(32).toString('base64url');
const ADMIN_PATH = '/candor-admin';
const consent = createDemoServer();
/** candor/server as the demo runs it; a setting it refuses (a short CANDOR_ADMIN_TOKEN) stops here with its reason. */
function createDemoServer() {
  try {
    return createConsentServer({
      dataDir,
      basePath: '/api/consent',
      // Same origin is always allowed; CANDOR_ALLOWED_ORIGINS (comma-separated) adds others.
      origins: parseOrigins(process.env.CANDOR_ALLOWED_ORIGINS),
      // The pages' config: the server refreshes the candor cookie on same-site requests.
      config: JSON.parse(readFileSync(join(ROOT, 'demo/candor-config.json'), 'utf8')),
      // Every visitor of the demo is 127.0.0.1 (and the e2e tests are many visitors at once).
      rateLimit: { requests: 6000, windowSeconds: 60, concurrent: 200 },
      // The site-owner page (dist/admin/) and its API; nothing of it is under /api/consent.
      admin: { token: adminToken, path: ADMIN_PATH },
      // The demo's retention: records are purged 30 days after they expire (the job runs daily).
      retention: { days: 30 },
    });
  } catch (e) {
    console.error(`start: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  }
}
const api = toNodeListener(consent);
await consent.ready; // a database it cannot use stops here, before anything is served

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
  const path = target.rawPathname;
  if (path.startsWith('/api/consent') || path === ADMIN_PATH || path.startsWith(`${ADMIN_PATH}/`))
    return void api(req, res);
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
server.on('error', (e) => {
  console.error(
    e.code === 'EADDRINUSE'
      ? `start: port ${port} is already in use; PORT=8081 npm start (or PORT=0 for any free port) picks another`
      : `start: could not serve on 127.0.0.1:${port}: ${e.message}`,
  );
  void consent.close().finally(() => process.exit(1));
});
server.listen(port, '127.0.0.1', () => {
  console.log(`The Corner Bakery (Candor demo): http://127.0.0.1:${server.address().port}/`);
  console.log(
    `Consent endpoint (candor/server): http://127.0.0.1:${server.address().port}/api/consent (data in ${dataDir})`,
  );
  const token = process.env.CANDOR_ADMIN_TOKEN ? 'the token in CANDOR_ADMIN_TOKEN' : `admin token ${adminToken}`;
  console.log(`Site-owner page: http://127.0.0.1:${server.address().port}${ADMIN_PATH}/ (sign in with ${token})`);
});
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    server.closeAllConnections();
    server.close(() => void consent.close().finally(() => process.exit(0)));
  });

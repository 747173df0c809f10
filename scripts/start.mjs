// `npm start`: builds, then serves the bakery demo, the built bundles and the reference sync
// receiver (at /api/consent, same origin) on 127.0.0.1, and prints the URL.
// PORT picks the port (default 8080; 0 picks a free one). Records are kept in demo/.data/.
import { spawnSync } from 'node:child_process';
import { createReadStream, statSync } from 'node:fs';
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

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname.startsWith('/api/consent')) return receiver.handle(req, res);
  let path = normalize(decodeURIComponent(url.pathname));
  if (path === '/') path = '/index.html';
  if (/^\/[\w-]+\.html$/.test(path)) path = `/demo${path}`;
  const file = join(ROOT, path);
  const allowed = (path.startsWith('/dist/') || path.startsWith('/demo/')) && !path.startsWith('/demo/.data') && file.startsWith(ROOT);
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

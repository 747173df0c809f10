// `npm start`: builds, then serves the demo and the built bundles on 127.0.0.1 and prints the URL.
// PORT picks the port (default 8080; 0 picks a free one).
import { spawnSync } from 'node:child_process';
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';

if (spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' }).status !== 0) {
  console.error('start: the build failed');
  process.exit(1);
}

const ROOT = resolve('.');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.map': 'application/json' };
const ALLOWED = ['/dist/', '/demo/'];

const server = createServer((req, res) => {
  let path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
  if (path === '/') path = '/demo/index.html';
  const file = join(ROOT, path);
  if (!ALLOWED.some((p) => path.startsWith(p)) || !file.startsWith(ROOT)) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  try {
    if (!statSync(file).isFile()) throw new Error();
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
  createReadStream(file).pipe(res);
});

const port = Number(process.env.PORT ?? 8080);
server.listen(port, '127.0.0.1', () => {
  const { port: actual } = server.address();
  console.log(`Candor playground: http://127.0.0.1:${actual}/`);
});

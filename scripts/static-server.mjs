// The one static file server of the repository: `npm start` (scripts/start.mjs), the Playwright
// tests (test/e2e/static-server.ts) and the benchmark (bench/run.mjs). Read-only, GET and HEAD, one
// MIME map. No request target can read outside a mount or stop the process:
// - a target that is not a URL a browser would send (bad percent-encoding such as `/%`, `//host`,
//   `//[`, `/\host`, a scheme other than http(s), an encoded NUL) → 400; longer than
//   MAX_TARGET_LENGTH → 414 (Node itself answers 431 above its 16 KB header limit);
// - `..` is resolved as a browser resolves it (never above `/`); a `..` that only appears after
//   decoding (`..%2f`), a backslash (`%5c`), or a file that resolves (symlinks included) outside its
//   mount → 403;
// - dot files and folders (`.git`, `demo/.data`), `deny`ed paths, folders, unknown paths → 404;
// - another method → 405.
// Types: static-server.d.mts.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, STATUS_CODES } from 'node:http';
import { basename, extname, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream';
import { createGzip } from 'node:zlib';

/** Content types by file extension; anything else is application/octet-stream. */
export const MIME_TYPES = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
});

/** Request targets longer than this are answered 414. */
export const MAX_TARGET_LENGTH = 8192;

const BASE = 'http://static.invalid';

/**
 * Reads a request target (`req.url`): origin-form (`/path?query`) or absolute-form
 * (`http://host/path`, whose host is ignored).
 * @param {string | undefined} target
 * @returns {{ ok: true, pathname: string, rawPathname: string, search: string } | { ok: false, status: 400 | 414, reason: string }}
 *   `rawPathname` as WHATWG URL normalizes it (dot segments resolved, still percent-encoded);
 *   `pathname` is it decoded.
 */
export function parseTarget(target) {
  if (typeof target !== 'string' || target === '') return { ok: false, status: 400, reason: 'no request target' };
  if (target.length > MAX_TARGET_LENGTH)
    return { ok: false, status: 414, reason: `request target longer than ${MAX_TARGET_LENGTH}` };
  const originForm = target.startsWith('/');
  if (!originForm && !/^https?:\/\//i.test(target))
    return { ok: false, status: 400, reason: 'neither origin-form nor an http(s) absolute-form target' };
  let url;
  try {
    url = new URL(target, BASE);
  } catch {
    return { ok: false, status: 400, reason: 'not a URL' };
  }
  // `//host/x` and `/\host/x` parse as another host: no browser sends them as a path.
  if (originForm && url.origin !== BASE) return { ok: false, status: 400, reason: 'the path names a host' };
  let pathname;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400, reason: 'bad percent-encoding' };
  }
  if (pathname.includes('\0')) return { ok: false, status: 400, reason: 'NUL in the path' };
  return { ok: true, pathname, rawPathname: url.pathname, search: url.search };
}

/**
 * Answers `status` with its reason phrase as plain text (no body for HEAD).
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {Record<string, string>} [headers]
 */
export function sendStatus(req, res, status, headers = {}) {
  const body = `${STATUS_CODES[status] ?? status}\n`;
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

const within = (dir, file) => file.startsWith(dir.endsWith(sep) ? dir : dir + sep);

/**
 * A request handler serving files from `mounts`; it always answers and never rejects.
 * @param {object} options
 * @param {ReadonlyArray<{ prefix: string, dir: string }>} options.mounts URL prefixes (starting and
 *   ending with `/`) and the folders they serve; the longest matching prefix wins.
 * @param {Readonly<Record<string, string>>} [options.headers] extra headers on every file answer
 *   (such as cache-control).
 * @param {(pathname: string) => boolean} [options.deny] decoded URL paths answered 404.
 * @param {boolean} [options.gzip] gzip (level 9) the answer when the client accepts it.
 * @param {boolean} [options.emptyFavicon] answer /favicon.ico with 204 when no mount has one.
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => Promise<void>}
 */
export function createStaticHandler({ mounts, headers = {}, deny = () => false, gzip = false, emptyFavicon = false }) {
  const roots = mounts
    .map(({ prefix, dir }) => {
      if (!prefix.startsWith('/') || !prefix.endsWith('/'))
        throw new Error(`static server: the mount prefix "${prefix}" must start and end with /`);
      const root = resolve(dir);
      return { prefix, root, real: realpath(root).catch(() => null) }; // a missing folder: 404s
    })
    .sort((a, b) => b.prefix.length - a.prefix.length);

  /** @returns {Promise<{ status: number } | { file: string, size: number }>} */
  async function find(pathname) {
    const segments = pathname.split('/');
    if (segments.includes('..') || segments.includes('.') || pathname.includes('\\')) return { status: 403 };
    if (segments.some((s) => s.startsWith('.')) || deny(pathname)) return { status: 404 };
    const mount = roots.find((m) => pathname.startsWith(m.prefix));
    if (!mount) return { status: 404 };
    const file = resolve(mount.root, `.${sep}${pathname.slice(mount.prefix.length)}`);
    if (!within(mount.root, file)) return { status: 403 };
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return { status: 404 };
    const [realRoot, realFile] = await Promise.all([mount.real, realpath(file).catch(() => null)]);
    if (!realRoot || !realFile || !within(realRoot, realFile)) return { status: 403 }; // a symlink out of the mount
    return { file, size: info.size };
  }

  return async function handleStatic(req, res) {
    try {
      const target = parseTarget(req.url);
      if (!target.ok) return sendStatus(req, res, target.status);
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendStatus(req, res, 405, { allow: 'GET, HEAD' });
      const found = await find(target.pathname);
      if ('status' in found) {
        if (found.status === 404 && emptyFavicon && target.pathname === '/favicon.ico')
          return void res.writeHead(204).end();
        return sendStatus(req, res, found.status);
      }
      const zip = gzip && /\bgzip\b/i.test(String(req.headers['accept-encoding'] ?? ''));
      // The script tag's files name no source map themselves (bytes every visitor would download):
      // the header names the one built next to a script, for the browser's developer tools.
      const map = /\.m?js$/.test(found.file) && (await stat(`${found.file}.map`).catch(() => null))?.isFile();
      res.writeHead(200, {
        ...(map ? { sourcemap: `${encodeURIComponent(basename(found.file))}.map` } : {}), // a URL: any name
        'content-type': MIME_TYPES[extname(found.file).toLowerCase()] ?? 'application/octet-stream',
        'x-content-type-options': 'nosniff',
        ...(gzip ? { vary: 'Accept-Encoding' } : {}),
        ...(zip ? { 'content-encoding': 'gzip' } : { 'content-length': String(found.size) }),
        ...headers,
      });
      if (req.method === 'HEAD') return void res.end();
      const noop = () => {}; // pipeline destroys every stream on error (a client gone mid-file)
      if (zip) pipeline(createReadStream(found.file), createGzip({ level: 9 }), res, noop);
      else pipeline(createReadStream(found.file), res, noop);
    } catch (e) {
      console.error('static server:', e);
      if (!res.headersSent) sendStatus(req, res, 500);
      else res.destroy();
    }
  };
}

/**
 * Starts a server with `createStaticHandler(options)` on `host` (127.0.0.1) and `port` (0: a free one).
 * @param {Parameters<typeof createStaticHandler>[0] & { host?: string, port?: number }} options
 * @returns {Promise<{ server: import('node:http').Server, origin: string, close: () => Promise<void> }>}
 */
export async function serveStatic({ host = '127.0.0.1', port = 0, ...options }) {
  const server = createServer(createStaticHandler(options));
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      ok(undefined);
    });
  });
  const address = server.address();
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${typeof address === 'object' && address ? address.port : port}`;
  const close = () =>
    new Promise((ok) => {
      server.closeAllConnections();
      server.close(() => ok(undefined));
    });
  return { server, origin, close };
}

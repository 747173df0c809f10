import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { raw } from './raw-http';
import { createStaticHandler, MAX_TARGET_LENGTH, parseTarget, serveStatic } from '../../scripts/static-server.mjs';

const get = (port: number, target: string, headers = '') =>
  raw(port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}Connection: close\r\n\r\n`);

let tmp: string;
let root: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'candor-static-'));
  root = join(tmp, 'root');
  writeFileSync(join(tmp, 'outside.txt'), 'secret outside the root');
  mkdirSync(join(root, 'sub'), { recursive: true });
  mkdirSync(join(root, '.hidden'));
  mkdirSync(join(root, 'node_modules/pkg'), { recursive: true });
  mkdirSync(join(tmp, 'other'));
  writeFileSync(join(root, 'a.txt'), 'hello');
  writeFileSync(join(root, 'app.mjs'), 'export const a = 1;\n'.repeat(50));
  writeFileSync(join(root, 'data.bin'), 'bytes');
  writeFileSync(join(root, 'sub/mapped.js'), 'void 0;');
  writeFileSync(join(root, 'sub/mapped.js.map'), '{"version":3,"sources":[],"mappings":""}');
  writeFileSync(join(root, 'sub/ünï #1.js'), 'void 0;');
  writeFileSync(join(root, 'sub/ünï #1.js.map'), '{"version":3,"sources":[],"mappings":""}');
  writeFileSync(join(root, 'sub/b.css'), 'b { color: red }');
  writeFileSync(join(root, '.env'), 'secret dot file');
  writeFileSync(join(root, '.hidden/x.txt'), 'secret in a dot folder');
  writeFileSync(join(root, 'node_modules/pkg/i.js'), 'secret denied');
  writeFileSync(join(tmp, 'other/c.json'), '{"c":1}');
  symlinkSync(join(tmp, 'outside.txt'), join(root, 'link.txt'));
  symlinkSync(tmp, join(root, 'linkdir'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('parseTarget', () => {
  it.each<[string, string]>([
    ['/a.txt', '/a.txt'],
    ['/a%20b.txt?q=%', '/a b.txt'],
    ['/x/../a.txt', '/a.txt'],
    ['/%2e%2e/%2E%2e/a.txt', '/a.txt'],
    ['/sub/..%2f..%2fa.txt', '/sub/../../a.txt'],
    ['http://other.example/a.txt?x=1', '/a.txt'],
  ])('reads %s as the path %s (dot segments resolved as a browser does, never above /)', (target, pathname) => {
    expect(parseTarget(target)).toMatchObject({ ok: true, pathname });
  });

  it.each<[string, number, string | undefined]>([
    ['bad percent-encoding (/%)', 400, '/%'],
    ['bad percent-encoding (/%zz)', 400, '/%zz'],
    ['an overlong UTF-8 slash (/%C0%AF)', 400, '/%C0%AF'],
    ['an unparsable scheme-relative target (//[)', 400, '//['],
    ['a scheme-relative target naming a host (//evil.example/a.txt)', 400, '//evil.example/a.txt'],
    ['a backslash target naming a host (/\\evil.example/a.txt)', 400, '/\\evil.example/a.txt'],
    ['an encoded NUL (/a.txt%00.html)', 400, '/a.txt%00.html'],
    ['the asterisk form (*)', 400, '*'],
    ['another scheme (ftp://x/a.txt)', 400, 'ftp://x/a.txt'],
    ['an unparsable absolute-form target (http://[/)', 400, 'http://[/'],
    ['an empty target', 400, ''],
    ['no target (undefined)', 400, undefined],
    ['a very long target (/aaa…, MAX_TARGET_LENGTH + 1 characters)', 414, `/${'a'.repeat(MAX_TARGET_LENGTH)}`],
  ])('refuses %s with %i', (_what, status, target) => {
    expect(parseTarget(target)).toMatchObject({ ok: false, status });
  });
});

describe('static server on 127.0.0.1', () => {
  let server: Awaited<ReturnType<typeof serveStatic>>;
  let port: number;
  beforeAll(async () => {
    server = await serveStatic({
      mounts: [
        { prefix: '/', dir: root },
        { prefix: '/files/', dir: join(tmp, 'other') },
      ],
      deny: (path) => path.split('/').includes('node_modules'),
      headers: { 'cache-control': 'no-store' },
    });
    port = Number(new URL(server.origin).port);
  });
  afterAll(() => server.close());
  const stillServing = async () => {
    const res = await fetch(`${server.origin}/a.txt`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('hello');
  };

  it('serves files with their MIME type, Content-Length and the configured headers; the longest mount prefix wins', async () => {
    const res = await fetch(`${server.origin}/app.mjs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('content-length')).toBe(String('export const a = 1;\n'.length * 50));
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await fetch(`${server.origin}/sub/b.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await fetch(`${server.origin}/data.bin`)).headers.get('content-type')).toBe('application/octet-stream');
    expect(await (await fetch(`${server.origin}/files/c.json`)).json()).toEqual({ c: 1 });
  });

  it('names the source map built next to a script in a SourceMap header (the scripts name none themselves)', async () => {
    expect((await fetch(`${server.origin}/sub/mapped.js`)).headers.get('sourcemap')).toBe('mapped.js.map');
    expect((await fetch(`${server.origin}/app.mjs`)).headers.get('sourcemap')).toBeNull(); // no map next to it
    expect((await fetch(`${server.origin}/sub/b.css`)).headers.get('sourcemap')).toBeNull();
    // A name that is no header value as it is (beyond Latin-1) or no URL (`#`, a space): encoded.
    const odd = await fetch(`${server.origin}/sub/${encodeURIComponent('ünï #1.js')}`);
    expect(odd.status).toBe(200);
    expect(odd.headers.get('sourcemap')).toBe(`${encodeURIComponent('ünï #1.js')}.map`);
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await raw(port, 'HEAD /a.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(res.status).toBe(200);
    expect(res.head).toContain('content-length: 5');
    expect(res.body).toBe('');
  });

  it.each<[string, string]>([
    ['an unknown path', '/nope.txt'],
    ['a folder', '/sub'],
    ['a folder with a slash', '/sub/'],
    ['a dot file', '/.env'],
    ['a file in a dot folder', '/.hidden/x.txt'],
    ['an encoded dot file', '/%2eenv'],
    ['a denied path', '/node_modules/pkg/i.js'],
  ])('answers 404 for %s (%s)', async (_what, target) => {
    const res = await get(port, target);
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('secret');
  });

  it('answers another method with 405 and Allow', async () => {
    const res = await raw(port, 'POST /a.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    expect(res.status).toBe(405);
    expect(res.head).toContain('allow: get, head');
  });

  it.each<[string, number, string]>([
    ['/%', 400, '/%'],
    ['//[', 400, '//['],
    ['/%zz/a.txt', 400, '/%zz/a.txt'],
    ['/a.txt%00', 400, '/a.txt%00'],
    ['//evil.example/a.txt', 400, '//evil.example/a.txt'],
    ['http://[/', 400, 'http://[/'],
    ['*', 400, '*'],
    ['/aaa… (MAX_TARGET_LENGTH + 11 characters)', 414, `/${'a'.repeat(MAX_TARGET_LENGTH + 10)}`],
  ])('answers the raw request target %s with %i and keeps serving', async (_label, status, target) => {
    expect((await get(port, target)).status).toBe(status);
    await stillServing();
  });

  it('answers a target above the header limit with Node’s 431 and keeps serving', async () => {
    expect((await get(port, `/${'a'.repeat(20_000)}`)).status).toBe(431);
    await stillServing();
  });

  it('serves an absolute-form target from its path (the host is ignored)', async () => {
    const res = await get(port, 'http://other.example/a.txt');
    expect(res.status).toBe(200);
    expect(res.body).toBe('hello');
  });

  it.each<[string, string, number]>([
    ['a raw ..', '/../outside.txt', 404],
    ['an encoded ..', '/%2e%2e/outside.txt', 404],
    ['.. out of a prefix mount', '/files/../../outside.txt', 404],
    ['a .. with an encoded slash', '/sub/..%2f..%2foutside.txt', 403],
    ['a .. with an encoded slash out of a prefix mount', '/files/..%2fa.txt', 403],
    ['an encoded backslash', '/..%5coutside.txt', 403],
    ['a raw backslash (read as / like a browser does)', '/sub\\..\\..\\outside.txt', 404],
    ['a symlink to a file outside', '/link.txt', 403],
    ['a symlink to a folder outside', '/linkdir/outside.txt', 403],
  ])('refuses path traversal: %s (%s) → %i, nothing outside the root is sent', async (_what, target, status) => {
    const res = await get(port, target);
    expect(res.status).toBe(status);
    expect(res.body).not.toContain('secret');
  });

  it('gzips when asked to and the client accepts it', async () => {
    const zipped = await serveStatic({ mounts: [{ prefix: '/', dir: root }], gzip: true });
    try {
      const body = await new Promise<{ encoding: string | undefined; vary: string | undefined; bytes: Buffer }>(
        (ok, fail) => {
          request(`${zipped.origin}/app.mjs`, { headers: { 'accept-encoding': 'gzip, br' } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              ok({ encoding: res.headers['content-encoding'], vary: res.headers.vary, bytes: Buffer.concat(chunks) }),
            );
          })
            .on('error', fail)
            .end();
        },
      );
      expect(body.encoding).toBe('gzip');
      expect(body.vary).toBe('Accept-Encoding');
      expect(gunzipSync(body.bytes).toString()).toBe('export const a = 1;\n'.repeat(50));
      const plain = await get(Number(new URL(zipped.origin).port), '/a.txt');
      expect(plain.head).not.toContain('content-encoding');
      expect(plain.body).toBe('hello');
    } finally {
      await zipped.close();
    }
  });

  it('answers /favicon.ico with 204 when asked to and no mount has one', async () => {
    const withFavicon = await serveStatic({ mounts: [{ prefix: '/', dir: root }], emptyFavicon: true });
    try {
      expect((await fetch(`${withFavicon.origin}/favicon.ico`)).status).toBe(204);
      expect((await fetch(`${withFavicon.origin}/nope.ico`)).status).toBe(404);
    } finally {
      await withFavicon.close();
    }
  });

  it('refuses a mount prefix that does not start and end with /', () => {
    expect(() => createStaticHandler({ mounts: [{ prefix: '/dist', dir: root }] })).toThrow(/must start and end with/);
  });
});

describe('npm start (scripts/start.mjs --no-build)', () => {
  let child: ChildProcess;
  let port: number;
  let data: string;
  /** The random admin token npm start printed (no CANDOR_ADMIN_TOKEN set). */
  let token: string;
  let out = '';
  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'candor-start-'));
    child = spawn(process.execPath, ['scripts/start.mjs', '--no-build'], {
      cwd: resolve(import.meta.dirname, '../..'),
      env: { ...process.env, PORT: '0', RECEIVER_DIR: data, CANDOR_ADMIN_TOKEN: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    port = await new Promise<number>((ok, fail) => {
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /http:\/\/127\.0\.0\.1:(\d+)\/[^]*Site-owner page: \S+ \(sign in with admin token (\S+)\)\n/.exec(
          out,
        );
        if (m) {
          token = m[2]!;
          ok(Number(m[1]));
        }
      });
      child.on('exit', (code) => fail(new Error(`start.mjs exited with ${code}: ${out}`)));
    });
  });
  afterAll(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(data, { recursive: true, force: true });
  });
  afterEach(() => expect(child.exitCode).toBeNull());

  it.each<[string, number]>([
    ['/%', 400],
    ['//[', 400],
    ['/api/consent/%', 400],
    ['//evil.example/', 400],
    ['/demo/.data/records.jsonl', 404],
    ['/demo/pages/index.html', 404],
    ['/demo/%2e%2e/package.json', 404],
    ['/demo/..%2f..%2fpackage.json', 403],
    ['/dist/..%5cpackage.json', 403],
  ])('answers %s with %i and keeps serving the demo', async (target, status) => {
    expect((await get(port, target)).status).toBe(status);
    const home = await get(port, '/');
    expect(home.status).toBe(200);
    expect(home.body).toContain('The Corner Bakery');
  });

  it('serves the demo files, the pages (HEAD too) and the receiver', async () => {
    expect((await get(port, '/demo/bakery.css')).head).toContain('content-type: text/css');
    const head = await raw(port, 'HEAD /shop.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('prints the site-owner page next to the URL, with a random admin token when CANDOR_ADMIN_TOKEN is unset', async () => {
    expect(out.split('\n')[0]).toBe(`The Corner Bakery (Candor demo): http://127.0.0.1:${port}/`);
    expect(out).toContain(
      `Site-owner page: http://127.0.0.1:${port}/candor-admin/ (sign in with admin token ${token})`,
    );
    expect(token).toMatch(/^[\w-]{43}$/); // 32 random bytes
    const page = await get(port, '/candor-admin/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Consent dashboard');
    expect((await get(port, '/candor-admin/api/stats')).status).toBe(401);
    expect((await get(port, '/candor-admin/api/stats', `Authorization: Bearer ${token}\r\n`)).status).toBe(200);
  });

  it('lists no records to a visitor: the old listing of every record under the consent endpoint is gone', async () => {
    expect((await get(port, '/api/consent/records')).status).toBe(404);
  });
});

describe('npm start with a CANDOR_ADMIN_TOKEN that is too short', () => {
  it('stops before serving, saying why', async () => {
    const child = spawn(process.execPath, ['scripts/start.mjs', '--no-build'], {
      cwd: resolve(import.meta.dirname, '../..'),
      env: {
        ...process.env,
        PORT: '0',
        RECEIVER_DIR: join(tmpdir(), 'candor-start-never'),
        CANDOR_ADMIN_TOKEN: 'short',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise((ok) => child.on('exit', ok));
    expect(code).toBe(1);
    expect(err).toMatch(/^start: .*token/m);
  });
});

// The ways to run candor/server: node:http (toNodeListener, listen), the CLI, and the recipes of
// docs/server.md for Express, Hono and Next.js route handlers, each as the docs show it.
import { PGlite } from '@electric-sql/pglite';
import express from 'express';
import { Hono } from 'hono';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/server/cli';
import { createConsentServer } from '../../src/server/handler';
import { LATEST_VERSION, SchemaError } from '../../src/server/migrations';
import { listen, toNodeListener } from '../../src/server/node-http';
import { createPGliteStore } from '../../src/server/pglite';
import { raw } from '../unit/raw-http';
import { memoryStore } from './memory-store';
import { batch, decisions, hashOf } from './records';

const tmp = mkdtempSync(join(tmpdir(), 'candor-adapters-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Serves a node:http listener on a free port for the duration of `fn`. */
async function serving(listener: Parameters<typeof createServer>[1], fn: (base: string) => Promise<void>) {
  const server = createServer(listener);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  try {
    await fn(`http://127.0.0.1:${(server.address() as { port: number }).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((ok) => server.close(ok));
  }
}

/** Posts two records and pulls them back through `base`: the protocol works through the adapter. */
async function roundTrip(base: string, init: RequestInit = {}) {
  const [a, b] = await decisions(2);
  const posted = await fetch(`${base}/api/consent`, {
    method: 'POST',
    body: batch(a, b),
    headers: { 'content-type': 'application/json' },
    ...init,
  });
  expect(posted.status).toBe(200);
  expect(await posted.json()).toEqual({ accepted: 2, duplicates: 0, chainBreaks: [] });
  const pulled = await fetch(`${base}/api/consent?subject=${a!.subject}`);
  expect(await pulled.json()).toEqual({ record: b });
  const request = await fetch(`${base}/api/consent/requests`, {
    method: 'POST',
    body: JSON.stringify({ type: 'access', subject: a!.subject }),
  });
  expect(request.status).toBe(202);
}

describe('node:http', () => {
  it('listen() serves the endpoint; bad targets get 400; the socket address drives the rate limit', async () => {
    const handler = createConsentServer({ store: memoryStore(), rateLimit: { requests: 4 } });
    const running = await listen(handler, { port: 0 });
    try {
      await roundTrip(running.url);
      const port = Number(new URL(running.url).port);
      for (const target of ['/%', '//[', 'api/consent'])
        expect((await raw(port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`)).status).toBe(
          400,
        );
      // A method the Fetch API cannot carry: 405 from the adapter, not a 500.
      const trace = await raw(port, `TRACE /api/consent HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
      expect(trace.status).toBe(405);
      expect(trace.body).toContain('"code":"request/method"'); // in a chunked body
      // 3 requests above (the bad targets and TRACE never reach the handler): one more is allowed, then 429.
      const pull = () => fetch(`${running.url}/api/consent?subject=6a4cbf55-3f0e-4e4c-9a4e-5b0d6c0e2f10`);
      expect((await pull()).status).toBe(200);
      const limited = await pull();
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await running.close();
    }
  });

  it("listen()'s close() closes the handler's store, once: closing the handler as well (or twice) does not close the store again", async () => {
    const store = memoryStore();
    let closes = 0;
    const counted = { ...store, close: async () => void (closes++, await store.close()) };
    const handler = createConsentServer({ store: counted });
    const running = await listen(handler, { port: 0 });
    await running.close();
    await handler.close();
    await Promise.all([handler.close(), handler.close()]);
    expect(closes).toBe(1);
  });

  it('a Host header is a host and a port only: one with a path, query or fragment never moves the request to another route', async () => {
    const seen: string[] = [];
    const handler = Object.assign(
      async (request: Request) => {
        seen.push(request.url);
        return new Response('ok');
      },
      { ready: Promise.resolve(memoryStore()), close: async () => {} },
    );
    await serving(toNodeListener(handler), async (base) => {
      const port = Number(new URL(base).port);
      const get = (host: string) =>
        raw(port, `GET /api/consent/x HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      for (const host of [
        'shop.example/candor-admin/api/stats#',
        'shop.example/candor-admin?',
        'a@shop.example',
        'x\\y',
      ])
        expect((await get(host)).status).toBe(400);
      expect(seen).toEqual([]);
      for (const host of ['shop.example', 'shop.example:8443', '127.0.0.1:80', '[::1]:8080', 'app_1'])
        expect((await get(host)).status).toBe(200);
      expect(seen.map((u) => new URL(u).pathname)).toEqual(Array(5).fill('/api/consent/x'));
    });
  });

  it('a target with dot segments or backslashes is refused: it never reaches a route its raw path does not name', async () => {
    // Express (or a proxy) routes by the raw path; the URL parser would resolve `..`, `%2e%2e` and `\`
    // to another path, so `/api/consent/%2e%2e/%2e%2e/candor-admin/…` sent to as the endpoint would reach the admin.
    const token = 't'.repeat(40);
    const reached: string[] = []; // what the admin side asked of the store
    const store = memoryStore();
    const handler = createConsentServer({
      store: Object.assign(store, {
        stats: async () => {
          reached.push('stats');
          return { decisions: [], purposes: [], impressions: [] };
        },
        audit: async (entry: { action: string }) => {
          reached.push(`audit ${entry.action}`);
          return { id: 1, at: '', subjectDigest: null, ...entry } as never;
        },
      }),
      rateLimit: false,
      admin: { token, pageDir: null },
    });
    const app = express();
    app.use('/api/consent', toNodeListener(handler)); // the endpoint only: the admin path is not mounted
    await serving(app, async (base) => {
      const port = Number(new URL(base).port);
      const get = (target: string) =>
        raw(
          port,
          `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`,
        );
      for (const target of [
        '/api/consent/%2e%2e/%2e%2e/candor-admin/api/stats',
        '/api/consent/%2E%2e/.%2E/candor-admin/api/stats?to=2026-11-30',
        '/api/consent/x/%2e%2e/%2e%2e/%2e%2e/candor-admin/api/audit',
        '/api/consent/\\..\\..\\candor-admin/api/stats',
        '/api/consent/%2e/requests',
      ]) {
        const answer = await get(target);
        expect([target, reached]).toEqual([target, []]);
        expect([target, answer.status]).toEqual([target, 400]);
        expect(answer.body).toContain('"code":"request/bad-target"');
      }
      expect((await get('/api/consent?subject=6a4cbf55-3f0e-4e4c-9a4e-5b0d6c0e2f10')).status).toBe(200);
    });
  });

  it('a body over the limit is answered 413 through the adapter too', async () => {
    const handler = createConsentServer({ store: memoryStore(), rateLimit: false, maxBodyBytes: 1024 });
    await serving(toNodeListener(handler), async (base) => {
      const res = await fetch(`${base}/api/consent`, { method: 'POST', body: 'x'.repeat(5000) });
      expect(res.status).toBe(413);
    });
  });

  it('listen() refuses to start on a newer schema, with the store error', async () => {
    const newer = new SchemaError(
      'schema/newer',
      'the database schema is version 9, newer than this candor/server knows (1)',
    );
    const handler = createConsentServer({ store: Promise.reject(newer), onError: () => {} });
    await expect(listen(handler, { port: 0 })).rejects.toBe(newer);
  });
});

describe('recipes (docs/server.md)', () => {
  it('Express: app.use(path, toNodeListener(handler)), also behind express.json()', async () => {
    const handler = createConsentServer({ store: memoryStore(), rateLimit: false });
    const app = express();
    app.use(express.json()); // the site's own body parser may come first
    app.use('/api/consent', toNodeListener(handler));
    await serving(app, (base) => roundTrip(base));
  });

  it('Hono: app.all on the endpoint and below, handing c.req.raw to the handler', async () => {
    const handler = createConsentServer({ store: memoryStore(), rateLimit: false });
    const app = new Hono();
    app.all('/api/consent', (c) => handler(c.req.raw));
    app.all('/api/consent/*', (c) => handler(c.req.raw));
    const [a] = await decisions(1);
    const res = await app.request('/api/consent', { method: 'POST', body: batch(a) });
    expect(res.status).toBe(200);
    const pulled = await app.request(`/api/consent?subject=${a!.subject}`);
    expect(await pulled.json()).toEqual({ record: a });
    const request = await app.request('/api/consent/requests', {
      method: 'POST',
      body: JSON.stringify({ type: 'deletion', subject: a!.subject }),
    });
    expect(request.status).toBe(202);
  });

  it('Next.js route handlers: the handler as GET, POST and OPTIONS; the route context is ignored', async () => {
    const handler = createConsentServer({ store: memoryStore(), trustProxy: true });
    // app/api/consent/route.ts (and app/api/consent/requests/route.ts): export { handler as GET, handler as POST, handler as OPTIONS }
    const route = { GET: handler, POST: handler, OPTIONS: handler };
    const context = { params: Promise.resolve({}) };
    const [a] = await decisions(1);
    const headers = { 'x-forwarded-for': '203.0.113.9' };
    const posted = await route.POST(
      new Request('https://shop.example/api/consent', { method: 'POST', body: batch(a), headers }),
      context,
    );
    expect(posted.status).toBe(200);
    const pulled = await route.GET(
      new Request(`https://shop.example/api/consent?subject=${a!.subject}`, { headers }),
      context,
    );
    expect(await pulled.json()).toEqual({ record: a });
  });
});

describe('the CLI', () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { env: {}, out: (l: string) => void out.push(l), err: (l: string) => void err.push(l) } };
  };

  it('migrate brings the embedded store to the latest schema, and refuses a newer one (exit 1); bad usage exits 2', async () => {
    const dir = join(tmp, 'cli');
    const a = io();
    expect(await runCli(['migrate', '--data-dir', dir], a.io)).toBe(0);
    expect(a.out).toEqual([`candor-server: the embedded store in ${dir} is at schema version ${LATEST_VERSION}`]);
    // A later candor migrated this database further: this one must refuse it, and leave it as it is.
    const db = await PGlite.create(dir);
    await db.query('INSERT INTO candor_schema (version, name) VALUES ($1, $2)', [LATEST_VERSION + 1, 'later']);
    await db.close();
    const b = io();
    expect(await runCli(['migrate', '--data-dir', dir], b.io)).toBe(1);
    expect(b.err[0]).toMatch(
      /newer than this candor\/server knows .* Refusing to start: a newer schema is never downgraded/,
    );
    const c = io();
    expect(await runCli(['serve'], c.io)).toBe(2);
    expect(c.err[0]).toMatch(/^Unknown command "serve"\n\nUsage: candor-server <command>/);
    const d = io();
    expect(await runCli(['start', '--rate-limit', 'many'], d.io)).toBe(2);
    expect(d.err[0]).toMatch(/^--rate-limit: a whole number of requests per minute \(0 for none\)/);
    const e = io();
    expect(await runCli([], e.io)).toBe(2);
    expect(e.err[0]).toMatch(/^Usage: candor-server <command>/);
  }, 120_000);

  it('an empty --rate-limit or --database-url (a shell variable that was not set) is refused, not read as none (exit 2, nothing opened)', async () => {
    const dir = join(tmp, 'cli-empty');
    for (const [option, said] of [
      ['--rate-limit', /^--rate-limit: a whole number of requests per minute \(0 for none\)/],
      ['--database-url', /^--database-url: empty/],
    ] as const) {
      const a = io();
      // Was: an empty --rate-limit turned the limit off, an empty --database-url took the embedded store.
      const argv = ['start', '--port', '0', '--data-dir', dir, option, ''];
      expect(await runCli(argv, { ...a.io, stopped: async () => {} })).toBe(2);
      expect(a.err[0]).toMatch(said);
      expect(existsSync(dir)).toBe(false);
    }
  });

  it('export writes everything stored of one subject as the admin API answers it, its records oldest first, and audits it', async () => {
    const dir = join(tmp, 'cli-export');
    const mine = await decisions(3);
    const [other] = await decisions(1);
    const seeded = await createPGliteStore({ dataDir: dir });
    await seeded.append(
      [...mine, other!].map((r) => ({ record: r, hash: hashOf(r) })),
      { clientNet: '192.0.2.0' },
    );
    await seeded.addRequest(
      { type: 'access', subject: mine[0]!.subject, message: 'my data, please' },
      { clientNet: null },
    );
    await seeded.close();
    const exported = async (subject: string) => {
      const a = io();
      let text = '';
      const code = await runCli(['export', '--data-dir', dir, '--subject', subject], {
        ...a.io,
        write: async (t: string) => void (text += t),
      });
      return { code, err: a.err, out: a.out, json: JSON.parse(text) as Record<string, unknown>, text };
    };
    const got = await exported(mine[0]!.subject);
    expect(got.code).toBe(0);
    expect(got.out).toEqual([]); // stdout holds the JSON alone
    expect(got.err).toEqual([`candor-server: exported 3 records of this subject from the embedded store in ${dir}`]);
    expect(Object.keys(got.json)).toEqual([
      'subject',
      'exportedAt',
      'records',
      'requests',
      'erasures',
      'integrityEvents',
    ]);
    expect(got.json).toMatchObject({ subject: mine[0]!.subject, erasures: [], integrityEvents: [] });
    expect(
      (got.json['records'] as { record: { id: string }; clientNet: string }[]).map((r) => [r.record.id, r.clientNet]),
    ).toEqual(mine.map((r) => [r.id, '192.0.2.0']));
    expect(got.json['requests']).toMatchObject([{ type: 'access', message: 'my data, please' }]);
    // The same as the admin API's answer, but for the time of the export.
    const store = await createPGliteStore({ dataDir: dir });
    try {
      expect({ ...got.json, exportedAt: null }).toEqual(
        JSON.parse(
          JSON.stringify({
            subject: mine[0]!.subject,
            exportedAt: null,
            ...(await store.exportSubject(mine[0]!.subject)),
          }),
        ),
      );
      expect((await store.auditLog(5)).map((e) => [e.action, e.method, e.status, e.detail])).toEqual([
        ['export', 'CLI', 200, { records: 3, requests: 1, erasures: 0, integrityEvents: 0 }],
      ]);
    } finally {
      await store.close();
    }
    // The built bin, as an operator runs it: the JSON on stdout, the summary on stderr.
    const bin = spawnSync(
      process.execPath,
      ['bin/candor-server.mjs', 'export', '--data-dir', dir, '--subject', mine[0]!.subject],
      { encoding: 'utf8' },
    );
    expect([bin.status, bin.stderr]).toEqual([
      0,
      `candor-server: exported 3 records of this subject from the embedded store in ${dir}\n`,
    ]);
    expect({ ...JSON.parse(bin.stdout), exportedAt: null }).toEqual({ ...got.json, exportedAt: null });
    // A subject with nothing stored: valid JSON with nothing in it (a trailing space is another subject).
    const none = await exported(`${mine[0]!.subject} `);
    expect([none.code, none.json['records'], none.json['requests']]).toEqual([0, [], []]);
    expect(none.err).toEqual([`candor-server: exported 0 records of this subject from the embedded store in ${dir}`]);
    for (const argv of [['export'], ['export', '--subject', ''], ['export', '--subject', 'x'.repeat(257)]]) {
      const a = io();
      expect(await runCli([...argv, '--data-dir', dir], a.io)).toBe(2);
      expect(a.err[0]).toMatch(/^export: --subject ID is required: the visitor's subject, 1 to 256 characters/);
    }
  }, 120_000);

  it('a mistyped command or option names itself and the nearest known one (exit 2, nothing opened)', async () => {
    const said = async (...argv: string[]) => {
      const a = io();
      expect(await runCli(argv, a.io)).toBe(2);
      return a.err[0]!.split('\n')[0];
    };
    expect(await said('strat')).toBe('Unknown command "strat" (did you mean "start"?)');
    expect(await said('start', '--orgins', 'https://www.example.com')).toBe(
      `Unknown option '--orgins' (did you mean "--origins"?)`,
    );
  });

  it('start: a port that is no port, or one in use, is named with what to do (exit 2 before the store opens, exit 1)', async () => {
    const said = async (argv: string[], env: Record<string, string> = {}) => {
      const a = io();
      const code = await runCli(['start', '--data-dir', 'memory://port', ...argv], { ...a.io, env });
      return [code, a.err[0]!.split('\n')[0]];
    };
    expect(await said(['--port', 'abc'])).toEqual([
      2,
      '--port: a port number from 0 to 65535 (0: any free port), not "abc"',
    ]);
    expect(await said(['--port', '65536'])).toEqual([
      2,
      '--port: a port number from 0 to 65535 (0: any free port), not "65536"',
    ]);
    expect(await said([], { PORT: '80x' })).toEqual([
      2,
      'PORT: a port number from 0 to 65535 (0: any free port), not "80x"',
    ]);
    // migrate and purge never listen: a stray PORT is not theirs to refuse.
    const m = io();
    expect(await runCli(['migrate', '--data-dir', 'memory://port'], { ...m.io, env: { PORT: 'x' } })).toBe(0);
    const taken = createServer();
    await new Promise<void>((ok) => taken.listen(0, '127.0.0.1', ok));
    const { port } = taken.address() as { port: number };
    try {
      expect(await said(['--port', String(port)])).toEqual([
        1,
        `candor-server: 127.0.0.1:${port} is in use by another program: stop it, or pass another --port`,
      ]);
    } finally {
      taken.close();
    }
    expect(await said(['--port', '0', '--host', '192.0.2.1'])).toEqual([
      1,
      'candor-server: --host 192.0.2.1 is no address of this machine (127.0.0.1 for this machine only, 0.0.0.0 for every interface)',
    ]);
  }, 120_000);

  it('start: an empty HOST (a .env line `HOST=`) is unset: it listens on 127.0.0.1, not on every interface', async () => {
    const lines: string[] = [];
    let stop = () => {};
    const stopped = new Promise<void>((ok) => (stop = ok));
    const code = runCli(['start', '--data-dir', 'memory://host', '--port', '0'], {
      env: { HOST: '' },
      out: (l) => void lines.push(l),
      err: (l) => void lines.push(l),
      stopped: () => stopped,
    });
    await expect.poll(() => lines.length, { timeout: 60_000 }).toBeGreaterThan(0);
    stop();
    expect(await code).toBe(0);
    expect(lines[0]).toMatch(/^candor-server: http:\/\/127\.0\.0\.1:\d+\/api\/consent /);
  }, 120_000);

  it('purge runs one retention purge and says what it removed; it needs --retention-days, and no token is ever an argument', async () => {
    const a = io();
    expect(await runCli(['purge', '--data-dir', 'memory://purge'], a.io)).toBe(2);
    expect(a.err[0]).toMatch(/^purge: --retention-days N is required/);
    const b = io();
    expect(await runCli(['purge', '--retention-days', 'ten'], b.io)).toBe(2);
    expect(b.err[0]).toMatch(/^--retention-days: a whole number of days from 0 to 36500/);
    const c = io();
    expect(await runCli(['start', '--admin-token', 'x'.repeat(40)], c.io)).toBe(2);
    expect(c.err[0]).toMatch(/Unknown option '--admin-token'/);
    const d = io();
    expect(await runCli(['purge', '--retention-days', '30', '--data-dir', 'memory://purge'], d.io)).toBe(0);
    expect(d.out).toEqual([
      expect.stringMatching(
        /^candor-server: purged 0 records that expired before \d{4}-\d\d-\d\dT[\d:.]+Z \(retention 30 days; 0 chain anchors kept\) in the embedded store in memory:\/\/purge$/,
      ),
    ]);
  }, 120_000);

  it('start: CANDOR_ADMIN_TOKEN turns on the admin API and page, --retention-days the purge; a weak token stops it (exit 1)', async () => {
    const weak = io();
    const env = { CANDOR_ADMIN_TOKEN: 'short' };
    expect(await runCli(['start', '--data-dir', join(tmp, 'never-opened'), '--port', '0'], { ...weak.io, env })).toBe(
      1,
    );
    expect(weak.err[0]).toMatch(/admin\.token must be a secret of at least 32/);
    expect(existsSync(join(tmp, 'never-opened'))).toBe(false); // refused before the database opened
    const token = 'c2VjcmV0LXRva2VuLWZvci10aGUtY2xpLXRlc3Q';
    const lines: string[] = [];
    let stop = () => {};
    const stopped = new Promise<void>((ok) => (stop = ok));
    const listening = new Promise<void>((ok) => {
      const cli = runCli(['start', '--data-dir', 'memory://start', '--port', '0', '--retention-days', '30'], {
        env: { CANDOR_ADMIN_TOKEN: token },
        out: (l) => void (lines.push(l) === 3 && ok()),
        err: (l) => void lines.push(l),
        stopped: () => stopped,
      });
      void cli.then((code) => lines.push(`exit ${code}`));
    });
    await listening;
    expect(lines).toEqual([
      expect.stringMatching(
        /^candor-server: http:\/\/127\.0\.0\.1:\d+\/api\/consent \(the embedded store in memory:\/\/start\)$/,
      ),
      expect.stringMatching(
        /^candor-server: site-owner page and admin API at http:\/\/127\.0\.0\.1:\d+\/candor-admin\/$/,
      ),
      'candor-server: records are purged 30 days after they expire (checked daily)',
    ]);
    const admin = lines[1]!.split(' at ')[1]!;
    const purge = await fetch(`${admin}api/purge`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(await purge.json()).toEqual({ purged: 0, purgedAt: expect.any(String), retentionDays: 30 });
    expect((await fetch(`${admin}api/stats`)).status).toBe(401);
    stop();
    await expect.poll(() => lines.at(-1)).toBe('exit 0');
  }, 120_000);
});

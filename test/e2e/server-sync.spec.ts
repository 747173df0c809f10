/**
 * Nothing lost, end to end, at candor/server on each store: real Chromium tabs send 200 decisions
 * through a proxy that injects faults (5xx, dropped connections, delays) to `npx candor-server
 * start`, which is killed with SIGKILL in the middle of the load and started again. After every
 * kill, every record the server had acknowledged is in the database; at the end every decision is
 * there exactly once.
 */
import { PGlite } from '@electric-sql/pglite';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { BrowserContext, Page } from '@playwright/test';
import { startPostgres } from '../../scripts/postgres.mjs';
import { seedPglite } from '../pglite-template';
import { expect, test } from './fixtures';

/** How the test reaches one store: the CLI arguments, and the ids it holds (read while the server is down). */
interface Store {
  readonly args: string[];
  ids(): Promise<string[]>;
  dispose(): Promise<void>;
}

const stores: Record<string, (dir: string) => Promise<Store>> = {
  pglite: async (dir) => {
    // A new empty cluster copied, not made by initdb (test/pglite-template.ts); the server migrates it.
    await seedPglite(join(dir, 'db'));
    return {
      args: ['--data-dir', join(dir, 'db')],
      async ids() {
        const db = await PGlite.create(join(dir, 'db'));
        try {
          return (await db.query<{ id: string }>('SELECT id FROM candor_records')).rows.map((r) => r.id);
        } finally {
          await db.close();
        }
      },
      dispose: async () => {},
    };
  },
  postgres: async () => {
    const server = await startPostgres();
    return {
      args: ['--database-url', server.url],
      async ids() {
        const client = new pg.Client(server.url);
        await client.connect();
        try {
          return (await client.query<{ id: string }>('SELECT id FROM candor_records')).rows.map((r) => r.id);
        } finally {
          await client.end();
        }
      },
      dispose: async () => server.destroy(),
    };
  },
};

/** Runs `candor-server start` (the built package's bin) on `port`; resolves once it listens. */
async function startServer(args: string[], port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['bin/candor-server.mjs', 'start', '--port', String(port), '--base-path', '/consent', '--rate-limit', '0', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('candor-server: http://')) ok();
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => fail(new Error(`candor-server exited (${code}): ${out}`)));
  });
  return child;
}

const kill = (child: ChildProcess): Promise<void> =>
  new Promise((ok) => {
    if (child.exitCode !== null || child.signalCode !== null) return ok();
    child.once('exit', () => ok());
    child.kill('SIGKILL');
  });

interface Plan {
  failNext: number;
  status: number;
  drop: number;
  delayMs: number;
}

/**
 * A proxy in front of the server that fails, drops or delays posts as planned, and notes the ids
 * of every batch the server acknowledged (a 2xx that reached the client).
 */
function createFaultProxy(origin: string, target: () => number) {
  let plan: Plan = { failNext: 0, status: 500, drop: 0, delayMs: 0 };
  const acknowledged = new Set<string>();
  let posts = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const isPost = req.method === 'POST' && req.url === '/consent';
      if (isPost) {
        posts++;
        if (plan.delayMs) await new Promise((r) => setTimeout(r, plan.delayMs));
        if (plan.drop > 0) {
          plan.drop--;
          return req.socket.destroy();
        }
        if (plan.failNext > 0) {
          plan.failNext--;
          res.writeHead(plan.status, {
            'access-control-allow-origin': origin,
            'access-control-allow-credentials': 'true',
          });
          return res.end('{"error":"injected"}');
        }
      }
      const upstream = request(
        { host: '127.0.0.1', port: target(), method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          const back: Buffer[] = [];
          answer.on('data', (c: Buffer) => back.push(c));
          answer.on('end', () => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(Buffer.concat(back), () => {
              if (isPost && answer.statusCode === 200)
                for (const r of (JSON.parse(body.toString()) as { records: { id: string }[] }).records)
                  acknowledged.add(r.id);
            });
          });
          answer.on('error', () => req.socket.destroy());
        },
      );
      upstream.on('error', () => req.socket.destroy()); // the server is down: a network error for the client
      upstream.end(body);
    });
  });
  return {
    server,
    acknowledged,
    posts: () => posts,
    setPlan: (next: Partial<Plan>) => void (plan = { failNext: 0, status: 500, drop: 0, delayMs: 0, ...next }),
    listen: () =>
      new Promise<number>((ok) => server.listen(0, '127.0.0.1', () => ok((server.address() as { port: number }).port))),
    close: () => new Promise<void>((ok) => (server.closeAllConnections(), server.close(() => ok()))),
  };
}

const freePort = async (): Promise<number> => {
  const s = createServer();
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  const { port } = s.address() as { port: number };
  await new Promise((ok) => s.close(ok));
  return port;
};

const openTab = async (context: BrowserContext, origin: string): Promise<Page> => {
  const page = await context.newPage();
  await page.goto(`${origin}/test/e2e/pages/sync.html`);
  await page.evaluate(() => window.Candor!.ready);
  return page;
};

for (const name of Object.keys(stores)) {
  test(`randomized on candor/server (${name}): 200 decisions, 3 tabs, faults, SIGKILL mid-load → no acknowledged record lost, every decision held once`, async ({
    context,
    origin,
  }) => {
    test.setTimeout(300_000);
    const dir = mkdtempSync(join(tmpdir(), `candor-server-sync-${name}-`));
    const store = await stores[name]!(dir);
    const port = await freePort();
    const args = [...store.args, '--origins', origin];
    let server = await startServer(args, port);
    const proxy = createFaultProxy(origin, () => port);
    const proxyPort = await proxy.listen();
    try {
      const config = {
        policy: { revision: 1 },
        purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }, { id: 'marketing' }],
        sync: { endpoint: `http://127.0.0.1:${proxyPort}/consent`, batchSize: 10 },
      };
      await context.addInitScript((c) => ((window as { candorConfig?: unknown }).candorConfig = c), config);
      const tabs = [await openTab(context, origin), await openTab(context, origin), await openTab(context, origin)];
      let seed = 19;
      const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      const made: string[] = [];
      let kills = 0;
      for (let i = 0; i < 200; i++) {
        if (i % 25 === 12) {
          // The crash: SIGKILL right after a decision (its post on the way), then every acknowledged record must be stored.
          await kill(server);
          kills++;
          const held = new Set(await store.ids());
          expect([...proxy.acknowledged].filter((id) => !held.has(id))).toEqual([]);
          server = await startServer(args, port);
        }
        if (i % 25 === 0) {
          const kind = Math.floor(rand() * 3);
          if (kind === 0) proxy.setPlan({ failNext: 1 + Math.floor(rand() * 4), status: rand() < 0.5 ? 500 : 503 });
          if (kind === 1) proxy.setPlan({ drop: 1 + Math.floor(rand() * 3) });
          if (kind === 2) proxy.setPlan({ delayMs: Math.floor(rand() * 200) });
        }
        made.push(
          await tabs[i % 3]!.evaluate(
            async (a) => (await window.Candor!.update({ purposes: { analytics: a } }))!.id,
            rand() < 0.5,
          ),
        );
      }
      proxy.setPlan({});
      await expect
        .poll(
          async () => {
            for (const t of tabs) await t.evaluate(() => dispatchEvent(new Event('online')));
            return made.filter((id) => !proxy.acknowledged.has(id)).length;
          },
          { timeout: 120_000, intervals: [500, 1000, 2000] },
        )
        .toBe(0);
      await kill(server);
      const held = await store.ids();
      const unique = new Set(held);
      const result = {
        lost: made.filter((id) => !unique.has(id)).length,
        acknowledgedLost: [...proxy.acknowledged].filter((id) => !unique.has(id)).length,
        duplicated: held.length - unique.size,
        extra: [...unique].filter((id) => !made.includes(id)).length,
      };
      console.log(
        `candor/server (${name}): ${made.length} decisions, ${proxy.posts()} posts, ${kills} SIGKILLs mid-load, store holds ${unique.size} ids: ${result.lost} lost, ${result.acknowledgedLost} acknowledged lost, ${result.duplicated} duplicated`,
      );
      expect(result).toEqual({ lost: 0, acknowledgedLost: 0, duplicated: 0, extra: 0 });
    } finally {
      await kill(server);
      await proxy.close();
      await store.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

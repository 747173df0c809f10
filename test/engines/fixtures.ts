/**
 * Playwright Test runs the cross-engine suite (it is only the runner here: the browsers are driven
 * through driver.ts). One project per engine; per worker one engine and the servers (the repository
 * root on 127.0.0.1, the demo with its receiver); per test a fresh session (browser profile) whose
 * pages must end without an uncaught error.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { createStaticHandler } from '../../scripts/static-server.mjs';
import type { ConsentRecord } from '../../src/core/record';
import { seedPglite } from '../pglite-template';
import { launchChromium } from './chromium';
import type { Engine, EngineName, Session, Tab } from './driver';
import { launchFirefox } from './firefox';
import { startProcess, stop } from './processes';
import { launchWebKit } from './webkit';
// @ts-expect-error -- plain JavaScript module of the demo
import { createReceiver } from '../../demo/receiver.mjs';

const ROOT = resolve(import.meta.dirname, '../..');

export interface EngineOptions {
  readonly engineName: EngineName;
}

/** The reference receiver with injected faults, on its own port (CORS from the test site). */
export interface Receiver {
  /** The sync endpoint. */
  readonly endpoint: string;
  ids(): string[];
  faults(plan: Record<string, unknown>): Promise<void>;
}

/** The names of the `/__engines/pixel/<name>` images the site was asked for, in order. */
export const pixelsAsked: string[] = [];

/** The names of the `/__engines/tag.js?name=…` tags the site was asked for, in order. */
export const tagsAsked: string[] = [];

/** A 1×1 transparent GIF. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** How long `/__engines/stream/` holds a page's rest at most when the page never asks for it. */
const STREAM_HOLD_MS = 15_000;

const launchers: Record<EngineName, () => Promise<Engine>> = {
  chromium: launchChromium,
  firefox: launchFirefox,
  webkit: launchWebKit,
};

/**
 * The repository root on 127.0.0.1 (random port), like the e2e server but `no-cache` instead of
 * `no-store` (Chromium keeps no page with `no-store` in its back/forward cache), and
 * `/__engines/tag.js?name=…&delay=ms`: a tag that says it ran, answering after `delay`, and
 * `/__engines/fail-once/<file>:<token>/<path>`: the repository's `<path>`, except that the first
 * request for `<file>` under that token answers 503 (a chunk that fails to load once), and
 * `/__engines/stream/<token>/<path>`: the repository's HTML file `<path>` up to its `<!--cut-->`,
 * the rest only once the page asks for `/__engines/release/<token>` (at most STREAM_HOLD_MS later):
 * a page caught while the parser has part of it, and `/__engines/pixel/<name>`: an image whose
 * request is recorded in `pixelsAsked` (this worker's site; a test empties it first), as the tags'
 * are in `tagsAsked`.
 */
async function startSite(): Promise<{ origin: string; close: () => Promise<void> }> {
  const statics = createStaticHandler({
    mounts: [{ prefix: '/', dir: ROOT }],
    deny: (path) => path.split('/').includes('node_modules'),
    headers: { 'cache-control': 'no-cache' },
    emptyFavicon: true,
  });
  const failedOnce = new Set<string>();
  const held = new Map<string, () => void>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const stream = /^\/__engines\/stream\/([\w-]+)(\/[\w/.-]+\.html)$/.exec(url.pathname);
    if (stream) {
      const [, token = '', path = ''] = stream;
      const file = join(ROOT, path);
      if (!existsSync(file)) return void res.writeHead(404, { 'cache-control': 'no-store' }).end();
      const [head = '', rest = ''] = readFileSync(file, 'utf8').split('<!--cut-->');
      held.get(token)?.(); // the same token again: the page before it gets its rest
      res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store' }).write(head);
      const timer = setTimeout(() => held.get(token)?.(), STREAM_HOLD_MS);
      return void held.set(token, () => (clearTimeout(timer), held.delete(token), res.end(rest)));
    }
    const pixel = /^\/__engines\/pixel\/([\w.-]+)$/.exec(url.pathname);
    if (pixel) {
      pixelsAsked.push(pixel[1] ?? '');
      return void res.writeHead(200, { 'content-type': 'image/gif', 'cache-control': 'no-store' }).end(PIXEL);
    }
    const release = /^\/__engines\/release\/([\w-]+)$/.exec(url.pathname);
    if (release) {
      held.get(release[1] ?? '')?.();
      return void res.writeHead(204, { 'cache-control': 'no-store' }).end();
    }
    const flaky = /^\/__engines\/fail-once\/([\w.-]+):([\w-]+)(\/.*)$/.exec(url.pathname);
    if (flaky) {
      const [, file = '', token = '', path = '/'] = flaky;
      if (path.endsWith(`/${file}`) && !failedOnce.has(token)) {
        failedOnce.add(token);
        return void res.writeHead(503, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end();
      }
      req.url = `${path}${url.search}`;
    }
    if (url.pathname !== '/__engines/tag.js') return void statics(req, res);
    tagsAsked.push(url.searchParams.get('name') ?? '');
    const name = JSON.stringify(url.searchParams.get('name') ?? '');
    setTimeout(
      () =>
        res
          .writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' })
          .end(`(window.__order = window.__order || []).push(${name});`),
      Number(url.searchParams.get('delay') ?? 0),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export const test = base.extend<
  { session: Session; tab: Tab; receiver: Receiver },
  EngineOptions & { engine: Engine; site: string; demo: string }
>({
  engineName: ['chromium', { option: true, scope: 'worker' }],
  engine: [
    async ({ engineName }, use) => {
      const engine = await launchers[engineName]();
      await use(engine);
      await engine.close();
    },
    { scope: 'worker', timeout: 150_000 },
  ],
  site: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
    async ({}, use) => {
      const site = await startSite();
      await use(site.origin);
      await site.close();
    },
    { scope: 'worker' },
  ],
  demo: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
    async ({}, use) => {
      const dir = mkdtempSync(join(tmpdir(), 'candor-engines-demo-'));
      let child: ChildProcess | undefined;
      try {
        await seedPglite(join(dir, 'db')); // npm start keeps its data in $RECEIVER_DIR/db (test/pglite-template.ts)
        const started = await startProcess(
          'the demo (scripts/start.mjs --no-build)',
          process.execPath,
          ['scripts/start.mjs', '--no-build'],
          {
            env: { ...process.env, PORT: '0', RECEIVER_DIR: dir },
            cwd: ROOT,
            // The embedded database (candor/server's PGlite) is opened and migrated first.
            timeoutMs: 120_000,
            ready: (out) => /http:\/\/127\.0\.0\.1:\d+/.exec(out)?.[0] ?? null,
          },
        );
        child = started.child;
        await use(started.value);
      } finally {
        await stop(child);
        rmSync(dir, { recursive: true, force: true });
      }
    },
    { scope: 'worker', timeout: 150_000 },
  ],
  session: async ({ engine }, use, info) => {
    info.annotations.push({ type: 'engine', description: `${engine.name} ${engine.version}` });
    const session = await engine.newSession();
    try {
      await use(session);
      const errors = await session.errors();
      expect(errors, `uncaught errors in ${engine.name}`).toEqual([]);
    } finally {
      await session.close();
    }
  },
  tab: async ({ session }, use) => use(session.tab),
  receiver: async ({ site }, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'candor-engines-sync-'));
    const receiver = createReceiver({ dir, origins: [site], faults: true });
    const url: string = await receiver.listen();
    await use({
      endpoint: `${url}/consent`,
      ids: () => (receiver.records() as ConsentRecord[]).map((r) => r.id),
      faults: async (plan) => void (await fetch(`${url}/__faults`, { method: 'POST', body: JSON.stringify(plan) })),
    });
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  },
});

export { expect };

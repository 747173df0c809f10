/**
 * Nothing lost: the real reference receiver on 127.0.0.1 (another port than the page, so CORS is
 * real), with injected faults, and real Chromium tabs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
// @ts-expect-error -- plain JavaScript module of the demo
import { createReceiver } from '../../demo/receiver.mjs';
import type { ConsentRecord } from '../../src/core/record';
import { expect, test as base } from './fixtures';

interface Receiver {
  listen(port?: number): Promise<string>;
  close(): Promise<void>;
  records(): ConsentRecord[];
  stats(): { posts: number; accepted: number; duplicates: number };
}
interface Harness {
  url: string;
  port: number;
  receiver: Receiver;
  faults(plan: Record<string, unknown>): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
  prepare(context: BrowserContext): Promise<void>;
}

declare global {
  interface Window {
    __errors: string[];
    __sync: string[];
  }
}

const test = base.extend<{ sync: Harness }>({
  sync: async ({ origin }, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'candor-sync-'));
    const make = (): Receiver => createReceiver({ dir, origins: [origin], faults: true });
    let receiver = make();
    const url = await receiver.listen();
    const port = Number(new URL(url).port);
    const h: Harness = {
      url,
      port,
      get receiver() {
        return receiver;
      },
      faults: async (plan) => void (await fetch(`${url}/__faults`, { method: 'POST', body: JSON.stringify(plan) })),
      async restart() {
        await receiver.close();
        receiver = make();
        await receiver.listen(port);
      },
      stop: () => receiver.close(),
      async prepare(context) {
        const config = {
          policy: { revision: 1 },
          purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }, { id: 'marketing' }],
          sync: { endpoint: `${url}/consent`, batchSize: 10 },
        };
        await context.addInitScript((c) => ((window as { candorConfig?: unknown }).candorConfig = c), config);
      },
    };
    await use(h);
    await receiver.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  },
});

const PAGE = '/test/e2e/pages/sync.html';
const openSync = async (context: BrowserContext, origin: string): Promise<Page> => {
  const page = await context.newPage();
  await page.goto(`${origin}${PAGE}`);
  await page.evaluate(() => window.Candor!.ready);
  return page;
};
const decide = (page: Page, analytics: boolean) =>
  page.evaluate(async (a) => (await window.Candor!.update({ purposes: { analytics: a } }))!.id, analytics);
const ids = (r: Receiver) => r.records().map((x) => x.id);

test('receiver down while the visitor decides, then started: the record arrives once', async ({
  context,
  origin,
  sync,
}) => {
  await sync.prepare(context);
  await sync.stop();
  const page = await openSync(context, origin);
  const id = await decide(page, true);
  await expect.poll(() => page.evaluate(() => window.__sync)).toContain('retrying');
  await sync.restart();
  await expect.poll(() => ids(sync.receiver), { timeout: 15_000 }).toEqual([id]);
});

test('500 three times, then OK: arrives once; a 400 is dropped with an error event and no retry storm', async ({
  context,
  origin,
  sync,
}) => {
  await sync.prepare(context);
  const page = await openSync(context, origin);
  await sync.faults({ failNext: 3, status: 500 });
  const id = await decide(page, true);
  await expect.poll(() => ids(sync.receiver), { timeout: 15_000 }).toEqual([id]);
  expect(sync.receiver.stats().posts).toBe(4);

  await sync.faults({ failNext: 1, status: 400 });
  await decide(page, false);
  await expect.poll(() => page.evaluate(() => window.__sync)).toContain('dropped');
  expect(await page.evaluate(() => window.__errors)).toContain('sync/http');
  expect(sync.receiver.stats().posts).toBe(5); // the refused one was sent once
  // Never again: it left the outbox, so the next delivery (the receiver accepts everything now)
  // carries only the next record, in one post.
  const next = await decide(page, true);
  await expect.poll(() => ids(sync.receiver), { timeout: 15_000 }).toEqual([id, next]);
  expect(sync.receiver.stats().posts).toBe(6);
  expect(await page.evaluate(() => window.Candor!.records().then((r) => r.length))).toBe(3); // the refused one is kept locally
});

test('a redirect of the POST (a login wall, a moved endpoint) is not followed: the record stays and arrives once the endpoint answers', async ({
  context,
  origin,
  sync,
}) => {
  await sync.prepare(context);
  const page = await openSync(context, origin);
  // Followed, the POST would become a GET of a page that answers 200, and the record would count as delivered.
  await sync.faults({ failNext: 2, status: 302, location: '/__stats' });
  const id = await decide(page, true);
  await expect.poll(() => ids(sync.receiver), { timeout: 15_000 }).toEqual([id]);
  expect(sync.receiver.stats().posts).toBe(3);
  expect(await page.evaluate(() => window.__errors)).toContain('sync/http');
});

test('offline while deciding, then back online: arrives once', async ({ context, origin, sync }) => {
  await sync.prepare(context);
  const page = await openSync(context, origin);
  await context.setOffline(true);
  const id = await decide(page, true);
  await expect.poll(() => page.evaluate(() => window.__sync)).toContain('retrying');
  expect(ids(sync.receiver)).toEqual([]);
  await context.setOffline(false);
  await expect.poll(() => ids(sync.receiver), { timeout: 15_000 }).toEqual([id]);
});

test('a 429 with Retry-After: an hour: another tab and a reloaded page send nothing during it, not even their new decisions, and everything arrives once when it ends', async ({
  context,
  origin,
  sync,
}) => {
  await context.clock.install(); // real time flows; the hour is skipped below
  await sync.prepare(context);
  await sync.faults({ failNext: 1, status: 429, retryAfter: 3600 });
  const first = await openSync(context, origin);
  const a = await decide(first, true);
  await expect.poll(() => first.evaluate(() => window.__sync)).toContain('retrying');
  expect(sync.receiver.stats().posts).toBe(1);
  // A second tab: its start-up flush finds the first tab's record in the outbox; then it decides.
  const second = await openSync(context, origin);
  const b = await decide(second, false);
  await expect.poll(() => second.evaluate(() => window.__sync)).toContain('queued');
  await first.reload();
  await first.evaluate(() => window.Candor!.ready);
  await second.evaluate(() => window.dispatchEvent(new Event('online'))); // "back online" flushes too
  // No event says "nothing was sent": give a send the time it would take, then look.
  await second.waitForTimeout(500);
  expect(sync.receiver.stats().posts).toBe(1);
  expect(ids(sync.receiver)).toEqual([]);
  await context.clock.fastForward('01:00:00');
  await expect.poll(() => ids(sync.receiver).sort(), { timeout: 15_000 }).toEqual([a, b].sort());
});

test('the tab is closed right after deciding: the record arrives (keepalive, or from the outbox on the next visit)', async ({
  context,
  origin,
  sync,
}) => {
  await sync.prepare(context);
  await sync.faults({ delayMs: 300 });
  const page = await openSync(context, origin);
  const id = await page.evaluate(() => {
    void window.Candor!.acceptAll();
    return new Promise<string>((r) => window.Candor!.on('sync', (e) => e.type === 'queued' && r(e.ids[0]!)));
  });
  await page.close({ runBeforeUnload: true });
  const next = await openSync(context, origin); // a later visit flushes whatever is left
  await expect.poll(() => ids(sync.receiver), { timeout: 15_000 }).toEqual([id]);
  await next.close();
});

test('randomized: 200 decisions over 3 tabs with random faults and a restart → exactly those 200 records, none lost, none duplicated', async ({
  context,
  origin,
  sync,
}) => {
  test.setTimeout(120_000);
  await sync.prepare(context);
  const tabs = [await openSync(context, origin), await openSync(context, origin), await openSync(context, origin)];
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const made: string[] = [];
  for (let i = 0; i < 200; i++) {
    if (i % 25 === 0) {
      const kind = Math.floor(rand() * 4);
      if (kind === 0) await sync.faults({ failNext: 1 + Math.floor(rand() * 4), status: rand() < 0.5 ? 500 : 503 });
      if (kind === 1) await sync.faults({ drop: 1 + Math.floor(rand() * 3) });
      if (kind === 2) await sync.faults({ delayMs: Math.floor(rand() * 200) });
      if (kind === 3) await sync.restart();
    }
    made.push(await decide(tabs[i % 3]!, rand() < 0.5));
  }
  await sync.faults({});
  // Nudge every tab (as coming back online would) so the test need not wait out long backoffs.
  await expect
    .poll(
      async () => {
        for (const t of tabs) await t.evaluate(() => dispatchEvent(new Event('online')));
        return sync.receiver.records().length;
      },
      { timeout: 60_000, intervals: [500, 1000, 2000] },
    )
    .toBe(200);
  const held = ids(sync.receiver);
  const unique = new Set(held);
  const lost = made.filter((id) => !unique.has(id)).length;
  const duplicated = held.length - unique.size;
  console.log(
    `randomized sync: ${made.length} decisions, receiver holds ${unique.size} ids, ${lost} lost, ${duplicated} duplicated, ${sync.receiver.stats().duplicates} duplicate deliveries absorbed by id`,
  );
  expect({ lost, duplicated, extra: [...unique].filter((id) => !made.includes(id)).length }).toEqual({
    lost: 0,
    duplicated: 0,
    extra: 0,
  });
});

test('identify() on another device (a second browser context) pulls the decision made in the first', async ({
  browser,
  context,
  origin,
  sync,
}) => {
  await sync.prepare(context);
  const laptop = await openSync(context, origin);
  await laptop.evaluate(() => window.Candor!.identify('customer-42'));
  await laptop.evaluate(() => window.Candor!.update({ purposes: { analytics: true, marketing: false } }));
  await expect.poll(() => sync.receiver.records().filter((r) => r.subject === 'customer-42').length).toBeGreaterThan(0);

  const phoneContext = await browser.newContext();
  await sync.prepare(phoneContext);
  const phone = await openSync(phoneContext, origin);
  expect(await phone.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
  const source = phone.evaluate(() => new Promise((r) => window.Candor!.on('change', (e) => r(e.source))));
  await phone.evaluate(() => window.Candor!.identify('customer-42'));
  expect(await source).toBe('remote');
  expect(
    await phone.evaluate(() => [
      window.Candor!.has('analytics'),
      window.Candor!.has('marketing'),
      window.Candor!.needsPrompt!.value,
    ]),
  ).toEqual([true, false, false]);
  await phone.reload();
  expect(await phone.evaluate(async () => (await window.Candor!.ready, window.Candor!.has('analytics')))).toBe(true);
  await phoneContext.close();
});

test('one tap, two tabs: Accept all tapped before the engine came, a second tab opened meanwhile, both engines arriving together → one record, in both tabs and at the receiver', async ({
  context,
  origin,
  sync,
}) => {
  await sync.prepare(context);
  // Every engine request waits until both tabs have asked for theirs, then all go at once.
  let release = (): void => {};
  const held = new Promise<void>((r) => (release = r));
  let asked = 0;
  await context.route('**/dist/candor-engine.mjs', async (route) => (asked++, await held, route.continue()));
  const tapping = await context.newPage();
  await tapping.goto(`${origin}${PAGE}`);
  const banner = tapping.getByRole('region', { name: 'Cookies and your privacy' });
  await banner.getByRole('button', { name: 'Accept all' }).click();
  await expect(banner).toBeHidden();
  // Marked, not recorded: the mark (a JSON array) is under the copy's key.
  await expect.poll(() => tapping.evaluate(() => localStorage.getItem('candor:v1:cookie')?.[0])).toBe('[');
  // A tab opened after the tap: its loader finds the mark and starts its engine at once (to replay it).
  const other = await context.newPage();
  await other.goto(`${origin}${PAGE}`);
  await expect.poll(() => asked).toBe(2);
  release();
  const [mine, theirs] = await Promise.all([tapping, other].map((p) => p.evaluate(() => window.Candor!.records())));
  await expect.poll(() => sync.receiver.records().length, { timeout: 15_000 }).toBeGreaterThan(0);
  // Both tabs sent what they recorded by now or soon: give a second send its time, then look.
  await other.waitForTimeout(1_000);
  const ours = [...mine!, ...theirs!];
  expect(new Set(ours.map((r) => r.id)).size).toBe(1);
  expect(new Set(ours.map((r) => r.subject)).size).toBe(1);
  expect(ids(sync.receiver)).toEqual([ours[0]!.id]);
  expect(sync.receiver.records()[0]).toEqual(ours[0]);
  for (const p of [tapping, other]) expect(await p.evaluate(() => window.Candor!.has('analytics'))).toBe(true);
  for (const p of [tapping, other]) expect(await p.evaluate(() => window.__errors)).toEqual([]);
});

/**
 * A first visit's engine waits for the visitor (ui/engine-when.ts, issue 16): proven at the network
 * level. The page's clock is Playwright's; a test that asserts the engine was not requested pauses
 * it, so that the 2 s fallback fires only when the test moves time (an installed clock runs as real
 * time does, and a slow machine once took over 2 s to reach the assertion): a request for the engine
 * before that was caused by what the test did. The banner, its
 * placeholders and the gate do not wait for it; nothing is granted before a decision; a decision
 * made before the engine has arrived is recorded; another tab's decision reaches a tab whose engine
 * has not loaded.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { decisionStored } from './a11y';
import { expect, test } from './fixtures';

declare global {
  interface Window {
    __rejected?: Promise<string | undefined>;
  }
}

const ENGINE = '/dist/candor-engine.mjs';
const GATE = '/dist/candor-gate.mjs';

/** Every path this page requested, in order. */
function requestsOf(page: Page): string[] {
  const paths: string[] = [];
  page.on('request', (r) => void paths.push(new URL(r.url()).pathname));
  return paths;
}

/**
 * The visitor moves the pointer over the page: two moves, since the first pointer event a page gets
 * has no movement (nothing before it to move from), and such an event loads no engine (engine-when.ts).
 */
async function pointerMoves(page: Page): Promise<void> {
  await page.mouse.move(200, 300);
  await page.mouse.move(210, 305);
}

const banner = (page: Page) => page.getByRole('region', { name: 'Cookies and your privacy' });

/** How many marked scripts the gate has run. */
const ran = (page: Page): Promise<number> =>
  page.evaluate(() => document.querySelectorAll('script[data-candor="ran"]').length);

/**
 * A first visit to `url` with the page's clock paused (time moves only when the test moves it),
 * until the banner is visible and its first frame has passed (`candor:banner-shown`, which a
 * placeholder's gate waits for).
 */
async function firstVisitPaused(page: Page, url: string): Promise<void> {
  await page.clock.pauseAt(Date.now() + 1_000);
  await page.goto(url);
  await expect(banner(page).getByRole('button', { name: 'Accept all' })).toBeVisible();
  await page.clock.runFor(100);
}

test.beforeEach(async ({ page }) => {
  await page.clock.install();
});

test('a first visit shows the banner, its placeholder and the gate without the engine, which loads when the pointer comes; Accept all is recorded', async ({
  page,
  origin,
  watched,
}) => {
  const paths = requestsOf(page);
  // Where the gate is requested from: the banner must already be on screen (not competing with it).
  let bannerAtGate: boolean | undefined;
  await page.route(`**${GATE}`, async (route) => {
    bannerAtGate = await page.evaluate(
      () => !!document.querySelector('[data-candor-ui]')?.shadowRoot?.querySelector('.banner'),
    );
    await route.continue();
  });
  await firstVisitPaused(page, `${origin}/test/e2e/pages/trackers.html`);
  // The YouTube embed's placeholder, from the gate, with no engine on the page.
  await expect(page.getByRole('button', { name: /Load YouTube/ })).toBeVisible();
  expect(bannerAtGate).toBe(true);
  expect(paths).not.toContain(ENGINE);
  expect(await ran(page)).toBe(0);
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);

  await pointerMoves(page);
  expect(paths).not.toContain(ENGINE); // not in the input's own task: after its frame (INP)
  await page.clock.runFor(50); // a frame, then a task
  await expect.poll(() => paths.includes(ENGINE)).toBe(true);
  await page.clock.resume();
  await banner(page).getByRole('button', { name: 'Accept all' }).click();
  await decisionStored(page);
  await expect.poll(() => ran(page)).toBeGreaterThan(0);
  expect(paths.filter((p) => p === ENGINE)).toHaveLength(1);
  // A correct config: the config's words (candor-chunk-words.mjs, for a warning or an error) never
  // come, not even with the diagnostics chunk, which says this page's other findings (a task after load).
  await expect
    .poll(() => paths.filter((p) => p.startsWith('/dist/')).sort())
    .toEqual([
      '/dist/candor-chunk-gate-embed-gate.mjs',
      '/dist/candor-chunk-locale-choice.mjs',
      '/dist/candor-chunk-preferences.mjs',
      '/dist/candor-chunk-signals.mjs',
      '/dist/candor-diagnostics.mjs',
      ENGINE,
      '/dist/candor-first.mjs',
      GATE,
      '/dist/candor.js',
      '/dist/locales/en.json',
      '/dist/locales/first/en.json',
    ]);
  expect(watched.pageErrors).toEqual([]);
});

test('a first visit to a page whose marked elements are all scripts loads no gate before the engine: nothing to show or release before a decision; Accept all runs them', async ({
  page,
  origin,
  watched,
}) => {
  const paths = requestsOf(page);
  await firstVisitPaused(page, `${origin}/test/e2e/pages/click-paint.html`);
  await expect.poll(() => page.evaluate(() => document.readyState)).toBe('complete');
  // Before, the gate came here, after the banner's frame: about 2 KB and its run, for nothing.
  expect(paths).not.toContain(GATE);
  expect(paths).not.toContain(ENGINE);
  await pointerMoves(page); // the engine, then the gate (asked for as the engine runs: loader/gate-prefetch.ts)
  await page.clock.runFor(50);
  await expect.poll(() => paths.includes(GATE)).toBe(true);
  expect(paths.indexOf(ENGINE)).toBeGreaterThanOrEqual(0);
  expect(paths.indexOf(ENGINE)).toBeLessThan(paths.indexOf(GATE));
  // Loaded before a decision, it releases nothing: the gate runs only what is granted.
  await expect.poll(() => page.evaluate(() => typeof window.Candor?.config)).toBe('object');
  expect(await ran(page)).toBe(0);
  await page.clock.resume();
  await banner(page).getByRole('button', { name: 'Accept all' }).click();
  await expect.poll(() => ran(page)).toBe(3);
  expect(paths.filter((p) => p === GATE)).toHaveLength(1);
  expect(watched.pageErrors).toEqual([]);
});

test('Accept all clicked while the engine is still on its way is recorded once it arrives', async ({
  page,
  origin,
  watched,
}) => {
  const paths = requestsOf(page);
  let release = (): void => {};
  const held = new Promise<void>((r) => (release = r));
  await page.route(`**${ENGINE}`, async (route) => (await held, route.continue()));
  await page.goto(`${origin}/test/e2e/pages/basic.html`);
  await banner(page).getByRole('button', { name: 'Accept all' }).click();
  await expect(banner(page)).toBeHidden(); // at once: the click paints without waiting for the engine
  await expect.poll(() => paths.includes(ENGINE)).toBe(true); // requested (after the pointer's or the click's frame), not arrived
  expect(await page.evaluate(() => document.cookie)).toBe('');
  release();
  await decisionStored(page);
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(true);
  expect((await page.evaluate(() => window.Candor!.records()))[0]?.method).toBe('banner:accept-all');
  // The engine read the stored state before the decision was applied: its start saw a prompt, not
  // a decision, so nothing asked for the returning visitor's stand-in launcher (the UI is there).
  expect(paths).not.toContain('/dist/candor-returning.mjs');
  expect(watched.pageErrors).toEqual([]);
});

// IndexedDB whose open answers only once the test says so (`__idbGo()`): the engine can be there
// while its `ready` is not. With the page's clock paused, the store's 1 s limit does not pass meanwhile.
const IDB_HELD = `{
  const open = IDBFactory.prototype.open;
  const held = [];
  window.__idbGo = () => { window.__idbGone = true; held.splice(0).forEach((go) => go()); };
  Object.defineProperty(IDBFactory.prototype, 'open', { value(...args) {
    const req = open.apply(this, args);
    let late = null;
    Object.defineProperty(req, 'onsuccess', { get: () => late, set: (fn) => void (late = fn), configurable: true });
    req.addEventListener('success', (e) => {
      const go = () => late?.call(req, e);
      if (window.__idbGone) go(); else held.push(go);
    });
    return req;
  } });
}`;

/** A first visit with IndexedDB held and the page's clock paused (time moves only when the test moves it). */
async function heldFirstVisit(page: Page, origin: string, context: BrowserContext): Promise<void> {
  await context.addInitScript(IDB_HELD);
  await page.clock.pauseAt(Date.now() + 1_000);
  await page.goto(`${origin}/test/e2e/pages/basic.html`);
}

/** Accept all in the banner, and its frame: the banner's decision then waits for the engine's `ready`. */
async function acceptInBanner(page: Page): Promise<void> {
  await banner(page).getByRole('button', { name: 'Accept all' }).click();
  await page.clock.runFor(100);
}

/** Moves the page's clock by `ms` in steps of 10 ms (timers and frames run; far from the store's 1 s limit). */
async function step(page: Page, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 10) await page.clock.runFor(10);
}

/** The panel's `<dialog>`, mounted (shown or not: it is in the UI's open shadow root). */
const panelMounted = (page: Page) => expect(page.locator('dialog')).toHaveCount(1);

/** Checks that the engine's `ready` has not come (IndexedDB held), then lets IndexedDB answer and time run. */
async function release(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(() => !!window.Candor!.state)).toBe(true); // the engine is there
  expect(await page.evaluate(() => window.Candor!.state?.peek().ready)).toBe(false);
  await page.evaluate(() => (window as unknown as { __idbGo: () => void }).__idbGo());
  await page.clock.resume();
}

/** The methods of the stored records, newest first. */
const methods = (page: Page) => page.evaluate(async () => (await window.Candor!.records()).map((r) => r.method));

const dialogOf = (page: Page) => page.getByRole('dialog', { name: 'Privacy settings' });

test('a panel opened before the engine is ready opens once the banner’s Accept all reached it: its Reject all is the last word', async ({
  page,
  origin,
  context,
  watched,
}) => {
  await heldFirstVisit(page, origin, context);
  await acceptInBanner(page);
  await page.getByRole('button', { name: 'Privacy settings' }).click(); // the launcher, at once
  await panelMounted(page);
  // It does not open while the banner's decision waits for `ready`: it would show the state without
  // it, and its choice would be overwritten by it.
  await step(page, 300);
  await expect(dialogOf(page)).toBeHidden();
  await release(page);
  await dialogOf(page).getByRole('button', { name: 'Reject all' }).click();
  await expect.poll(() => methods(page)).toEqual(['panel:save', 'banner:accept-all']);
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
  await page.reload(); // what was stored says the same
  await page.evaluate(() => (window as unknown as { __idbGo: () => void }).__idbGo());
  expect(
    await page.evaluate(async () => (await window.Candor!.ready, window.Candor!.state?.peek().decision?.method)),
  ).toBe('panel:save');
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
  expect(watched.pageErrors).toEqual([]);
});

test('a panel opened and closed before the banner’s Accept all, then reopened before the engine is ready: its Reject all is still the last word', async ({
  page,
  origin,
  context,
  watched,
}) => {
  await heldFirstVisit(page, origin, context);
  await banner(page).getByRole('button', { name: 'Customize' }).click(); // loads the panel and the engine
  await panelMounted(page);
  await step(page, 50);
  await expect(dialogOf(page)).toBeVisible();
  await page.keyboard.press('Escape');
  await step(page, 50);
  await expect(dialogOf(page)).toBeHidden();
  await acceptInBanner(page);
  await page.getByRole('button', { name: 'Privacy settings' }).click(); // the launcher: the panel, loaded already
  await step(page, 300);
  await expect(dialogOf(page)).toBeHidden(); // as above, each time it opens
  await release(page);
  await dialogOf(page).getByRole('button', { name: 'Reject all' }).click();
  await expect.poll(() => methods(page)).toEqual(['panel:save', 'banner:accept-all']);
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
  expect(watched.pageErrors).toEqual([]);
});

test('the page’s own Candor.rejectAll() right after the banner’s Accept all, before the engine is ready, is the last word', async ({
  page,
  origin,
  context,
  watched,
}) => {
  await heldFirstVisit(page, origin, context);
  await acceptInBanner(page);
  // A site's own "reject" link, clicked at once: the engine arrives, and its `ready` waits on IndexedDB.
  await page.evaluate(() => void (window.__rejected = window.Candor!.rejectAll().then((r) => r?.method)));
  await step(page, 300);
  await release(page);
  expect(await page.evaluate(() => window.__rejected)).toBe('api');
  expect(await methods(page)).toEqual(['api', 'banner:accept-all']);
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
  expect(watched.pageErrors).toEqual([]);
});

test('without any input the engine loads 2 s after the banner, and not before', async ({ page, origin }) => {
  const paths = requestsOf(page);
  await page.clock.pauseAt(Date.now() + 1_000); // from here on, time moves only when this test moves it
  await page.goto(`${origin}/test/e2e/pages/basic.html`);
  await expect(banner(page)).toBeVisible();
  const remembered = () => page.evaluate(() => localStorage.getItem('candor:v1:launcher'));
  await page.clock.runFor(1_900);
  expect(paths).not.toContain(ENGINE);
  // The launcher's label for later pages' stand-in is written once the engine is there, not in the banner's start-up.
  expect(await remembered()).toBeNull();
  await page.clock.runFor(200);
  await expect.poll(() => paths.includes(ENGINE)).toBe(true);
  await expect.poll(remembered).toBe('["en","Privacy settings"]');
  await expect(banner(page)).toBeVisible(); // the engine finds no decision: the banner stays
});

test('a pointer at rest over the page does not load the engine (the browser’s own pointer events without movement, as after a layout under it); moving it does', async ({
  page,
  origin,
}) => {
  const paths = requestsOf(page);
  // Counts the trusted pointer moves without movement the page receives.
  await page.addInitScript(() =>
    addEventListener('pointermove', (e) => {
      if (e.isTrusted && !e.movementX && !e.movementY)
        Object.assign(window, { __still: ((window as { __still?: number }).__still ?? 0) + 1 });
    }),
  );
  await page.clock.pauseAt(Date.now() + 1_000); // time moves only when this test moves it
  await page.goto(`${origin}/test/e2e/pages/basic.html`);
  await expect(banner(page)).toBeVisible();
  await page.mouse.move(0, 0); // where the pointer already is: an event, no movement
  await expect.poll(() => page.evaluate(() => (window as { __still?: number }).__still ?? 0)).toBeGreaterThan(0);
  await page.clock.runFor(100);
  expect(paths).not.toContain(ENGINE);
  await page.mouse.move(40, 30); // the visitor moves it
  await page.clock.runFor(50); // a frame, then a task
  await expect.poll(() => paths.includes(ENGINE)).toBe(true);
});

test('a key press loads the engine', async ({ page, origin }) => {
  const paths = requestsOf(page);
  await page.clock.pauseAt(Date.now() + 1_000); // time moves only when this test moves it
  await page.goto(`${origin}/test/e2e/pages/basic.html`);
  await expect(banner(page)).toBeVisible();
  expect(paths).not.toContain(ENGINE);
  await page.keyboard.press('Tab');
  await page.clock.runFor(50); // a frame, then a task: the engine starts after the input's frame
  await expect.poll(() => paths.includes(ENGINE)).toBe(true);
});

test('a decision in another tab hides the banner of a tab whose engine has not loaded, without any input there', async ({
  page,
  context,
  origin,
  watched,
}) => {
  const paths = requestsOf(page);
  await page.goto(`${origin}/test/e2e/pages/basic.html`);
  await expect(banner(page)).toBeVisible();
  expect(paths).not.toContain(ENGINE);

  const other = await context.newPage();
  await other.goto(`${origin}/test/e2e/pages/basic.html?other`);
  await other.evaluate(() => window.Candor!.rejectAll());
  await decisionStored(other);

  await expect(banner(page)).toBeHidden(); // its storage event loaded the engine, which follows
  expect(paths).toContain(ENGINE);
  expect(await page.evaluate(() => window.Candor!.state?.value.decision?.method)).toBe('api');
  expect(watched.pageErrors).toEqual([]);
});

test('a site that counts banner impressions loads the engine with the banner (a visitor who leaves at once is counted)', async ({
  page,
  origin,
}) => {
  const paths = requestsOf(page);
  // sync.analytics with an endpoint that answers nothing useful: only when the engine loads matters here.
  const CONFIG = JSON.stringify({
    policy: { revision: 1 },
    purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }],
    sync: { endpoint: '/no-receiver', analytics: true },
  });
  await page.route('**/counted.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Counted</title>
<script type="application/json" id="candor-config">${CONFIG}</script>
<script src="/dist/candor.js" data-config="#candor-config"></script></head>
<body><main><h1>Counted</h1></main></body></html>`,
    }),
  );
  await page.goto(`${origin}/counted.html`);
  await expect(banner(page)).toBeVisible();
  await expect.poll(() => paths.includes(ENGINE)).toBe(true);
});

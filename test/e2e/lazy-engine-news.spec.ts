/**
 * A returning visitor's page answers from the cookie without the engine (issue 16). When another
 * tab withdraws, this page loads its engine, and the listeners the page registered before it
 * (`Candor.on('change')`, `candor:change`) hear the change: a site that stops its own tracking
 * on `change` must not keep going.
 */
import type { BrowserContext, Page, Route } from '@playwright/test';
import { decisionStored } from './a11y';
import { expect, test } from './fixtures';
import { allowAnalyticsAlone, decide, reloadUntilAnalyticsRan } from './steps';

declare global {
  interface Window {
    __heard?: { on: (boolean | undefined)[]; dom: number; revoked: unknown[] };
  }
}

test('a withdrawal in another tab reaches the change listeners of a page that answered from the cookie', async ({
  page,
  context,
  origin,
  open,
  watched,
}) => {
  await open('/test/e2e/pages/basic.html');
  await decide(page, 'Accept all');
  await decisionStored(page);
  await page.reload();
  await page.evaluate(() => {
    const heard = (window.__heard = { on: [] as (boolean | undefined)[], dom: 0, revoked: [] as unknown[] });
    window.Candor!.on('change', (e) => heard.on.push(e.state.purposes['analytics']));
    document.addEventListener('candor:change', () => heard.dom++);
    document.addEventListener('candor:revoke', (e) => heard.revoked.push((e as CustomEvent).detail));
  });
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(true);
  expect(await page.evaluate(() => window.Candor!.state)).toBeUndefined(); // no engine on this page

  const other = await context.newPage();
  await other.goto(`${origin}/test/e2e/pages/basic.html`);
  await other.evaluate(() => window.Candor!.rejectAll());

  // And what follows a revocation (revoke.ts), which came with the engine this page loaded for it.
  await expect
    .poll(() => page.evaluate(() => window.__heard))
    .toEqual({ on: [false], dom: 1, revoked: [{ services: ['ga4'], reloadRecommended: false }] });
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
  expect(watched.pageErrors).toEqual([]);
});

test('a decision in another tab before the page listens for it still reaches the page, and its gate runs no refused tag', async ({
  page,
  context,
  origin,
  watched,
}) => {
  // A page with a marked tag: its returning-visitor chunk waits for the gate, which is held here.
  const { other, release } = await heldGateTab(page, context, origin);
  // The first tab withdraws while the other's listeners for it are not there yet.
  await page.evaluate(() => window.Candor!.rejectAll());
  await decisionStored(page);
  release();
  // The copy of the cookie changed since the loader read it: the cookie is read again, so the gate
  // does not run the tag the visitor has just refused.
  await expect.poll(() => other.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
  expect(await other.evaluate(() => (window as { __heldRan?: number }).__heldRan)).toBeUndefined();
  expect(watched.pageErrors).toEqual([]);
});

test('a refusal whose cookie reaches the page before its copy of it runs no refused tag', async ({
  page,
  context,
  origin,
  watched,
}) => {
  const { other, release } = await heldGateTab(page, context, origin);
  const before = await consentCookie(other);
  // The first tab's copy of the cookie is held (its own reads see it): the other tab sees the new
  // cookie while the copy is still the old one, as when localStorage reaches a tab late.
  await page.evaluate(() => {
    const { setItem, getItem } = Storage.prototype;
    const held = new Map<string, string>();
    Storage.prototype.setItem = function (this: Storage, key: string, value: string) {
      if (this === localStorage && key === 'candor:v1:cookie') held.set(key, value);
      else setItem.call(this, key, value);
    };
    Storage.prototype.getItem = function (this: Storage, key: string) {
      return this === localStorage && held.has(key) ? held.get(key)! : getItem.call(this, key);
    };
    (window as { __releaseCopy?: () => void }).__releaseCopy = () => {
      Object.assign(Storage.prototype, { setItem, getItem });
      for (const [key, value] of held) localStorage.setItem(key, value);
    };
  });
  await page.evaluate(() => window.Candor!.rejectAll());
  await expect.poll(() => consentCookie(other)).not.toBe(before);
  expect(await other.evaluate(() => localStorage.getItem('candor:v1:cookie'))).toBe(before); // the old copy
  release(); // the gate applies now: the old copy does not vouch for the new cookie
  await expect.poll(() => other.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
  await other.waitForLoadState('networkidle');
  expect(await other.evaluate(() => (window as { __heldRan?: number }).__heldRan)).toBeUndefined();
  await page.evaluate(() => (window as { __releaseCopy?: () => void }).__releaseCopy!());
  await expect.poll(() => other.evaluate(() => window.Candor!.state?.value.purposes['analytics'])).toBe(false);
  expect(await other.evaluate(() => (window as { __heldRan?: number }).__heldRan)).toBeUndefined();
  expect(watched.pageErrors).toEqual([]);
});

test('a gate chunk that never answers holds the launcher and [data-candor-open] at most 3 s', async ({
  page,
  context,
  origin,
  watched,
}) => {
  await openDecided(page, context, origin);

  // A stalled request (a CDN edge that never answers): the gate's import never settles.
  const other = await secondTab(context, origin, () => new Promise<void>(() => {}));
  await expect(other.locator('[data-candor-launcher]').getByRole('button')).toBeVisible({ timeout: 6000 });
  await other.locator('a[data-candor-open]').click();
  await expect(other.getByRole('dialog')).toBeVisible();
  expect(await other.evaluate(() => (window as { __heldRan?: number }).__heldRan)).toBeUndefined(); // no gate, no tag
  expect(watched.pageErrors).toEqual([]);
});

test('another tab granting more is no revocation on a page that answered from the cookie', async ({
  page,
  context,
  origin,
  watched,
}) => {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Widen</title>
<script type="application/json" id="candor-config">{ "policy": { "revision": 1, "url": "/privacy" },
  "purposes": [{ "id": "necessary", "required": true }, { "id": "analytics" }, { "id": "marketing" }],
  "services": [{ "id": "stats", "purpose": "analytics", "name": "Stats", "cookies": ["_stats"] }] }</script>
<script src="/dist/candor.js" data-config="#candor-config"></script></head>
<body><main><h1>Widen</h1></main></body></html>`;
  await context.route('**/widen-page.html', (route) => route.fulfill({ body: html, contentType: 'text/html' }));
  await page.goto(`${origin}/widen-page.html`);
  await page.evaluate(() => window.Candor!.update({ purposes: { analytics: true }, services: { stats: true } }));
  await decisionStored(page);
  // This page's engine is held until the end: what it tells comes from the loader alone.
  let releaseEngine = (): void => {};
  const engineHeld = new Promise<void>((r) => (releaseEngine = r));
  await page.route('**/candor-engine.mjs', async (route) => (await engineHeld, route.continue()));
  await page.reload();
  await expect(page.locator('[data-candor-launcher]').getByRole('button')).toBeVisible(); // wired
  expect(await page.evaluate(() => window.Candor!.state)).toBeUndefined(); // answered from the cookie
  await page.evaluate(() => {
    document.cookie = '_stats=1; Path=/';
    const revoked: string[][] = ((window as { __revoked?: string[][] }).__revoked = []);
    document.addEventListener('candor:revoke', (e) =>
      revoked.push((e as CustomEvent<{ services: string[] }>).detail.services),
    );
  });
  const before = await consentCookie(page);
  // The other tab writes this origin's copy of the cookie first, then the cookie: this page may see
  // the copy change before the cookie does. Held here, so that it always does.
  const other = await context.newPage();
  await other.addInitScript(holdConsentCookie);
  await other.goto(`${origin}/widen-page.html`);
  await other.evaluate(() => window.Candor!.acceptAll()); // analytics and stats stay granted
  await decisionStored(other);
  expect(await consentCookie(page)).toBe(before); // this page still sees the old cookie

  await expect.poll(() => page.evaluate(() => window.Candor!.has('marketing'))).toBe(true); // read from the copy
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(true);
  await other.evaluate(() => (window as { __releaseCookie?: () => void }).__releaseCookie!());
  releaseEngine();
  await expect.poll(() => page.evaluate(() => window.Candor!.state?.value.purposes['marketing'])).toBe(true);
  await page.waitForLoadState('networkidle'); // a revocation would be told (candor:revoke) once the engine is here
  const told = await page.evaluate(() =>
    ((window as { dataLayer?: { event?: string; candor?: { purposes: Record<string, boolean> } }[] }).dataLayer ?? [])
      .filter((e) => e.event === 'candor_consent_update')
      .map((e) => e.candor!.purposes['analytics']),
  );
  expect(told).toEqual([true, true]); // Google Tag Manager heard the grant, then the wider one: no withdrawal
  expect(await page.evaluate(() => (window as { __revoked?: string[][] }).__revoked)).toEqual([]);
  expect(await page.evaluate(() => document.cookie)).toContain('_stats=1');
  expect(watched.pageErrors).toEqual([]);
});

const consentCookie = (page: Page): Promise<string | undefined> =>
  page.evaluate(() => /(?:^|; )candor=([^;]*)/.exec(document.cookie)?.[1]);

/**
 * An init script: the page's writes of the consent cookie wait until `__releaseCookie()` (the page
 * itself reads them at once), as when another process's cookie write reaches a tab late.
 */
function holdConsentCookie(): void {
  const real = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')!;
  const held: string[] = [];
  let holding = true;
  // On the prototype: Candor reads and writes through the prototypes' accessor (dom/cookie-jar.ts).
  Object.defineProperty(Document.prototype, 'cookie', {
    configurable: true,
    get(): string {
      let all = real.get!.call(document) as string;
      for (const write of held) {
        const pair = write.split(';')[0]!;
        const name = `${pair.split('=')[0]!}=`;
        all = [...all.split('; ').filter((c) => c && !c.startsWith(name)), pair].join('; ');
      }
      return all;
    },
    set(value: string) {
      if (holding && /^(__Host-)?candor=/.test(value)) held.push(value);
      else real.set!.call(document, value);
    },
  });
  (window as { __releaseCookie?: () => void }).__releaseCookie = () => {
    holding = false;
    for (const write of held.splice(0)) real.set!.call(document, write);
  };
}

/**
 * A page with a marked tag and a `[data-candor-open]` link, opened in `page` with everything
 * accepted. The tag is external: the gate's (a returning visitor's inline tags the loader runs
 * itself once the page is parsed, before any other tab could decide: loader/fast-gate.ts).
 */
async function openDecided(page: Page, context: BrowserContext, origin: string): Promise<void> {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Held</title>
<script type="application/json" id="candor-config">{ "policy": { "revision": 1, "url": "/privacy" },
  "purposes": [{ "id": "necessary", "required": true }, { "id": "analytics" }] }</script>
<script src="/dist/candor.js" data-config="#candor-config"></script></head>
<body><main><h1>Held</h1><a href="#" data-candor-open>Privacy settings</a></main>
<script type="text/plain" data-consent="analytics" data-src="/held-tag.js"></script></body></html>`;
  await context.route('**/held-page.html', (route) => route.fulfill({ body: html, contentType: 'text/html' }));
  await context.route('**/held-tag.js', (route) =>
    route.fulfill({ body: 'window.__heldRan = 1', contentType: 'text/javascript' }),
  );
  await page.goto(`${origin}/held-page.html`);
  await page.evaluate(() => window.Candor!.acceptAll());
  await decisionStored(page);
}

/** `page` decided as by `openDecided`, and a second tab on it whose gate waits for `release()`. */
async function heldGateTab(
  page: Page,
  context: BrowserContext,
  origin: string,
): Promise<{ other: Page; release: () => void }> {
  await openDecided(page, context, origin);
  let release = (): void => {};
  const held = new Promise<void>((r) => (release = r));
  const other = await secondTab(context, origin, async (route) => (await held, route.continue()));
  return { other, release };
}

/** A second tab on the page of `openDecided`, its gate's request answered by `onGate`; once parsed, the cookie answers. */
async function secondTab(
  context: BrowserContext,
  origin: string,
  onGate: (route: Route) => Promise<void>,
): Promise<Page> {
  const other = await context.newPage();
  await other.route('**/dist/candor-gate.mjs', onGate);
  await other.goto(`${origin}/held-page.html`, { waitUntil: 'domcontentloaded' });
  expect(await other.evaluate(() => window.Candor!.has('analytics'))).toBe(true);
  return other;
}

test('a decision made on a returning visitor page as its engine loads is one change event, not a replay of it from storage and then its own', async ({
  open,
}) => {
  // A first decision (analytics only); the next page answers from the cookie, without the engine.
  const page = await open('/test/e2e/pages/gcm-order-inline.html');
  await allowAnalyticsAlone(page);
  // Each visit: the visitor accepts all while the engine loads (the call loads it), and the page
  // counts its candor:change events. The engine's read of IndexedDB and the next frame, which tells
  // the decision, race each other: five visits give both orders (about one in two before the fix).
  for (let visit = 0; visit < 5; visit++) {
    await reloadUntilAnalyticsRan(page);
    const heard = await page.evaluate(async () => {
      const seen: string[] = [];
      document.addEventListener('candor:change', (e) => {
        const d = (e as CustomEvent<{ source: string; record: unknown }>).detail;
        seen.push(`${d.source}:${d.record ? 'record' : 'none'}`);
      });
      const recorded = window.Candor!.acceptAll();
      await window.Candor!.ready;
      await recorded;
      // Past every moment a change could still come (after-paint's 500 ms fallback).
      await new Promise((r) => setTimeout(r, 700));
      return seen;
    });
    expect(heard, `visit ${visit}`).toEqual(['local:record']);
    // Back to analytics only for the next visit.
    await page.evaluate(() => window.Candor!.update({ purposes: { marketing: false } }));
  }
});

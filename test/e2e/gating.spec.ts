/**
 * Gating proven at the network level, with the real markup of Google's gtag.js snippet, the Google
 * Tag Manager container snippet, the Meta Pixel base code and a YouTube embed. Every request to a
 * tracker host is answered by a local fake and recorded.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, released, test as base } from './fixtures';
import { allowAnalyticsAlone, reloadUntilAnalyticsRan } from './steps';
import { fakeTrackers, type TrackerLog } from './trackers';

declare global {
  interface Window {
    __ran?: string[];
    __order?: string[];
    dataLayer: unknown[];
  }
}

const site = (origin: string): string => origin.replace('127.0.0.1', 'shop.candor.test');
const ready = (page: Page) => page.evaluate(() => window.Candor!.ready);
const ran = (page: Page) => page.evaluate(() => window.__ran ?? []);
const youtubePlaceholder = (page: Page) => page.getByRole('button', { name: 'Load YouTube from Google' });
const trackerCookies = async (page: Page) =>
  (await page.context().cookies())
    .map((c) => c.name)
    .filter((n) => n !== 'candor')
    .sort();

/**
 * `openShop()` opens the shop's page with the trackers' snippets, behind local fakes of the tracker hosts,
 * waits for Candor, and returns the log of the requests to those hosts.
 */
const test = base.extend<{ openShop: () => Promise<TrackerLog> }>({
  openShop: async ({ page, context, origin, watched }, use) => {
    void watched; // make sure the listeners are attached before navigation
    await use(async () => {
      const log = await fakeTrackers(context);
      await page.goto(`${site(origin)}/test/e2e/pages/trackers.html`);
      await ready(page);
      return log;
    });
  },
});

/** The detail of the page's next `candor:revoke`. */
const nextRevoke = (page: Page): Promise<unknown> =>
  page.evaluate(
    () =>
      new Promise((r) =>
        document.addEventListener('candor:revoke', (e) => r((e as CustomEvent).detail), { once: true }),
      ),
  );

test('before any decision: zero requests to tracker hosts and zero tracker cookies; a placeholder instead of the video', async ({
  page,
  openShop,
  watched,
}) => {
  const log = await openShop();
  // The gate has decided on every marked element (the placeholder is its last) and let none
  // through, so nothing can load later either.
  await expect(youtubePlaceholder(page)).toBeVisible();
  expect(await released(page)).toEqual([]);
  expect(log.requests).toEqual([]);
  expect(await ran(page)).toEqual([]);
  expect(await trackerCookies(page)).toEqual([]);
  await expect(page.locator('iframe')).toBeHidden();
  expect(watched.pageErrors).toEqual([]);
});

test('granting only analytics loads the analytics tags and nothing from marketing', async ({ page, openShop }) => {
  const log = await openShop();
  await page.evaluate(() => window.Candor!.update({ purposes: { analytics: true } }));
  await expect.poll(() => ran(page)).toEqual(expect.arrayContaining(['gtag.js', 'gtm.js']));
  expect(log.hosts()).toEqual(['www.googletagmanager.com']);
  expect(await ran(page)).not.toContain('fbevents.js');
  expect(log.requests.some((u) => u.includes('facebook') || u.includes('youtube'))).toBe(false);
});

test('dataLayer: consent default before any gtag js/config, then an update with the right values; every consent entry is an Arguments object', async ({
  page,
  openShop,
}) => {
  await openShop();
  await page.evaluate(() => window.Candor!.update({ purposes: { analytics: true } }));
  await expect.poll(() => ran(page)).toContain('gtag.js');
  const entries = await page.evaluate(() =>
    window.dataLayer.map((e) => ({
      kind: Object.prototype.toString.call(e),
      args:
        Object.prototype.toString.call(e) === '[object Arguments]'
          ? Array.from(e as ArrayLike<unknown>).map((a) => (a instanceof Date ? 'date' : a))
          : e,
    })),
  );
  const consent = entries.filter((e) => Array.isArray(e.args) && e.args[0] === 'consent');
  expect(consent.every((e) => e.kind === '[object Arguments]')).toBe(true);
  const idx = (pred: (e: (typeof entries)[number]) => boolean) => entries.findIndex(pred);
  const firstDefault = idx((e) => Array.isArray(e.args) && e.args[0] === 'consent' && e.args[1] === 'default');
  const firstJsOrConfig = idx((e) => Array.isArray(e.args) && (e.args[0] === 'js' || e.args[0] === 'config'));
  expect(firstDefault).toBeGreaterThanOrEqual(0);
  expect(firstDefault).toBeLessThan(firstJsOrConfig);
  const defaults = consent.filter((e) => (e.args as unknown[])[1] === 'default').map((e) => (e.args as unknown[])[2]);
  expect(defaults).toContainEqual({
    ad_storage: 'granted',
    ad_user_data: 'denied',
    ad_personalization: 'denied',
    analytics_storage: 'granted',
    functionality_storage: 'denied',
    personalization_storage: 'denied',
    security_storage: 'denied',
    wait_for_update: 500,
    region: ['US-CA'],
  });
  expect(defaults).toContainEqual({
    ad_storage: 'denied',
    ad_user_data: 'denied',
    ad_personalization: 'denied',
    analytics_storage: 'denied',
    functionality_storage: 'denied',
    personalization_storage: 'denied',
    security_storage: 'denied',
    wait_for_update: 500,
  });
  const updates = consent.filter((e) => (e.args as unknown[])[1] === 'update').map((e) => (e.args as unknown[])[2]);
  expect(updates.at(-1)).toEqual({
    ad_storage: 'denied',
    ad_user_data: 'denied',
    ad_personalization: 'denied',
    analytics_storage: 'granted',
    functionality_storage: 'denied',
    personalization_storage: 'denied',
    security_storage: 'granted',
  });
  const sets = entries.filter((e) => Array.isArray(e.args) && e.args[0] === 'set').map((e) => e.args);
  expect(sets).toContainEqual(['set', 'url_passthrough', true]);
  expect(sets).toContainEqual(['set', 'ads_data_redaction', true]);
  const gtm = entries.filter((e) => (e.args as { event?: string }).event === 'candor_consent_update').at(-1)?.args as {
    candor: unknown;
  };
  expect(gtm.candor).toEqual({
    purposes: { necessary: true, analytics: true, marketing: false },
    services: { ga4: true, 'meta-pixel': false, youtube: false },
  });
});

test('a returning visitor: granted tags run from the cookie on the next page, before anything else is asked', async ({
  page,
  openShop,
}) => {
  const log = await openShop();
  await page.evaluate(() => window.Candor!.acceptAll());
  await page.reload();
  await expect.poll(() => ran(page)).toEqual(expect.arrayContaining(['gtag.js', 'gtm.js', 'fbevents.js']));
  await expect(page.frameLocator('iframe').getByText('video')).toBeVisible();
  expect(log.hosts()).toEqual(['connect.facebook.net', 'www.googletagmanager.com', 'www.youtube-nocookie.com']);
});

test('a gate that cannot load: the granted tags stay inert (fail closed), the failure is said once, and nothing is thrown into the page; a revoke still deletes the cookies and tells the page', async ({
  page,
  openShop,
  watched,
}) => {
  const log = await openShop();
  await page.evaluate(() => window.Candor!.acceptAll());
  // Every granted tag and the video have loaded on this page before it is left, and the tags have
  // run: requested is not yet run (their cookies come when they run).
  await expect
    .poll(() => log.hosts())
    .toEqual(['connect.facebook.net', 'www.googletagmanager.com', 'www.youtube-nocookie.com']);
  await expect.poll(() => trackerCookies(page)).toEqual(['_fbp', '_ga', '_ga_TEST']);
  const before = log.requests.length;
  await page.route('**/dist/candor-gate.mjs', (route) => route.abort());
  await page.reload();
  const gateErrors = () => watched.consoleErrors.filter((e) => e.startsWith('Candor: could not load the gate:'));
  await expect.poll(gateErrors).toHaveLength(1);
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(true); // the cookie still answers
  expect(await ran(page)).toEqual([]);
  expect(await trackerCookies(page)).toEqual(['_fbp', '_ga', '_ga_TEST']); // set on the page before
  const revoke = nextRevoke(page);
  await page.evaluate(() => window.Candor!.withdraw());
  // What follows a revocation needs no gate: no tag ran on this page, so no reload is recommended.
  expect(await revoke).toEqual({ services: ['ga4', 'meta-pixel', 'youtube'], reloadRecommended: false });
  await expect.poll(() => trackerCookies(page)).toEqual([]); // document.cookie reaches the store asynchronously
  // A task later, so that a rejection nobody handled would have reached the page.
  await page.evaluate(() => new Promise((r) => setTimeout(r)));
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
  expect(watched.pageErrors.map(String)).toEqual([]);
  expect(gateErrors()).toHaveLength(1);
  expect(log.requests.slice(before)).toEqual([]);
});

test("revoke deletes the trackers' cookies (also on the parent domain) and restores the YouTube placeholder", async ({
  page,
  openShop,
}) => {
  await openShop();
  await page.evaluate(() => window.Candor!.acceptAll());
  await expect.poll(() => trackerCookies(page)).toEqual(['_fbp', '_ga', '_ga_TEST']);
  const domains = (await page.context().cookies()).filter((c) => c.name === '_ga').map((c) => c.domain);
  expect(domains).toEqual(['.candor.test']);
  await expect(page.frameLocator('iframe').getByText('video')).toBeVisible();
  const video = () => page.frames().filter((f) => f.url().includes('youtube')).length;
  expect(video()).toBe(1);
  await page.evaluate(() => ((window as { __frame?: Element }).__frame = document.querySelector('iframe')!));
  const revoke = nextRevoke(page);
  await page.evaluate(() => window.Candor!.withdraw());
  expect(await revoke).toEqual({ services: ['ga4', 'meta-pixel', 'youtube'], reloadRecommended: true });
  await expect.poll(() => trackerCookies(page)).toEqual([]);
  await expect(youtubePlaceholder(page)).toBeVisible();
  await expect(page.locator('iframe')).toBeHidden();
  expect(await page.locator('iframe').getAttribute('src')).toBeNull();
  // Unloaded in place: the same element (a framework that rendered it removes it later), its video gone.
  expect(
    await page.evaluate(() => document.querySelector('iframe') === (window as { __frame?: Element }).__frame),
  ).toBe(true);
  await expect.poll(video).toBe(0);
});

test("revoke deletes a service's __Secure- and __Host- cookies too (only a Secure write deletes them)", async ({
  page,
  origin,
}) => {
  // 127.0.0.1 is a secure context: a page there can set (and delete) them.
  await page.route('**/test/e2e/pages/basic.html', async (route) => {
    const res = await route.fetch();
    const body = (await res.text()).replace(
      '"name": "Google Analytics" }',
      '"name": "Google Analytics", "cookies": ["_ga", "__Secure-ga", "__Host-ga"] }',
    );
    await route.fulfill({ response: res, body });
  });
  await page.goto(`${origin}/test/e2e/pages/basic.html`);
  await page.evaluate(() => window.Candor!.acceptAll());
  await page.evaluate(() => {
    document.cookie = '_ga=1; Path=/';
    document.cookie = '__Secure-ga=1; Secure; Path=/test';
    document.cookie = '__Host-ga=1; Secure; Path=/';
  });
  // The page's document.cookie writes reach the browser's cookie store (which context.cookies() reads) asynchronously.
  await expect.poll(() => trackerCookies(page)).toEqual(['__Host-ga', '__Secure-ga', '_ga']);
  await page.evaluate(() => window.Candor!.withdraw());
  await expect.poll(() => trackerCookies(page)).toEqual([]);
});

test('the placeholder button is reachable and operable by keyboard, has an accessible name, and grants just that service', async ({
  page,
  openShop,
}) => {
  const log = await openShop();
  const button = youtubePlaceholder(page);
  await expect(button).toBeVisible();
  for (let i = 0; i < 5 && !(await button.evaluate((b) => b === document.activeElement)); i++)
    await page.keyboard.press('Tab');
  await expect(button).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.frameLocator('iframe').getByText('video')).toBeVisible();
  // The button went with its placeholder: focus is on the video now, not lost to <body>.
  expect(await page.evaluate(() => document.activeElement?.localName)).toBe('iframe');
  expect(await page.locator('iframe').getAttribute('tabindex')).toBeNull(); // its tab stop unchanged
  const state = await page.evaluate(async () => {
    const [record] = await window.Candor!.records();
    return {
      method: record!.method,
      youtube: window.Candor!.has('youtube'),
      marketing: window.Candor!.has('marketing'),
    };
  });
  expect(state).toEqual({ method: 'placeholder', youtube: true, marketing: false });
  expect(log.hosts()).toEqual(['www.youtube-nocookie.com']);
  expect(await ran(page)).toEqual([]);
});

test('a revoke offline on a page with nothing to gate: the cookies go, the page is told, and no request is made', async ({
  page,
  context,
  origin,
  watched,
}) => {
  // The shop's page without its marked elements (the same config): it never needs the gate.
  const shop = readFileSync('test/e2e/pages/trackers.html', 'utf8');
  const body = shop
    .replace(/(<script src="\/dist\/candor\.js"[^>]*><\/script>)[\s\S]*<\/head>/, '$1</head>')
    .replace(/<iframe[\s\S]*?<\/iframe>/, '');
  expect(body).not.toContain('data-consent');
  await page.route('**/no-tags.html', (route) => route.fulfill({ contentType: 'text/html', body }));
  await page.goto(`${origin}/no-tags.html`);
  // The page's last request before the revoke: the chunk a decision loads (the launcher's, for later pages).
  const last = page.waitForResponse((r) => r.url().endsWith('/candor-returning.mjs'));
  await page.evaluate(() => window.Candor!.acceptAll());
  await last;
  // The trackers' cookies, as another page of the shop left them (the parent domain's: the test above).
  await context.addCookies(['_ga', '_ga_TEST', '_fbp'].map((name) => ({ name, value: '1', url: origin })));
  expect(await trackerCookies(page)).toEqual(['_fbp', '_ga', '_ga_TEST']);
  await context.setOffline(true);
  const from = watched.requests.length;
  const revoke = nextRevoke(page);
  await page.evaluate(() => window.Candor!.withdraw());
  expect(await revoke).toEqual({ services: ['ga4', 'meta-pixel', 'youtube'], reloadRecommended: false });
  await expect.poll(() => trackerCookies(page)).toEqual([]); // document.cookie reaches the store asynchronously
  expect(watched.requests.slice(from)).toEqual([]);
  expect(watched.requests.some((u) => /candor-gate|cookies/.test(u))).toBe(false);
  expect(watched.pageErrors).toEqual([]);
  expect(watched.consoleErrors).toEqual([]);
  await context.setOffline(false);
});

/** The dataLayer's entries: gtag commands as `consent:update:<the value of type>`, events by name. */
const order = (page: Page, type = 'analytics_storage') =>
  page.evaluate(
    (t) =>
      window.dataLayer.map((e) => {
        if (Object.prototype.toString.call(e) !== '[object Arguments]') return String((e as { event?: unknown }).event);
        const [cmd, kind, v] = Array.from(e as ArrayLike<unknown>);
        return `${String(cmd)}:${String(kind)}:${String((v as Record<string, unknown> | undefined)?.[t])}`;
      }),
    type,
  );

test('Consent Mode and the dataLayer hear a grant before any tag it releases runs: a tag the site adds on candor:change (the gate loaded), the page marked tags, and on the next page', async ({
  open,
}) => {
  const page = await open('/test/e2e/pages/gcm-order.html');
  // The embed's placeholder: the gate is on the page before the decision.
  await expect(page.getByRole('button', { name: /^Load Video/ })).toBeVisible();
  await page.getByRole('button', { name: 'Accept all' }).click();
  await page.waitForFunction(() => (window as { __added?: boolean; __analytics?: boolean }).__added === true);
  await page.waitForFunction(() => (window as { __analytics?: boolean }).__analytics === true);
  let seen = await order(page);
  const granted = (o: string[]) => o.indexOf('consent:update:granted');
  expect(granted(seen)).toBeGreaterThan(-1);
  expect(granted(seen)).toBeLessThan(seen.indexOf('tag-added-ran'));
  expect(granted(seen)).toBeLessThan(seen.indexOf('tag-ran'));
  await page.reload();
  await page.waitForFunction(() => (window as { __analytics?: boolean }).__analytics === true);
  seen = await order(page);
  expect(granted(seen)).toBeGreaterThan(-1);
  expect(granted(seen)).toBeLessThan(seen.indexOf('tag-ran'));
});

test('on a returning visitor page whose marked tags are all inline (the loader gates them alone), a tag the site adds on candor:change runs after Consent Mode heard the grant that released it', async ({
  open,
}) => {
  const page = await open('/test/e2e/pages/gcm-order-inline.html');
  await allowAnalyticsAlone(page);
  // Returning, analytics granted: the loader ran the page's inline tag itself, without the gate file.
  await reloadUntilAnalyticsRan(page);
  const gateFile = () =>
    page.evaluate(() => performance.getEntriesByType('resource').some((e) => /candor-gate/.test(e.name)));
  expect(await gateFile()).toBe(false);
  // Marketing granted now: the page's candor:change listener adds a marketing tag at once.
  await page.evaluate(() => window.Candor!.acceptAll());
  await page.waitForFunction(() => (window as { __added?: boolean }).__added === true);
  const seen = await order(page, 'ad_storage');
  const granted = seen.indexOf('consent:update:granted');
  expect(granted, seen.join(' ')).toBeGreaterThan(-1);
  expect(granted, seen.join(' ')).toBeLessThan(seen.indexOf('tag-added-ran'));
});

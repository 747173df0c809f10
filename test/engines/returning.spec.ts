/**
 * A returning visitor's marked inline tags, run by the loader itself
 * (loader/fast-gate.ts), in each engine: once the page is parsed, without the gate chunk, and
 * handed to the gate, in document order, from the first tag the loader does not run; a refused one
 * waits without the gate until it is granted.
 */
import type { Tab } from './driver';
import { click, poll, shown } from './driver';
import { expect, test } from './fixtures';
import { has, inBanner, inPanel, launcher, order, orderBecomes, type PageGlobals } from './page-helpers';

const FAST = '/test/engines/pages/fast.html';

/** What the page loaded of Candor's chunks, and whether the first tag ran by the end of DOMContentLoaded. */
const facts = (tab: Tab): Promise<{ byParsed: boolean; gate: boolean }> =>
  tab.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const at = (window as PageGlobals).__at;
    return {
      byParsed: at !== undefined && at <= nav.domContentLoadedEventEnd,
      gate: performance.getEntriesByType('resource').some((r) => r.name.endsWith('/candor-gate.mjs')),
    };
  });

/** A first visit that grants analytics only (Customize is not needed: the API), then the page again. */
async function returnGrantingAnalytics(tab: Tab, url: string): Promise<void> {
  await tab.goto(url);
  await shown(tab, inBanner('Accept all'));
  await tab.evaluate(() => window.Candor!.update({ purposes: { analytics: true } }));
  await tab.goto(url);
  await shown(tab, launcher);
}

test("a returning visitor's granted inline tags run once the page is parsed, without the gate; the refused one stays inert, without it too, until granted", async ({
  tab,
  site,
}) => {
  await returnGrantingAnalytics(tab, `${site}${FAST}`);
  expect(await orderBecomes(tab, ['a', 'b'])).toEqual(['a', 'b']);
  // The refused marketing tag waits, inert, without the gate: a visitor who said no downloads none.
  expect(await facts(tab)).toEqual({ byParsed: true, gate: false });
  // Accept all from the launcher's panel: the loader looks again and the gate comes, which runs the marketing tag, once.
  await click(tab, launcher);
  await click(tab, inPanel('Accept all'));
  expect(await orderBecomes(tab, ['a', 'b', 'marketing'])).toEqual(['a', 'b', 'marketing']);
  expect(await facts(tab)).toEqual({ byParsed: true, gate: true });
});

test('after Accept all, a page of inline tags downloads no gate; an external tag hands the rest to the gate, in order', async ({
  tab,
  site,
}) => {
  await tab.goto(`${site}${FAST}`);
  await click(tab, inBanner('Accept all'));
  await orderBecomes(tab, ['a', 'b', 'marketing']);
  await tab.goto(`${site}${FAST}`);
  await shown(tab, launcher);
  expect(await order(tab)).toEqual(['a', 'b', 'marketing']);
  expect(await facts(tab)).toEqual({ byParsed: true, gate: false });
  await tab.goto(`${site}${FAST}?external`);
  await shown(tab, launcher);
  expect(await orderBecomes(tab, ['a', 'b', 'c', 'd', 'marketing'])).toEqual(['a', 'b', 'c', 'd', 'marketing']);
  expect(await facts(tab)).toEqual({ byParsed: true, gate: true });
});

test("a returning visitor's page without the engine follows a withdrawal made on a sibling subdomain (shared cookie, no tab message) when its tab is shown again or its window gets focus", async ({
  session,
  site,
}) => {
  const on = (sub: string): string =>
    `${site.replace('127.0.0.1', `${sub}.candor.test`)}/test/engines/pages/shared.html`;
  const www = session.tab;
  await www.goto(on('www'));
  await click(www, inBanner('Accept all'));
  await poll(www, 'the acceptance stored', () => window.Candor!.records().then((r) => r.length === 1));
  const shops = [await session.newTab(), await session.newTab()];
  for (const shop of shops) {
    await shop.goto(on('shop'));
    await shown(shop, launcher);
    // The shared cookie answered: no engine.
    expect(
      await shop.evaluate(() => [(window as PageGlobals).__marketing, window.Candor!.state === undefined]),
    ).toEqual([1, true]);
  }
  await www.evaluate(() => window.Candor!.withdraw());
  await poll(www, 'the withdrawal stored', () => window.Candor!.records().then((r) => r.length === 2));
  for (const [shop, back] of [
    [shops[0]!, 'visibilitychange'],
    [shops[1]!, 'focus'],
  ] as const) {
    // Dispatched: a WebDriver window switch is not a visitor's tab switch in every engine. Consent
    // Mode hears the withdrawal at once, before the engine has loaded.
    const told = await shop.evaluate((b) => {
      (b === 'focus' ? window : document).dispatchEvent(new Event(b));
      const layer = ((window as { dataLayer?: unknown[] }).dataLayer ?? []) as Record<number, unknown>[];
      const last = layer.filter((e) => e[0] === 'consent' && e[1] === 'update').at(-1);
      return (last?.[2] as Record<string, string> | undefined)?.['ad_storage'];
    }, back);
    expect(told, back).toBe('denied');
    expect(await has(shop, 'marketing')).toBe(false);
    await poll(
      shop,
      'the engine with the withdrawal',
      () => window.Candor!.state?.peek().purposes['marketing'] === false,
    );
  }
});

test("a cookie of Candor's name for a longer path (a sibling subdomain's, or one a moved cookie.path left) keeps no grant alive: a refusal made under it holds on the site's other pages", async ({
  tab,
  site,
}) => {
  const OTHER = `${site}/test/engines/pages/gated.html`; // the same config, on a path the other cookie does not cover
  await tab.goto(`${site}${FAST}`);
  await click(tab, inBanner('Accept all'));
  await poll(tab, 'the acceptance stored', () => window.Candor!.records().then((r) => r.length === 1));
  await tab.goto(OTHER);
  expect(await has(tab, 'analytics')).toBe(true); // the loader's answer from the cookie
  // Listed first on the page it covers, in every engine: a longer path comes first in document.cookie.
  await tab.goto(`${site}${FAST}`);
  await tab.evaluate((path) => void (document.cookie = `candor=x; path=${path}`), FAST);
  await tab.goto(`${site}${FAST}`);
  expect(await tab.evaluate(() => document.cookie.match(/candor=/g)?.length)).toBe(2);
  // The loader reads the one this origin's copy vouches for: the visitor's own.
  expect(await has(tab, 'analytics')).toBe(true);
  await tab.evaluate(() => window.Candor!.rejectAll());
  await poll(tab, 'the refusal stored', () => window.Candor!.records().then((r) => r.length === 2));
  await tab.goto(OTHER);
  expect(await has(tab, 'analytics')).toBe(false);
});

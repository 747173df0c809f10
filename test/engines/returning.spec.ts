/**
 * A returning visitor's marked inline tags, run by the loader itself
 * (loader/fast-gate.ts), in each engine: once the page is parsed, without the gate chunk, and
 * handed to the gate, in document order, from the first tag the loader does not run; a refused one
 * waits without the gate until it is granted.
 */
import type { Tab } from './driver';
import { click, shown } from './driver';
import { expect, test } from './fixtures';
import { inBanner, inPanel, launcher, order, orderBecomes, type PageGlobals } from './page-helpers';

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

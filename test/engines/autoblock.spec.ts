/**
 * Auto-blocking (`"autoBlock": true`, the auto-blocking loader) in Chromium, Firefox and WebKit:
 * it works by patching the DOM's own setters and methods, so each engine is proven apart. Unmarked
 * tags a site's scripts add for a listed host ask for nothing before consent (recorded at the
 * site's server), and after a grant each script runs once and each frame loads.
 */
import { click, shown, type Tab } from './driver';
import { expect, pixelsAsked, tagsAsked, test } from './fixtures';
import { has, inBanner, launcher, order, orderBecomes } from './page-helpers';

const PAGE = '/test/engines/pages/autoblock.html';
/** In document order, the order the gate runs them in. */
const TAGS = ['property', 'attribute', 'typed'];
// A frame in an HTML string a script inserts may ask before it is held (docs/auto-blocking.md,
// limit 3; the Chromium suite shows it): not here.
const FRAMES = ['frame'];

/** What the page holds back: its scripts and frames marked by auto-blocking, with no URL to load. */
const heldBack = (tab: Tab): Promise<number> =>
  tab.evaluate(
    () =>
      document.querySelectorAll(
        'script[data-candor-auto][data-src]:not([src]),iframe[data-candor-auto][data-src]:not([src])',
      ).length,
  );

/** Opens the page on a first visit, its banner shown, with nothing recorded at the site yet. */
async function openPage(tab: Tab, site: string): Promise<void> {
  tagsAsked.length = 0;
  pixelsAsked.length = 0;
  await tab.goto(`${site}${PAGE}`);
  await shown(tab, inBanner('Accept all'));
}

test('unmarked tags a script adds for a listed host ask for nothing before consent; Accept all runs each script once and loads each frame', async ({
  tab,
  site,
}) => {
  await openPage(tab, site);
  await tab.evaluate(() => window.Candor!.ready);
  expect(await heldBack(tab)).toBe(TAGS.length + FRAMES.length);
  expect([tagsAsked, pixelsAsked, await order(tab)]).toEqual([[], [], []]);
  await click(tab, inBanner('Accept all'));
  await shown(tab, launcher);
  expect(await orderBecomes(tab, TAGS)).toEqual(TAGS);
  await expect.poll(() => [...pixelsAsked].sort(), { timeout: 10_000 }).toEqual(FRAMES);
  expect([...tagsAsked].sort()).toEqual([...TAGS].sort());
  expect(await has(tab, 'stats')).toBe(true);
});

test('Reject all: nothing of the listed host is asked for, also for a tag added after the refusal', async ({
  tab,
  site,
}) => {
  await openPage(tab, site);
  await click(tab, inBanner('Reject all'));
  await shown(tab, launcher);
  await tab.evaluate(() => {
    const s = document.createElement('script');
    s.src = `http://shop.candor.test:${location.port}/__engines/tag.js?name=after-refusal`;
    document.head.append(s);
  });
  expect(await heldBack(tab)).toBe(TAGS.length + FRAMES.length + 1);
  expect([tagsAsked, pixelsAsked, await order(tab), await has(tab, 'stats')]).toEqual([[], [], [], false]);
});

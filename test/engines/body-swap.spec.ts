/**
 * A site that swaps `<body>` without a reload (Turbo Drive, pjax, htmx's boost), in Chromium,
 * Firefox and WebKit: the script tag's banner and wall follow the new `<body>`, its marked tag waits
 * for the visitor's choice, and a copy of the page taken while the wall stood (Turbo's cache) is
 * not left inert; a returning visitor's launcher follows it too; a single-page app's route (a region's
 * `innerHTML`) is gated and reaches the panel. The Chromium suite (test/e2e/body-swap.spec.ts)
 * covers the other ways and limits.
 */
import { click, gone, poll, shown, type Tab } from './driver';
import { expect, test } from './fixtures';
import { focusInside, has, inBanner, inPanel, launcher, panel, wall, type PageGlobals } from './page-helpers';

type Swapped = PageGlobals & { __swapped?: number; __copy?: Node };

/** Swaps in a `<body>` with a heading, a `[data-candor-open]` link and nothing marked (pjax's way: `replaceChild`). */
const swapPlain = (tab: Tab): Promise<void> =>
  tab.evaluate(() => {
    const body = document.createElement('body');
    body.innerHTML = '<main><h1>Next page</h1><a href="#" data-candor-open>Cookie settings</a></main>';
    document.documentElement.replaceChild(body, document.body);
  });

/** Swaps in the next page's `<body>` as Turbo Drive does (`replaceWith`), with a marked tag and a button. */
const swap = (tab: Tab): Promise<void> =>
  tab.evaluate(() => {
    const body = document.createElement('body');
    body.innerHTML =
      '<main><h1>Next page</h1><script type="text/plain" data-consent="analytics">' +
      'window.__swapped=(window.__swapped||0)+1</scr' +
      'ipt><button id="buy">Buy</button></main>';
    document.body.replaceWith(body);
  });

test('first visit, <body> swapped: the banner follows the new body, and Accept all runs its marked tag once', async ({
  tab,
  site,
}) => {
  await tab.goto(`${site}/test/e2e/pages/ui.html`);
  await shown(tab, inBanner('Accept all'));
  await swap(tab);
  await shown(tab, inBanner('Accept all'));
  expect(
    await tab.evaluate(() => [document.querySelector('h1')?.textContent, (window as Swapped).__swapped ?? 0]),
  ).toEqual(['Next page', 0]);
  await click(tab, inBanner('Accept all'));
  await shown(tab, launcher);
  expect(await poll(tab, 'the tag of the new body', () => (window as Swapped).__swapped)).toBe(1);
  expect(await has(tab, 'analytics')).toBe(true);
});

test("a wall follows the new <body> and holds it inert until a choice; a copy taken meanwhile (Turbo's cache) comes back usable", async ({
  tab,
  site,
}) => {
  await tab.goto(`${site}/test/engines/pages/wall.html`);
  await shown(tab, wall);
  await tab.evaluate(() => void ((window as Swapped).__copy = document.body.cloneNode(true)));
  await swap(tab);
  await shown(tab, wall);
  const buy = (): Promise<string> =>
    tab.evaluate(() => (document.getElementById('buy')?.closest('[inert]') ? 'inert' : 'live'));
  expect(
    await poll(tab, 'the new body held', () => (document.getElementById('buy')?.closest('[inert]') ? true : undefined)),
  ).toBe(true);
  for (let i = 0; i < 6; i++) {
    await tab.press('Tab');
    expect(await focusInside(tab, '[role=dialog]')).toBe(true);
  }
  await click(tab, inBanner('Reject all'));
  await gone(tab, wall);
  expect(await buy()).toBe('live');
  await tab.evaluate(() => document.body.replaceWith((window as Swapped).__copy!)); // Back, from Turbo's cache
  expect(
    await poll(tab, 'the copy freed', () =>
      document.getElementById('page-link')!.closest('[inert]') ? undefined : true,
    ),
  ).toBe(true);
  expect(await tab.evaluate(() => (window as Swapped).__swapped ?? 0)).toBe(0);
});

test("a returning visitor's launcher follows a swapped <body>; it and the new page's link open the panel", async ({
  tab,
  site,
}) => {
  await tab.goto(`${site}/test/e2e/pages/ui.html`);
  await click(tab, inBanner('Reject all'));
  await poll(tab, 'the refusal stored', () => window.Candor!.records().then((r) => r.length === 1));
  await tab.reload();
  await shown(tab, launcher); // the loader's stand-in: the cookie answers, no engine
  await swapPlain(tab);
  expect(await tab.evaluate(() => document.querySelector('h1')?.textContent)).toBe('Next page');
  await click(tab, launcher);
  await shown(tab, panel);
  await click(tab, inPanel('Close'));
  await gone(tab, panel);
  await click(tab, { role: 'link', name: 'Cookie settings' });
  await shown(tab, panel);
  expect(await has(tab, 'analytics')).toBe(false);
});

test("a single-page app's route (pushState, a region's innerHTML): its marked tag and frame wait for a grant, and a withdrawal unloads the frame", async ({
  tab,
  site,
}) => {
  await tab.goto(`${site}/test/e2e/pages/ui.html`);
  await shown(tab, inBanner('Accept all'));
  await tab.evaluate(() => {
    history.pushState({}, '', '/route-2');
    document.querySelector('main')!.innerHTML =
      '<h1>Route 2</h1><script type="text/plain" data-consent="analytics">window.__swapped=(window.__swapped||0)+1</scr' +
      'ipt><iframe id="frame" title="Embedded" data-consent="marketing" data-src="/test/e2e/pages/embedded.html"></iframe>';
  });
  const frameSrc = (): Promise<string | null> =>
    tab.evaluate(() => document.getElementById('frame')!.getAttribute('src'));
  expect(await tab.evaluate(() => (window as Swapped).__swapped ?? 0)).toBe(0);
  expect(await frameSrc()).toBeNull();
  await click(tab, inBanner('Accept all'));
  expect(await poll(tab, 'the route’s tag', () => (window as Swapped).__swapped)).toBe(1);
  expect(await poll(tab, 'the route’s frame loaded', () => document.getElementById('frame')!.getAttribute('src'))).toBe(
    '/test/e2e/pages/embedded.html',
  );
  await tab.evaluate(() => window.Candor!.withdraw().then(() => undefined));
  expect(await poll(tab, 'the frame unloaded', () => !document.getElementById('frame')!.getAttribute('src'))).toBe(
    true,
  );
  expect(await tab.evaluate(() => (window as Swapped).__swapped)).toBe(1);
});

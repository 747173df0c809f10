/**
 * Under a strict CSP in Chromium, Firefox and WebKit (a nonce on the loader and 'strict-dynamic',
 * `style-src 'self'`, set by a `<meta>`): the banner's chunks load and its adopted styles apply,
 * the site's nonced marked tags run once granted, a marked tag injected without the nonce never
 * runs nor is asked for, a placeholder's frame loads, and the policy refuses nothing of Candor's.
 * (Trusted Types are proven in Chromium only: test/e2e/csp*.spec.ts.)
 */
import { click, shown } from './driver';
import { expect, tagsAsked, test } from './fixtures';
import { inBanner, launcher, orderBecomes, type PageGlobals } from './page-helpers';

type Page = PageGlobals & { __violations?: string[] };

test("a strict CSP with a nonce: the banner shows styled, only the site's nonced tags run once granted, nothing is refused", async ({
  tab,
  site,
}) => {
  tagsAsked.length = 0;
  await tab.goto(`${site}/test/engines/pages/csp.html`);
  await shown(tab, inBanner('Accept all'));
  // The adopted stylesheet applies under style-src 'self': the banner's buttons are at least 44 px tall.
  expect(
    await tab.evaluate(() => {
      const root = document.querySelector('[data-candor-ui]')!.shadowRoot!;
      const button = Array.from(root.querySelectorAll('button')).find((b) => b.textContent?.includes('Accept all'));
      return button!.getBoundingClientRect().height >= 44;
    }),
  ).toBe(true);
  expect(await tab.evaluate(() => (window as Page).__order ?? [])).toEqual([]);
  await click(tab, inBanner('Accept all'));
  await shown(tab, launcher);
  expect(await orderBecomes(tab, ['site-inline', 'site-external'])).toEqual(['site-inline', 'site-external']);
  const frame = (): Promise<string | null> =>
    tab.evaluate(() => document.querySelector('iframe[title="A video"]')?.getAttribute('src') ?? null);
  await expect.poll(frame, { timeout: 10_000 }).toBe('/test/e2e/pages/blank.html');
  expect(tagsAsked).toEqual(['site-external']);
  expect(
    await tab.evaluate(() => [
      (window as Page).__order,
      Array.from(document.querySelectorAll('.comment script'), (s) => s.getAttribute('data-candor')),
      (window as Page).__violations,
    ]),
  ).toEqual([['site-inline', 'site-external'], ['refused', 'refused'], []]);
});

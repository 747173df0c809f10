/**
 * Withdrawing is as easy as consenting, measured (issue 14): a visitor who accepted in one click
 * takes it back from the launcher in at most 2 activations by mouse, and in at most 3 Tab stops and
 * Enter by keyboard, on a desktop and on a phone, from the UI's launcher and from a returning
 * visitor's (the loader's stand-in). The counts are taken as a visitor would: every click needs
 * its target already on screen (no scrolling in between), every Tab stop is asserted on the way.
 */
import type { Page } from '@playwright/test';
import { dialog, focused, launcher, openUi, step, tabTo, watchFocus } from './a11y';
import { expect, test } from './fixtures';

/** The most a visitor may need from the launcher (issue 14). */
const MAX_CLICKS = 2;
const MAX_TABS = 3; // GDPR Art. 7(3): withdrawing as easy as giving consent

const optional = (page: Page): Promise<boolean[]> =>
  page.evaluate(() => ['analytics', 'marketing'].map((id) => window.Candor!.has(id)));
/** A first visit answered with the banner's Accept all (one click), stored. */
async function consented(page: Page, origin: string): Promise<void> {
  await openUi(page, origin, { preferences: true }); // every view present: the consent view must still come first
  await page
    .getByRole('region', { name: 'Cookies and your privacy' })
    .getByRole('button', { name: 'Accept all' })
    .click();
  await expect.poll(() => optional(page)).toEqual([true, true]);
  await expect.poll(() => page.evaluate(() => window.Candor!.records().then((r) => r.length))).toBe(1);
}
/**
 * The launcher this visitor sees: the UI's, or after a reload a returning visitor's (the loader's
 * stand-in when the decision's cookie was written before the reload, else the UI's own).
 */
async function theLauncher(page: Page, returning: boolean) {
  if (!returning) return launcher(page);
  await page.reload();
  await expect(launcher(page)).toBeVisible();
  return launcher(page);
}

for (const [device, size] of [
  ['desktop', { width: 1280, height: 800 }],
  ['phone', { width: 390, height: 844 }],
] as const) {
  for (const returning of [false, true]) {
    const from = returning ? 'a returning visitor’s launcher' : 'the launcher';
    test(`mouse (${device}): from ${from}, Reject all is at most ${MAX_CLICKS} clicks away, each on screen`, async ({
      page,
      origin,
    }) => {
      await page.setViewportSize(size);
      await consented(page, origin);
      const clicks: string[] = [];
      const click = async (target: ReturnType<Page['getByRole']>, name: string): Promise<void> => {
        await expect(target, `${name} is on screen without scrolling`).toBeInViewport({ ratio: 1 });
        clicks.push(name);
        await target.click();
      };
      await click(await theLauncher(page, returning), 'the launcher');
      await expect(dialog(page)).toBeVisible();
      await click(dialog(page).getByRole('button', { name: 'Reject all' }), 'Reject all');
      await expect(dialog(page)).toBeHidden();
      await expect.poll(() => optional(page)).toEqual([false, false]);
      expect(clicks.length).toBeLessThanOrEqual(MAX_CLICKS);
      // Equally prominent there too: the same size, weight and colours as Accept all.
      await page.getByRole('button', { name: 'Privacy settings' }).click();
      const look = (name: string) =>
        dialog(page)
          .getByRole('button', { name, exact: true })
          .evaluate((b) => {
            const s = getComputedStyle(b);
            const r = b.getBoundingClientRect();
            return [Math.round(r.width), Math.round(r.height), s.fontWeight, s.backgroundColor, s.color];
          });
      expect(await look('Reject all')).toEqual(await look('Accept all'));
    });

    test(`keyboard (${device}): from ${from}, Reject all is at most ${MAX_TABS} Tab stops + Enter away, focus asserted at each stop`, async ({
      page,
      origin,
    }) => {
      await page.setViewportSize(size);
      await consented(page, origin);
      await tabTo(page, await theLauncher(page, returning));
      await watchFocus(page);
      await step(page, 'Enter', 'button:Close'); // the dialog opens, focus moves in
      const stops: string[] = [];
      while (stops.length < MAX_TABS && stops.at(-1) !== 'button:Reject all') {
        await page.keyboard.press('Tab');
        stops.push(await focused(page));
      }
      expect(stops).toEqual(['tab:What you allow', 'button:Accept all', 'button:Reject all']);
      await step(page, 'Enter', 'button:Privacy settings'); // closed, back on the (UI's) launcher
      await expect.poll(() => optional(page)).toEqual([false, false]);
      await expect
        .poll(() => page.evaluate(() => window.Candor!.records().then((r) => r[0]?.method)))
        .toBe('panel:save');
    });
  }
}

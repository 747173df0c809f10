/**
 * A first visit's banner decision waits for the engine (ui/pre-engine.ts). If the visitor makes a
 * newer decision elsewhere meanwhile (another tab; a page left and restored from the back/forward
 * cache works the same way), that one stands: the banner's older click, applied later, would be
 * dated later and win. Two real tabs, real IndexedDB and cookie; the engine of the first held on
 * its way.
 */
import type { Page } from '@playwright/test';
import { decisionStored } from './a11y';
import { expect, test } from './fixtures';

const ENGINE = '/dist/candor-engine.mjs';
const PAGE = '/test/e2e/pages/basic.html';
const banner = (page: Page) => page.getByRole('region', { name: 'Cookies and your privacy' });

test('Accept all in a tab whose engine is on its way does not override a Reject all made after it in another tab', async ({
  page,
  context,
  origin,
  watched,
}) => {
  let release = (): void => {};
  const held = new Promise<void>((r) => (release = r));
  let requested = false;
  await page.route(`**${ENGINE}`, async (route) => ((requested = true), await held, route.continue()));
  await page.goto(`${origin}${PAGE}`);
  await page.evaluate(() =>
    document.addEventListener('candor:decision', () => ((window as { decided?: boolean }).decided = true)),
  );
  await banner(page).getByRole('button', { name: 'Accept all' }).click();
  await expect(banner(page)).toBeHidden();
  await expect.poll(() => requested).toBe(true); // on its way, not arrived: nothing recorded yet

  const other = await context.newPage();
  await other.goto(`${origin}${PAGE}`);
  await banner(other).getByRole('button', { name: 'Reject all' }).click();
  await decisionStored(other);

  release();
  // records() waits for the banner's decision to be applied (or not): the refusal is the only record.
  const records = await page.evaluate(() => window.Candor!.records());
  expect(records.map((r) => r.method)).toEqual(['banner:reject-all']);
  expect(await page.evaluate(() => [window.Candor!.has('analytics'), window.Candor!.has('marketing')])).toEqual([
    false,
    false,
  ]);
  expect(await other.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
  // The first tab did not announce a decision it did not record; it offers the launcher.
  expect(await page.evaluate(() => (window as { decided?: boolean }).decided)).toBeUndefined();
  await expect(page.getByRole('button', { name: 'Privacy settings' })).toBeVisible();
  expect(watched.pageErrors).toEqual([]);
});

/** WCAG 2.4.3: where focus goes when the reload offer (after a revoke) is closed. */
import { focused, lostFocus, tabTo, watchFocus } from './a11y';
import { expect, test } from './fixtures';
import { acceptAllUntilRan, reloadNotice } from './steps';

test('WCAG 2.4.3: the reload offer’s Close on a site without a launcher moves focus to the page’s start, never to <body>', async ({
  page,
  openTracked,
}) => {
  await page.route('**/test/e2e/pages/trackers.html', async (route) => {
    const body = (await (await route.fetch()).text()).replace(
      '"policy": {',
      '"ui": { "launcher": false },\n  "policy": {',
    );
    await route.fulfill({ body, contentType: 'text/html' });
  });
  await openTracked('/test/e2e/pages/trackers.html');
  await acceptAllUntilRan(page, 'gtag.js');
  await page.evaluate(() => window.Candor!.withdraw()); // as the site's own privacy link would
  const close = reloadNotice(page).getByRole('button', { name: 'Close' });
  await expect(close).toBeVisible();
  await page.locator('body').focus();
  await tabTo(page, close);
  await watchFocus(page);
  await page.keyboard.press('Enter');
  await expect(close).toBeHidden();
  await expect.poll(() => focused(page)).toBe('h1:Our bread'); // as after a decision on the banner without a launcher
  expect(await lostFocus(page)).toEqual([]);
});

test('WCAG 2.4.3 (with a launcher): the reload offer’s Close moves focus to the launcher', async ({ openTracked }) => {
  const { page } = await openTracked('/test/e2e/pages/trackers.html');
  await acceptAllUntilRan(page, 'gtag.js');
  await page.evaluate(() => window.Candor!.withdraw());
  const close = reloadNotice(page).getByRole('button', { name: 'Close' });
  await expect(close).toBeVisible();
  await page.locator('body').focus();
  await tabTo(page, close);
  await watchFocus(page);
  await page.keyboard.press('Enter');
  await expect.poll(() => focused(page)).toBe('button:Privacy settings');
  expect(await lostFocus(page)).toEqual([]);
});

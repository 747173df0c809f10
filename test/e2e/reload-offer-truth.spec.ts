/**
 * One source of truth for the reload offer: the notice says "Some of what you turned off was
 * already running on this page", which holds only while what was turned off stays off. A decision
 * that grants it all again (in another tab, or in this page's panel) leaves nothing to stop: the
 * notice must go, not keep telling the visitor of a refusal that is no longer the decision.
 */
import { expect, test } from './fixtures';
import { acceptAllUntilRan, reloadNotice } from './steps';

test('the reload offer after a withdrawal in another tab goes when that tab then accepts everything: it no longer tells of a refusal that is not the decision', async ({
  context,
  openTracked,
}) => {
  const { page } = await openTracked('/test/e2e/pages/trackers.html');
  await acceptAllUntilRan(page, 'gtag.js');
  const other = await context.newPage();
  await other.goto(page.url());
  await other.evaluate(() => window.Candor!.ready);
  await other.evaluate(() => window.Candor!.withdraw());
  const notice = reloadNotice(page);
  await expect(notice).toBeVisible(); // the withdrawal reached this page: gtag.js ran, a reload stops it
  await other.evaluate(() => window.Candor!.acceptAll());
  await expect.poll(() => page.evaluate(() => window.Candor!.has('analytics'))).toBe(true);
  await expect(notice).toBeHidden();
});

test('the reload offer goes when the visitor grants everything again in this page’s panel', async ({ openTracked }) => {
  const { page } = await openTracked('/test/e2e/pages/trackers.html');
  await acceptAllUntilRan(page, 'gtag.js');
  await page.evaluate(() => window.Candor!.withdraw());
  const notice = reloadNotice(page);
  await expect(notice).toBeVisible();
  await page.getByRole('button', { name: 'Privacy settings' }).click();
  await page.getByRole('dialog', { name: 'Privacy settings' }).getByRole('button', { name: 'Accept all' }).click();
  await expect.poll(() => page.evaluate(() => window.Candor!.has('analytics'))).toBe(true);
  await expect(notice).toBeHidden();
});

test('the reload offer after two revokes stays while what the second took back stays refused, and goes once that too is granted again', async ({
  openTracked,
}) => {
  const { page } = await openTracked('/test/e2e/pages/trackers.html');
  await acceptAllUntilRan(page, 'gtag.js', 'fbevents.js');
  const notice = reloadNotice(page);
  await page.evaluate(() => window.Candor!.update({ purposes: { marketing: false } }));
  await expect(notice).toBeVisible();
  await page.evaluate(() => window.Candor!.update({ purposes: { analytics: false } }));
  await page.evaluate(() => window.Candor!.update({ purposes: { marketing: true } }));
  await expect.poll(() => page.evaluate(() => window.Candor!.has('marketing'))).toBe(true);
  await expect(notice).toBeVisible(); // Google Analytics ran and is refused: only a reload stops it
  await page.evaluate(() => window.Candor!.update({ purposes: { analytics: true } }));
  await expect(notice).toBeHidden();
});

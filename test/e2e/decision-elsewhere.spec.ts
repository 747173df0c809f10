/**
 * A first visit's banner decision waits for the engine (ui/pre-engine.ts), which dates it at the
 * click (DecisionOptions.madeAt). If the visitor makes a newer decision elsewhere meanwhile (another
 * tab; a page left and restored from the back/forward cache works the same way), that one stands:
 * the banner's older click, applied later, would otherwise win. A call this page made before the
 * click is not "elsewhere": the click, made last, stands. Real tabs, real IndexedDB and cookie;
 * the engine held on its way.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { decisionStored } from './a11y';
import { expect, test } from './fixtures';
import { fakeTrackers } from './trackers';

const ENGINE = '/dist/candor-engine.mjs';
const PAGE = '/test/e2e/pages/basic.html';
const banner = (page: Page) => page.getByRole('region', { name: 'Cookies and your privacy' });

/** A new tab on the page with its engine held until `release()`. */
async function heldTab(context: BrowserContext, origin: string): Promise<{ tab: Page; release: () => void }> {
  const tab = await context.newPage();
  let release = (): void => {};
  const held = new Promise<void>((r) => (release = r));
  await tab.route(`**${ENGINE}`, async (route) => (await held, route.continue()));
  await tab.goto(`${origin}${PAGE}`);
  return { tab, release };
}

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
  // Open before the click, its banner still asking after it (a tab opened after the click records
  // the click itself, from the banner's mark, and asks nothing: quick-leave.spec.ts).
  const other = await context.newPage();
  await other.goto(`${origin}${PAGE}`);
  await expect(banner(other)).toBeVisible();
  await banner(page).getByRole('button', { name: 'Accept all' }).click();
  await expect(banner(page)).toBeHidden();
  await expect.poll(() => requested).toBe(true); // on its way, not arrived: nothing recorded yet

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

test('a placeholder’s grant asked for before the banner’s Reject all, both while the engine is on its way: the refusal, made last, stands', async ({
  page,
  context,
  origin,
  watched,
}) => {
  await fakeTrackers(context);
  let release = (): void => {};
  const held = new Promise<void>((r) => (release = r));
  let requested = false;
  await page.route(`**${ENGINE}`, async (route) => ((requested = true), await held, route.continue()));
  await page.goto(`${origin}/test/e2e/pages/trackers.html`);
  await page.getByRole('button', { name: /Load YouTube/ }).click(); // the page's own call, through window.Candor
  await expect.poll(() => requested).toBe(true);
  await banner(page).getByRole('button', { name: 'Reject all' }).click(); // after it: the visitor's last word
  release();
  await expect.poll(() => page.evaluate(async () => (await window.Candor!.records()).length)).toBe(2);
  const records = await page.evaluate(() => window.Candor!.records());
  expect(records.map((r) => r.method)).toEqual(['banner:reject-all', 'placeholder']); // newest first
  expect(await page.evaluate(() => window.Candor!.has('youtube'))).toBe(false);
  expect(watched.pageErrors).toEqual([]);
});

/** Waits until `page` has recorded its decision, and checks that the other tab's later tap is still marked in the copy. */
async function recordedUnderTap(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(async () => (await window.Candor!.records()).length)).toBe(1);
  expect(await page.evaluate(() => localStorage.getItem('candor:v1:cookie')?.[0])).toBe('[');
}

test('two first-visit tabs, each engine on its way: the click made last stands, whichever engine arrives first', async ({
  context,
  origin,
}) => {
  const first = await heldTab(context, origin);
  const second = await heldTab(context, origin);
  await banner(first.tab).getByRole('button', { name: 'Accept all' }).click();
  await banner(second.tab).getByRole('button', { name: 'Reject all' }).click(); // the visitor's last word
  // The first click's engine arrives after the second click was made, and records it (dated at its
  // click), but leaves the second click's mark for its page (or the next one) to record: not yet
  // recorded, it is the newer decision.
  first.release();
  await recordedUnderTap(first.tab);
  second.release();
  await expect
    .poll(() => second.tab.evaluate(async () => (await window.Candor!.records()).map((r) => r.method)))
    .toEqual(['banner:reject-all', 'banner:accept-all']);
  for (const tab of [first.tab, second.tab])
    await expect.poll(() => tab.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
});

test('a page’s own Candor.acceptAll() in one tab, then Reject all in another, both engines on their way: the refusal, made last, stands', async ({
  context,
  origin,
}) => {
  const site = await heldTab(context, origin);
  const visitor = await heldTab(context, origin);
  await site.tab.evaluate(() => void window.Candor!.acceptAll()); // a site's own "I agree" link, say
  await banner(visitor.tab).getByRole('button', { name: 'Reject all' }).click(); // after it
  site.release(); // applied after the click, dated when it was asked for
  await recordedUnderTap(site.tab);
  visitor.release();
  await expect
    .poll(() => visitor.tab.evaluate(async () => (await window.Candor!.records()).map((r) => r.method)))
    .toEqual(['banner:reject-all', 'api']);
  for (const tab of [site.tab, visitor.tab])
    await expect.poll(() => tab.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
});

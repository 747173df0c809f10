/**
 * Opt-out mode (US state laws): PRODUCT.md's "Do Not Sell or Share My Personal Information" link,
 * in real Chromium behind the fake trackers: the site's footer link opens the panel, whose button
 * stops the sale or sharing tags (proven by the requests after a reload) and keeps the others.
 */
import type { Page } from '@playwright/test';
import { axe } from './a11y';
import { expect, gateSettled, test } from './fixtures';
import type { TrackerLog } from './trackers';

const PAGE = '/test/e2e/pages/optout-sale.html';
const DO_NOT_SELL = 'Do not sell or share my personal information';
const panel = (page: Page) => page.getByRole('dialog', { name: 'Privacy settings' });

/** Marketing (sale or sharing) refused, analytics on by default, and only the analytics tag requested. */
async function onlyTheSaleRefused(page: Page, log: TrackerLog): Promise<void> {
  expect(await page.evaluate(() => [window.Candor!.has('marketing'), window.Candor!.has('analytics')])).toEqual([
    false,
    true,
  ]);
  await expect.poll(() => log.hosts()).toEqual(['www.googletagmanager.com']);
  await gateSettled(page); // the gate has handled every marked tag of the page
  expect(log.hosts()).toEqual(['www.googletagmanager.com']);
}

test('the footer link opens the panel, whose Do not sell or share button stops the sale or sharing tags and keeps the others', async ({
  openTracked,
  page,
  watched,
}, info) => {
  const { log } = await openTracked(PAGE);
  // Opt-out mode: on until the visitor opts out.
  await expect.poll(() => log.hosts()).toEqual(['connect.facebook.net', 'www.googletagmanager.com']);
  const link = page.getByRole('link', { name: 'Do Not Sell or Share My Personal Information' });
  await link.click();
  await expect(panel(page)).toBeVisible();
  const button = panel(page).getByRole('button', { name: DO_NOT_SELL });
  await expect(button).toBeVisible();
  await axe(page, info, 'panel-opt-out');
  await button.click();
  await expect(panel(page)).toBeHidden();
  await expect(link).toBeFocused(); // focus returns to the opener
  const after = await page.evaluate(async () => {
    const [record] = await window.Candor!.records();
    return {
      marketing: window.Candor!.has('marketing'),
      pixel: window.Candor!.has('meta-pixel'),
      analytics: window.Candor!.has('analytics,ga4'),
      method: record?.method,
    };
  });
  expect(after).toEqual({ marketing: false, pixel: false, analytics: true, method: 'panel:save' });

  // The next page: the sale or sharing tag is never requested, the others still are.
  log.requests.length = 0;
  await page.reload();
  await page.evaluate(() => window.Candor!.ready);
  await expect.poll(() => log.hosts()).toEqual(['www.googletagmanager.com']);
  await gateSettled(page); // the gate has handled every marked tag of the page
  expect(log.hosts()).toEqual(['www.googletagmanager.com']);
  expect(watched.pageErrors).toEqual([]);
});

test('the opt-out holds when the policy revision is raised: the visitor is asked again, and the sale or sharing tag still never runs meanwhile', async ({
  openTracked,
  page,
  watched,
}) => {
  const { log } = await openTracked(PAGE);
  await page.getByRole('link', { name: 'Do Not Sell or Share My Personal Information' }).click();
  await panel(page).getByRole('button', { name: DO_NOT_SELL }).click();
  await expect(panel(page)).toBeHidden();
  // The site raises its policy revision: the stored decision no longer counts.
  await page.route(`**${PAGE}`, async (route) => {
    const body = (await (await route.fetch()).text()).replace('"revision": 1', '"revision": 2');
    await route.fulfill({ body, contentType: 'text/html' });
  });
  log.requests.length = 0;
  await page.reload();
  await page.evaluate(() => window.Candor!.ready);
  await expect(page.getByRole('button', { name: 'Accept all' })).toBeVisible(); // asked again
  await onlyTheSaleRefused(page, log);
  expect(watched.pageErrors).toEqual([]);
});

test('the opt-out holds when the site adds a purpose without raising its revision: the cookie names purposes by position, and grants nothing by it', async ({
  openTracked,
  page,
  watched,
}) => {
  // Marketing before analytics, then a purpose inserted before marketing: read by position, the
  // cookie's bit for analytics (on) would fall on marketing.
  let edited = false;
  const purposes = (extra: string): string =>
    `"purposes": [{ "id": "necessary", "required": true }, ${extra}{ "id": "marketing", "saleOrSharing": true }, { "id": "analytics" }],`;
  await page.route(`**${PAGE}`, async (route) => {
    const html = await (await route.fetch()).text();
    const body = html.replace(/"purposes": \[.*\],/, purposes(edited ? '{ "id": "functional" }, ' : ''));
    await route.fulfill({ body, contentType: 'text/html' });
  });
  const { log } = await openTracked(PAGE);
  await page.getByRole('link', { name: 'Do Not Sell or Share My Personal Information' }).click();
  await panel(page).getByRole('button', { name: DO_NOT_SELL }).click();
  await expect(panel(page)).toBeHidden();
  await page.evaluate(() => window.Candor!.records()); // stored
  edited = true;
  log.requests.length = 0;
  await page.reload();
  await page.evaluate(() => window.Candor!.ready);
  await onlyTheSaleRefused(page, log);
  expect(watched.pageErrors).toEqual([]);
});

test('an opt-in site has no Do not sell or share button: nothing is sold before consent', async ({ page, origin }) => {
  await page.route(`**${PAGE}`, async (route) => {
    const body = (await (await route.fetch()).text()).replace('"opt-out"', '"opt-in"');
    await route.fulfill({ body, contentType: 'text/html' });
  });
  await page.goto(`${origin}${PAGE}`);
  await page.getByRole('link', { name: 'Do Not Sell or Share My Personal Information' }).click();
  await expect(panel(page).getByRole('button', { name: 'Reject all' })).toBeVisible();
  await expect(panel(page).getByRole('button', { name: DO_NOT_SELL })).toHaveCount(0);
});

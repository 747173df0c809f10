/** The demo behind `npm start`, used as a visitor would, against its real receiver. */
import type { Page } from '@playwright/test';
import { AxeBuilder } from './a11y';
import { expect, test } from './demo-fixture';
import { demoTrackers, visitAndDecide } from './steps';

const cookieNames = async (page: Page) => (await page.context().cookies()).map((c) => c.name).sort();

test('npm start serves the demo, the receiver and the site-owner page; no record is listed to a visitor', async ({
  demo,
}) => {
  const home = await fetch(`${demo}/`);
  expect(home.status).toBe(200);
  expect(await home.text()).toContain('The Corner Bakery');
  expect((await fetch(`${demo}/api/consent?subject=${crypto.randomUUID()}`)).status).toBe(200);
  // The demo's old listing of every record is gone; the records are behind the admin token.
  expect((await fetch(`${demo}/api/consent/records`)).status).toBe(404);
  expect((await fetch(`${demo}/candor-admin/api/records`)).status).toBe(401);
  const admin = await fetch(`${demo}/candor-admin/`);
  expect(admin.status).toBe(200);
  expect(await admin.text()).toContain('<title>Consent dashboard · Candor</title>');
  expect((await fetch(`${demo}/demo/.data/records.jsonl`)).status).toBe(404);
});

test('first visit → Reject all: no tracker runs, only the necessary cookie; the records page shows the visitor their refusal', async ({
  page,
  demo,
}) => {
  await visitAndDecide(page, `${demo}/`, 'Reject all');
  await page.reload();
  await page.evaluate(() => window.Candor!.ready);
  expect(await demoTrackers(page)).toEqual([]);
  expect(await cookieNames(page)).toEqual(['candor']);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Consent records' }).click();
  await expect(page.getByRole('status')).toHaveText('1 record.'); // this visitor's own, no one else's
  await expect(page.getByRole('cell', { name: 'banner:reject-all' })).toBeVisible();
  const subject = await page.evaluate(async () => (await window.Candor!.records())[0]!.subject);
  await expect(page.locator('#records-subject')).toHaveText(subject);
});

test('Customize → statistics only: only the analytics tag runs', async ({ page, demo }) => {
  await page.goto(`${demo}/`);
  await page.getByRole('button', { name: 'Customize' }).click();
  await page.getByRole('dialog').getByRole('switch', { name: 'Statistics' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Save choices' }).click();
  await expect.poll(() => demoTrackers(page)).toEqual(['Bakery Stats (analytics)']);
  await expect(page.getByRole('log', { name: 'Tag activity' })).toContainText('Bakery Stats (analytics) loaded');
  expect(await cookieNames(page)).toEqual(['_bs_id', 'candor']);
});

test('shop: the YouTube placeholder loads the video after its button', async ({ page, demo }) => {
  await page.route('https://www.youtube-nocookie.com/**', (r) =>
    r.fulfill({ contentType: 'text/html', body: '<title>video</title><p>video playing</p>' }),
  );
  await page.goto(`${demo}/shop.html`);
  await page.getByRole('button', { name: 'Reject all' }).click();
  const load = page.getByRole('button', { name: 'Load YouTube from Google' });
  await load.click();
  await expect(page.frameLocator('iframe').getByText('video playing')).toBeVisible();
  expect(await demoTrackers(page)).toEqual([]); // the video alone, not the ad tag
});

test('account page: the inline panel changes the decision; launcher → Reject all → trackers stop after reload', async ({
  page,
  demo,
}) => {
  await page.goto(`${demo}/`);
  await page.getByRole('button', { name: 'Accept all' }).click();
  await expect.poll(() => demoTrackers(page)).toHaveLength(2);
  await page.goto(`${demo}/account.html`);
  const inline = page.locator('#privacy-choices');
  await expect(inline.getByRole('switch', { name: 'Marketing' })).toHaveAttribute('aria-checked', 'true');
  await page.getByRole('button', { name: 'Privacy settings' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Reject all' }).click();
  await page.reload();
  await page.evaluate(() => window.Candor!.ready);
  expect(await demoTrackers(page)).toEqual([]);
});

test('newsletter page: the sign-up stores preferences, kept after reload', async ({ page, demo }) => {
  await visitAndDecide(page, `${demo}/newsletter.html`, 'Reject all');
  const form = page.locator('#newsletter-preferences');
  await form.getByRole('checkbox', { name: 'Send me the bakery newsletter' }).check();
  await form.getByRole('radio', { name: 'At most twice a week' }).check();
  await expect(form.getByRole('group', { name: 'How often' })).toContainText('never more than two emails in one week');
  await form.getByRole('checkbox', { name: 'Newsletter: In the app' }).check();
  await form.getByRole('button', { name: 'Save choices' }).click();
  await expect
    .poll(() => page.evaluate(async () => (await window.Candor!.records())[0]?.preferences['frequency']))
    .toBe('at-most-twice-a-week');
  await page.reload();
  await expect(
    page.locator('#newsletter-preferences').getByRole('radio', { name: 'At most twice a week' }),
  ).toBeChecked();
  expect(await page.evaluate(() => window.Candor!.has('marketing'))).toBe(false); // a preference is not consent
});

test('launcher → withdraw everything in the dashboard → the trackers stop after reload; the records page lists each decision', async ({
  page,
  demo,
}) => {
  await visitAndDecide(page, `${demo}/`, 'Accept all');
  await expect.poll(() => demoTrackers(page)).toHaveLength(2);
  await page.getByRole('button', { name: 'Privacy settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Privacy settings' });
  await dialog.getByRole('tab', { name: 'Your data and history' }).click();
  await dialog.getByRole('button', { name: 'Withdraw everything' }).click();
  await dialog.getByRole('button', { name: 'Yes, withdraw everything' }).click();
  await expect(dialog.getByText('Withdrew everything')).toBeVisible();
  await page.reload();
  await page.evaluate(() => window.Candor!.ready);
  expect(await demoTrackers(page)).toEqual([]);
  await page.goto(`${demo}/records.html`);
  await expect(page.getByRole('cell', { name: 'withdraw', exact: true }).first()).toBeVisible();
  await expect(page.getByRole('cell', { name: 'banner:accept-all' }).first()).toBeVisible();
});

for (const path of ['/', '/shop.html', '/newsletter.html', '/account.html', '/records.html', '/privacy.html']) {
  test(`axe: ${path} with the banner open has zero violations`, async ({ page, demo }) => {
    await page.goto(`${demo}${path}`);
    await expect(
      page.getByRole('region', { name: 'Cookies and your privacy' }).getByRole('button', { name: 'Accept all' }),
    ).toBeVisible();
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa']).analyze();
    expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
}

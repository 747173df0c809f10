/**
 * candor/page in a real browser: an npm app (test/e2e/npm-app/page-app.mjs) bundled from the built
 * package (dist/, resolved through package.json's exports as a bundler does) gets what the script
 * tag gives a page: nothing gated runs or loads before consent, Consent Mode defaults then updates,
 * `candor_consent_update` in the dataLayer, `candor:*` events, gated tags in order after consent,
 * and the choice kept after a reload.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { bundleApp } from './npm-bundle';
import { fakeTrackers } from './trackers';

let app = '';
test.beforeAll(async () => {
  test.setTimeout(120_000); // bundling is not the test's own time, and the machine may be busy
  app = await bundleApp(new URL('npm-app/page-app.mjs', import.meta.url));
});

const openApp = async (page: Page, open: (path: string) => Promise<Page>) => {
  await page.route('**/npm-page-app.js', (route) => route.fulfill({ body: app, contentType: 'text/javascript' }));
  await open('/test/e2e/pages/npm-page.html');
  await page.waitForFunction(() => (window as { consent?: { ready: Promise<void> } }).consent);
  await page.evaluate(() => (window as unknown as { consent: { ready: Promise<void> } }).consent.ready);
};
/** gtag's consent calls (Arguments objects in dataLayer) and candor_consent_update pushes, in order. */
const told = (page: Page) =>
  page.evaluate(() =>
    ((window as { dataLayer?: unknown[] }).dataLayer ?? []).map((x) =>
      x && typeof x === 'object' && 'length' in x ? Array.from(x as ArrayLike<unknown>) : x,
    ),
  );
const ran = (page: Page) => page.evaluate(() => (window as { __ran?: string[] }).__ran ?? []);
const events = (page: Page) => page.evaluate(() => (window as { pageEvents?: string[] }).pageEvents ?? []);

test('the bundle is built from dist/ through the exports map', () => {
  expect(app).toContain('function connectPage');
  expect(app).toContain('function createConsent');
});

test('an npm app with candor/page: gated until Accept all, told like the script tag, choice kept after reload', async ({
  page,
  context,
  open,
  watched,
}) => {
  const log = await fakeTrackers(context);
  await openApp(page, open);
  // Before consent: nothing ran, no tracker request, Consent Mode denied, the page told once.
  expect(await ran(page)).toEqual([]);
  expect(log.hosts()).toEqual([]);
  const first = await told(page);
  expect(first[0]).toEqual(['consent', 'default', expect.objectContaining({ analytics_storage: 'denied' })]);
  expect(first.filter((x) => (x as { event?: string }).event === 'candor_consent_update')).toEqual([
    {
      event: 'candor_consent_update',
      candor: { purposes: { necessary: true, analytics: false, marketing: false }, services: { ga4: false } },
    },
  ]);
  expect(await events(page)).toEqual(['ready', 'prompt']);

  await page.evaluate(() => (window as unknown as { consent: { acceptAll(): Promise<unknown> } }).consent.acceptAll());
  await expect.poll(() => ran(page)).toEqual(['inline analytics', 'gtag.js', 'inline marketing']);
  expect(log.hosts()).toEqual(['www.googletagmanager.com']);
  expect((await told(page)).slice(first.length)).toEqual([
    ['consent', 'update', expect.objectContaining({ analytics_storage: 'granted', ad_storage: 'granted' })],
    {
      event: 'candor_consent_update',
      candor: { purposes: { necessary: true, analytics: true, marketing: true }, services: { ga4: true } },
    },
  ]);
  expect(await events(page)).toEqual(['ready', 'prompt', 'change']);

  // After a reload the stored choice applies: each tag runs once, Consent Mode default then update.
  await page.reload();
  await page.waitForFunction(() => (window as { consent?: unknown }).consent);
  await page.evaluate(() => (window as unknown as { consent: { ready: Promise<void> } }).consent.ready);
  await expect.poll(() => ran(page)).toEqual(['inline analytics', 'gtag.js', 'inline marketing']);
  const again = await told(page);
  expect(again.map((x) => (Array.isArray(x) ? `${x[0]} ${x[1]}` : (x as { event: string }).event))).toEqual([
    'consent default',
    'set ads_data_redaction',
    'consent update',
    'candor_consent_update',
  ]);
  expect(again[2]).toEqual(['consent', 'update', expect.objectContaining({ analytics_storage: 'granted' })]);
  expect(await events(page)).toEqual(['ready']);

  // Withdrawing: cookies of the service deleted, candor:revoke, the page told once more.
  await page.evaluate(() => (document.cookie = '_ga=GA1.1.1; path=/'));
  await page.evaluate(() => (window as unknown as { consent: { withdraw(): Promise<unknown> } }).consent.withdraw());
  await expect.poll(() => events(page)).toEqual(['ready', 'change', 'revoke']);
  expect(await page.evaluate(() => document.cookie)).not.toContain('_ga=');
  expect(watched.pageErrors).toEqual([]);
  expect(watched.consoleErrors).toEqual([]);
});

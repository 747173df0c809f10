/**
 * A locale file is untrusted input (a careless edit of the site's copy, a CDN that serves something
 * else): the first layer's file (locales/first/) and the panel's whole file (locales/) are taken
 * only when every value is text and the banner's title and three buttons have words; else the UI
 * shows English, whole. Texts from a file stay text (never markup), and a `{name}` in them is
 * filled only from the banner's own values (never `{constructor}` from Object.prototype).
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { openUi } from './a11y';
import { expect, test } from './fixtures';

/** Serves `file` (dist/locales/…) as edited by `edit`, and opens the UI test page in German. */
async function germanWith(
  page: Page,
  origin: string,
  file: string,
  edit: (m: Record<string, unknown>) => void,
): Promise<void> {
  await page.route(`**/dist/locales/${file}`, async (route) => {
    const m = JSON.parse(readFileSync(`dist/locales/${file}`, 'utf8')) as Record<string, unknown>;
    edit(m);
    await route.fulfill({ body: JSON.stringify(m), contentType: 'application/json' });
  });
  await openUi(page, origin, { lang: 'de' });
}

const bannerButtons = (page: Page) =>
  page
    .getByRole('region', { name: /./ })
    .filter({ has: page.getByRole('button') })
    .getByRole('button');

const BROKEN: Record<string, (m: Record<string, unknown>) => void> = {
  'a list separator that is a number': (m) => (m['format.list'] = 7),
  'a plural form that is an object': (m) => (m['format.month.0'] = { x: 1 }),
  'no words for Reject all': (m) => delete m['banner.rejectAll'],
  'a title that is null': (m) => (m['banner.title'] = null),
};

for (const [what, edit] of Object.entries(BROKEN))
  test(`a first-layer locale file with ${what}: the banner in English, whole, and nothing thrown`, async ({
    page,
    origin,
    watched,
  }) => {
    await germanWith(page, origin, 'first/de.json', edit);
    await expect(page.getByRole('region', { name: 'Cookies and your privacy' })).toBeVisible();
    await expect(bannerButtons(page)).toHaveText(['Accept all', 'Reject all', 'Customize']);
    expect(watched.pageErrors).toEqual([]);
  });

test('the same file unedited: the banner in German (the control)', async ({ page, origin, watched }) => {
  await germanWith(page, origin, 'first/de.json', () => {});
  await expect(bannerButtons(page)).toHaveText(['Alle akzeptieren', 'Alle ablehnen', 'Anpassen']);
  expect(watched.pageErrors).toEqual([]);
});

test("the panel's whole locale file with a value that is no text: the panel in English", async ({
  page,
  origin,
  watched,
}) => {
  await germanWith(page, origin, 'de.json', (m) => (m['panel.title'] = ['Datenschutz']));
  await page.getByRole('button', { name: 'Anpassen' }).click();
  await expect(page.getByRole('dialog', { name: 'Privacy settings' })).toBeVisible();
  expect(watched.pageErrors).toEqual([]);
});

test('markup in a locale text is shown as text, and a {constructor} in it stays as written', async ({
  page,
  origin,
  watched,
}) => {
  await germanWith(page, origin, 'first/de.json', (m) => {
    m['banner.title'] = '<img src=x onerror="window.__pwned=1">Cookies';
    m['banner.acceptAll'] = '<b>Alle akzeptieren</b>';
    m['banner.purposes'] = 'Zwecke: {purposes}. {constructor} {__proto__}';
  });
  const region = page.getByRole('region', { name: '<img src=x onerror="window.__pwned=1">Cookies' });
  await expect(region).toBeVisible();
  await expect(region.getByRole('button', { name: '<b>Alle akzeptieren</b>' })).toBeVisible();
  await expect(region).toContainText('{constructor} {__proto__}');
  expect(await region.locator('img, b, script').count()).toBe(0);
  expect(await region.textContent()).not.toContain('native code');
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(watched.pageErrors).toEqual([]);
});

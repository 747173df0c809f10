/**
 * Locales in Chromium, on the built bundle: the banner speaks the page's `lang` (Bulgarian) or,
 * without one, the browser's language (Traditional Chinese for zh-TW and zh-HK, Norwegian for
 * nb-NO), fetching only that locale's first layer; axe finds nothing in the banner and the panel
 * of five new locales in four scripts (the UI marked with their lang); and no locale's first-layer
 * buttons are wider on one line than the room a bar can give them at 1280 px.
 */
import { readdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { axe, openUi } from './a11y';
import { expect, test } from './fixtures';

const banner = (page: Page) => page.locator('[data-candor-ui]').locator('section.banner');

test('page lang="bg": the banner is in Bulgarian, and only the Bulgarian first layer is fetched', async ({
  page,
  origin,
  watched,
}) => {
  await openUi(page, origin, { lang: 'bg' });
  await expect(banner(page).getByRole('button', { name: 'Приемане на всички' })).toBeVisible();
  await expect(banner(page).getByRole('button', { name: 'Отхвърляне на всички' })).toBeVisible();
  await expect(banner(page).getByRole('heading', { name: 'Бисквитките и Вашата поверителност' })).toBeVisible();
  expect(watched.requests.filter((u) => u.includes('/locales/'))).toEqual([
    expect.stringContaining('/locales/first/bg.json'),
  ]);
});

for (const lang of ['ru', 'hi', 'th', 'ga', 'zh-TW']) {
  test(`axe: the banner and the panel in ${lang}, with the UI marked lang="${lang}"`, async ({
    page,
    origin,
  }, info) => {
    await openUi(page, origin, { lang });
    const host = page.locator('[data-candor-ui]');
    await expect(banner(page).locator('.actions button')).toHaveCount(3);
    expect(await host.getAttribute('lang')).toBe(lang);
    await axe(page, info, `banner-${lang}`);
    await banner(page).locator('.actions button').nth(2).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await axe(page, info, `panel-${lang}`);
  });
}

for (const [locale, accept, file] of [
  ['zh-TW', '全部接受', 'zh-TW'],
  ['zh-HK', '全部接受', 'zh-TW'],
  ['nb-NO', 'Godta alle', 'no'],
] as const) {
  test.describe(`a browser in ${locale}`, () => {
    test.use({ locale });
    test(`on a page without lang: the banner is in ${file}`, async ({ page, origin, watched }) => {
      await openUi(page, origin, { lang: '' });
      expect(await page.evaluate(() => navigator.languages[0])).toBe(locale);
      await expect(banner(page).getByRole('button', { name: accept })).toBeVisible();
      expect(watched.requests.filter((u) => u.includes('/locales/'))).toEqual([
        expect.stringContaining(`/locales/first/${file}.json`),
      ]);
    });
  });
}

/**
 * How wide a first-layer button is on one line, in every locale: at most 250 px at the bar's font,
 * so a bar that gives each of its three buttons 250 px never wraps a label at 1280 px (the widest
 * today: Bulgarian, Irish, Polish and Hungarian). Whether the bar gives them that room is the
 * layout's part (issue 15's design half), checked with the look.
 */
test('every locale keeps its three first-layer buttons within 250 px on one line', async ({ page, origin }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  const wide: string[] = [];
  for (const lang of readdirSync('locales').filter((f) => f.endsWith('.json'))) {
    await openUi(page, origin, { lang: lang.replace('.json', ''), layout: 'bar' });
    await expect(banner(page).locator('.actions button')).toHaveCount(3);
    const widths = await banner(page)
      .locator('.actions button')
      .evaluateAll((buttons) =>
        buttons.map((b) => {
          b.style.whiteSpace = 'nowrap';
          b.style.width = 'max-content';
          return [b.textContent ?? '', b.getBoundingClientRect().width] as const;
        }),
      );
    for (const [text, width] of widths) if (width > 250) wide.push(`${lang}: ${text} (${Math.round(width)} px)`);
  }
  expect(wide).toEqual([]);
});

/**
 * The words tell the truth, in Chromium: a placeholder says that its choice is remembered and
 * grants that one service without deciding anything else (the banner still asks), keeps the size
 * of its embed (nothing moves when it loads), and a revoke that leaves a script running offers the
 * reload (axe clean).
 */
import type { Page } from '@playwright/test';
import { AxeBuilder, tabPastCandor } from './a11y';
import { expect, test } from './fixtures';

declare global {
  interface Window {
    __ran?: string[];
  }
}

const banner = (page: Page) => page.getByRole('region', { name: 'Cookies and your privacy' });

test('a placeholder says the choice is remembered, grants just its service, records nothing else: the banner still asks', async ({
  openTracked,
  watched,
}) => {
  const { page } = await openTracked('/test/e2e/pages/embed-purpose.html');
  const video = page.locator('.candor-placeholder[data-for="marketing"]').first();
  await expect(video).toContainText(
    'If you load it, we remember that you allowed YouTube and nothing else. You can change that at any time in the privacy settings.',
  );
  await expect(banner(page)).toBeVisible();
  await video.getByRole('button', { name: 'Load YouTube from Google' }).click();
  await expect(page.frameLocator('iframe[title="How we bake our sourdough"]').getByText('video')).toBeVisible();
  const [record] = await page.evaluate(() => window.Candor!.records());
  expect(record).toMatchObject({ method: 'placeholder', purposes: {}, services: { youtube: true } });
  expect(await page.evaluate(() => [window.Candor!.needsPrompt!.value, window.Candor!.has('marketing')])).toEqual([
    true,
    false,
  ]);
  await expect(banner(page)).toBeVisible(); // nothing else was decided
  // Remembered: on the next page the video loads at once, and the banner still asks.
  await page.reload();
  await expect(page.frameLocator('iframe[title="How we bake our sourdough"]').getByText('video')).toBeVisible();
  await expect(banner(page)).toBeVisible();
  expect(await page.evaluate(() => window.Candor!.has('marketing'))).toBe(false);
  expect(watched.pageErrors).toEqual([]);
});

test('a placeholder takes its embed’s size: nothing on the page moves when the embed loads', async ({
  openTracked,
}) => {
  const { page } = await openTracked('/test/e2e/pages/embed-purpose.html');
  const placeholder = page.locator('.candor-placeholder').first();
  const button = placeholder.getByRole('button', { name: 'Load YouTube from Google' });
  await expect(button).toBeVisible();
  const box = await placeholder.boundingBox();
  const below = page.getByRole('button', { name: 'Open privacy settings to load The weather widget' });
  const before = await below.boundingBox();
  await button.click();
  const frame = page.locator('iframe[title="How we bake our sourdough"]');
  await expect(page.frameLocator('iframe[title="How we bake our sourdough"]').getByText('video')).toBeVisible();
  const loaded = await frame.boundingBox();
  expect(box).not.toBeNull();
  expect([loaded!.width, loaded!.height]).toEqual([box!.width, box!.height]);
  expect(await below.boundingBox()).toEqual(before);
});

test('a revoke that leaves a script running offers the reload; the reload stops it', async ({ openTracked }, info) => {
  const { page } = await openTracked('/test/e2e/pages/trackers.html');
  await banner(page).getByRole('button', { name: 'Accept all' }).click();
  await expect.poll(() => page.evaluate(() => window.__ran ?? [])).toContain('gtag.js');
  await page.evaluate(() => window.Candor!.withdraw());
  const offer = page.getByRole('button', { name: 'Reload page' });
  await expect(offer).toBeVisible();
  const words = 'Some of what you turned off was already running on this page. Reload the page to stop it.';
  await expect(page.locator('[data-candor-ui] .notice p')).toHaveText(words);
  await expect(page.getByRole('status')).toHaveText(words); // announced
  await info.attach('reload-offer.png', { body: await page.screenshot(), contentType: 'image/png' });
  const axe = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await offer.press('Enter');
  await page.waitForLoadState('load');
  await page.evaluate(() => window.Candor!.ready);
  expect(await page.evaluate(() => window.__ran ?? [])).toEqual([]);
  await expect(page.getByRole('button', { name: 'Reload page' })).toBeHidden();
});

test('the reload offer fits a 400 % zoom (320 × 256) and scrolls its own words; nothing the page focuses is under it (WCAG 1.4.10, 2.4.11)', async ({
  openTracked,
}) => {
  const { page } = await openTracked('/test/e2e/pages/trackers.html');
  await page.setViewportSize({ width: 320, height: 256 });
  await banner(page).getByRole('button', { name: 'Accept all' }).click();
  await expect.poll(() => page.evaluate(() => window.__ran ?? [])).toContain('gtag.js');
  await page.evaluate(() => window.Candor!.withdraw());
  const notice = page.locator('[data-candor-ui] .notice');
  await expect(notice.getByRole('button', { name: 'Reload page' })).toBeVisible();
  const box = (await notice.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(256);
  // Its words and both buttons are reachable: what does not fit scrolls inside it.
  const fits = await notice.evaluate(
    (n) => n.scrollHeight <= n.clientHeight || getComputedStyle(n).overflowY === 'auto',
  );
  expect(fits).toBe(true);
  await page.setViewportSize({ width: 320, height: 640 });
  await page.locator('body').focus();
  await tabPastCandor(page, '.notice', 20);
});

// The offer's chunk, or its words: the first layer fetched only its own keys, the offer's come with
// the whole locale file (English when this one fails: both fail here).
for (const file of ['candor-chunk-reload-offer.mjs', 'locales/en.json'])
  test(`when the reload offer cannot load (${file}), the revoke still holds, the failure is said, and nothing is thrown into the page`, async ({
    openTracked,
  }) => {
    const { page } = await openTracked('/test/e2e/pages/trackers.html');
    const errors: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
    await page.route(`**/dist/${file}`, (route) => route.abort());
    await banner(page).getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => page.evaluate(() => window.__ran ?? [])).toContain('gtag.js');
    await page.evaluate(() => window.Candor!.withdraw());
    await expect
      .poll(() => errors.filter((e) => e.startsWith('Candor: could not load the reload offer')).length)
      .toBe(1);
    expect(errors.filter((e) => e.startsWith('uncaught'))).toEqual([]);
    expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
    await expect(page.getByRole('button', { name: 'Reload page' })).toHaveCount(0);
  });

/**
 * An embed marked with a purpose id: its placeholder grants just the service that serves it (by
 * the service's `hosts`), never the whole purpose; when no service serves it, the placeholder
 * grants nothing and its button opens the privacy settings.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const PAGE = '/test/e2e/pages/embed-purpose.html';
const grants = (page: Page) =>
  page.evaluate(async () => {
    const c = window.Candor!;
    return {
      records: (await c.records()).map((r) => r.method),
      marketing: c.has('marketing'),
      youtube: c.has('youtube'),
      maps: c.has('maps'),
    };
  });

test('an embed marked with a purpose: the placeholder names and grants just the service whose hosts serve it, never the purpose', async ({
  openTracked,
  watched,
}) => {
  const { page, log } = await openTracked(PAGE);
  const button = page.getByRole('button', { name: 'Load YouTube from Google' });
  await expect(button).toBeVisible();
  expect(log.requests).toEqual([]);
  await button.click();
  await expect(page.frameLocator('iframe[title="How we bake our sourdough"]').getByText('video')).toBeVisible();
  expect(await grants(page)).toEqual({ records: ['placeholder'], marketing: false, youtube: true, maps: false });
  // The other embed of the purpose stays held back: its placeholder is still there and it made no request.
  await expect(page.getByRole('button', { name: 'Open privacy settings to load The weather widget' })).toBeVisible();
  expect(await page.locator('iframe[title="The weather widget"]').getAttribute('src')).toBeNull();
  expect(log.hosts()).toEqual(['www.youtube-nocookie.com']);
  // Revoking the service brings the placeholder back.
  await page.evaluate(() => window.Candor!.update({ services: { youtube: false } }));
  await expect(button).toBeVisible();
  expect(await page.locator('iframe[title="How we bake our sourdough"]').getAttribute('src')).toBeNull();
  expect(watched.pageErrors).toEqual([]);
});

test('an embed marked with a purpose that no service serves: the placeholder grants nothing; its button (keyboard) opens the privacy settings', async ({
  openTracked,
  watched,
}) => {
  const { page, log } = await openTracked(PAGE);
  await expect(page.getByText('The weather widget is off until you allow it in the privacy settings.')).toBeVisible();
  const button = page.getByRole('button', { name: 'Open privacy settings to load The weather widget' });
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Privacy settings' })).toBeVisible();
  expect(await grants(page)).toEqual({ records: [], marketing: false, youtube: false, maps: false });
  expect(log.requests).toEqual([]);
  expect(await page.locator('iframe[title="The weather widget"]').getAttribute('src')).toBeNull();
  expect(watched.pageErrors).toEqual([]);
});

test('an embed marked with a purpose stays held when the visitor allows the purpose but switches off the service that serves it: no request', async ({
  openTracked,
  watched,
}) => {
  const { page, log } = await openTracked(PAGE);
  await page.evaluate(() => window.Candor!.update({ purposes: { marketing: true }, services: { youtube: false } }));
  expect(await grants(page)).toEqual({ records: ['api'], marketing: true, youtube: false, maps: true });
  // The weather widget, which no service serves, follows the purpose: it loads.
  await expect.poll(() => page.locator('iframe[title="The weather widget"]').getAttribute('src')).not.toBeNull();
  await expect(page.getByRole('button', { name: 'Load YouTube from Google' })).toBeVisible();
  expect(await page.locator('iframe[title="How we bake our sourdough"]').getAttribute('src')).toBeNull();
  expect(log.requests.filter((u) => u.includes('youtube'))).toEqual([]);
  // Switched on again (the purpose still on): it loads.
  await page.evaluate(() => window.Candor!.update({ services: { youtube: true } }));
  await expect(page.frameLocator('iframe[title="How we bake our sourdough"]').getByText('video')).toBeVisible();
  expect(watched.pageErrors).toEqual([]);
});

/**
 * A careless deploy: candor.js without candor-page.mjs (or the page chunk failing to load). The
 * returning visitor then has no launcher, no `[data-candor-open]`, and this page hears no other
 * tab's decision: the cookie must stop answering, and the page must be told so (fail closed).
 */
import type { Page } from '@playwright/test';
import { decisionStored } from './a11y';
import { expect, test } from './fixtures';
import { decide } from './steps';

const lastUpdate = (page: Page) =>
  page.evaluate(() => {
    const pushes = ((window as { dataLayer?: unknown[] }).dataLayer ?? []).filter(
      (e) => (e as { event?: string }).event === 'candor_consent_update',
    ) as { candor: { purposes: Record<string, boolean> } }[];
    return pushes.at(-1)?.candor.purposes['analytics'] ?? null;
  });

test('without candor-page.mjs a returning visitor is granted nothing and the page is told so', async ({
  open,
  watched,
}) => {
  const page = await open('/test/e2e/pages/basic.html');
  await decide(page, 'Accept all');
  await decisionStored(page);
  await page.route('**/dist/candor-page.mjs', (route) => route.abort());
  await page.reload();
  await expect.poll(() => page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
  await expect.poll(() => lastUpdate(page)).toBe(false);
  expect(watched.consoleErrors.join('\n')).toContain('could not load the page wiring');
  expect(watched.pageErrors).toEqual([]);
});

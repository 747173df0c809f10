/**
 * A careless deploy: candor.js without candor-returning.mjs or candor-first.mjs (or a chunk failing
 * to load). Without the returning-visitor chunk the loader cannot watch for other tabs or the
 * decision's expiry: the engine takes over at once (it answers from the stored decision). Without
 * the first layer (UI and page wiring) the launcher opens nothing and the engine cannot be wired: the cookie must stop
 * answering, and the page must be told so (fail closed).
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

test('without candor-returning.mjs the engine takes over at once, and the failure is reported', async ({
  open,
  watched,
}) => {
  const page = await open('/test/e2e/pages/basic.html');
  await decide(page, 'Accept all');
  await decisionStored(page);
  await page.route('**/dist/candor-returning.mjs', (route) => route.abort());
  await page.reload();
  // No launcher, no triggers from the loader: the engine loads and answers from the stored decision.
  await expect.poll(() => page.evaluate(() => window.Candor!.state !== undefined)).toBe(true);
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(true);
  expect(await page.evaluate(() => window.Candor!.state!.value.purposes['analytics'])).toBe(true);
  expect(watched.consoleErrors.join('\n')).toContain('could not load the page wiring');
  expect(watched.pageErrors).toEqual([]);
});

test('without candor-first.mjs the launcher opens nothing, and from then on the cookie grants nothing', async ({
  open,
  watched,
}) => {
  const page = await open('/test/e2e/pages/basic.html');
  await decide(page, 'Accept all');
  await decisionStored(page);
  const pageChunk: string[] = [];
  await page.route('**/dist/candor-first.mjs', (route) => (pageChunk.push(route.request().url()), route.abort()));
  await page.reload();
  // The returning visitor's page does not need the first layer until the launcher is used.
  const launcher = page.locator('[data-candor-launcher]').getByRole('button');
  await expect(launcher).toBeVisible();
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(true);
  expect(pageChunk).toEqual([]);
  await launcher.click();
  await expect.poll(() => page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
  await expect.poll(() => lastUpdate(page)).toBe(false);
  // For the launcher, then for the engine the failure starts (it imports what it shares with the
  // first layer from that file: the loader's parallel request and the engine's own import), no more.
  expect(pageChunk.length).toBeGreaterThanOrEqual(1);
  expect(pageChunk.length).toBeLessThanOrEqual(3);
  expect(watched.consoleErrors.join('\n')).toContain('could not load the page wiring');
  expect(watched.pageErrors).toEqual([]);
});

test('a first visit whose engine fails before the banner is on screen shows no banner that decides nothing', async ({
  page,
  open,
  watched,
}) => {
  await page.route('**/dist/candor-engine.mjs', (route) => route.abort());
  // The locale arrives late; meanwhile a site script reads Candor.ready (loading the engine, which fails).
  let localeServed = (): void => {};
  const served = new Promise<void>((r) => (localeServed = r));
  await page.route('**/locales/**', async (route) => {
    await new Promise((r) => setTimeout(r, 800));
    await route.continue();
    localeServed();
  });
  await page.route('**/test/e2e/pages/basic.html', async (route) => {
    const body = (await (await route.fetch()).text()).replace(
      '</head>',
      '<script>void window.Candor.ready;</script></head>',
    );
    await route.fulfill({ body, contentType: 'text/html' });
  });
  await open('/test/e2e/pages/basic.html');
  await served;
  await page.waitForTimeout(500); // the banner chunk has mounted (or not) by now
  await expect(page.getByRole('region', { name: 'Cookies and your privacy' })).toHaveCount(0);
  await expect(page.locator('[data-candor-ui]')).toHaveCount(0);
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
  expect(watched.pageErrors).toEqual([]);
});

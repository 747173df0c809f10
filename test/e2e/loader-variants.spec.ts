/**
 * The two script-tag loaders: candor.js (within its 5 KB budget, no auto-blocking) and
 * candor-autoblock.js (the same with auto-blocking). A site that asks for auto-blocking with the
 * plain loader is told at once; and the stand-in launcher speaks the visitor's language.
 */
import { expect, test } from './fixtures';
import { fakeTrackers } from './trackers';

const config = {
  policy: { revision: 1 },
  autoBlock: true,
  purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }],
  services: [{ id: 'ga4', purpose: 'analytics', name: 'Google Analytics', hosts: ['www.googletagmanager.com'] }],
};

test('autoBlock: true with the plain loader reports one console error naming candor-autoblock.js', async ({
  open,
  context,
  watched,
}) => {
  await context.addInitScript((c) => void (window.candorConfig = c), config);
  const page = await open('/test/e2e/pages/blank.html');
  await page.evaluate(() => window.Candor!.ready);
  expect(watched.consoleErrors.filter((m) => m.includes('candor-autoblock.js'))).toHaveLength(1);
});

test('the auto-blocking loader holds back an unmarked tracker tag created by a script until its service is granted', async ({
  page,
  context,
  origin,
  watched,
}) => {
  const trackers = await fakeTrackers(context);
  await context.addInitScript((c) => void (window.candorConfig = c), config);
  // The blank page with the auto-blocking loader in place of candor.js, as a site would have it.
  await page.route('**/test/e2e/pages/blank.html', async (route) => {
    const body = (await (await route.fetch()).text()).replace('/dist/candor.js', '/dist/candor-autoblock.js');
    await route.fulfill({ body, contentType: 'text/html' });
  });
  await page.goto(`${origin}/test/e2e/pages/blank.html`);
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.src = 'https://www.googletagmanager.com/gtag/js?id=G-1';
    document.head.append(s);
    return window.Candor!.ready;
  });
  expect(trackers.requests).toEqual([]);
  await page.evaluate(() => window.Candor!.update({ services: { ga4: true } }));
  await expect.poll(() => trackers.hosts()).toEqual(['www.googletagmanager.com']);
  expect(watched.consoleErrors.filter((m) => m.includes('candor-autoblock.js'))).toEqual([]);
});

test("a returning visitor's stand-in launcher shows the label the UI showed in the visitor's language", async ({
  page,
  origin,
}) => {
  await page.route('**/test/e2e/pages/ui.html', async (route) => {
    const body = (await (await route.fetch()).text()).replace('<html lang="en">', '<html lang="de">');
    await route.fulfill({ body, contentType: 'text/html' });
  });
  await page.goto(`${origin}/test/e2e/pages/ui.html`);
  await page.evaluate(() => window.Candor!.ready);
  const ui = page.locator('[data-candor-ui]');
  await ui.getByRole('button', { name: 'Alle ablehnen' }).click();
  await page.reload();
  await page.evaluate(() => window.Candor!.ready);
  await expect(page.locator('[data-candor-launcher]').getByRole('button')).toHaveText('Datenschutz-Einstellungen');
  await expect(page.locator('[data-candor-ui]')).toHaveCount(0); // no UI chunk was needed for it
});

/**
 * The first banner makes its words from the config (the purposes Accept all would allow, and how
 * long the choice is kept) with the CLDR patterns the build wrote into the locale file, not with a
 * cold Intl.ListFormat or Intl.NumberFormat, which costs 70–120 ms of main thread at 4× CPU
 * throttle before the banner can paint (issue 16). In Chromium: no such formatter is constructed
 * before the banner is visible, and the words are exactly the ones Intl gives.
 */
import { expect, test } from './fixtures';
import { durationOf } from '../../src/ui/banner';

declare global {
  interface Window {
    __intl?: string[];
  }
}

for (const lang of ['de', 'ar', 'he', 'es', 'pl']) {
  test(`a first banner in ${lang} says its list and duration without an Intl formatter, as Intl says them`, async ({
    browser,
    origin,
  }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.__intl = [];
      for (const name of ['ListFormat', 'NumberFormat'] as const) {
        const real = Intl[name];
        Object.defineProperty(Intl, name, {
          configurable: true,
          writable: true,
          value: new Proxy(real, {
            construct(target, args: unknown[]) {
              window.__intl!.push(name);
              return Reflect.construct(target, args) as object;
            },
          }),
        });
      }
    });
    await page.route('**/test/e2e/pages/trackers.html', async (route) => {
      const res = await route.fetch();
      await route.fulfill({
        response: res,
        body: (await res.text()).replace('<html lang="en">', `<html lang="${lang}">`),
      });
    });
    await page.goto(`${origin}/test/e2e/pages/trackers.html`);
    const text = page.locator('[data-candor-ui] #candor-banner-text');
    await expect(text).toBeVisible();
    expect(await page.evaluate(() => window.__intl)).toEqual([]);

    // The same words as Intl, for this config (titles as the banner shows them).
    await page.evaluate(() => window.Candor!.ready);
    const { days, titles } = await page.evaluate(() => ({
      days: window.Candor!.config!.expiresAfterDays,
      titles: Array.from(document.querySelectorAll('[data-candor-ui]'))
        .flatMap((host) => Array.from(host.shadowRoot?.querySelectorAll('#candor-banner-text bdi') ?? []))
        .map((b) => b.textContent ?? '')
        .slice(0, -1), // the last <bdi> is the launcher's name
    }));
    const [amount, unit] = durationOf(days);
    const duration = new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'long' }).format(amount);
    const list = new Intl.ListFormat(lang, { type: 'conjunction' }).format(titles);
    expect(titles.length).toBeGreaterThan(1);
    await expect(text).toContainText(list);
    await expect(text).toContainText(duration);
    await context.close();
  });
}

test('a first visit asks for its locale with the chunks, not after them: the loader requests it while no chunk has arrived', async ({
  browser,
  origin,
}) => {
  const context = await browser.newContext({ locale: 'de-DE' });
  const page = await context.newPage();
  // Hold every chunk until the locale file has been asked for (the loader alone can ask then).
  let release = (): void => {};
  const released = new Promise<void>((r) => (release = r));
  await page.route(/\/candor-[\w.-]+\.mjs$/, async (route) => {
    await released;
    await route.continue();
  });
  await page.route('**/test/e2e/pages/trackers.html', async (route) => {
    const res = await route.fetch();
    await route.fulfill({ response: res, body: (await res.text()).replace('<html lang="en">', '<html>') });
  });
  const asked = page.waitForRequest(/\/locales\/first\/de\.json$/, { timeout: 10_000 });
  // Not until `load`: the first-frame hold's script element (the first layer's chunk, held here)
  // delays the page's load event, as any script element does.
  await page.goto(`${origin}/test/e2e/pages/trackers.html`, { waitUntil: 'commit' });
  const request = await asked.finally(release);
  expect(request.url()).toMatch(/\/dist\/locales\/first\/de\.json$/);
  await expect(page.locator('[data-candor-ui] #candor-banner-text')).toBeVisible();
  await context.close();
});

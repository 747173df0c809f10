/**
 * Every way the script tag's `data-config` can point at nothing usable (a selector that matches
 * nothing, a block that is not JSON, a URL on another origin, a URL that fails or is not JSON, no
 * attribute and no `window.candorConfig`), on an opt-out site whose config, read, would grant
 * analytics at once: one console error that says what to fix, no UI, nothing granted, no request
 * to the tracker, nothing thrown into the page, and every API call answers (fail closed).
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { fakeTrackers } from './trackers';

const PAGE = '/test/e2e/pages/optout-gated.html';

/**
 * Serves the opt-out page with its loader tag's `data-config` set to `source` (or removed: null),
 * with `before` (markup) just before the loader tag.
 */
async function withSource(page: Page, source: string | null, before = ''): Promise<void> {
  await page.route(`**${PAGE}`, async (route) => {
    const html = await (await route.fetch()).text();
    const tag =
      source === null ? '<script src="/dist/candor.js">' : `<script src="/dist/candor.js" data-config="${source}">`;
    const body = html.replace('<script src="/dist/candor.js" data-config="#candor-config">', before + tag);
    if (body === html) throw new Error('the loader tag was not found in the test page');
    await route.fulfill({ body, contentType: 'text/html' });
  });
}

const CASES: { name: string; source: string | null; says: string; before?: string; init?: string }[] = [
  {
    name: 'a selector that matches nothing',
    source: '#no-such-config',
    // A typo in the selector is as likely as a config after the loader: the message names both.
    says: 'data-config "#no-such-config" matches no <script>; check the selector, and put the JSON <script> before the loader',
  },
  {
    name: 'a block that is not JSON',
    source: '#broken',
    says: 'the config in #broken is not valid JSON',
    before: '<script type="application/json" id="broken">{"policy": }</script>',
  },
  {
    name: 'a URL on another origin',
    source: 'https://cdn.elsewhere.test/candor.json',
    says: 'data-config URL "https://cdn.elsewhere.test/candor.json" must be same-origin',
  },
  { name: 'an invalid selector', source: 'candor config!', says: 'is not a valid selector' },
  // The attribute is named, with its value as written (the browser's own line has the whole URL).
  {
    name: 'a URL that is not found',
    source: '/no-such-config.json',
    says: 'Candor: could not start: data-config URL "/no-such-config.json": HTTP 404',
  },
  {
    name: 'a URL that is not JSON',
    source: '/test/e2e/pages/blank.html',
    says: 'Candor: could not start: data-config URL "/test/e2e/pages/blank.html": ',
  },
  { name: 'no data-config and no window.candorConfig', source: null, says: 'no config: give data-config=' },
  {
    // A second loader attaches to the first, so the config must be on the first.
    name: 'a first loader without it and a second with it',
    source: '#candor-config',
    says: 'no config: give data-config="#candor-config" to the first candor.js on the page',
    before: '<script src="/dist/candor.js"></script>',
  },
  {
    name: 'no data-config and a window.candorConfig promise of nothing',
    source: null,
    says: 'invalid config',
    init: 'window.candorConfig = Promise.resolve(undefined);',
  },
  {
    name: 'no data-config and a window.candorConfig promise of a config whose reading throws',
    source: null,
    says: 'Candor: could not start: a getter that throws',
    init: "window.candorConfig = Promise.resolve({ get purposes() { throw new Error('a getter that throws'); } });",
  },
];

for (const c of CASES)
  test(`data-config with ${c.name}: one console error, no UI, nothing granted, nothing thrown`, async ({
    page,
    context,
    origin,
    watched,
  }) => {
    const trackers = await fakeTrackers(context);
    await withSource(page, c.source, c.before);
    if (c.init) await page.addInitScript(c.init);
    await page.goto(`${origin}${PAGE}`);
    await page.evaluate(() => window.Candor!.ready);
    const answers = await page.evaluate(async () => ({
      analytics: window.Candor!.has('analytics'),
      ga4: window.Candor!.has('ga4'),
      acceptAll: (await window.Candor!.acceptAll()) ?? null,
      afterAcceptAll: window.Candor!.has('analytics'),
    }));
    expect(answers).toEqual({ analytics: false, ga4: false, acceptAll: null, afterAcceptAll: false });
    // The browser's own line for a failed request aside. The words for a missing config come from
    // the diagnostics chunk, so the error may come after the API has answered.
    const ours = (): string[] => watched.consoleErrors.filter((m) => !m.startsWith('Failed to load resource'));
    await expect.poll(ours).toHaveLength(1);
    // The diagnostics chunk is in (a second error would have come with it).
    await page.evaluate(() => import(new URL('/dist/candor-diagnostics.mjs', location.href).href));
    const errors = ours();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(c.says);
    expect(errors[0]).toMatch(/^Candor: /);
    expect(await page.locator('[data-candor-ui]').count()).toBe(0);
    expect(trackers.requests).toEqual([]);
    expect(watched.pageErrors).toEqual([]);
  });

test("window.candorConfig changed by the page's script after the loader read it: Accept all grants what the banner listed, nothing added since", async ({
  page,
  origin,
  watched,
}) => {
  const BLANK = '/test/e2e/pages/blank.html';
  await page.addInitScript(() => {
    (window as { candorConfig?: unknown }).candorConfig = {
      policy: { revision: 1, url: '/privacy' },
      purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }],
    };
  });
  await page.goto(`${origin}${BLANK}`);
  const banner = page.getByRole('region', { name: 'Cookies and your privacy' });
  await expect(banner).toContainText('Statistics.');
  // A careless (or hostile) script edits the object the loader read, after the banner showed and
  // before the engine loads (it loads at the visitor's first input).
  await page.evaluate(() =>
    (window as unknown as { candorConfig: { purposes: object[] } }).candorConfig.purposes.push({ id: 'marketing' }),
  );
  await banner.getByRole('button', { name: 'Accept all' }).click();
  await expect.poll(() => page.evaluate(() => window.Candor!.has('analytics'))).toBe(true);
  const after = await page.evaluate(() => ({
    marketing: window.Candor!.has('marketing' as never),
    purposes: window.Candor!.config!.purposes.map((p) => p.id),
  }));
  expect(after).toEqual({ marketing: false, purposes: ['necessary', 'analytics'] });
  expect(watched.pageErrors).toEqual([]);
});

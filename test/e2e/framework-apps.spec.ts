/**
 * The example apps of candor/react and candor/vue (examples/), bundled from the built package
 * (dist/, through package.json's exports, as a bundler resolves them; React in its development
 * build, so StrictMode runs every effect twice) and driven in Chromium: one instance and one
 * banner, nothing gated before consent, gating and the hooks follow Accept all, the choice is kept
 * after a reload, and withdrawing works.
 */
import commonjs from '@rollup/plugin-commonjs';
import nodeResolve from '@rollup/plugin-node-resolve';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { bundleApp } from './npm-bundle';
import { fakeTrackers } from './trackers';
import { decide } from './steps';

const DEFINES: Record<string, string> = {
  'process.env.NODE_ENV': '"development"',
  __VUE_OPTIONS_API__: 'true',
  __VUE_PROD_DEVTOOLS__: 'false',
  __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
};

/** Bundles examples/<name>/app.mjs as an app's bundler would. */
const bundle = (name: string): Promise<string> =>
  bundleApp(new URL(`../../examples/${name}/app.mjs`, import.meta.url), [
    {
      name: 'defines',
      transform: (code) =>
        Object.keys(DEFINES).some((k) => code.includes(k))
          ? { code: Object.entries(DEFINES).reduce((c, [k, v]) => c.replaceAll(k, v), code), map: null }
          : null,
    },
    nodeResolve({ browser: true }),
    commonjs(),
  ]);

/** What gtag received: Consent Mode calls (`consent default`, `consent update`). */
const consentCalls = (page: Page) =>
  page.evaluate(() =>
    ((window as { dataLayer?: unknown[] }).dataLayer ?? [])
      .map((x) => (x && typeof x === 'object' && 'length' in x ? Array.from(x as ArrayLike<unknown>) : null))
      .filter((x): x is unknown[] => !!x && x[0] === 'consent')
      .map((x) => `${String(x[0])} ${String(x[1])}`),
  );
const ran = (page: Page) => page.evaluate(() => (window as { __ran?: string[] }).__ran ?? []);

// Both tests in one worker, one after the other: with the config's fullyParallel each worker that
// ran one of them would bundle both apps in its beforeAll (about 20 s of a worker on the busy machine).
test.describe.configure({ mode: 'default' });
const bundles: Record<string, string> = {};
test.beforeAll(async () => {
  // Bundling React's development build takes a while on a busy machine: not the tests' own time.
  test.setTimeout(180_000);
  for (const name of ['react', 'vue']) bundles[name] = await bundle(name);
});

for (const name of ['react', 'vue']) {
  test(`the ${name} example: one instance, one banner, gated until Accept all, choice kept after reload`, async ({
    page,
    context,
    open,
    watched,
  }) => {
    await page.route(`**/examples/${name}/app.js`, (route) =>
      route.fulfill({ body: bundles[name] ?? '', contentType: 'text/javascript' }),
    );
    const log = await fakeTrackers(context);
    await open(`/examples/${name}/index.html`);

    const banner = page.getByRole('region', { name: 'Cookies and your privacy' });
    await expect(banner).toBeVisible();
    await expect(page.locator('#analytics')).toHaveText('Analytics off');
    await expect(page.locator('#video')).toHaveText('The video needs your consent for YouTube.');
    // One instance (one Consent Mode default: each instance's page wiring sends its own) and one banner.
    await expect.poll(() => consentCalls(page)).toEqual(['consent default', 'consent update']);
    expect(await page.locator('[data-candor-ui]').count()).toBe(1);
    expect(await banner.count()).toBe(1);
    expect(log.hosts()).toEqual([]);
    expect(await ran(page)).toEqual([]);

    await decide(page, 'Accept all');
    await expect(page.locator('#analytics')).toHaveText('Analytics on');
    await expect(page.locator('#video')).toHaveText('Video player');
    await expect.poll(() => ran(page)).toEqual(['gtag.js']);
    expect(log.hosts()).toEqual(['www.googletagmanager.com']);
    await expect(banner).toBeHidden();

    // Every console message, for the diagnosis below (this check caught a lost choice in CI: a first
    // page whose IndexedDB timed out wrote no journal entry; store/browser.ts).
    const said: string[] = [];
    page.on('console', (m) => said.push(`${m.type()}: ${m.text()}`));
    await page.reload();
    await expect(page.locator('#analytics'))
      .toHaveText('Analytics on')
      .catch(async (e: Error) => {
        const state = await page.evaluate(() => ({
          cookie: document.cookie,
          copy: localStorage.getItem('candor:v1:cookie'),
          journal: localStorage.getItem('candor:v1:record'),
          banner: !!document.querySelector('[data-candor-ui]')?.shadowRoot?.querySelector('.banner'),
        }));
        throw new Error(`${e.message}\n${JSON.stringify({ state, said, pageErrors: watched.pageErrors.map(String) })}`);
      });
    await expect(page.locator('#video')).toHaveText('Video player');
    await expect.poll(() => ran(page)).toEqual(['gtag.js']);
    expect(await banner.count()).toBe(0);
    await expect.poll(() => consentCalls(page)).toEqual(['consent default', 'consent update']);

    await page.getByRole('button', { name: 'Withdraw consent' }).click();
    await expect(page.locator('#analytics')).toHaveText('Analytics off');
    await expect(page.locator('#video')).toHaveText('The video needs your consent for YouTube.');
    expect(watched.pageErrors).toEqual([]);
    expect(watched.consoleErrors).toEqual([]);
  });
}

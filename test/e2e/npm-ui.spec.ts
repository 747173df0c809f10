/**
 * candor/ui in a real browser, as an npm app uses it (test/e2e/npm-app/ui-app.mjs, bundled from the
 * built package through package.json's exports): what a handle does once its UI was destroyed.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { bundleApp } from './npm-bundle';

let app = '';
test.beforeAll(async () => {
  test.setTimeout(120_000); // bundling is not the test's own time, and the machine may be busy
  app = await bundleApp(new URL('npm-app/ui-app.mjs', import.meta.url));
});

const HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>npm app with candor/ui</title>
<script type="module" src="/npm-ui-app.js"></script></head><body><main><h1>npm app</h1></main></body></html>`;

const openApp = async (page: Page, open: (path: string) => Promise<Page>) => {
  await page.route('**/npm-ui-app.js', (route) => route.fulfill({ body: app, contentType: 'text/javascript' }));
  await page.route('**/npm-ui.html', (route) => route.fulfill({ body: HTML, contentType: 'text/html' }));
  await open('/npm-ui.html');
  await page.waitForFunction(() => (window as { consent?: unknown }).consent);
  await page.evaluate(() => (window as unknown as { consent: { ready: Promise<void> } }).consent.ready);
};

test("a destroyed UI's handle: open() shows nothing and throws nothing into the page", async ({
  page,
  open,
  watched,
}) => {
  await openApp(page, open);
  await page.evaluate(() => {
    const w = window as unknown as { consent: unknown; mountUI: (c: unknown) => { open(): void; destroy(): void } };
    const ui = w.mountUI(w.consent);
    ui.destroy(); // e.g. a route's clean-up; the footer's "Privacy settings" still holds the handle
    ui.open();
  });
  // The panel's chunk has had its turn (a microtask, then Preact's render and its layout effect).
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
  expect(watched.pageErrors.map(String)).toEqual([]);
  expect(await page.locator('[data-candor-ui]').count()).toBe(0);
});

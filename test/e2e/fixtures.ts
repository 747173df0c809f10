/** Playwright fixtures: a per-worker static server, and a page that records errors and requests. */
import { test as base, expect, type Page } from '@playwright/test';
import { startStaticServer } from './static-server';

export interface Watched {
  readonly pageErrors: Error[];
  readonly consoleErrors: string[];
  readonly requests: string[];
}

export const test = base.extend<{ watched: Watched; open: (path: string) => Promise<Page> }, { origin: string }>({
  origin: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
    async ({}, use) => {
      const { origin, server } = await startStaticServer();
      await use(origin);
      server.close();
    },
    { scope: 'worker' },
  ],
  watched: async ({ page }, use) => {
    const watched: Watched = { pageErrors: [], consoleErrors: [], requests: [] };
    page.on('pageerror', (e) => watched.pageErrors.push(e));
    page.on('console', (m) => m.type() === 'error' && watched.consoleErrors.push(m.text()));
    page.on('request', (r) => watched.requests.push(r.url()));
    await use(watched);
  },
  open: async ({ page, origin, watched }, use) => {
    void watched; // make sure the listeners are attached before navigation
    await use(async (path) => {
      await page.goto(`${origin}${path}`);
      return page;
    });
  },
});

export { expect };

/** Steps the demo tests take as a visitor would: open a page and answer its cookie banner. */
import type { Page } from '@playwright/test';

declare global {
  interface Window {
    __demoTrackers?: string[];
  }
}

/** The demo's trackers that have run so far (the demo pages record them in `window.__demoTrackers`). */
export const demoTrackers = (page: Page): Promise<string[]> => page.evaluate(() => window.__demoTrackers ?? []);

/** Clicks one of the buttons of the (non-modal) cookie banner. */
export const decide = (page: Page, button: 'Accept all' | 'Reject all' | 'Customize'): Promise<void> =>
  page.getByRole('region', { name: 'Cookies and your privacy' }).getByRole('button', { name: button }).click();

/** A first visit to `url`: opens it and clicks `button` in its cookie banner. */
export async function visitAndDecide(
  page: Page,
  url: string,
  button: 'Accept all' | 'Reject all' | 'Customize',
): Promise<void> {
  await page.goto(url);
  await decide(page, button);
}

/** Steps the demo tests take as a visitor would: open a page and answer its cookie banner. */
import type { Locator, Page } from '@playwright/test';

declare global {
  interface Window {
    __demoTrackers?: string[];
    /** The tracker test page's tags that have run (test/e2e/pages/trackers.html). */
    __ran?: string[];
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

/**
 * On the open page (a first visit), allows analytics alone and waits until the decision is stored:
 * the next load of the page is a returning visitor's, answered from the cookie.
 */
export async function allowAnalyticsAlone(page: Page): Promise<void> {
  await page.evaluate(() => window.Candor!.update({ purposes: { analytics: true } }));
  await page.waitForFunction(() => window.Candor!.records().then((r) => r.length === 1));
}

/** Reloads the page and waits for its inline analytics tag (`window.__analytics`) to have run. */
export async function reloadUntilAnalyticsRan(page: Page): Promise<void> {
  await page.reload();
  await page.waitForFunction(() => (window as { __analytics?: boolean }).__analytics === true);
}

/** On the tracker test page, clicks Accept all in its banner and waits until each of `tags` has run. */
export async function acceptAllUntilRan(page: Page, ...tags: string[]): Promise<void> {
  await decide(page, 'Accept all');
  await page.waitForFunction((t) => t.every((tag) => (window.__ran ?? []).includes(tag)), tags);
}

/** The notice that offers a reload after a revocation of a tag that ran (ui/reload-offer.ts). */
export const reloadNotice = (page: Page): Locator => page.locator('[data-candor-ui] .notice');

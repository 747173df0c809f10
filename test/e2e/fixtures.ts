/** Playwright fixtures: a per-worker static server, and a page that records errors and requests. */
import { test as base, expect, type Frame, type Page } from '@playwright/test';
import { startStaticServer } from './static-server';
import { fakeTrackers, type TrackerLog } from './trackers';

export interface Watched {
  readonly pageErrors: Error[];
  readonly consoleErrors: string[];
  readonly requests: string[];
}

export interface Fixtures {
  watched: Watched;
  /** Opens `path` on the test server. */
  open: (path: string) => Promise<Page>;
  /**
   * Opens `path` behind local fakes of the tracker hosts (see trackers.ts) and waits for Candor to
   * be ready; `log` holds the requests to those hosts.
   */
  openTracked: (path: string) => Promise<{ page: Page; log: TrackerLog }>;
  /**
   * Like `openTracked`, with `path` served under the Content-Security-Policy header `csp` (its
   * HTML through `edit` when given); `violations` collects the console messages about a CSP or
   * Trusted Types violation.
   */
  openWithCsp: (
    path: string,
    csp: string,
    edit?: (html: string) => string,
  ) => Promise<{ page: Page; log: TrackerLog; violations: string[] }>;
}

export const test = base.extend<Fixtures, { origin: string }>({
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
  openTracked: async ({ open, context }, use) => {
    await use(async (path) => {
      const log = await fakeTrackers(context);
      const page = await open(path);
      await page.evaluate(() => window.Candor!.ready);
      return { page, log };
    });
  },
  openWithCsp: async ({ page, openTracked }, use) => {
    await use(async (path, csp, edit) => {
      const violations: string[] = [];
      // Chromium words a Trusted Types refusal as "This document requires 'TrustedScriptURL' assignment."
      const violation = /Content Security Policy|Trusted ?Type|requires 'Trusted/i;
      page.on('console', (m) => violation.test(m.text()) && violations.push(m.text()));
      await page.route(`**${path}`, async (route) => {
        const res = await route.fetch();
        const headers = { ...res.headers(), 'content-security-policy': csp };
        await route.fulfill(
          edit ? { response: res, headers, body: edit(await res.text()) } : { response: res, headers },
        );
      });
      return { ...(await openTracked(path)), violations };
    });
  },
});

/**
 * What the page has let through of its gated tags: marked scripts that are no longer
 * `type="text/plain"` (revived), scripts from another host that can run, and frames with a URL.
 * While this is empty, nothing gated can load or run later either, so a test asserting "nothing
 * leaked" needs no time for a leak to show.
 */
export const released = (page: Page): Promise<string[]> =>
  page.evaluate(() => {
    const foreign = (url: string): boolean => new URL(url, location.href).hostname !== location.hostname;
    const scripts = Array.from(document.scripts).filter(
      (s) => s.type !== 'text/plain' && (s.hasAttribute('data-consent') || (s.src !== '' && foreign(s.src))),
    );
    const frames = Array.from(document.querySelectorAll('iframe[src]'));
    return [...scripts, ...frames].map((el) => el.outerHTML);
  });

/**
 * Waits until the gate has handled every element already in the page: adds a probe frame for a
 * condition nothing grants and waits for the gate's placeholder for it. The gate handles the whole
 * page when it starts and added elements in order, so by then it has seen everything before the
 * probe. The probe stays, held back (its placeholder reads "Load the gate probe").
 */
export async function gateSettled(page: Page): Promise<void> {
  await page.evaluate(() => {
    const probe = document.createElement('iframe');
    probe.setAttribute('data-consent', 'test-gate-probe');
    probe.setAttribute('data-src', 'about:blank');
    probe.title = 'the gate probe';
    document.body.append(probe);
  });
  await expect(page.getByRole('button', { name: 'Load the gate probe' })).toBeVisible();
}

export { expect };

/**
 * Reloads `page`, emptying `requests` (the `watched` fixture's) when the new document commits: it
 * then holds the new document's requests only. Emptied before the reload instead, it could also
 * hold a late one of the old document's: after a decision, a first visit's page imports the
 * returning-visitor chunk for its launcher, which a slow machine requests after the test's look.
 */
export async function reloadAfresh(page: Page, requests: string[]): Promise<void> {
  const onCommit = (frame: Frame): void => void (frame === page.mainFrame() && (requests.length = 0));
  page.on('framenavigated', onCommit);
  try {
    await page.reload();
  } finally {
    page.off('framenavigated', onCommit);
  }
}

/**
 * Firefox ESR (Debian's firefox-esr, or FIREFOX_PATH) through puppeteer-core over WebDriver BiDi;
 * no geckodriver. *.candor.test resolves to loopback through `network.dns.localDomains`. One
 * browser per worker, a browser context per session; a session with a `Display` gets its context
 * in a second browser started (once per worker and display) with the prefs for it: BiDi has no
 * media emulation in Firefox, and these prefs apply to a whole browser.
 */
import puppeteer, { type Browser, type BrowserContext, type KeyInput, type Page } from 'puppeteer-core';
import { LOOPBACK_HOSTS, type Display, type Engine, type Key, type Session, type Tab, withTimeout } from './driver';
import { binary, which } from './processes';

const PREFS = {
  'network.dns.localDomains': LOOPBACK_HOSTS.join(','),
  // Quiet without a network: no updates, no remote settings, no captive-portal or connectivity checks.
  'app.update.disabledForTesting': true,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'browser.safebrowsing.provider.mozilla.updateURL': '',
};

/** The prefs that make a Firefox ask pages for `display` (what `matchMedia` answers, headless too). */
const displayPrefs = (display: Display): Record<string, number> => ({
  ...(display.reducedMotion && { 'ui.prefersReducedMotion': 1 }),
  // "Override the colours of the page: always": forced colours, `forced-colors: active`.
  ...(display.forcedColors && { 'browser.display.document_color_use': 2 }),
});

async function press(page: Page, keys: Key | readonly Key[], count = 1): Promise<void> {
  for (let i = 0; i < count; i++)
    for (const key of [keys].flat())
      if (key === 'Shift+Tab') {
        await page.keyboard.down('Shift');
        await page.keyboard.press('Tab');
        await page.keyboard.up('Shift');
      } else await page.keyboard.press((key === 'Space' ? ' ' : key) as KeyInput); // BiDi knows no "Space" key name
}

function tabOf(page: Page, errors: string[]): Tab {
  page.on('pageerror', (e: unknown) => errors.push(e instanceof Error ? e.message : String(e)));
  return {
    goto: async (url) => void (await page.goto(url, { waitUntil: 'load' })),
    reload: async () => void (await page.reload({ waitUntil: 'load' })),
    async back() {
      // page.goBack() waits for a load event, which a page restored from the cache never fires.
      const before = page.url();
      await page.evaluate(() => void setTimeout(() => history.back(), 0));
      await page.waitForFunction(
        (b: string) => location.href !== b && document.readyState === 'complete',
        { polling: 100, timeout: 15_000 },
        before,
      );
    },
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    clickAt: (x, y, count = 1) => page.mouse.click(x, y, { count }),
    moveTo: (x, y) => page.mouse.move(x, y),
    press: (key, count) => press(page, key, count),
    cookies: async () => (await page.cookies()).map((c) => ({ name: c.name, domain: c.domain.replace(/^\./, '') })),
    close: () => page.close({ runBeforeUnload: true }),
  };
}

/** A Firefox that does not close within 20 s is killed: a worker never hangs on it. */
const close = (browser: Browser): Promise<void> =>
  withTimeout(browser.close(), 20_000, 'Firefox did not close').catch(() => void browser.process()?.kill('SIGKILL'));

export async function launchFirefox(): Promise<Engine> {
  const executablePath = binary('Firefox', 'FIREFOX_PATH', () => which('firefox-esr', 'firefox'));
  const launch = (prefs: Record<string, unknown>): Promise<Browser> =>
    withTimeout(
      puppeteer.launch({
        browser: 'firefox',
        executablePath,
        headless: true,
        timeout: 90_000,
        extraPrefsFirefox: { ...PREFS, ...prefs },
      }),
      100_000,
      `Firefox (${executablePath}) did not start over WebDriver BiDi`,
    );
  const browser = await launch({});
  /** The browsers for a display, by their prefs. */
  const others = new Map<string, Promise<Browser>>();
  const browserFor = (display: Display): Promise<Browser> => {
    const prefs = displayPrefs(display);
    const key = JSON.stringify(prefs);
    if (key === '{}') return Promise.resolve(browser);
    const other = others.get(key) ?? launch(prefs);
    others.set(key, other);
    return other;
  };
  return {
    name: 'firefox',
    version: await browser.version(),
    bfcache: true,
    forcedColors: true,
    async newSession(display: Display = {}): Promise<Session> {
      const context: BrowserContext = await withTimeout(
        (await browserFor(display)).createBrowserContext(),
        30_000,
        'Firefox did not open a new browser context',
      );
      const errors: string[] = [];
      const first = tabOf(await context.newPage(), errors);
      return {
        tab: first,
        newTab: async () => tabOf(await context.newPage(), errors),
        errors: async () => [...errors],
        close: () => context.close(),
      };
    },
    async close() {
      for (const other of others.values()) await other.then(close, () => {});
      await close(browser);
    },
  };
}

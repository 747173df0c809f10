/**
 * Chromium through Playwright (Debian's chromium, or CHROMIUM_PATH), with the back/forward cache
 * that Playwright turns off by default turned back on, and *.candor.test on loopback.
 */
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { type Display, type Engine, type Key, type Session, type Tab, withTimeout } from './driver';
import { CHROMIUM_ARGS, LOOPBACK_HOSTS_ARG } from '../../scripts/find-chromium.mjs';
import { binary, which } from './processes';

const ARGS = [...CHROMIUM_ARGS, LOOPBACK_HOSTS_ARG];

const KEYS: Record<Key, string> = {
  Tab: 'Tab',
  'Shift+Tab': 'Shift+Tab',
  Enter: 'Enter',
  Space: 'Space',
  Escape: 'Escape',
};

function tabOf(page: Page, context: BrowserContext): Tab {
  return {
    goto: async (url) => void (await page.goto(url)),
    reload: async () => void (await page.reload()),
    async back() {
      // A page restored from the cache fires no load event: wait for the commit, then for a complete document.
      await page.goBack({ waitUntil: 'commit' });
      await page.waitForFunction(() => document.readyState === 'complete');
    },
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    clickAt: (x, y, count = 1) => page.mouse.click(x, y, { clickCount: count }),
    moveTo: (x, y) => page.mouse.move(x, y),
    press: async (key, count = 1) => {
      for (let i = 0; i < count; i++) for (const k of [key].flat()) await page.keyboard.press(KEYS[k]);
    },
    cookies: async () =>
      (await context.cookies(page.url())).map((c) => ({ name: c.name, domain: c.domain.replace(/^\./, '') })),
    close: () => page.close({ runBeforeUnload: true }),
  };
}

export async function launchChromium(): Promise<Engine> {
  const executablePath = binary('Chromium', 'CHROMIUM_PATH', () => which('chromium', 'chromium-browser'));
  const browser = await withTimeout(
    chromium.launch({
      executablePath,
      headless: true,
      timeout: 60_000,
      args: ARGS,
      ignoreDefaultArgs: ['--disable-back-forward-cache'],
    }),
    70_000,
    `Chromium (${executablePath}) did not start`,
  );
  return {
    name: 'chromium',
    version: browser.version(),
    bfcache: true,
    forcedColors: true,
    async newSession(display: Display = {}): Promise<Session> {
      const context = await withTimeout(
        browser.newContext({
          ...(display.reducedMotion && { reducedMotion: 'reduce' }),
          ...(display.forcedColors && { forcedColors: 'active' }),
        }),
        30_000,
        'Chromium did not open a new browser context',
      );
      const errors: string[] = [];
      context.on('weberror', (e) => errors.push(e.error().message));
      const first = tabOf(await context.newPage(), context);
      return {
        tab: first,
        newTab: async () => tabOf(await context.newPage(), context),
        errors: async () => [...errors],
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}

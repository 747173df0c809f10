/**
 * A first visit's banner is in the page's first frame (issue 16): the loader asks the browser not
 * to render until the first layer's chunk has run (`<script type="module" blocking="render">`,
 * loader/chunks.ts requestFirstChunks), at most HOLD_FRAME_MS. Proven in Chromium with a real frame
 * clock: an init script notes, in every animation frame from navigation, whether the banner's
 * Accept all button is there. The chunk is answered late on purpose, so that without the hold the
 * page's own first frame would certainly come before the banner.
 */
import type { Page, Route } from '@playwright/test';
import { HOLD_FRAME_MS } from '../../src/loader/chunks';
import { expect, test } from './fixtures';

declare global {
  interface Window {
    /** One entry per animation frame: its time, and whether the banner's button was there. */
    __frames?: { at: number; banner: boolean }[];
    /** When the loader added the hold's element (`script[blocking]`). */
    __heldAt?: number;
  }
}

const PAGE = '/test/e2e/pages/basic.html';

async function noteFrames(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__frames = [];
    const tick = (): void => {
      const host = document.querySelector('[data-candor-ui]');
      const banner = !!host?.shadowRoot?.querySelector('.banner .btn');
      window.__frames!.push({ at: performance.now(), banner });
      if (!banner) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

/** Answers the chunk `file` (the first layer's by default) `ms` late. */
async function chunkLate(page: Page, ms: number, file = 'candor-first.mjs'): Promise<void> {
  await page.route(`**/dist/${file}`, async (route: Route) => {
    const res = await route.fetch();
    await new Promise((r) => setTimeout(r, ms));
    await route.fulfill({ response: res });
  });
}

const frames = (page: Page) => page.evaluate(() => window.__frames ?? []);
/** The resource timing entry of the file whose URL ends with `end`. */
const timing = (page: Page, end: string) =>
  page.evaluate(
    (suffix) =>
      performance.getEntriesByType('resource').find((e) => e.name.endsWith(suffix)) as
        PerformanceResourceTiming | undefined,
    end,
  );
const chunkArrived = (page: Page) => timing(page, '/candor-first.mjs');

test('a first visit paints nothing before its banner: the first frame has it', async ({ page, origin, watched }) => {
  await noteFrames(page);
  await chunkLate(page, 300);
  await page.goto(`${origin}${PAGE}`);
  await expect(page.getByRole('button', { name: 'Accept all' })).toBeVisible();
  const seen = await frames(page);
  expect(seen.length).toBeGreaterThan(0);
  expect(seen[0]!.banner).toBe(true);
  // One request for the chunk: the hold's element and the loader's import share it.
  expect(watched.requests.filter((u) => u.endsWith('/candor-first.mjs'))).toHaveLength(1);
  // The hold is gone with the chunk: nothing of it stays in the page.
  await expect.poll(() => page.evaluate(() => document.querySelectorAll('script[blocking]').length)).toBe(0);
  expect(watched.pageErrors).toEqual([]);
  expect(watched.consoleErrors).toEqual([]);
});

test("a site with preference fields: the first frame has the banner even when their parser's chunk comes last", async ({
  page,
  origin,
  watched,
}) => {
  await noteFrames(page);
  // The first layer comes at once, the parser it waits for (this config has preferences) late.
  await page.route('**/dist/candor-chunk-preferences.mjs', async (route: Route) => {
    const res = await route.fetch();
    await new Promise((r) => setTimeout(r, 300));
    await route.fulfill({ response: res });
  });
  await page.route(`**${PAGE}`, async (route) => {
    const res = await route.fetch();
    const prefs = '"preferences": [{ "id": "newsletter", "type": "boolean" }],';
    const body = (await res.text()).replace('"policy": {', `${prefs}\n  "policy": {`);
    expect(body).toContain(prefs);
    await route.fulfill({ response: res, body });
  });
  await page.goto(`${origin}${PAGE}`);
  await expect(page.getByRole('button', { name: 'Accept all' })).toBeVisible();
  const seen = await frames(page);
  expect(seen.length).toBeGreaterThan(0);
  expect(seen[0]!.banner).toBe(true);
  expect(watched.requests.filter((u) => u.endsWith('/candor-chunk-preferences.mjs'))).toHaveLength(1);
  expect(watched.pageErrors).toEqual([]);
  expect(watched.consoleErrors).toEqual([]);
});

for (const [what, file, layout] of [
  ['the first layer', 'candor-first.mjs', null],
  ["a modal's Minimize chunk", 'candor-chunk-minimize.mjs', 'modal'],
] as const)
  test(`${what} slower than ${HOLD_FRAME_MS} ms holds the page no longer: it paints, and the banner follows`, async ({
    page,
    origin,
    watched,
  }) => {
    await noteFrames(page);
    await page.addInitScript(() =>
      new MutationObserver((changes) => {
        for (const c of changes)
          for (const n of Array.from(c.addedNodes))
            if (n instanceof HTMLScriptElement && n.hasAttribute('blocking')) window.__heldAt ??= performance.now();
      }).observe(document, { childList: true, subtree: true }),
    );
    if (layout)
      await page.route(`**${PAGE}`, async (route) => {
        const html = await (await route.fetch()).text();
        const body = html.replace('"policy":', `"ui": { "layout": "${layout}" }, "policy":`);
        await route.fulfill({ body, contentType: 'text/html' });
      });
    await chunkLate(page, HOLD_FRAME_MS + 1500, file);
    await page.goto(`${origin}${PAGE}`);
    await expect(page.getByRole('button', { name: 'Accept all' })).toBeVisible();
    const seen = await frames(page);
    const arrived = await timing(page, `/${file}`);
    expect(arrived).toBeDefined();
    expect(seen[0]!.banner).toBe(false);
    // The page's first frame came before the chunk did, within the hold's limit of its element's
    // insertion (timed from there: the loader's own run before it is not the hold's time).
    expect(seen[0]!.at).toBeLessThan(arrived!.responseEnd);
    const heldAt = await page.evaluate(() => window.__heldAt);
    expect(heldAt).toBeDefined();
    expect(seen[0]!.at - heldAt!).toBeLessThan(HOLD_FRAME_MS + 500);
    expect(watched.pageErrors).toEqual([]);
  });

test('data-paint-early on the loader: the page paints first and the banner follows (no hold)', async ({
  page,
  origin,
  watched,
}) => {
  await noteFrames(page);
  await chunkLate(page, 500);
  await page.route(`**${PAGE}`, async (route) => {
    const res = await route.fetch();
    const body = (await res.text()).replace(
      '<script src="/dist/candor.js"',
      '<script data-paint-early src="/dist/candor.js"',
    );
    expect(body).toContain('data-paint-early');
    await route.fulfill({ response: res, body });
  });
  await page.goto(`${origin}${PAGE}`);
  await expect(page.getByRole('button', { name: 'Accept all' })).toBeVisible();
  const seen = await frames(page);
  expect(seen[0]!.banner).toBe(false);
  expect(seen[0]!.at).toBeLessThan((await chunkArrived(page))!.responseEnd);
  expect(watched.pageErrors).toEqual([]);
  expect(watched.consoleErrors).toEqual([]);
});

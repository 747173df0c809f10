/**
 * The click on Accept all paints first (issue 16, INP): in real Chromium, the click's own task
 * hides the banner, moves focus and changes the decision; the record reaches the cookie only after
 * the next frame, and the released tags run after that, each in a task of its own. A page left
 * before that frame still stores the record (pagehide). Behaviour only: the time figures are the
 * bench's (`npm run bench`), not a test's.
 */
import { expect, test } from './fixtures';

const PAGE = '/test/e2e/pages/click-paint.html';

declare global {
  interface Window {
    __tags?: ({ cookie: boolean } | { afterATask: boolean })[];
    __atClick?: Record<string, unknown>;
    __atFrame?: Record<string, unknown>;
  }
}

test('the click hides the banner, moves focus and decides in its own task; the store and the tags come after the frame', async ({
  open,
  watched,
}) => {
  const page = await open(PAGE);
  await page.evaluate(() => window.Candor!.ready); // the engine is there: the click decides at once
  // Runs once the click has reached the document, after the banner's handler and its microtasks.
  await page.evaluate(() => {
    document.addEventListener('click', () => {
      const root = document.querySelector('[data-candor-ui]')!.shadowRoot!;
      const stored = (): Record<string, boolean> => ({
        cookie: document.cookie.includes('candor='),
        copy: localStorage.getItem('candor:v1:cookie') !== null,
        tags: (window.__tags ?? []).length > 0,
      });
      window.__atClick = {
        banner: root.querySelector('[aria-labelledby="candor-banner-title"]') !== null,
        focus: root.activeElement?.textContent,
        has: window.Candor!.has('analytics'),
        ...stored(),
      };
      requestAnimationFrame(() => (window.__atFrame = stored()));
    });
  });
  await page.getByRole('button', { name: 'Accept all' }).click();
  await page.waitForFunction(() => window.__tags?.length === 3);
  expect(await page.evaluate(() => window.__atClick)).toEqual({
    banner: false,
    focus: 'Privacy settings',
    has: true,
    cookie: false,
    copy: false,
    tags: false,
  });
  expect(await page.evaluate(() => window.__atFrame)).toEqual({ cookie: false, copy: false, tags: false });
  // The record is stored before the first tag runs; every later tag runs in a later task.
  expect(await page.evaluate(() => window.__tags)).toEqual([
    { cookie: true },
    { afterATask: true },
    { afterATask: true },
  ]);
  await page.reload();
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(true);
  expect(await page.evaluate(() => window.Candor!.records().then((r) => r.map((x) => x.method)))).toEqual([
    'banner:accept-all',
  ]);
  expect(watched.pageErrors).toEqual([]);
});

test('a page left right after the click, before any frame could paint, still stores the decision', async ({
  page,
  open,
  watched,
}) => {
  // The first page view: no frame comes and long timers never fire (as in a page the browser
  // throttles), so only leaving the page can store the record. It notes what was stored then.
  await page.addInitScript(() => {
    if (sessionStorage.getItem('left')) return;
    window.requestAnimationFrame = () => 0;
    const later = window.setTimeout;
    window.setTimeout = ((fn: () => void, ms?: number) => (ms && ms >= 500 ? 0 : later(fn, ms))) as typeof setTimeout;
    addEventListener('pagehide', () =>
      sessionStorage.setItem('left', JSON.stringify({ cookie: document.cookie.includes('candor=') })),
    );
  });
  await open(PAGE);
  await page.getByRole('button', { name: 'Accept all' }).click();
  await page.waitForFunction(() => window.Candor!.has('analytics'), undefined, { polling: 20 });
  expect(await page.evaluate(() => document.cookie.includes('candor='))).toBe(false);
  await page.reload(); // pagehide
  expect(await page.evaluate(() => sessionStorage.getItem('left'))).toBe(JSON.stringify({ cookie: false }));
  // The cookie answers at once; the engine then finds the record in IndexedDB (a cookie without
  // one would be dropped: no decision).
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(true);
  await expect(page.getByRole('button', { name: 'Accept all' })).toHaveCount(0);
  expect(await page.evaluate(() => window.Candor!.ready.then(() => window.Candor!.has('analytics')))).toBe(true);
  expect(await page.evaluate(() => window.Candor!.records().then((r) => r.map((x) => x.method)))).toEqual([
    'banner:accept-all',
  ]);
  expect(watched.pageErrors).toEqual([]);
});

test('two decisions made right before the page is left are both kept, in order', async ({ page, open, watched }) => {
  // As above: no frame and no long timer on the first page view, so both records are written as
  // the page is left (IndexedDB may drop those writes: the journal keeps both for the next page).
  await page.addInitScript(() => {
    if (sessionStorage.getItem('left')) return;
    window.requestAnimationFrame = () => 0;
    const later = window.setTimeout;
    window.setTimeout = ((fn: () => void, ms?: number) => (ms && ms >= 500 ? 0 : later(fn, ms))) as typeof setTimeout;
    addEventListener('pagehide', () => sessionStorage.setItem('left', '1'));
  });
  await open(PAGE);
  await page.getByRole('button', { name: 'Accept all' }).click();
  await page.waitForFunction(() => window.Candor!.has('analytics'), undefined, { polling: 20 });
  await page.evaluate(() => void window.Candor!.update({ purposes: { analytics: false } }));
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
  await page.reload(); // pagehide
  expect(await page.evaluate(() => sessionStorage.getItem('left'))).toBe('1');
  expect(await page.evaluate(() => window.Candor!.ready.then(() => window.Candor!.has('analytics')))).toBe(false);
  expect(await page.evaluate(() => window.Candor!.records().then((r) => r.map((x) => x.method)))).toEqual([
    'api',
    'banner:accept-all',
  ]);
  expect(watched.pageErrors).toEqual([]);
});

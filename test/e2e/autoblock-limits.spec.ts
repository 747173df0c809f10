/**
 * What auto-blocking cannot stop: one test for each line of "What it cannot stop" in
 * docs/auto-blocking.md, asserting exactly the behaviour the line documents, at the network level.
 */
import type { Page } from '@playwright/test';
import { expect, gateSettled, released, test } from './fixtures';
import { fakeTrackers, requestsFor } from './trackers';

const PAGE = '/test/e2e/pages/autoblock-limits.html';

const runs = (page: Page, name: string) =>
  page.evaluate((n) => (window.__order ?? []).filter((x) => x === n).length, name);
const ready = (page: Page) => page.evaluate(() => window.Candor!.ready);
const grantPixel = (page: Page) => page.evaluate(() => window.Candor!.update({ services: { pixel: true } }));
/** What the page lets through (fixtures' `released`), but for the tag before the loader, which limit 2 is about. */
const releasedAfterLoader = async (page: Page) =>
  (await released(page)).filter((html) => !html.includes('before-loader'));
/** Waits for a request to pixel.example with `?name=`. */
const requestNamed = (page: Page, name: string) =>
  page.waitForRequest(
    (r) => r.url().startsWith('https://pixel.example/') && new URL(r.url()).searchParams.get('name') === name,
  );

test('limit 1: an unmarked <script src> in the HTML after the loader is requested before consent (preload scanner), an SVG <script href> at most so; neither runs, and both run once granted', async ({
  page,
  origin,
  context,
}) => {
  const log = await fakeTrackers(context);
  const requested = requestNamed(page, 'parser');
  await page.goto(`${origin}${PAGE}`);
  await requested;
  await ready(page);
  await gateSettled(page);
  expect(await releasedAfterLoader(page)).toEqual([]); // neutralised: they cannot run later
  await expect(page.locator('svg script')).toHaveAttribute('type', 'text/plain');
  expect(await page.locator('svg script').evaluate((s) => s.hasAttribute('href') || s.hasAttribute('xlink:href'))).toBe(
    false,
  );
  expect(await runs(page, 'parser')).toBe(0);
  expect(await runs(page, 'svg-parser')).toBe(0);
  // Chromium 156 fetches the SVG script as it is parsed; Chromium 150 does not.
  const svgEarly = requestsFor(log, 'svg-parser').length;
  expect(svgEarly).toBeLessThanOrEqual(1);
  await grantPixel(page);
  await expect.poll(async () => [await runs(page, 'parser'), await runs(page, 'svg-parser')]).toEqual([1, 1]);
  expect(requestsFor(log, 'parser')).toHaveLength(2); // the early fetch, then the script Candor runs
  expect(requestsFor(log, 'svg-parser')).toHaveLength(svgEarly + 1);
});

test('limit 2: a tag before the loader is requested and runs before consent', async ({ openTracked }) => {
  const { page, log } = await openTracked(PAGE);
  expect(requestsFor(log, 'before-loader')).toHaveLength(1);
  expect(await runs(page, 'before-loader')).toBe(1);
  expect(await page.evaluate(() => window.Candor!.has('pixel'))).toBe(false);
});

test('limit 3: an <iframe src> in the HTML or in an HTML string (innerHTML, outerHTML, insertAdjacentHTML, setHTMLUnsafe, DOMParser) can be requested before Candor replaces it by its placeholder; it loads once granted', async ({
  openTracked,
}) => {
  const { page, log } = await openTracked(PAGE);
  // The frame starts loading as it is inserted; a page busy right after the insertion lets the request out for certain.
  const early = requestNamed(page, 'inner-html');
  await page.evaluate(() => {
    document.getElementById('strings')!.innerHTML =
      '<iframe src="https://pixel.example/frame?name=inner-html" title="Pixel frame"></iframe>';
    const t0 = performance.now();
    while (performance.now() - t0 < 300); // a busy page
  });
  await early;
  // The frame in the HTML and the other HTML-string insertions: requested or not, they end up held back the same way.
  await page.evaluate(() => {
    const frame = (name: string) =>
      `<iframe src="https://pixel.example/frame?name=${name}" title="Pixel frame"></iframe>`;
    const main = document.querySelector('main')!;
    main.insertAdjacentHTML('beforeend', frame('insert-adjacent-html'));
    const outer = main.appendChild(document.createElement('div'));
    outer.outerHTML = frame('outer-html');
    main.appendChild(document.createElement('div')).setHTMLUnsafe(frame('set-html-unsafe'));
    main.append(
      document.importNode(
        new DOMParser().parseFromString(frame('dom-parser'), 'text/html').body.firstElementChild!,
        true,
      ),
    );
  });
  const names = ['parser-frame', 'inner-html', 'insert-adjacent-html', 'outer-html', 'set-html-unsafe', 'dom-parser'];
  await expect(page.getByRole('button', { name: 'Load Pixel from Tracker Inc' })).toHaveCount(names.length);
  expect(await releasedAfterLoader(page)).toEqual([]); // every frame was replaced by one without a URL: nothing keeps loading
  const before = Object.fromEntries(names.map((n) => [n, requestsFor(log, n).length]));
  expect(before['inner-html']).toBe(1);
  await grantPixel(page);
  for (const n of names) await expect.poll(() => requestsFor(log, n).length).toBe(before[n]! + 1);
  await expect(page.locator('iframe[src^="https://pixel.example/"]')).toHaveCount(names.length);
});

test('limit 4: a <script src> in an HTML string never runs in a browser; while the page loads Candor holds it and runs it once granted, after load it is left alone', async ({
  openTracked,
}) => {
  const { page, log } = await openTracked(PAGE);
  await page.evaluate(() =>
    document
      .querySelector('main')!
      .insertAdjacentHTML('beforeend', '<script src="https://pixel.example/markup.js?name=markup-late"></script>'),
  );
  await gateSettled(page);
  expect(requestsFor(log, 'markup-loading')).toEqual([]);
  expect(requestsFor(log, 'markup-late')).toEqual([]);
  expect(await page.locator('script[src*="markup-late"]').getAttribute('data-consent')).toBeNull(); // not held: the gate never revives it
  await grantPixel(page);
  await expect.poll(() => runs(page, 'markup-loading')).toBe(1);
  await expect.poll(() => runs(page, 'parser')).toBe(1); // the gate has gone through the page in document order
  expect(requestsFor(log, 'markup-loading')).toHaveLength(1);
  expect(requestsFor(log, 'markup-late')).toEqual([]);
  expect(await runs(page, 'markup-late')).toBe(0);
});

test('limit 5: a script that starts as it is inserted (document.write, a <template> clone) is requested and runs before consent, and not again once granted', async ({
  openTracked,
}) => {
  const { page, log } = await openTracked(PAGE);
  expect(await runs(page, 'written')).toBe(1);
  expect(await runs(page, 'template')).toBe(1);
  await grantPixel(page);
  await expect.poll(() => runs(page, 'parser')).toBe(1); // the gate has revived what it held, in document order
  await expect.poll(() => runs(page, 'markup-loading')).toBe(1); // and the last held script of the page
  expect(await runs(page, 'written')).toBe(1);
  expect(await runs(page, 'template')).toBe(1);
  expect(requestsFor(log, 'written')).toHaveLength(1);
  expect(requestsFor(log, 'template')).toHaveLength(1);
});

test('limit 6: requests a running script makes itself (fetch, XHR, sendBeacon, an image, a stylesheet, a WebSocket) go out before consent', async ({
  openTracked,
}) => {
  const { page, log } = await openTracked(PAGE);
  const names = ['fetch', 'xhr', 'beacon', 'image', 'stylesheet'];
  const requests = Promise.all(names.map((n) => requestNamed(page, n)));
  const socket = page.waitForEvent('websocket', (ws) => ws.url().startsWith('wss://pixel.example/'));
  await page.evaluate(() => {
    const url = (name: string) => `https://pixel.example/collect?name=${name}`;
    void fetch(url('fetch'), { mode: 'no-cors' }).catch(() => {});
    const xhr = new XMLHttpRequest();
    xhr.open('GET', url('xhr'));
    xhr.send();
    navigator.sendBeacon(url('beacon'), 'x');
    new Image().src = url('image');
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = url('stylesheet');
    document.head.append(link);
    new WebSocket('wss://pixel.example/socket').onerror = () => {};
  });
  await requests;
  await socket;
  // The fake host logs a request when it answers it, which can come after the page's request event.
  for (const n of names) await expect.poll(() => requestsFor(log, n)).toHaveLength(1);
  expect(await page.evaluate(() => window.Candor!.has('pixel'))).toBe(false);
});

test('limit 7: a host that no service lists is not held back', async ({ openTracked }) => {
  const { page } = await openTracked(PAGE);
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.src = 'https://unlisted.example/tag.js?name=unlisted';
    document.head.append(s);
  });
  await expect.poll(() => runs(page, 'unlisted')).toBe(1);
});

test('limit 8: a tag in a closed declarative shadow root in the HTML is requested and runs before consent', async ({
  openTracked,
}) => {
  const { page, log } = await openTracked('/test/e2e/pages/autoblock-shadow.html');
  await ready(page);
  await expect.poll(() => runs(page, 'shadow-closed')).toBe(1);
  expect(requestsFor(log, 'shadow-closed')).toHaveLength(1);
  expect(await page.evaluate(() => window.Candor!.has('pixel'))).toBe(false);
  // The open one beside it is held back (autoblock-bypasses.spec.ts).
  expect(await runs(page, 'shadow-parser')).toBe(0);
});

test('limit 9: with a config fetched from a URL, unmarked tags in the HTML and those a script adds before it arrives run before consent; the console says so; tags added after it are held', async ({
  page,
  origin,
  context,
}) => {
  const log = await fakeTrackers(context);
  const errors: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
  let arrive = (): void => {};
  const arrived = new Promise<void>((r) => (arrive = r));
  const config = await (
    await fetch(`${origin}${PAGE}`)
  )
    .text()
    .then((html) => /<script type="application\/json" id="candor-config">([^]*?)<\/script>/.exec(html)![1]!);
  await page.route('**/test/e2e/pages/late-config.json', async (route) => {
    await arrived; // held until the page's own tags have run
    await route.fulfill({ contentType: 'application/json', body: config });
  });
  await page.route(`**${PAGE}`, async (route) => {
    const html = (await (await route.fetch()).text()).replace(
      'data-config="#candor-config"',
      'data-config="/test/e2e/pages/late-config.json"',
    );
    await route.fulfill({ body: html, contentType: 'text/html' });
  });
  await page.goto(`${origin}${PAGE}`);
  // A tag in the HTML after the loader, and one a script adds: the config is not there yet.
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.src = 'https://pixel.example/early.js?name=before-config';
    document.head.append(s);
  });
  await expect.poll(() => runs(page, 'before-config')).toBe(1);
  await expect.poll(() => runs(page, 'parser')).toBe(1);
  arrive();
  await ready(page);
  await expect.poll(() => errors.filter((e) => e.includes('autoBlock needs the config in the page')).length).toBe(1);
  // Once it is there, auto-blocking holds what comes next.
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.src = 'https://pixel.example/late.js?name=after-config';
    document.head.append(s);
  });
  await expect(page.locator('[data-candor-auto][data-consent="pixel"]')).toHaveCount(1);
  expect(requestsFor(log, 'after-config')).toEqual([]);
  expect(await page.evaluate(() => window.Candor!.has('pixel'))).toBe(false);
});

test("limit 10: a frame's own document (srcdoc, or one a script writes into a same-origin frame) is not watched: its tags are requested before consent", async ({
  openTracked,
}) => {
  const { page, log } = await openTracked(PAGE);
  await ready(page);
  await page.evaluate(() => {
    const tag = (name: string) => `<script src="https://pixel.example/frame-doc.js?name=${name}"></scr` + 'ipt>';
    const a = Object.assign(document.createElement('iframe'), { title: 'srcdoc', srcdoc: tag('srcdoc') });
    const b = Object.assign(document.createElement('iframe'), { title: 'written' });
    document.body.append(a, b);
    const s = b.contentDocument!.createElement('script');
    s.src = 'https://pixel.example/frame-doc.js?name=frame-created';
    b.contentDocument!.head.append(s);
  });
  for (const n of ['srcdoc', 'frame-created']) await expect.poll(() => requestsFor(log, n)).toHaveLength(1);
  expect(await page.evaluate(() => window.Candor!.has('pixel'))).toBe(false);
});

test('limit 11: an <embed src> or <object data> is requested before consent', async ({ openTracked }) => {
  const { page, log } = await openTracked(PAGE);
  await ready(page);
  await page.evaluate(() => {
    const embed = Object.assign(document.createElement('embed'), {
      src: 'https://pixel.example/e?name=embed',
      type: 'text/html',
    });
    const object = Object.assign(document.createElement('object'), {
      data: 'https://pixel.example/o?name=object',
      type: 'text/html',
    });
    document.body.append(embed, object);
  });
  for (const n of ['embed', 'object']) await expect.poll(() => requestsFor(log, n)).toHaveLength(1);
  expect(await page.evaluate(() => window.Candor!.has('pixel'))).toBe(false);
});

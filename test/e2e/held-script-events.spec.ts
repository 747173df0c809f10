/**
 * The gate runs a held external script as a copy of it (changing `type` runs nothing), so the
 * page's listeners on the element it made (`s.onload = …`, a loader's promise that waits for
 * `load`, an `error` fallback) are on the held element, not on what loads. They hear the copy's
 * `load` or `error`, once, for a tag the site marked and for one auto-blocking held back; an
 * `onload` attribute the site wrote runs once too (the copy carries it as well).
 */
import { expect, test } from './fixtures';
import { decide } from './steps';

test('listeners on a held script hear its load or error once it is granted, once each', async ({ openTracked }) => {
  const { page } = await openTracked('/test/e2e/pages/autoblock.html');
  await page.route('**/unmarked.js?missing', (route) => route.fulfill({ status: 404, body: '' }));
  await page.evaluate(() => {
    const heard: string[] = ((window as { __heardLoads?: string[] }).__heardLoads = []);
    const script = (src: string, marked: boolean): HTMLScriptElement => {
      const s = document.createElement('script');
      if (marked) {
        s.type = 'text/plain';
        s.setAttribute('data-consent', 'analytics');
        s.setAttribute('data-src', src);
      } else s.src = src; // auto-blocking holds it back
      return s;
    };
    // A loader's promise, as many tag helpers write it.
    const load = (s: HTMLScriptElement): Promise<string> =>
      new Promise((resolve) => {
        s.addEventListener('load', () => resolve('load'));
        s.addEventListener('error', () => resolve('error'));
        document.head.append(s);
      });
    const auto = script('https://www.google-analytics.com/unmarked.js?auto', false);
    auto.onload = () => heard.push('auto onload');
    void load(auto).then((e) => heard.push(`auto ${e}`));
    const marked = script('https://www.google-analytics.com/unmarked.js?marked', true);
    marked.setAttribute('onload', "__heardLoads.push('marked onload attribute')");
    void load(marked).then((e) => heard.push(`marked ${e}`));
    const missing = script('https://www.google-analytics.com/unmarked.js?missing', true);
    missing.onerror = () => heard.push('missing onerror');
    void load(missing).then((e) => heard.push(`missing ${e}`));
  });
  const heard = (): Promise<string[]> =>
    page.evaluate(() => [...(window as { __heardLoads?: string[] }).__heardLoads!].sort());
  expect(await heard()).toEqual([]);
  await decide(page, 'Accept all');
  const all = [
    'auto load',
    'auto onload',
    'marked load',
    'marked onload attribute',
    'missing error',
    'missing onerror',
  ];
  await expect.poll(heard).toEqual(all);
  await page.waitForTimeout(300);
  expect(await heard()).toEqual(all); // once each
});

test("the page's own onload on the running copy of a held script does not hold back the marked tags after it", async ({
  page,
  origin,
  watched,
}) => {
  await page.route('**/held-lib.js', async (route) => {
    await new Promise((r) => setTimeout(r, 300));
    await route.fulfill({ contentType: 'text/javascript', body: "(window.__ran ??= []).push('lib')" });
  });
  await page.route('**/held-onload.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Held onload</title>
<script type="application/json" id="candor-config">{ "policy": { "revision": 1, "url": "/privacy" },
  "purposes": [{ "id": "necessary", "required": true }, { "id": "analytics" }] }</script>
<script src="/dist/candor.js" data-config="#candor-config"></script>
</head><body><main><h1>Held onload</h1></main>
<script type="text/plain" data-consent="analytics" data-src="/held-lib.js" id="lib"></script>
<script type="text/plain" data-consent="analytics">(window.__ran ??= []).push('after')</script>
<script>
  // A widget waiting for its library: once the library's tag runs, it listens for its load, as it would on its own tag.
  const seen = new MutationObserver(() => {
    const s = document.getElementById('lib');
    if (s?.getAttribute('data-candor') !== 'ran') return;
    seen.disconnect();
    s.onload = () => window.__ran.push('lib onload');
  });
  seen.observe(document.body, { childList: true });
</script>
</body></html>`,
    }),
  );
  await page.goto(`${origin}/held-onload.html`);
  await page.evaluate(() => window.Candor!.acceptAll());
  // The marked tag after the library runs once the library has loaded, not 15 s later.
  await expect
    .poll(() => page.evaluate(() => (window as { __ran?: string[] }).__ran ?? []), { timeout: 5_000 })
    .toEqual(['lib', 'lib onload', 'after']);
  expect(watched.pageErrors).toEqual([]);
});

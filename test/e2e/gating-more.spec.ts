/** More gating guarantees: order, late insertion, auto-blocking, GPC. */
import type { Page } from '@playwright/test';
import { expect, gateSettled, released, test, type Fixtures } from './fixtures';
import { fakeTrackers } from './trackers';

declare global {
  interface Window {
    __late?: number;
    __inserted?: boolean;
  }
}

const ready = (page: Page) => page.evaluate(() => window.Candor!.ready);
const ran = (page: Page) => page.evaluate(() => window.__ran ?? []);
/**
 * Opens the auto-blocking page (unmarked tags) behind the fake trackers and waits until the gate
 * has handled all of it; `letThrough` is what it let through, which must stay empty before consent.
 */
/** Serves the auto-blocking page with `from` in its HTML replaced by `to` (its config edited). */
const editAutoblock = (page: Page, from: string, to: string) =>
  page.route('**/test/e2e/pages/autoblock.html', async (route) => {
    const body = (await (await route.fetch()).text()).replace(from, to);
    await route.fulfill({ body, contentType: 'text/html' });
  });
const openAutoblock = async (openTracked: Fixtures['openTracked']) => {
  const { page, log } = await openTracked('/test/e2e/pages/autoblock.html');
  await gateSettled(page);
  return { page, log, letThrough: await released(page) };
};

test('gated external and inline scripts run in document order, even when the first responds slowest', async ({
  openTracked,
}) => {
  const { page } = await openTracked('/test/e2e/pages/late.html');
  expect(await page.evaluate(() => window.__order ?? [])).toEqual([]);
  await page.evaluate(() => window.Candor!.update({ purposes: { analytics: true } }));
  await expect.poll(() => page.evaluate(() => window.__order ?? []), { timeout: 5_000 }).toHaveLength(4);
  expect(await page.evaluate(() => window.__order)).toEqual(['first', 'second', 'inline-third', 'fourth']);
});

test('scripts queued behind a slow tag do not run when the grant is taken back before their turn: no request, and they run once granted again', async ({
  page,
  openTracked,
}) => {
  let release = (): void => {};
  const held = new Promise<void>((r) => (release = r));
  let requested = false;
  await page.route('**/s.js?name=first*', async (route) => ((requested = true), await held, route.fallback()));
  const { page: p, log } = await openTracked('/test/e2e/pages/late.html');
  await p.evaluate(() => window.Candor!.update({ purposes: { analytics: true } }));
  await expect.poll(() => requested).toBe(true); // the first tag is on its way; the other three wait for it
  await p.evaluate(() => window.Candor!.update({ purposes: { analytics: false } })); // taken back
  release();
  await expect.poll(() => p.evaluate(() => window.__order ?? [])).toEqual(['first']); // already asked for: it runs
  await gateSettled(p);
  expect(log.requests.filter((u) => /name=(second|fourth)/.test(u))).toEqual([]);
  expect(await p.evaluate(() => window.__order)).toEqual(['first']);
  await p.evaluate(() => window.Candor!.update({ purposes: { analytics: true } }));
  await expect.poll(() => p.evaluate(() => window.__order ?? [])).toHaveLength(4);
  expect(await p.evaluate(() => window.__order)).toEqual(['first', 'second', 'inline-third', 'fourth']);
});

test('a gated script inserted by another script after load runs only once granted, and exactly once', async ({
  open,
}) => {
  const page = await open('/test/e2e/pages/late.html');
  await ready(page);
  await page.waitForFunction(() => window.__inserted === true);
  await gateSettled(page); // the gate has seen the late script
  expect(await released(page)).toEqual([]);
  expect(await page.evaluate(() => window.__late)).toBeUndefined();
  await page.evaluate(() => window.Candor!.update({ purposes: { marketing: true } }));
  await page.waitForFunction(() => window.__late === 1);
  await page.evaluate(() => window.Candor!.acceptAll());
  await page.evaluate(() => window.Candor!.update({ purposes: { analytics: false } }));
  await page.evaluate(() => window.Candor!.update({ purposes: { analytics: true } }));
  expect(await page.evaluate(() => window.__late)).toBe(1);
});

test('autoBlock: the unmarked Meta Pixel base code makes no request before consent and loads after', async ({
  openTracked,
  watched,
}) => {
  const { page, log, letThrough } = await openAutoblock(openTracked);
  expect(letThrough).toEqual([]); // fbevents.js was held back before it had a URL, so it cannot load later
  expect(log.requests.filter((u) => u.includes('facebook'))).toEqual([]);
  expect(await page.evaluate(() => typeof (window as { fbq?: unknown }).fbq)).toBe('function'); // the snippet ran and queues events
  await page.evaluate(() => window.Candor!.update({ purposes: { marketing: true } }));
  await expect.poll(() => ran(page)).toContain('fbevents.js');
  expect(log.requests.filter((u) => u.includes('fbevents.js'))).toHaveLength(1);
  expect(watched.pageErrors).toEqual([]);
});

test('autoBlock: a host two services share (a comments widget before the Pixel on connect.facebook.net) waits for both: the one granted does not release the other’s tag', async ({
  page,
  openTracked,
  watched,
}) => {
  await editAutoblock(
    page,
    '"services": [',
    '"services": [{ "id": "fb-comments", "purpose": "analytics", "name": "Facebook comments", "provider": "Meta", "hosts": ["connect.facebook.net"] },',
  );
  const { page: p, log, letThrough } = await openAutoblock(openTracked);
  expect(letThrough).toEqual([]);
  await p.evaluate(() => window.Candor!.update({ purposes: { analytics: true } })); // fb-comments follows: granted
  expect(await p.evaluate(() => [window.Candor!.has('fb-comments'), window.Candor!.has('meta-pixel')])).toEqual([
    true,
    false,
  ]);
  // The gate has applied the grant (a second probe, after it, has its placeholder): fbevents.js is still held.
  await p.evaluate(() => {
    const probe = Object.assign(document.createElement('iframe'), { title: 'the second probe' });
    probe.setAttribute('data-consent', 'test-gate-probe-2');
    probe.setAttribute('data-src', 'about:blank');
    document.body.append(probe);
  });
  await expect(p.getByRole('button', { name: 'Load the second probe' })).toBeVisible();
  expect((await released(p)).filter((html) => html.includes('facebook'))).toEqual([]); // GA4's tag, granted, ran
  expect(log.requests.filter((u) => u.includes('facebook'))).toEqual([]);
  await p.evaluate(() => window.Candor!.update({ purposes: { marketing: true } }));
  await expect.poll(() => ran(p)).toContain('fbevents.js');
  expect(log.requests.filter((u) => u.includes('fbevents.js'))).toHaveLength(1);
  expect(watched.pageErrors).toEqual([]);
});

test('autoBlock: an unmarked parser-inserted script after the loader does not run before consent, and runs after', async ({
  openTracked,
  watched,
}) => {
  const { page, log, letThrough } = await openAutoblock(openTracked);
  expect(letThrough).toEqual([]); // the parsed script was neutralised, so it cannot run later
  expect(await ran(page)).toEqual([]);
  // The documented limit (docs/auto-blocking.md): the browser fetches script URLs in the HTML ahead
  // of the parser (preload scanner), before any JavaScript can step in. It never runs, but the
  // request can happen; marking the tag avoids it. This asserts the limit as documented.
  expect(log.requests.filter((u) => !u.includes('unmarked.js'))).toEqual([]);
  await page.evaluate(() => window.Candor!.update({ purposes: { analytics: true } }));
  await expect.poll(() => ran(page)).toEqual(['unmarked.js']);
  expect(watched.pageErrors).toEqual([]);
});

test("autoBlock: a returning visitor's unmarked tags, let through as granted, are marked as run: a withdrawal recommends the reload, and reloadOnRevoke does it", async ({
  page,
  openTracked,
}) => {
  await editAutoblock(page, '"autoBlock": true,', '"autoBlock": true, "reloadOnRevoke": true,');
  const { page: p } = await openAutoblock(openTracked);
  await p.evaluate(() => window.Candor!.acceptAll());
  await expect.poll(() => ran(p).then((r) => r.slice().sort())).toEqual(['fbevents.js', 'unmarked.js']);
  // The cookie grants both services: auto-blocking lets both tags through at once.
  await p.reload();
  await expect.poll(() => ran(p).then((r) => r.slice().sort())).toEqual(['fbevents.js', 'unmarked.js']);
  await expect
    .poll(() => p.locator('script[data-candor="ran"]').evaluateAll((s) => s.map((e) => e.getAttribute('data-consent'))))
    .toEqual(['meta-pixel', 'ga4']);
  await p.evaluate(() => {
    document.addEventListener('candor:revoke', (e) =>
      sessionStorage.setItem('revoke', JSON.stringify((e as CustomEvent).detail)),
    );
    (window as { __before?: boolean }).__before = true;
  });
  // Only a reload stops a script that ran: the page reloads.
  const reloaded = p.waitForEvent('load');
  await p.evaluate(() => void window.Candor!.withdraw());
  await reloaded;
  expect(await p.evaluate(() => (window as { __before?: boolean }).__before ?? false)).toBe(false);
  expect(await p.evaluate(() => JSON.parse(sessionStorage.getItem('revoke') ?? 'null'))).toEqual({
    services: ['ga4', 'meta-pixel'],
    reloadRecommended: true,
  });
});

test('autoBlock: a frame a script adds while its service is granted is held back again on withdraw: its placeholder, no src', async ({
  openTracked,
}) => {
  const { page, log } = await openAutoblock(openTracked);
  await page.evaluate(() => window.Candor!.acceptAll());
  // A returning visitor: everything is granted, so nothing brought the gate before this frame.
  await page.reload();
  await page.evaluate(() => window.Candor!.ready);
  await page.evaluate(() => {
    const f = Object.assign(document.createElement('iframe'), { id: 'comments', title: 'Comments' });
    f.src = 'https://connect.facebook.net/plugins/comments.html';
    document.body.append(f);
  });
  await expect.poll(() => log.requests.filter((u) => u.includes('comments.html'))).toHaveLength(1);
  await page.evaluate(() => window.Candor!.withdraw());
  await expect(page.getByRole('button', { name: 'Load Meta Pixel from Meta' })).toBeVisible();
  expect(await page.locator('#comments').evaluate((f) => [f.isConnected, f.getAttribute('src')])).toEqual([true, null]);
  // Allowed again from its placeholder: it loads again.
  await page.getByRole('button', { name: 'Load Meta Pixel from Meta' }).click();
  await expect.poll(() => log.requests.filter((u) => u.includes('comments.html'))).toHaveLength(2);
});

test('opt-out mode with Global Privacy Control: sale/sharing purposes are denied and the record says gpc', async ({
  page,
  context,
  origin,
}) => {
  await context.addInitScript(() =>
    Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }),
  );
  await page.goto(`${origin}/test/e2e/pages/optout.html`);
  await ready(page);
  const result = await page.evaluate(async () => {
    const [record] = await window.Candor!.records();
    return {
      analytics: window.Candor!.has('analytics'),
      marketing: window.Candor!.has('marketing'),
      method: record?.method,
      gpc: record?.gpc,
    };
  });
  expect(result).toEqual({ analytics: true, marketing: false, method: 'gpc', gpc: true });
});

test("opt-in mode: a GPC signal turned on after the decision changes no grant, and the returning visitor's loader answers from the cookie without the engine", async ({
  page,
  context,
  origin,
}) => {
  const url = `${origin}/test/e2e/pages/basic.html`;
  await page.goto(url);
  await ready(page);
  await page.evaluate(() => window.Candor!.acceptAll());
  await context.addInitScript(() =>
    Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }),
  );
  const engine: string[] = [];
  page.on('request', (r) => void (r.url().endsWith('/dist/candor-engine.mjs') && engine.push(r.url())));
  await page.goto(url);
  expect(
    await page.evaluate(() => [
      (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl,
      window.Candor!.has('marketing'),
    ]),
  ).toEqual([true, true]);
  await page.waitForLoadState('networkidle');
  expect(engine).toEqual([]);
  // The engine, once something needs it, answers the same and records nothing for the signal.
  await ready(page);
  const seen = await page.evaluate(async () => ({
    marketing: window.Candor!.has('marketing'),
    records: (await window.Candor!.records()).map((r) => r.method),
  }));
  expect(seen).toEqual({ marketing: true, records: ['api'] });
});

test('opt-out mode without GPC: on until the visitor opts out', async ({ open }) => {
  const page = await open('/test/e2e/pages/optout.html');
  await ready(page);
  expect(await page.evaluate(() => window.Candor!.has('marketing'))).toBe(true);
  await page.evaluate(() => window.Candor!.update({ purposes: { marketing: false } }));
  expect(await page.evaluate(() => window.Candor!.has('marketing'))).toBe(false);
});

test("marked images' candidates (data-srcset, a <picture>'s source too) and a video's data-poster make no request before consent and load after", async ({
  openTracked,
}) => {
  const { page, log } = await openTracked('/test/e2e/pages/images.html');
  await gateSettled(page);
  const pixels = () => log.requests.filter((u) => u.includes('px.tracker.example')).map((u) => new URL(u).pathname);
  expect(pixels()).toEqual([]);
  // Nothing has a URL to load later either.
  expect(await page.evaluate(() => document.querySelectorAll('[src*="px."], [srcset], [poster]').length)).toBe(0);
  await page.evaluate(() => window.Candor!.update({ purposes: { marketing: true } }));
  // The browser picks each image's candidate: the source's webp and the image's 1x, not their src.
  await expect.poll(() => pixels().sort()).toEqual(['/picture.webp', '/poster.png', '/srcset-1x.png']);
});

/** 20 s of 8 kHz 8-bit mono silence, as a WAV file. */
function wav(): Buffer {
  const n = 8000 * 20;
  const b = Buffer.alloc(44 + n, 0x80);
  b.write('RIFF', 0);
  b.writeUInt32LE(36 + n, 4);
  b.write('WAVEfmt ', 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20); // PCM
  b.writeUInt16LE(1, 22); // mono
  b.writeUInt32LE(8000, 24);
  b.writeUInt32LE(8000, 28);
  b.writeUInt16LE(1, 32);
  b.writeUInt16LE(8, 34);
  b.write('data', 36);
  b.writeUInt32LE(n, 40);
  return b;
}

test('a marked <audio> with marked <source>s and a marked <video> stop playing and unload their media on withdraw, and play again once granted', async ({
  context,
  open,
}) => {
  await context.route('https://media.tracker.example/**', (r) => r.fulfill({ contentType: 'audio/wav', body: wav() }));
  const page = await open('/test/e2e/pages/media.html');
  await ready(page);
  await page.evaluate(() => window.Candor!.update({ purposes: { marketing: true } }));
  const play = () =>
    page.evaluate(() =>
      Promise.all(
        [...document.querySelectorAll<HTMLMediaElement>('audio, video')].map((m) => ((m.muted = true), m.play())),
      ),
    );
  const plays = () =>
    play().then(
      () => true,
      () => false,
    );
  await expect.poll(plays).toBe(true);
  // Both players, and what each has loaded (the video's element is replaced on withdraw: kept here).
  const players = () =>
    page.evaluate(() => {
      const w = window as { __players?: HTMLMediaElement[] };
      w.__players ??= [...document.querySelectorAll<HTMLMediaElement>('audio, video')];
      return w.__players.map((m) => ({ paused: m.paused, loaded: m.readyState > 0 }));
    });
  await expect.poll(players).toEqual([
    { paused: false, loaded: true },
    { paused: false, loaded: true },
  ]);
  await page.evaluate(() => window.Candor!.withdraw());
  await expect.poll(() => page.locator('source').getAttribute('data-candor')).toBe('held');
  // Nothing from the revoked host plays on, nor stays loaded: the audio in place, the video's old element.
  await expect.poll(players).toEqual([
    { paused: true, loaded: false },
    { paused: true, loaded: false },
  ]);
  expect(await page.locator('[src*="media.tracker.example"]').count()).toBe(0);
  await page.evaluate(() => window.Candor!.update({ purposes: { marketing: true } }));
  await expect.poll(plays).toBe(true);
});

test("an embed that is not focusable itself (<img data-placeholder>) takes the focus from its placeholder's button, out of the tab order; a grant from elsewhere leaves focus alone", async ({
  page,
  openTracked,
}) => {
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A map</title>
<script type="application/json" id="candor-config">
{ "policy": { "revision": 1 },
  "purposes": [{ "id": "necessary", "required": true }, { "id": "marketing" }],
  "services": [{ "id": "maps", "purpose": "marketing", "name": "Maps", "provider": "Maps Inc." },
               { "id": "chart", "purpose": "marketing", "name": "Chart", "provider": "Charts Inc." }] }
</script>
<script src="/dist/candor.js" data-config="#candor-config"></script>
</head><body><main><h1>Find us</h1>
<img data-consent="maps" data-placeholder data-src="https://px.tracker.example/map.png" alt="Our shop on a map" width="300" height="200">
<img data-consent="chart" data-placeholder data-src="https://px.tracker.example/chart.png" alt="Opening hours" width="300" height="200">
<button type="button" id="elsewhere">Elsewhere</button>
</main></body></html>`;
  await page.route('**/focus.html', (route) => route.fulfill({ contentType: 'text/html', body }));
  const { page: p } = await openTracked('/focus.html');
  const load = p.getByRole('button', { name: 'Load Maps from Maps Inc.' });
  await load.focus();
  await p.keyboard.press('Enter');
  await expect(p.getByRole('img', { name: 'Our shop on a map' })).toBeVisible();
  expect(
    await p.evaluate(() => [
      document.activeElement?.getAttribute('alt'),
      document.activeElement?.getAttribute('tabindex'),
    ]),
  ).toEqual(['Our shop on a map', '-1']);
  // The other one, granted while focus is elsewhere: focus stays there.
  await p.locator('#elsewhere').focus();
  await p.evaluate(() => window.Candor!.update({ services: { chart: true } }));
  await expect(p.getByRole('img', { name: 'Opening hours' })).toBeVisible();
  expect(await p.evaluate(() => document.activeElement?.id)).toBe('elsewhere');
  expect(await p.getByRole('img', { name: 'Opening hours' }).getAttribute('tabindex')).toBeNull();
});

/** The dataLayer's gtag commands and events, by name (`consent:default`, `candor_consent_update`, …). */
const dataLayerNames = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { dataLayer: unknown[] }).dataLayer.map((e) =>
      Object.prototype.toString.call(e) === '[object Arguments]'
        ? Array.from(e as ArrayLike<unknown>)
            .slice(0, 2)
            .map(String)
            .join(':')
        : String((e as { event?: unknown }).event),
    ),
  );

test('before the visitor decides, neither the gate (a marked embed) nor auto-blocking (a held tracker tag) tells Consent Mode or the dataLayer anything but the defaults', async ({
  open,
  browser,
  origin,
}) => {
  const gateLoaded = (page: Page) =>
    page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /candor-gate\.mjs$/.test(e.name)));
  const check = async (page: Page) => {
    const names = await dataLayerNames(page);
    expect(names.filter((n) => n.startsWith('consent:'))).toEqual(['consent:default']);
    expect(names).not.toContain('candor_consent_update');
    // The decision is told.
    await page.getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => dataLayerNames(page)).toContain('candor_consent_update');
    expect(await dataLayerNames(page)).toContain('consent:update');
  };
  // A marked embed: the gate loads once the banner is painted, for its placeholder.
  const page = await open('/test/e2e/pages/gcm-order.html');
  await expect(page.getByRole('button', { name: /^Load Video/ })).toBeVisible();
  await check(page);
  // Auto-blocking held the Meta Pixel's fbevents.js (its src set by script) and the parser-inserted
  // analytics script: the gate comes for them once the banner is painted.
  // A first visit of its own (a new context), opened without waiting for Candor.ready, which loads
  // the engine: its start tells the page.
  const fresh = await browser.newContext();
  await fakeTrackers(fresh);
  const blocked = await fresh.newPage();
  await blocked.goto(`${origin}/test/e2e/pages/autoblock.html`);
  await expect(blocked.getByRole('button', { name: 'Accept all' })).toBeVisible();
  await gateLoaded(blocked);
  await check(blocked);
  await fresh.close();
});

/**
 * The back/forward cache in all three engines (Chromium with it turned on): a page restored with
 * `pageshow.persisted` must re-read the decision before it answers `has()` or gates, and its UI
 * and gate follow. Found in WebKit: Accept all on `/`, Reject all on `/privacy.html`, Back, and `/`
 * kept answering from the acceptance (WebKit keeps the page frozen and drops the BroadcastChannel
 * message sent to it; Chromium and Firefox evict a cached page that gets one, so they reload it).
 */
import { click, gone, poll, shown, type Tab } from './driver';
import { expect, test } from './fixtures';
import {
  banner,
  gateSettled,
  has,
  inBanner,
  inPanel,
  launcher,
  panel,
  ready,
  recordCount,
  type PageGlobals,
} from './page-helpers';

/** Notes on the page whether it comes back from the cache, and what its change events said. */
const watchRestore = (tab: Tab): Promise<void> =>
  tab.evaluate(() => {
    const w = window as PageGlobals;
    w.__changes = [];
    addEventListener('pageshow', (e) => void (w.__restored = e.persisted));
    document.addEventListener('candor:change', () => w.__changes!.push(window.Candor!.has('marketing')));
  });

/** The shared-cookie page on shop.candor.test and on www.candor.test (`cookie.domain`: no tab message between them). */
const sharedPages = (site: string): [string, string] =>
  ['shop', 'www'].map((sub) => `${site.replace('127.0.0.1', `${sub}.candor.test`)}/test/engines/pages/shared.html`) as [
    string,
    string,
  ];

/** Adds a marketing-gated script after the restore; the gate must hold it. */
async function gateHoldsMarketing(tab: Tab): Promise<boolean> {
  await tab.evaluate(() => {
    const s = document.createElement('script');
    s.type = 'text/plain';
    s.setAttribute('data-consent', 'marketing');
    s.text = 'window.__late = 1;';
    document.body.append(s);
  });
  await gateSettled(tab);
  return tab.evaluate(() => (window as { __late?: number }).__late === undefined);
}

/** Opens the panel from the launcher and reads the Marketing switch. */
async function marketingSwitch(tab: Tab): Promise<string | null> {
  await click(tab, launcher);
  await shown(tab, panel);
  return tab.evaluate(() => {
    const root = document.querySelector('[data-candor-ui]')!.shadowRoot!;
    const sw = Array.from(root.querySelectorAll('dialog [role=switch]')).find((s) =>
      (s.getAttribute('aria-labelledby') ?? '')
        .split(' ')
        .some((id) => root.getElementById(id)?.textContent?.trim() === 'Marketing'),
    );
    return sw?.getAttribute('aria-checked') ?? null;
  });
}

test("the issue's scenario: Accept all on /, Reject all on /privacy.html, Back: / answers from the refusal, and its gate and panel follow", async ({
  engine,
  tab,
  demo,
}) => {
  await tab.goto(`${demo}/`);
  await click(tab, inBanner('Accept all'));
  await poll(tab, 'the acceptance stored', () => window.Candor!.records().then((r) => r.length === 1));
  await watchRestore(tab);
  await tab.goto(`${demo}/privacy.html`);
  await ready(tab);
  await click(tab, launcher);
  await click(tab, inPanel('Reject all'));
  await poll(tab, 'the refusal stored', () => window.Candor!.records().then((r) => r.length === 2));
  await tab.back();
  await poll(tab, 'the home page again', () => location.pathname === '/' && !!window.Candor);
  // Before anything else: has() must already answer from the refusal.
  expect(await has(tab, 'marketing')).toBe(false);
  const restored = await tab.evaluate(() => (window as PageGlobals).__restored === true);
  test.info().annotations.push({
    type: 'bfcache',
    description: `${engine.name}: ${restored ? 'restored from the back/forward cache' : 'loaded again (the engine evicted the cached page when the tab message came)'}`,
  });
  if (engine.name === 'webkit') expect(restored, 'WebKit restores / from its back/forward cache').toBe(true);
  if (restored) expect(await tab.evaluate(() => (window as PageGlobals).__changes)).toEqual([false]); // one change event: the gate and UI follow it
  await ready(tab);
  // The current decision is the newest stored record: the refusal.
  expect(
    await tab.evaluate(
      async () => window.Candor!.state!.value.decision?.id === (await window.Candor!.records())[0]?.id,
    ),
  ).toBe(true);
  expect(await recordCount(tab)).toBe(2);
  expect(await gateHoldsMarketing(tab)).toBe(true);
  expect(await marketingSwitch(tab)).toBe('false');
});

test('Back after a decision on a sibling subdomain (shared cookie, no tab message): restored from the cache, the page answers from the newer decision', async ({
  engine,
  tab,
  site,
}) => {
  const [shop, www] = sharedPages(site);
  await tab.goto(shop);
  await click(tab, inBanner('Accept all'));
  await poll(tab, 'the marketing tag', () => (window as PageGlobals).__marketing === 1);
  await poll(tab, 'the acceptance stored', () => window.Candor!.records().then((r) => r.length === 1));
  await watchRestore(tab);
  await tab.goto(www); // another origin: the shared cookie carries the decision, BroadcastChannel does not
  await ready(tab);
  expect(await has(tab, 'marketing')).toBe(true);
  await click(tab, launcher);
  await click(tab, inPanel('Reject all'));
  await poll(tab, 'the refusal stored', () => window.Candor!.records().then((r) => r.length === 1));
  await tab.back();
  await poll(tab, 'the shop page again', () => location.hostname === 'shop.candor.test' && !!window.Candor);
  expect(await has(tab, 'marketing')).toBe(false);
  const restored = await tab.evaluate(() => (window as PageGlobals).__restored === true);
  test.info().annotations.push({
    type: 'bfcache',
    description: `${engine.name}: ${restored ? 'restored from the back/forward cache' : 'loaded again'}`,
  });
  expect(restored, `${engine.name} restores the page from its back/forward cache`).toBe(engine.bfcache);
  expect(await tab.evaluate(() => (window as PageGlobals).__changes)).toEqual([false]);
  expect(await tab.evaluate(() => (window as PageGlobals).__marketing)).toBe(1); // ran once, before; not again
  expect(await gateHoldsMarketing(tab)).toBe(true);
  expect(await marketingSwitch(tab)).toBe('false');
});

test("a returning visitor's page (no engine: the cookie answers), restored after a refusal on another page: Consent Mode and the dataLayer hear it, and candor:revoke follows", async ({
  engine,
  tab,
  site,
}) => {
  const page = `${site}/test/engines/pages/gated.html`;
  await tab.goto(page);
  await click(tab, inBanner('Accept all'));
  await poll(tab, 'the acceptance stored', () => window.Candor!.records().then((r) => r.length === 1));
  await tab.goto(page); // again: a returning visitor's page, whose engine does not load
  await poll(tab, 'the marketing tag ran', () => ((window as PageGlobals).__order ?? []).includes('marketing'));
  const engineLoaded = (): Promise<boolean> =>
    tab.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.includes('candor-engine')));
  expect(await engineLoaded()).toBe(false);
  await watchRestore(tab);
  await tab.evaluate(() =>
    document.addEventListener('candor:revoke', (e) => ((window as PageGlobals).__revoke = (e as CustomEvent).detail)),
  );
  /** What the page's dataLayer last heard of marketing: Candor's own update and Consent Mode's. */
  const heard = (): Promise<[boolean | undefined, string | undefined]> =>
    tab.evaluate(() => {
      const layer = ((window as { dataLayer?: unknown[] }).dataLayer ?? []) as Record<string, unknown>[];
      const ours = layer.filter((e) => e && e['event'] === 'candor_consent_update').at(-1) as
        { candor: { purposes: Record<string, boolean> } } | undefined;
      const gcm = layer.filter((e) => e && e[0] === 'consent' && e[1] === 'update').at(-1) as
        Record<number, Record<string, string>> | undefined;
      return [ours?.candor.purposes['marketing'], gcm?.[2]?.['ad_storage']];
    });
  expect(await heard()).toEqual([true, 'granted']);
  await tab.goto(`${page}?another=page`);
  await ready(tab);
  await tab.evaluate(() => window.Candor!.rejectAll());
  await poll(tab, 'the refusal stored', () => window.Candor!.records().then((r) => r.length === 2));
  await tab.back();
  await poll(tab, 'the first page again', () => location.search === '' && !!window.Candor);
  expect(await has(tab, 'marketing')).toBe(false);
  const restored = await tab.evaluate(() => (window as PageGlobals).__restored === true);
  test.info().annotations.push({
    type: 'bfcache',
    description: `${engine.name}: ${restored ? 'restored from the back/forward cache' : 'loaded again (evicted by the tab message)'}`,
  });
  // WebKit keeps the page frozen and drops the tab message: the page itself must tell its tags.
  if (engine.name === 'webkit') expect(restored, 'WebKit restores the page from its back/forward cache').toBe(true);
  // Restored or loaded again, the page's tags hear the refusal (a tag already running reads Consent Mode).
  await expect.poll(heard, { timeout: 10_000 }).toEqual([false, 'denied']);
  // Restored, the loader tells the page at once; what follows a revocation (loader/revoke.ts) comes
  // with the engine, which it then loads: the page's tags ran, so only a reload stops them.
  if (restored)
    expect(await poll(tab, 'candor:revoke on the restored page', () => (window as PageGlobals).__revoke)).toEqual({
      services: ['ga4'],
      reloadRecommended: true,
    });
});

test("a returning visitor's refused inline tag waits without the gate; back on its page after a grant elsewhere, it runs, once", async ({
  engine,
  tab,
  site,
}) => {
  const page = `${site}/test/engines/pages/waiting.html`;
  await tab.goto(page);
  await click(tab, inBanner('Reject all'));
  await poll(tab, 'the refusal stored', () => window.Candor!.records().then((r) => r.length === 1));
  await tab.goto(page); // again: a returning visitor's page, whose engine does not load
  await poll(tab, 'the page is parsed', () => document.readyState !== 'loading');
  /** The chunks this page has fetched, by name. */
  const fetched = (): Promise<string[]> =>
    tab.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((e) => e.name.split('/').pop()!)
        .filter((n) => n.startsWith('candor-')),
    );
  // Neither the engine nor the gate: the loader keeps the refused tags itself.
  await poll(tab, 'the returning-visitor chunk', () =>
    performance.getEntriesByType('resource').some((e) => e.name.includes('candor-returning')),
  );
  expect((await fetched()).filter((n) => /candor-(engine|gate)/.test(n))).toEqual([]);
  const runs = (): Promise<[number, number]> =>
    tab.evaluate(() => [(window as PageGlobals).__analytics ?? 0, (window as PageGlobals).__marketing ?? 0]);
  expect(await runs()).toEqual([0, 0]);
  await watchRestore(tab);
  await tab.goto(`${page}?another=page`);
  await ready(tab);
  await tab.evaluate(() => window.Candor!.acceptAll());
  await poll(tab, 'the acceptance stored', () => window.Candor!.records().then((r) => r.length === 2));
  await tab.back();
  await poll(tab, 'the first page again', () => location.search === '' && !!window.Candor);
  const restored = await tab.evaluate(() => (window as PageGlobals).__restored === true);
  test.info().annotations.push({
    type: 'bfcache',
    description: `${engine.name}: ${restored ? 'restored from the back/forward cache' : 'loaded again (evicted by the tab message)'}`,
  });
  // WebKit keeps the page frozen and drops the tab message: the restored page itself must run the
  // tags it kept waiting (its loader looks again, and the gate comes). Restored or loaded again, each runs once.
  if (engine.name === 'webkit') expect(restored, 'WebKit restores the page from its back/forward cache').toBe(true);
  await poll(
    tab,
    'both tags ran',
    () => (window as PageGlobals).__marketing === 1 && (window as PageGlobals).__analytics === 1,
  );
  expect(await runs()).toEqual([1, 1]);
});

for (const choice of ['Accept all', 'Reject all'] as const)
  test(`a first visit's banner, left without a decision; ${choice} on a sibling subdomain; Back: restored from the cache, the banner is gone and the tag, Consent Mode and has() follow the decision`, async ({
    engine,
    tab,
    site,
  }) => {
    const [shop, www] = sharedPages(site);
    await tab.goto(shop);
    await shown(tab, banner); // left at once: before this page's engine has loaded
    await watchRestore(tab);
    await tab.goto(www);
    await click(tab, inBanner(choice));
    await poll(tab, 'the decision stored', () => window.Candor!.records().then((r) => r.length === 1));
    await tab.back();
    await poll(tab, 'the shop page again', () => location.hostname === 'shop.candor.test' && !!window.Candor);
    const granted = choice === 'Accept all';
    expect(await has(tab, 'marketing')).toBe(granted);
    const restored = await tab.evaluate(() => (window as PageGlobals).__restored === true);
    expect(restored, `${engine.name} restores the page from its back/forward cache`).toBe(engine.bfcache);
    await gone(tab, banner);
    await shown(tab, launcher);
    /** What Consent Mode last heard of ad_storage on this page. */
    const gcm = (): Promise<string | undefined> =>
      tab.evaluate(() => {
        const layer = ((window as { dataLayer?: unknown[] }).dataLayer ?? []) as Record<number, unknown>[];
        const last = layer.filter((e) => e[0] === 'consent').at(-1) as
          Record<number, Record<string, string>> | undefined;
        return last?.[2]?.['ad_storage'];
      });
    await expect.poll(gcm).toBe(granted ? 'granted' : 'denied');
    if (granted) await poll(tab, 'the marketing tag ran', () => (window as PageGlobals).__marketing === 1);
    else expect(await gateHoldsMarketing(tab)).toBe(true);
    // `?? 0`: WebKit's driver answers an undefined value as null.
    expect(await tab.evaluate(() => (window as PageGlobals).__marketing ?? 0)).toBe(granted ? 1 : 0);
  });

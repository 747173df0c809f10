/**
 * The critical paths, written once against driver.ts and run in Chromium, Firefox and WebKit (one
 * Playwright project per engine). Every test gets a fresh browser profile, clicks and keys are real
 * input, and every page must end without an uncaught error (the `session` fixture checks).
 */
import { randomUUID } from 'node:crypto';
import { click, gone, isShown, poll, shown, type Tab, type Target } from './driver';
import { expect, pixelsAsked, test } from './fixtures';
import {
  axeViolations,
  banner,
  focused,
  focusedText,
  focusInside,
  gateSettled,
  has,
  historyTab,
  inBanner,
  inPanel,
  launcher,
  order,
  orderBecomes,
  panel,
  ready,
  recordCount,
  released,
  wall,
  type PageGlobals,
} from './page-helpers';

const GATED = '/test/engines/pages/gated.html';
const UI = '/test/e2e/pages/ui.html';
const OPT_OUT = '/test/engines/pages/optout.html';
const STREAMED = '/test/engines/pages/streamed.html';
const ALL_TAGS = ['first', 'second', 'inline-third', 'fourth', 'marketing'];

/** The method of the newest stored record, once IndexedDB has it (a write can land seconds after a click under load). */
const lastMethod = (tab: Tab): Promise<string | undefined> =>
  poll(tab, 'the record in IndexedDB', () => window.Candor!.records().then((r) => r[0]?.method));

test('first visit: the banner is in an open shadow root and nothing gated runs before consent', async ({
  tab,
  site,
}) => {
  await tab.goto(`${site}${GATED}`);
  await shown(tab, inBanner('Accept all'));
  const dom = await tab.evaluate(() => {
    const root = document.querySelector('[data-candor-ui]')?.shadowRoot;
    const named = (el: Element | null | undefined) => el?.textContent?.includes('Accept all') ?? false;
    return {
      open: !!root,
      inShadow: Array.from(root?.querySelectorAll('button') ?? []).some(named),
      inDocument: Array.from(document.querySelectorAll('button')).some(named),
    };
  });
  expect(dom).toEqual({ open: true, inShadow: true, inDocument: false });
  await ready(tab);
  await gateSettled(tab);
  expect(await released(tab)).toEqual([]);
  expect(await order(tab)).toEqual([]);
  expect(
    await tab.evaluate(() => [
      window.Candor!.has('analytics'),
      window.Candor!.has('marketing'),
      (window as PageGlobals).__early,
    ]),
  ).toEqual([false, false, false]);
});

test("first visit: the engine waits for the visitor's input (not for the page's start-up) and comes with a moving pointer", async ({
  tab,
  site,
}) => {
  await tab.goto(`${site}/test/engines/pages/engine-when.html`);
  await shown(tab, inBanner('Accept all'));
  // The engine's 2 s fallback is scheduled (and held by the page): only the pointer can load it now.
  await poll(tab, 'the held fallback', () => (window as PageGlobals & { __held?: number }).__held);
  const engine = (): Promise<boolean> =>
    tab.evaluate(
      () =>
        window.Candor!.state !== undefined ||
        performance.getEntriesByType('resource').some((e) => e.name.endsWith('/candor-engine.mjs')),
    );
  expect(await engine()).toBe(false);
  // Two moves: a page's first pointer event has no movement (nothing to move from), and loads nothing.
  await tab.moveTo(200, 300);
  await tab.moveTo(240, 330);
  await poll(tab, 'the engine, after the pointer moved', () =>
    performance.getEntriesByType('resource').some((e) => e.name.endsWith('/candor-engine.mjs')),
  );
  await ready(tab);
  expect(await has(tab, 'analytics')).toBe(false);
  await shown(tab, inBanner('Accept all')); // the banner stays until the visitor decides
});

test("a config with preference fields: their parser's chunk comes with the first layer, the banner shows, and the engine takes the same config", async ({
  tab,
  site,
}) => {
  await tab.goto(`${site}/test/engines/pages/preferences.html`);
  await shown(tab, inBanner('Accept all'));
  expect(
    await tab.evaluate(
      () =>
        performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/candor-chunk-preferences.mjs')).length,
    ),
  ).toBe(1);
  await click(tab, inBanner('Accept all'));
  await shown(tab, launcher);
  await ready(tab);
  expect(
    await tab.evaluate(() => ({
      fields: window.Candor!.config?.preferences.map((f) => f.id),
      newsletter: window.Candor!.preferences.get('newsletter'),
    })),
  ).toEqual({ fields: ['newsletter'], newsletter: false });
});

test("marked images: a <picture>'s source, an image's candidates (data-srcset) and a video's data-poster ask for nothing before consent; after Accept all, the browser fetches the candidates it picks", async ({
  tab,
  site,
}) => {
  pixelsAsked.length = 0;
  await tab.goto(`${site}/test/engines/pages/images.html`);
  await shown(tab, inBanner('Accept all'));
  await ready(tab);
  await gateSettled(tab);
  expect(pixelsAsked).toEqual([]);
  await click(tab, inBanner('Accept all'));
  const picked = ['image-1x', 'picture-source', 'poster'];
  await expect
    .poll(() => [...new Set(pixelsAsked)].filter((n) => picked.includes(n)).sort(), { timeout: 10_000 })
    .toEqual(picked);
  // Each image from its candidates, not its src.
  expect(pixelsAsked.filter((n) => n === 'image-src' || n === 'picture-fallback')).toEqual([]);
});

test('Reject all: the banner gives way to the launcher and nothing gated runs', async ({ tab, site }) => {
  await tab.goto(`${site}${GATED}`);
  await click(tab, inBanner('Reject all'));
  await gone(tab, banner);
  await shown(tab, launcher);
  await gateSettled(tab);
  expect(await released(tab)).toEqual([]);
  expect(await order(tab)).toEqual([]);
  expect([await has(tab, 'analytics'), await has(tab, 'marketing')]).toEqual([false, false]);
  expect(await lastMethod(tab)).toBe('banner:reject-all');
});

test('Accept all: the gated tags run only after the click, once each, in document order (the slowest first)', async ({
  tab,
  site,
}) => {
  await tab.goto(`${site}${GATED}`);
  await shown(tab, inBanner('Accept all'));
  await ready(tab);
  await gateSettled(tab);
  expect(await order(tab)).toEqual([]);
  await click(tab, inBanner('Accept all'));
  expect(await orderBecomes(tab, ALL_TAGS)).toEqual(ALL_TAGS);
  await poll(tab, 'the gated frame', () => !!document.querySelector('iframe[src$="/frame.html"]'));
  // More decisions do not run them again.
  await tab.evaluate(async () => {
    await window.Candor!.update({ purposes: { analytics: false, marketing: false } });
    await window.Candor!.acceptAll();
  });
  await gateSettled(tab);
  expect(await order(tab)).toEqual(ALL_TAGS);
  expect(await lastMethod(tab)).toBe('api');
});

test('Withdrawal: a loaded frame is unloaded in place (the same element, its document emptied) behind its placeholder, and loads again on the next grant', async ({
  tab,
  site,
}) => {
  /** In the page: whether the frame is the element first loaded, its state and its document's text. */
  const frame = (): [boolean, string | null, string | null] => {
    const w = window as { __frame?: Element };
    const f = document.querySelector('iframe')!;
    w.__frame ??= f;
    return [f === w.__frame, f.getAttribute('data-candor'), f.contentDocument?.body?.textContent?.trim() ?? null];
  };
  await tab.goto(`${site}${GATED}`);
  await click(tab, inBanner('Accept all'));
  const loaded = (f: [boolean, string | null, string | null]): boolean => f[2] === 'frame loaded';
  expect(await poll(tab, 'the frame loaded', frame, undefined, loaded)).toEqual([true, 'active', 'frame loaded']);
  await tab.evaluate(() => window.Candor!.withdraw());
  const held = await poll(tab, 'the frame unloaded', frame, undefined, (f) => f[1] === 'held' && !loaded(f));
  expect([held[0], held[1]]).toEqual([true, 'held']);
  await shown(tab, { role: 'button', name: 'Open privacy settings to load the partner video' });
  await tab.evaluate(() => window.Candor!.acceptAll());
  expect(await poll(tab, 'the frame loaded again', frame, undefined, loaded)).toEqual([true, 'active', 'frame loaded']);
});

test("a choice made while the page loads, the parser holding half of a marked tag's text: no tag runs before the page is parsed, then each once, whole, in document order", async ({
  tab,
  site,
}) => {
  // The page asks for its rest once the gate has gone through it (pages/streamed.html).
  await tab.goto(`${site}/__engines/stream/${randomUUID()}${STREAMED}`);
  expect(await tab.evaluate(() => (window as PageGlobals).__atRelease)).toEqual([]);
  const all = ['early', 'first half and second half', 'after'];
  expect(await orderBecomes(tab, all)).toEqual(all);
});

test('reload: the choice is kept from the cookie (synchronously) and from IndexedDB alone; the launcher instead of the banner', async ({
  tab,
  site,
}) => {
  await tab.goto(`${site}${GATED}`);
  await click(tab, inBanner('Accept all'));
  await orderBecomes(tab, ALL_TAGS);
  await poll(tab, 'the record in IndexedDB', () => window.Candor!.records().then((r) => r.length === 1));
  await tab.reload();
  expect(await tab.evaluate(() => (window as PageGlobals).__early)).toBe(true); // the cookie answered on the first line
  await ready(tab);
  await shown(tab, launcher);
  expect(await isShown(tab, banner)).toBe(false);
  expect(await orderBecomes(tab, ALL_TAGS)).toEqual(ALL_TAGS);
  expect(await recordCount(tab)).toBe(1);
  // Without the cookie, IndexedDB still holds the decision, and the cookie is written again.
  await tab.evaluate(() => void (document.cookie = 'candor=; path=/; max-age=0'));
  await tab.reload();
  expect(await tab.evaluate(() => (window as PageGlobals).__early)).toBe(false);
  await ready(tab);
  expect(await has(tab, 'marketing')).toBe(true);
  expect((await tab.cookies()).map((c) => c.name)).toContain('candor');
  await shown(tab, launcher);
  expect(await tab.evaluate(() => (window as PageGlobals).__errors)).toEqual([]);
});

test('the history chunk fails to load once: one error, the panel still works, and the next opening brings the history', async ({
  tab,
  site,
}) => {
  // Chromium and Firefox keep a module that failed as failed for the page; WebKit asks again (src/dom/import-again.ts).
  const file = 'candor-chunk-sections.mjs';
  await tab.goto(`${site}/__engines/fail-once/${file}:${randomUUID()}/test/engines/pages/flaky-chunk.html`);
  const said = () => tab.evaluate(() => (window as { __said?: string[] }).__said ?? []);
  await click(tab, inBanner('Customize'));
  await shown(tab, panel);
  await poll(
    tab,
    'the error',
    () => (window as { __said?: string[] }).__said?.length ?? 0,
    undefined,
    (n) => n > 0,
  );
  expect(await said()).toEqual([expect.stringMatching(/^Candor: could not load the preference center and history: /)]);
  await tab.press('Escape');
  await gone(tab, panel);
  await click(tab, inBanner('Customize'));
  await shown(tab, panel);
  // The history view's tab, then its heading (only the chunk that failed draws it).
  await historyTab(tab);
  await poll(tab, 'the history', () =>
    Array.from(document.querySelector('[data-candor-ui]')!.shadowRoot!.querySelectorAll('h3, h4')).some(
      (h) => h.textContent === 'Your decisions',
    ),
  );
  expect(await said()).toHaveLength(1);
  expect(await has(tab, 'analytics')).toBe(false);
});

test("a first visit's Accept all that its page could not record (the engine failed to load there): the next page records it, dated at the click, and asks nothing", async ({
  tab,
  site,
}) => {
  const page = `${site}/__engines/fail-once/candor-engine.mjs:${randomUUID()}/test/engines/pages/flaky-chunk.html`;
  const said = () => tab.evaluate(() => (window as { __said?: string[] }).__said ?? []);
  await tab.goto(page);
  const clicked = Date.now();
  await click(tab, inBanner('Accept all'));
  await gone(tab, banner);
  await poll(
    tab,
    'the failure',
    () => (window as { __said?: string[] }).__said?.length ?? 0,
    undefined,
    (n) => n > 0,
  );
  expect(await said()).toEqual([expect.stringMatching(/^Candor: could not start: /)]);
  expect(await tab.evaluate(() => document.cookie)).toBe(''); // nothing recorded here: the mark holds it
  // The mark (dom/pending-mark.ts), as this page leaves it: a failure below then says whether the
  // next page lost it or refused it (once seen under load in WebKit: no mark there, nothing granted).
  expect(await tab.evaluate(() => localStorage.getItem('candor:v1:cookie')?.slice(0, 13))).toBe('["acceptAll",');
  await tab.goto(page);
  await ready(tab);
  // Polled with what the page holds, so that a failure says where it stopped (the mark, the UI, the decision).
  const replayed = await poll(
    tab,
    'the decision replayed from the mark',
    () => ({
      granted: window.Candor!.has('analytics'),
      copy: localStorage.getItem('candor:v1:cookie')?.slice(0, 40),
      ui: !!document.querySelector('[data-candor-ui]'),
      decision: window.Candor!.state?.peek().decision?.method,
      said: (window as { __said?: string[] }).__said,
    }),
    undefined,
    (v) => v.granted,
  );
  expect(replayed.decision).toBe('banner:accept-all');
  expect(await lastMethod(tab)).toBe('banner:accept-all');
  const made = await tab.evaluate(() => window.Candor!.records().then((r) => Date.parse(r[0]!.issuedAt)));
  expect(made).toBeGreaterThanOrEqual(clicked - 5_000); // the test's clock and the browser's may differ a little
  expect(made).toBeLessThan(await tab.evaluate(() => performance.timeOrigin)); // dated at the click, before this page
  expect(await isShown(tab, banner)).toBe(false);
  expect(await said()).toEqual([]);
});

test('panel: Customize, switch Statistics on, Save choices; only the analytics tags run; the launcher reopens the choice', async ({
  tab,
  site,
}) => {
  await tab.goto(`${site}${GATED}`);
  await click(tab, inBanner('Customize'));
  await shown(tab, panel);
  // APG dialog: focus on its first control; Shift+Tab there wraps to the last (WebKitGTK names that
  // press's key "Unidentified"), Tab from the last back to the first.
  expect(await focusedText(tab), 'focus moves into the panel').toBe('Close');
  await tab.press('Shift+Tab');
  expect(await focusedText(tab), 'Shift+Tab wraps').toBe('Save choices');
  await tab.press('Tab');
  expect(await focusedText(tab), 'Tab wraps').toBe('Close');
  await click(tab, inPanel('Statistics', 'switch'));
  await poll(tab, 'Statistics switched on', () => {
    const root = document.querySelector('[data-candor-ui]')?.shadowRoot;
    return Array.from(root?.querySelectorAll('[role=switch]') ?? []).some(
      (s) => s.getAttribute('aria-checked') === 'true',
    );
  });
  await click(tab, inPanel('Save choices'));
  await gone(tab, panel);
  expect([await has(tab, 'analytics'), await has(tab, 'ga4'), await has(tab, 'marketing')]).toEqual([
    true,
    true,
    false,
  ]);
  expect(await lastMethod(tab)).toBe('panel:save');
  expect(await orderBecomes(tab, ['first', 'second', 'inline-third', 'fourth'])).toHaveLength(4);
  await click(tab, launcher);
  await shown(tab, panel);
  // The switches by their names: aria-checked, and with `focus`, that switch focused.
  const switches = (focus = '') =>
    tab.evaluate((name) => {
      const root = document.querySelector('[data-candor-ui]')!.shadowRoot!;
      const label = (s: Element) =>
        (s.getAttribute('aria-labelledby') ?? '')
          .split(' ')
          .map((id) => root.getElementById(id)?.textContent?.trim())
          .join(' ');
      const all = Array.from(root.querySelectorAll<HTMLElement>('dialog [role=switch]'));
      all.find((s) => label(s) === name)?.focus();
      return Object.fromEntries(all.map((s) => [label(s), s.getAttribute('aria-checked')]));
    }, focus);
  expect(await switches('Marketing')).toMatchObject({ Statistics: 'true', Marketing: 'false' });
  await tab.press('Space'); // a switch is a button: Space toggles it (in the draft: Escape saves nothing)
  await expect.poll(async () => (await switches()).Marketing, 'Marketing switched on by Space').toBe('true');
  await tab.press('Escape');
  await gone(tab, panel);
  expect(await has(tab, 'marketing')).toBe(false);
  expect(await focused(tab), 'focus returns to the launcher').toEqual({
    text: 'Privacy settings',
    path: 'DIV > BUTTON.launcher',
  });
});

test('the panel inline on a page (it stays after a decision): a double click on Accept all and two quick Enter presses on Reject all record once each', async ({
  tab,
  site,
}) => {
  await tab.goto(`${site}/test/engines/pages/inline.html`);
  const inline = (name: string): Target => ({ role: 'button', name, within: 'Your privacy choices' });
  const latest = (marketing: boolean): Promise<unknown> =>
    poll(
      tab,
      `a record with marketing ${marketing}`,
      (m) => window.Candor!.records().then((r) => r[0]?.purposes['marketing'] === m),
      marketing,
    );
  await click(tab, inline('Accept all'), 10_000, 2);
  await latest(true);
  await tab.evaluate(() => {
    const host = document.getElementById('privacy-choices')!.firstElementChild!;
    const buttons = Array.from(host.shadowRoot!.querySelectorAll('button'));
    buttons.find((b) => b.textContent?.trim() === 'Reject all')!.focus();
  });
  await tab.press('Enter', 2);
  await latest(false);
  expect(await tab.evaluate(() => window.Candor!.records().then((r) => r.map((x) => x.method)))).toEqual([
    'panel:save',
    'panel:save',
  ]);
});

test("the dashboard's Withdraw everything: a double click asks and does not answer; a double click and two quick Enter presses on Yes, withdraw everything withdraw once, focus kept on Withdraw everything", async ({
  tab,
  site,
}) => {
  await tab.goto(`${site}${UI}`);
  await click(tab, inBanner('Accept all'));
  await poll(tab, 'the acceptance stored', () => window.Candor!.records().then((r) => r.length === 1));
  await click(tab, launcher);
  await shown(tab, panel);
  await historyTab(tab);
  const withdraw = inPanel('Withdraw everything');
  const yes = inPanel('Yes, withdraw everything');
  const painted = (): Promise<unknown> => tab.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
  const withdrawals = (n: number): Promise<unknown> =>
    poll(
      tab,
      `${n} withdrawal(s) stored`,
      () => window.Candor!.records().then((r) => r.filter((x) => x.method === 'withdraw').length),
      undefined,
      (c) => c >= n,
    );
  const methods = (): Promise<string[]> =>
    tab.evaluate(() => window.Candor!.records().then((r) => r.map((x) => x.method)));
  // A double click on Withdraw everything: its second press lands on Yes, which took its place.
  await click(tab, withdraw, 10_000, 2);
  await painted();
  expect(await isShown(tab, yes)).toBe(true);
  expect(await focusedText(tab)).toBe('Cancel');
  expect(await has(tab, 'analytics')).toBe(true); // nothing withdrawn
  // A double click on Yes: one withdrawal, its second press on Withdraw everything does not ask again.
  await click(tab, yes, 10_000, 2);
  await withdrawals(1);
  await painted();
  expect(await isShown(tab, yes)).toBe(false);
  expect(await focusedText(tab)).toBe('Withdraw everything');
  expect(await methods()).toEqual(['withdraw', 'banner:accept-all']);
  // Two quick Enter presses on Yes: the second lands on Withdraw everything, which took its place.
  // (A click: a key within half a second of a withdrawal is taken for the rest of a quick double press.)
  await click(tab, withdraw);
  await shown(tab, yes);
  expect(await focusedText(tab)).toBe('Cancel');
  await tab.evaluate(() => {
    const root = document.querySelector('[data-candor-ui]')!.shadowRoot!;
    Array.from(root.querySelectorAll('button'))
      .find((b) => b.textContent?.trim() === 'Yes, withdraw everything')!
      .focus();
  });
  await tab.press('Enter', 2);
  await withdrawals(2);
  await painted();
  expect(await isShown(tab, yes)).toBe(false);
  expect(await focusedText(tab)).toBe('Withdraw everything');
  expect(await methods()).toEqual(['withdraw', 'withdraw', 'banner:accept-all']);
  // Enter on Yes, then at once Shift+Tab to the receipt's Download and Enter: a press on another
  // button, the visitor's own (a Tab ends the half second; WebKitGTK names Shift+Tab's key
  // "Unidentified"). The receipt's download is counted, not made.
  await tab.evaluate(() => {
    const w = window as { __downloads?: number };
    w.__downloads = 0;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      if (this.download) w.__downloads!++;
    };
  });
  // Asked by keyboard (a click here could make a double click with the one before, in WebKit): the
  // Tab away and back ends the half second.
  await tab.press(['Tab', 'Shift+Tab', 'Enter']);
  await shown(tab, yes);
  await tab.press('Shift+Tab'); // from Cancel
  expect(await focusedText(tab)).toBe('Yes, withdraw everything');
  await tab.press(['Enter', 'Shift+Tab', 'Enter']);
  await withdrawals(3);
  expect(await focusedText(tab)).toBe('Download my consent receipt');
  expect(await tab.evaluate(() => (window as { __downloads?: number }).__downloads)).toBe(1);
});

test("a returning visitor's stand-in launcher shows though a comment copies it with a declarative shadow root, and the UI leaves the comment untouched, with one launcher", async ({
  tab,
  site,
}) => {
  const PAGE = `${site}/test/engines/pages/comment-launcher.html`;
  await tab.goto(PAGE);
  await click(tab, inBanner('Accept all'));
  await poll(tab, 'the acceptance stored', () => window.Candor!.records().then((r) => r.length === 1));
  await tab.goto(PAGE);
  /** The comment's element as it is now, and what its shadow root holds (the engine parsed the template). */
  const comment = () =>
    tab.evaluate(() => {
      const el = document.querySelector('.comments')!.firstElementChild!;
      return { html: el.outerHTML, root: el.shadowRoot?.innerHTML ?? null };
    });
  const before = await comment();
  expect(before.root).toBe('<button>mine</button>');
  // The stand-in, before the engine: the loader's own element at the end of the body.
  await poll(tab, 'the stand-in launcher', () => {
    const b = document.querySelector('body > [data-candor-launcher]')?.shadowRoot?.querySelector('button');
    return !!b && b.getClientRects().length > 0;
  });
  await click(tab, launcher);
  await shown(tab, panel);
  await tab.press('Escape');
  await gone(tab, panel);
  await shown(tab, launcher);
  expect(await tab.evaluate(() => document.querySelectorAll('body > [data-candor-launcher]').length)).toBe(0);
  expect(await comment()).toEqual(before);
  expect(await tab.evaluate(() => (window as { __launchers?: number }).__launchers)).toBe(1);
});

test('the decision expires while the panel is open: the banner comes back, and closing the panel moves focus to it, not past it to the page', async ({
  tab,
  site,
}) => {
  await tab.goto(`${site}${GATED}`);
  await click(tab, inBanner('Accept all'));
  await poll(tab, 'the acceptance stored', () => window.Candor!.records().then((r) => r.length === 1));
  await tab.goto(`${site}${GATED}`);
  await shown(tab, launcher);
  // A clock the test moves, in place before the engine loads (it keeps the Date.now it finds).
  await tab.evaluate(() => {
    const real = Date.now;
    Date.now = () => real() + ((window as { __skew?: number }).__skew ?? 0);
  });
  await click(tab, launcher);
  await shown(tab, panel);
  await ready(tab);
  // The decision's 182 days pass with the panel open; has() sees it first and wakes the engine.
  expect(
    await tab.evaluate(
      () => (((window as { __skew?: number }).__skew = 183 * 86_400_000), window.Candor!.has('analytics')),
    ),
  ).toBe(false);
  await shown(tab, banner);
  await tab.press('Escape');
  await gone(tab, panel);
  await poll(
    tab,
    'focus in the banner',
    () => !!document.querySelector('[data-candor-ui]')?.shadowRoot?.activeElement?.closest('.banner'),
  );
});

test('opt-out mode: the footer link opens the panel, whose Do not sell or share stops the marketing tag on the next page and keeps analytics', async ({
  tab,
  site,
}) => {
  await tab.goto(`${site}${OPT_OUT}`);
  expect(await orderBecomes(tab, ['analytics', 'marketing'])).toEqual(['analytics', 'marketing']); // on until opted out
  await click(tab, { role: 'link', name: 'Do Not Sell or Share My Personal Information' });
  await shown(tab, panel);
  await click(tab, inPanel('Do not sell or share my personal information'));
  await gone(tab, panel);
  expect(await focusedText(tab), 'focus returns to the footer link').toBe(
    'Do Not Sell or Share My Personal Information',
  );
  expect([await has(tab, 'analytics'), await has(tab, 'marketing')]).toEqual([true, false]);
  expect(await lastMethod(tab)).toBe('panel:save');
  await tab.reload();
  await ready(tab);
  await gateSettled(tab);
  expect(await orderBecomes(tab, ['analytics'])).toEqual(['analytics']);
  expect((await released(tab)).map((html) => html.includes('name=analytics'))).toEqual([true]);
});

test('cross-tab: a decision in one tab applies in the other within a second, and its banner and gate follow', async ({
  session,
  site,
}) => {
  const a = session.tab;
  const b = await session.newTab();
  await a.goto(`${site}${GATED}`);
  await b.goto(`${site}${GATED}`);
  await ready(a);
  await ready(b);
  await shown(b, inBanner('Accept all'));
  // Timed in the pages (same clock): from the click in one tab to the change event in the other.
  await a.evaluate(() =>
    document.addEventListener('click', () => ((window as PageGlobals).__at = Date.now()), {
      capture: true,
      once: true,
    }),
  );
  await b.evaluate(() =>
    document.addEventListener('candor:change', () => ((window as PageGlobals).__at = Date.now()), { once: true }),
  );
  await click(a, inBanner('Accept all'));
  await poll(b, 'the decision in the other tab', () => window.Candor!.has('marketing'), undefined, Boolean, 5_000);
  const clickedAt = await a.evaluate(() => (window as PageGlobals).__at!);
  const appliedAt = await b.evaluate(() => (window as PageGlobals).__at!);
  expect(appliedAt - clickedAt).toBeLessThan(1_000);
  await gone(b, banner);
  await shown(b, launcher);
  expect(await orderBecomes(b, ALL_TAGS)).toEqual(ALL_TAGS);
});

test('sync: a record from a tab closed right after deciding reaches the receiver once', async ({
  session,
  site,
  receiver,
}) => {
  const page = `${site}/test/engines/pages/sync.html?endpoint=${encodeURIComponent(receiver.endpoint)}`;
  await receiver.faults({ delayMs: 300 }); // the post is still on its way when the tab closes
  const stays = session.tab;
  await stays.goto(page);
  await ready(stays);
  const closing = await session.newTab();
  await closing.goto(page);
  await ready(closing);
  const id = await closing.evaluate(() => {
    void window.Candor!.acceptAll();
    return new Promise<string>((r) => window.Candor!.on('sync', (e) => e.type === 'queued' && r(e.ids[0]!)));
  });
  await closing.close();
  await stays.reload(); // a later visit sends whatever the closed tab left in the outbox
  await ready(stays);
  await expect.poll(() => receiver.ids().filter((x) => x === id).length, { timeout: 20_000 }).toBe(1);
  expect(await has(stays, 'marketing')).toBe(true);
});

test('revoke: the tracker cookies go, on this host and on the parent domain', async ({ tab, site }) => {
  await tab.goto(`${site.replace('127.0.0.1', 'shop.candor.test')}/test/engines/pages/revoke.html`);
  await click(tab, inBanner('Accept all'));
  const trackers = async () =>
    (await tab.cookies())
      .filter((c) => c.name !== 'candor')
      .map((c) => `${c.name}@${c.domain}`)
      .sort();
  await expect.poll(trackers).toEqual(['_ga@candor.test', '_ga_TEST@shop.candor.test']);
  await click(tab, launcher);
  await click(tab, inPanel('Reject all'));
  await poll(tab, 'the candor:revoke event', () => (window as PageGlobals).__revoke);
  expect(await tab.evaluate(() => (window as PageGlobals).__revoke)).toEqual({
    services: ['ga4'],
    reloadRecommended: true,
  });
  await expect.poll(trackers).toEqual([]);
  expect(await has(tab, 'ga4')).toBe(false);
});

test('blocking wall (modal + blocking): axe clean, the page inert, Tab kept in, a choice by keyboard frees the page', async ({
  tab,
  site,
}) => {
  await tab.goto(`${site}/test/engines/pages/wall.html`);
  await shown(tab, wall);
  await poll(
    tab,
    'focus in the wall',
    () => !!document.querySelector('[data-candor-ui]')?.shadowRoot?.activeElement?.closest('[role=dialog]'),
  );
  expect(await axeViolations(tab)).toEqual([]);
  const pageLink = () =>
    tab.evaluate(() => (document.getElementById('page-link')!.closest('[inert]') ? 'inert' : 'live'));
  expect(await pageLink()).toBe('inert');
  for (let i = 0; i < 8; i++) {
    await tab.press('Tab');
    expect(await focusInside(tab, '[role=dialog]')).toBe(true);
  }
  await tab.press('Shift+Tab');
  expect(await focusInside(tab, '[role=dialog]')).toBe(true);
  for (let i = 0; i < 10 && (await focusedText(tab)) !== 'Reject all'; i++) await tab.press('Tab');
  expect(await focusedText(tab)).toBe('Reject all');
  await tab.press('Enter');
  await gone(tab, wall);
  expect(await pageLink()).toBe('live');
  expect(await has(tab, 'analytics')).toBe(false);
  await poll(tab, 'focus on the launcher', () => {
    const el = document.activeElement?.shadowRoot?.activeElement ?? document.activeElement;
    return el?.textContent?.trim() === 'Privacy settings';
  });
});

test("axe: zero violations in the banner, the panel, the launcher and the panel's dashboard with a record", async ({
  tab,
  site,
}) => {
  await tab.goto(`${site}${UI}`);
  await shown(tab, inBanner('Accept all'));
  expect(await axeViolations(tab), 'banner').toEqual([]);
  await click(tab, inBanner('Customize'));
  await shown(tab, panel);
  expect(await axeViolations(tab), 'panel').toEqual([]);
  await click(tab, inPanel('Reject all'));
  await shown(tab, launcher);
  expect(await axeViolations(tab), 'launcher').toEqual([]);
  await click(tab, launcher);
  await shown(tab, panel);
  await historyTab(tab);
  await poll(
    tab,
    'the refusal in the history',
    () => !!document.querySelector('[data-candor-ui]')!.shadowRoot!.querySelector('.history li'),
  );
  expect(await axeViolations(tab), 'dashboard').toEqual([]);
});

test("markup that shadows document.cookie, document.dispatchEvent and a form's own methods: the gate runs, the decision is stored and told, and a withdrawal reaches Consent Mode and deletes the cookies", async ({
  tab,
  site,
}) => {
  await tab.goto(`${site}/test/e2e/pages/clobber.html`); // <img name="cookie">, a marked <form> with <input name="getAttribute">
  expect(await tab.evaluate(() => typeof document.cookie)).toBe('object');
  // Markup that shadows document.dispatchEvent arrives before the press: the decision's event still comes.
  await tab.evaluate(() => {
    document.getElementById('comments')!.innerHTML = '<img name="dispatchEvent" alt="">';
    EventTarget.prototype.addEventListener.call(document, 'candor:decision', () => {
      (window as { __decided?: boolean }).__decided = true;
    });
  });
  await click(tab, inBanner('Accept all'));
  await poll(tab, 'the gated tag', () => (window as { __gatedRan?: number }).__gatedRan === 1);
  await poll(tab, 'candor:decision', () => (window as { __decided?: boolean }).__decided === true);
  await expect.poll(async () => (await tab.cookies()).map((c) => c.name)).toContain('candor');
  // The real cookies, through the accessor the markup shadows (the driver gives no values).
  const jar = (write?: string): Promise<string> =>
    tab.evaluate((w) => {
      let proto = Object.getPrototypeOf(document) as object;
      while (!Object.hasOwn(proto, 'cookie')) proto = Object.getPrototypeOf(proto) as object;
      const { get, set } = Object.getOwnPropertyDescriptor(proto, 'cookie')!;
      if (w) set!.call(document, w);
      return get!.call(document) as string;
    }, write);
  const consentCookie = async (): Promise<string | undefined> => /(?:^|; )candor=([^;]*)/.exec(await jar())?.[1];
  const granted = await consentCookie();
  expect(granted).toBeTruthy();
  await jar('_ga=GA1.1.1; path=/');
  const told = (): Promise<string | undefined> =>
    tab.evaluate(() => {
      const calls = (window as { dataLayer?: ArrayLike<unknown>[] }).dataLayer ?? [];
      const last = calls.filter((a) => a[0] === 'consent').at(-1);
      return (last?.[2] as { analytics_storage?: string } | undefined)?.analytics_storage;
    });
  expect(await told()).toBe('granted');
  await tab.evaluate(() => void window.Candor!.withdraw());
  await expect.poll(told).toBe('denied');
  await expect.poll(async () => (await tab.cookies()).map((c) => c.name)).not.toContain('_ga');
  await expect.poll(consentCookie).not.toBe(granted); // the refusal is stored
  await tab.reload();
  await ready(tab);
  expect(await has(tab, 'analytics')).toBe(false);
  // (The helpers that look at every element meet the form's shadowed getAttribute: asked directly.)
  expect(
    await tab.evaluate(() => document.querySelector('[data-candor-ui]')?.shadowRoot?.querySelector('.banner') ?? null),
  ).toBeNull();
});

/** The visitor UI in real Chromium: axe in every state, keyboard-only flows, equal prominence, focus, loading. */
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import type { Page } from '@playwright/test';
import { axe } from './a11y';
import { expect, test } from './fixtures';

interface Variant {
  layout?: 'bar' | 'box' | 'modal';
  theme?: 'light' | 'dark';
  lang?: string;
  launcher?: boolean;
  blocking?: boolean;
  /** `preferences` for the config, as raw JSON. */
  preferences?: string;
  /** Return once the navigation commits (a test holding the chunks holds the page's load too). */
  commit?: boolean;
}

/** Opens the UI test page with the config and page language rewritten for `v`. */
async function openUi(page: Page, origin: string, v: Variant = {}): Promise<Page> {
  await page.route('**/test/e2e/pages/ui.html', async (route) => {
    let body = await (await route.fetch()).text();
    const ui = JSON.stringify({
      layout: v.layout ?? 'bar',
      theme: v.theme ?? 'light',
      launcher: v.launcher ?? true,
      blocking: v.blocking ?? false,
    });
    const prefs = v.preferences === undefined ? '' : `"preferences": ${v.preferences},\n  `;
    body = body
      .replace('"policy": {', `"ui": ${ui},\n  ${prefs}"policy": {`)
      .replace('<html lang="en">', `<html lang="${v.lang ?? 'en'}">`);
    await route.fulfill({ body, contentType: 'text/html' });
  });
  await page.goto(`${origin}/test/e2e/pages/ui.html`, v.commit ? { waitUntil: 'commit' } : {});
  return page;
}

/** The page's console errors and uncaught errors (`uncaught: …`), as they come. */
function errorsOf(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  return errors;
}

const host = (page: Page) => page.locator('[data-candor-ui]');
const dialog = (page: Page) => page.getByRole('dialog', { name: 'Privacy settings' });

/**
 * A returning visitor (Accept all on a first visit) on a page whose clock the test moves
 * (`page.clock`: real time until then): the cookie answers, no banner, the launcher.
 */
async function returnWithClock(page: Page, origin: string): Promise<void> {
  await openUi(page, origin);
  await page.getByRole('button', { name: 'Accept all' }).click();
  await expect.poll(() => page.evaluate(async () => (await window.Candor!.records()).length)).toBe(1);
  await page.clock.install(); // from the next page on
  await openUi(page, origin);
}

for (const layout of ['bar', 'box', 'modal'] as const) {
  for (const theme of ['light', 'dark'] as const) {
    test(`axe: banner (${layout}, ${theme}) has zero violations`, async ({ page, origin }, info) => {
      await openUi(page, origin, { layout, theme });
      await expect(page.getByRole('button', { name: 'Accept all' })).toBeVisible();
      await axe(page, info, `banner-${layout}-${theme}`);
    });
  }
}

for (const theme of ['light', 'dark'] as const) {
  test(`axe: panel collapsed and with every section expanded (${theme}), then the launcher`, async ({
    page,
    origin,
  }, info) => {
    await openUi(page, origin, { theme });
    await page.getByRole('button', { name: 'Customize' }).click();
    await expect(dialog(page)).toBeVisible();
    await axe(page, info, `panel-collapsed-${theme}`);
    for (const summary of await dialog(page).locator('summary').all()) await summary.click();
    await expect(dialog(page).getByText('14 months', { exact: true })).toBeVisible();
    // A purpose's facts (the site's texts: what data, why, how long, the benefit) are in its details.
    await expect(
      dialog(page).getByRole('definition').filter({ hasText: 'Pages that are quicker to use' }),
    ).toBeVisible();
    await axe(page, info, `panel-expanded-${theme}`);
    await dialog(page).getByRole('button', { name: 'Reject all' }).click();
    await expect(page.getByRole('button', { name: 'Privacy settings' })).toBeVisible();
    await axe(page, info, `launcher-${theme}`);
  });
}

test('a wall only when the site asks (modal + blocking): axe clean, the page inert, Tab kept in, a choice frees the page', async ({
  page,
  origin,
}, info) => {
  await openUi(page, origin, { layout: 'modal', blocking: true });
  const wall = page.getByRole('dialog', { name: 'Cookies and your privacy' });
  await expect(wall).toBeVisible();
  await axe(page, info, 'banner-modal-blocking');
  await expect(wall.getByRole('link', { name: 'Privacy policy' })).toBeFocused(); // focus moved in
  const inWall = () =>
    page.evaluate(
      () => !!document.querySelector('[data-candor-ui]')?.shadowRoot?.activeElement?.closest('[role=dialog]'),
    );
  for (let i = 0; i < 9; i++) {
    await page.keyboard.press('Tab');
    expect(await inWall()).toBe(true);
  }
  await page.keyboard.press('Shift+Tab');
  expect(await inWall()).toBe(true);
  const pageLink = page.getByRole('link', { name: 'A link at the bottom of the page' });
  await pageLink.click({ force: true, timeout: 2000 }).catch(() => {});
  expect(page.url()).not.toContain('#'); // an inert page does not react
  expect(await pageLink.evaluate((a) => (a.closest('[inert]') ? 'inert' : 'live'))).toBe('inert');
  await wall.getByRole('button', { name: 'Reject all' }).press('Enter');
  await expect(wall).toBeHidden();
  expect(await pageLink.evaluate((a) => (a.closest('[inert]') ? 'inert' : 'live'))).toBe('live');
  await expect(page.getByRole('button', { name: 'Privacy settings' })).toBeFocused();
});

test('axe: an RTL locale renders dir="rtl" with zero violations, in Arabic and Hebrew', async ({
  page,
  origin,
  watched,
}, info) => {
  await openUi(page, origin, { lang: 'ar' });
  await expect(page.getByRole('button', { name: 'قبول الكل' })).toBeVisible();
  expect(await host(page).getAttribute('dir')).toBe('rtl');
  await axe(page, info, 'banner-rtl-ar');
  await page.getByRole('button', { name: 'تخصيص' }).click();
  await axe(page, info, 'panel-rtl-ar');
  // The first layer's keys for the banner, the whole locale once the panel opens: nothing else.
  expect(watched.requests.filter((u) => u.includes('/locales/'))).toEqual([
    expect.stringContaining('/locales/first/ar.json'),
    expect.stringContaining('/locales/ar.json'),
  ]);
  const he = await page.context().newPage();
  await openUi(he, origin, { lang: 'he' });
  await expect(he.getByRole('button', { name: 'אישור הכול' })).toBeVisible();
  expect(await host(he).getAttribute('dir')).toBe('rtl');
});

test('the panel’s whole locale fails to load after the banner’s keys did: the panel is English, says so in its lang, and its decision records English', async ({
  page,
  origin,
  watched,
}) => {
  await page.route('**/dist/locales/de.json', (route) => route.fulfill({ status: 503, body: '' }));
  await openUi(page, origin, { lang: 'de' });
  await page.getByRole('button', { name: 'Anpassen' }).click(); // the banner, in German
  const dialog = page.getByRole('dialog', { name: 'Privacy settings' });
  await expect(dialog).toBeVisible();
  expect(await dialog.locator('.panel').getAttribute('lang')).toBe('en');
  await dialog.getByRole('button', { name: 'Reject all' }).click();
  await expect.poll(() => page.evaluate(async () => (await window.Candor!.records()).length)).toBe(1);
  expect(await page.evaluate(async () => (await window.Candor!.records())[0]!.locale)).toBe('en');
  expect(watched.pageErrors).toEqual([]);
});

test('a decision that expires while the page is open brings the banner back, also where only the engine had loaded (no UI yet)', async ({
  page,
  origin,
}) => {
  await returnWithClock(page, origin);
  await page.evaluate(() => window.Candor!.ready); // the engine loads for an API call; the UI does not
  const prompted = page.evaluate(
    () =>
      new Promise((resolve) =>
        document.addEventListener('candor:prompt', (e) =>
          resolve((e as CustomEvent<{ reason: string }>).detail.reason),
        ),
      ),
  );
  await expect(host(page).getByRole('button', { name: 'Accept all' })).toBeHidden();
  // The decision's 182 days pass with the page open (every timer on the way runs).
  await page.clock.runFor(183 * 86_400_000);
  expect(await prompted).toBe('expired');
  await expect(host(page).getByRole('button', { name: 'Accept all' })).toBeVisible();
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
  expect(await page.evaluate(() => window.Candor!.state!.value.purposes['analytics'])).toBe(false);
  // Consent Mode hears it: the last update denies what the decision had granted.
  const lastUpdate = await page.evaluate(() =>
    (window as unknown as { dataLayer: ArrayLike<unknown>[] }).dataLayer
      .filter((a) => a[0] === 'consent' && a[1] === 'update')
      .map((a) => (a[2] as Record<string, string>)['analytics_storage'])
      .pop(),
  );
  expect(lastUpdate).toBe('denied');
});

test('a device that slept past the expiry (its clock moved on, its timers did not fire): back on the page, the banner asks and Consent Mode denies, before has() is called', async ({
  page,
  origin,
}) => {
  await page.clock.install(); // timers run in real time until the clock is set
  await openUi(page, origin);
  await page.getByRole('button', { name: 'Accept all' }).click();
  await expect.poll(() => page.evaluate(async () => (await window.Candor!.records()).length)).toBe(1);
  const analytics = () =>
    page.evaluate(() =>
      (window as unknown as { dataLayer: ArrayLike<unknown>[] }).dataLayer
        .filter((a) => a[0] === 'consent' && a[1] === 'update')
        .map((a) => (a[2] as Record<string, string>)['analytics_storage'])
        .pop(),
    );
  await expect.poll(analytics).toBe('granted');
  // A suspended device: the wall clock jumps 183 days (the decision lasts 182), no timer fires meanwhile.
  await page.clock.setSystemTime(Date.now() + 183 * 86_400_000);
  // The visitor comes back to the page (its tab shown, its window focused).
  await page.evaluate(() => {
    document.dispatchEvent(new Event('visibilitychange'));
    dispatchEvent(new Event('focus'));
  });
  await expect(host(page).getByRole('button', { name: 'Accept all' })).toBeVisible();
  await expect.poll(analytics).toBe('denied');
  expect(await page.evaluate(() => window.Candor!.state!.value.promptReason)).toBe('expired');
});

test('the decision expires while the panel is open: closing it moves focus to the banner that came back (its first control), not to the page', async ({
  page,
  origin,
}) => {
  await returnWithClock(page, origin);
  await page.getByRole('button', { name: 'Privacy settings' }).click();
  await expect(dialog(page)).toBeVisible();
  await page.clock.runFor(183 * 86_400_000); // the decision's 182 days pass with the panel open
  const banner = host(page).locator('.banner');
  await expect(banner).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(dialog(page)).toBeHidden();
  await expect(banner.getByRole('link', { name: 'Privacy policy' })).toBeFocused();
  // And once decided there, the launcher is back, as after any banner decision.
  await banner.getByRole('button', { name: 'Reject all' }).click();
  await expect(page.getByRole('button', { name: 'Privacy settings' })).toBeFocused();
});

test('axe: the panel mounted inline on an account page', async ({ page, origin }, info) => {
  await openUi(page, origin);
  await page.getByRole('button', { name: 'Reject all' }).click();
  await page.evaluate(async () => {
    const m = (await import('/dist/candor-ui.mjs' as string)) as { mountUI: (c: unknown, o: object) => unknown };
    await window.Candor!.ready; // as documented: the engine, which the click started, may still be on its way
    m.mountUI(window.Candor, { container: document.getElementById('account'), launcher: false });
  });
  await expect(page.locator('#account').getByRole('heading', { name: 'Privacy settings' })).toBeVisible();
  await axe(page, info, 'panel-inline');
});

test('keyboard only: the banner comes first, Customize opens the dialog, focus is trapped, Space toggles, Escape closes and focus returns', async ({
  page,
  origin,
}) => {
  await openUi(page, origin);
  await expect(page.getByRole('button', { name: 'Accept all' })).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Privacy policy' })).toBeFocused(); // the banner before the page
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Accept all' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Reject all' })).toBeFocused();
  await page.keyboard.press('Tab');
  const customize = page.getByRole('button', { name: 'Customize' });
  await expect(customize).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog(page)).toBeVisible();
  await expect(dialog(page).getByRole('button', { name: 'Close' })).toBeFocused(); // focus moved in
  const stats = dialog(page).getByRole('switch', { name: 'Statistics' });
  for (let i = 0; i < 10 && !(await stats.evaluate((el) => el.matches(':focus'))); i++)
    await page.keyboard.press('Tab');
  await expect(stats).toBeFocused();
  await page.keyboard.press('Space');
  await expect(stats).toHaveAttribute('aria-checked', 'true');
  await page.keyboard.press('Enter');
  await expect(stats).toHaveAttribute('aria-checked', 'false');
  // Trap: 40 Tabs never leave the dialog.
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    expect(
      await page.evaluate(
        () => !!document.querySelector('[data-candor-ui]')?.shadowRoot?.activeElement?.closest('dialog'),
      ),
    ).toBe(true);
  }
  await page.keyboard.press('Shift+Tab');
  expect(
    await page.evaluate(
      () => !!document.querySelector('[data-candor-ui]')?.shadowRoot?.activeElement?.closest('dialog'),
    ),
  ).toBe(true);
  await page.keyboard.press('Escape');
  await expect(dialog(page)).toBeHidden();
  await expect(customize).toBeFocused(); // focus returned to the opener
  expect(await page.evaluate(() => window.Candor!.records().then((r) => r.length))).toBe(0); // closing is not consent
});

test('keyboard only: saving in the panel records the choice; the launcher reopens it and gets focus back', async ({
  page,
  origin,
}) => {
  await openUi(page, origin);
  await page.getByRole('button', { name: 'Customize' }).focus();
  await page.keyboard.press('Enter');
  await dialog(page).getByRole('switch', { name: 'Marketing' }).focus();
  await page.keyboard.press('Space');
  await dialog(page).getByRole('button', { name: 'Save choices' }).focus();
  await page.keyboard.press('Enter');
  await expect(dialog(page)).toBeHidden();
  expect(await page.evaluate(() => [window.Candor!.has('marketing'), window.Candor!.has('analytics')])).toEqual([
    true,
    false,
  ]);
  const launcher = page.getByRole('button', { name: 'Privacy settings' });
  await launcher.focus();
  await page.keyboard.press('Enter');
  await expect(dialog(page).getByRole('switch', { name: 'Marketing' })).toHaveAttribute('aria-checked', 'true');
  await page.keyboard.press('Escape');
  await expect(launcher).toBeFocused();
});

test('equal prominence: Accept all and Reject all have the same size, weight and colours; neither is behind Customize', async ({
  page,
  origin,
}) => {
  await openUi(page, origin);
  const style = (name: string) =>
    page.getByRole('button', { name }).evaluate((b) => {
      const s = getComputedStyle(b);
      const r = b.getBoundingClientRect();
      return {
        w: Math.round(r.width),
        h: Math.round(r.height),
        weight: s.fontWeight,
        size: s.fontSize,
        bg: s.backgroundColor,
        fg: s.color,
        border: s.borderStyle,
      };
    });
  const accept = await style('Accept all');
  const reject = await style('Reject all');
  expect(reject).toEqual(accept);
  await expect(page.getByRole('button', { name: 'Reject all' })).toBeVisible();
});

test('no optional switch is on at first open, and every control has an accessible name', async ({ page, origin }) => {
  await openUi(page, origin);
  await page.getByRole('button', { name: 'Customize' }).click();
  const switches = dialog(page).getByRole('switch');
  await expect(switches.first()).toBeVisible();
  for (const s of await switches.all()) await expect(s).toHaveAttribute('aria-checked', 'false');
  const unnamed = await page.evaluate(() => {
    const root = document.querySelector('[data-candor-ui]')!.shadowRoot!;
    return Array.from(root.querySelectorAll('button,[role=switch],a,summary'))
      .filter((el) => el.getClientRects().length > 0)
      .filter((el) => {
        const by = el.getAttribute('aria-labelledby');
        const name = el.getAttribute('aria-label') ?? (by ? root.getElementById(by)?.textContent : el.textContent);
        return !name?.trim();
      })
      .map((el) => el.outerHTML);
  });
  expect(unnamed).toEqual([]);
  const snapshot = await dialog(page).ariaSnapshot();
  expect(snapshot).toContain('switch "Statistics"');
  expect(snapshot).toContain('switch "Health tips"');
});

test('WCAG 2.4.11: tabbing to the bottom of the page never leaves the focused link hidden behind the bar', async ({
  page,
  origin,
}) => {
  await page.setViewportSize({ width: 800, height: 600 });
  await openUi(page, origin);
  const banner = page.getByRole('region', { name: 'Cookies and your privacy' });
  await expect(banner).toBeVisible();
  const link = page.getByRole('link', { name: 'A link at the bottom of the page' });
  for (let i = 0; i < 12 && !(await link.evaluate((el) => el === document.activeElement)); i++)
    await page.keyboard.press('Tab');
  await expect(link).toBeFocused();
  const l = (await link.boundingBox())!;
  const b = (await banner.boundingBox())!;
  expect(l.y + l.height).toBeLessThanOrEqual(b.y);
});

test('works at 320 px width: the banner fits and its buttons stay reachable', async ({ page, origin }, info) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await openUi(page, origin);
  for (const name of ['Accept all', 'Reject all', 'Customize']) {
    const box = (await page.getByRole('button', { name }).boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(320);
    expect(box.height).toBeGreaterThanOrEqual(24);
  }
  await axe(page, info, 'banner-320px');
});

/*
 * Downloads are classified by what is public contract: the entry names (candor.js and the
 * candor-engine, -gate, -banner and -ui modules) and locales/*.json. Any other
 * candor-chunk-*.mjs is an internal chunk whose name and split may change with the build, so the
 * tests below name none: they derive the chunks an entry needs from its static imports, and tell
 * the Preact panel by its code.
 */
const ENTRY = /^\/dist\/(candor\.js|candor-(engine|gate|first|ui)\.mjs|locales\/(first\/)?[\w-]+\.json)$/;
const CHUNK = /^\/dist\/candor-chunk-[\w.-]+\.mjs$/;
/** Preact's renderer handles this prop by name, so any bundle of it has the string; our own code never does. */
const PREACT_MARKER = 'dangerouslySetInnerHTML';

/** `entry` (e.g. /dist/candor-first.mjs) and every module it imports statically, transitively: what importing it downloads. */
function staticClosure(entry: string): string[] {
  const seen = new Set<string>();
  const walk = (path: string): void => {
    if (seen.has(path)) return;
    seen.add(path);
    // Static `import … from "./x"`, `export … from "./x"` and `import "./x"`; a dynamic `import("./x")` has a parenthesis.
    for (const m of readFileSync(`.${path}`, 'utf8').matchAll(/(?:\bfrom|\bimport)\s*["'](\.\.?\/[^"']+)["']/g))
      walk(posix.join(posix.dirname(path), m[1]!));
  };
  walk(entry);
  return [...seen];
}

interface Download {
  readonly path: string;
  readonly preact: Promise<boolean>;
}

/** Records every download from dist/ from now on, in request order, and whether it carries Preact. */
function watchDist(page: Page): Download[] {
  const downloads: Download[] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/dist/'))
      downloads.push({
        path,
        // A request still under way as the test ends (a chunk the open panel asks for after the test
        // looked) rejects then; the downloads the test looks at were answered long before it does.
        preact: r
          .response()
          .then(async (res) => (await res?.text())?.includes(PREACT_MARKER) ?? false)
          .catch(() => false),
      });
  });
  return downloads;
}

/** The downloads in `list`: their paths (sorted), the entries among them, any that is neither an entry nor a chunk, and whether Preact came. */
async function summary(
  list: readonly Download[],
): Promise<{ paths: string[]; entries: string[]; unknown: string[]; preact: boolean }> {
  const paths = list.map((d) => d.path).sort();
  return {
    paths,
    entries: paths.filter((p) => ENTRY.test(p)),
    unknown: paths.filter((p) => !ENTRY.test(p) && !CHUNK.test(p)),
    preact: (await Promise.all(list.map((d) => d.preact))).some(Boolean),
  };
}

test('a first visit shows the banner before the engine loads, downloads the first layer without Preact, and the panel chunk only with Customize', async ({
  page,
  origin,
}) => {
  const downloads = watchDist(page);
  // The engine (requested at the visitor's first input, or 2 s after the banner) is held back until
  // the banner is on screen: the banner must not wait for it.
  let bannerShown!: () => void;
  const shown = new Promise<void>((r) => (bannerShown = r));
  await page.route('**/dist/candor-engine.mjs', async (route) => {
    await shown;
    await route.continue();
  });
  await openUi(page, origin);
  await expect(page.getByRole('button', { name: 'Accept all' })).toBeVisible();
  // Exactly the loader, the first layer with what it imports, and the locale, each once; the engine
  // only requested (held back above), nothing of it run.
  const firstLayer = [
    ...new Set(['/dist/candor.js', ...staticClosure('/dist/candor-first.mjs'), '/dist/locales/first/en.json']),
  ].sort();
  const before = downloads.length;
  // The engine may have been requested by then (its own imports may be under way already).
  const engine = staticClosure('/dist/candor-engine.mjs').filter((p) => !firstLayer.includes(p));
  const paths = downloads.map((d) => d.path).filter((p) => !engine.includes(p));
  expect(paths.sort()).toEqual(firstLayer);
  // Nor the preferences' parser, for a config without preferences (it came, if at all, with the engine).
  const all = downloads.map((d) => d.path);
  expect(all.slice(0, all.indexOf('/dist/candor-engine.mjs') >>> 0)).not.toContain(
    '/dist/candor-chunk-preferences.mjs',
  );
  expect(await page.evaluate(() => window.Candor!.config)).toBeUndefined(); // no engine yet
  bannerShown();
  expect((await summary(downloads.slice(0, before))).preact).toBe(false);
  await page.getByRole('button', { name: 'Customize' }).click();
  await expect(dialog(page)).toBeVisible();
  // Customize adds internal chunks, the engine and the whole locale (the first layer had only its
  // keys), none of them again, and with them Preact.
  const opened = await summary(downloads.slice(before));
  expect(opened).toMatchObject({ unknown: [], preact: true });
  expect(opened.entries.filter((p) => p !== '/dist/candor-engine.mjs')).toEqual(['/dist/locales/en.json']);
  expect(opened.paths.filter((p) => firstLayer.includes(p))).toEqual([]);
});

test('a first visit fetches the locale while the engine is still loading (no extra round trip before the banner)', async ({
  page,
  origin,
}) => {
  let localeRequested!: () => void;
  const seen = new Promise<void>((r) => (localeRequested = r));
  page.on('request', (r) => void (r.url().endsWith('/dist/locales/first/fr.json') && localeRequested()));
  // The engine is held back until the French locale has been requested: a loader that asked for
  // the locale only after the engine never gets its banner shown, and this test times out on it.
  await page.route('**/dist/candor-engine.mjs', async (route) => {
    await seen;
    await route.continue();
  });
  await openUi(page, origin, { lang: 'fr' });
  await expect(page.getByRole('button', { name: 'Tout refuser' })).toBeVisible();
});

// What a first visit's banner waits for besides the first layer (core/site-view.ts firstChunks).
for (const [what, options, chunk, button] of [
  [
    'a config with preferences',
    { preferences: '[{ "id": "newsletter", "type": "boolean" }]', commit: true },
    'chunk-preferences',
    'Accept all',
  ],
  ['a modal', { layout: 'modal', commit: true }, 'chunk-minimize', 'Minimize'],
  ['a modal that walls', { layout: 'modal', blocking: true, commit: true }, 'chunk-wall', 'Accept all'],
] as const)
  test(`${what}: the loader asks for its ${chunk} with the first layer's, and the banner waits for no round trip more`, async ({
    page,
    origin,
  }) => {
    // Every chunk is held until that one has been asked for: only the loader can ask then (the
    // first layer, which also imports it, has not arrived), else this test times out.
    let release = (): void => {};
    const released = new Promise<void>((r) => (release = r));
    const chunks: string[] = [];
    await page.route(/\/candor-[\w.-]+\.mjs$/, async (route) => {
      chunks.push(new URL(route.request().url()).pathname);
      if (route.request().url().endsWith(`/candor-${chunk}.mjs`)) release();
      await released;
      await route.continue();
    });
    await openUi(page, origin, options);
    await expect(page.getByRole('button', { name: button })).toBeVisible();
    expect(chunks.slice(0, 2).sort()).toEqual([`/dist/candor-${chunk}.mjs`, '/dist/candor-first.mjs']);
    expect(chunks.filter((c) => c.endsWith(`/candor-${chunk}.mjs`))).toHaveLength(1); // one fetch for both
    // Nor another of them: each only where the config needs it.
    const others = ['chunk-preferences', 'chunk-minimize', 'chunk-wall'].filter((c) => c !== chunk);
    expect(chunks.filter((c) => others.some((o) => c.endsWith(`/candor-${o}.mjs`)))).toEqual([]);
  });

test('a config whose preferences are invalid: no banner, one console error naming them, nothing granted', async ({
  page,
  origin,
}) => {
  const errors = errorsOf(page);
  // The engine is held until the first layer has decided: a first layer that let the config through
  // would have mounted its banner by then (the engine, which removes it, cannot hide that here).
  let release = (): void => {};
  const released = new Promise<void>((r) => (release = r));
  const engineAsked = page.waitForRequest(/\/dist\/candor-engine\.mjs$/);
  await page.route('**/dist/candor-engine.mjs', async (route) => {
    await released;
    await route.continue();
  });
  await openUi(page, origin, { preferences: '[{ "id": "newsletter", "type": "toggle" }]', commit: true });
  await engineAsked; // the first layer refused the config and started the engine
  await page.waitForLoadState('load');
  expect(await page.locator('[data-candor-ui]').count()).toBe(0);
  release();
  await expect.poll(() => errors.length).toBe(1);
  expect(errors[0]).toMatch(/invalid config \(1 issue\)[\s\S]*preferences\[0\]\.type/);
  expect(await page.locator('[data-candor-ui]').count()).toBe(0);
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
});

test('a config the first layer refuses but the engine takes (its preferences appear between two reads): the banner comes with the engine, never no banner and no word', async ({
  page,
  origin,
}) => {
  const errors = errorsOf(page);
  // Read twice by the loader (its view and its list of chunks copy the config's own entries), then
  // by the first layer's choice of parser: absent; from its check on: there. A config with a
  // function (`sync.headers`), which the loader cannot copy (one it copies is read once, as it was):
  // its copy stops at the function, before the getter.
  await page.addInitScript(() => {
    let reads = 0;
    (window as { candorConfig?: unknown }).candorConfig = {
      policy: { revision: 1, url: '/privacy' },
      purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }],
      sync: { endpoint: '/api/consent', headers: () => ({}) },
      get preferences() {
        reads += 1;
        return reads <= 3 ? undefined : [{ id: 'newsletter', type: 'boolean' }];
      },
    };
  });
  await page.route('**/test/e2e/pages/ui.html', async (route) => {
    const html = await (await route.fetch()).text();
    const body = html.replace(' data-config="#candor-config"', '');
    expect(body).not.toEqual(html);
    await route.fulfill({ body, contentType: 'text/html' });
  });
  await page.goto(`${origin}/test/e2e/pages/ui.html`);
  await expect(page.getByRole('button', { name: 'Accept all' })).toBeVisible();
  expect(await page.evaluate(() => window.Candor!.config?.preferences.map((f) => f.id))).toEqual(['newsletter']);
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
  expect(errors).toEqual([]);
});

test("when the preferences' parser cannot load, a site with preferences shows no banner, says so once, and grants nothing", async ({
  page,
  origin,
}) => {
  const errors = errorsOf(page);
  await page.route('**/dist/candor-chunk-preferences.mjs', (route) => route.abort('connectionrefused'));
  await openUi(page, origin, { preferences: '[{ "id": "newsletter", "type": "boolean" }]', commit: true });
  await page.waitForLoadState('load');
  await page.evaluate(() => window.Candor!.ready);
  // The engine imports the parser too: its start fails, and that is the one message.
  const ours = (): string[] => errors.filter((e) => !e.startsWith('Failed to load resource'));
  await expect.poll(() => ours().length).toBe(1);
  expect(ours()[0]).toMatch(/^Candor: could not start: .*candor-chunk-preferences\.mjs/);
  expect(errors.filter((e) => e.startsWith('uncaught'))).toEqual([]);
  expect(await page.locator('[data-candor-ui]').count()).toBe(0);
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
});

test('a returning visitor with a valid decision downloads neither the engine, nor a UI chunk, nor a locale; [data-candor-open] loads them on demand', async ({
  page,
  origin,
}) => {
  const downloads = watchDist(page);
  await openUi(page, origin, { lang: 'de' });
  await page.getByRole('button', { name: 'Alle ablehnen' }).click();
  await expect(host(page).getByRole('button', { name: 'Datenschutz-Einstellungen' })).toBeVisible();
  await page.evaluate(() => window.Candor!.ready); // the decision is stored (cookie and its copy) before the reload
  await expect.poll(() => page.evaluate(() => /(^|; )candor=/.test(document.cookie))).toBe(true);
  const reload = downloads.length;
  await page.reload();
  // The loader's own launcher, with the label the UI last showed in German (no locale file fetched).
  await expect(
    page.locator('[data-candor-launcher]').getByRole('button', { name: 'Datenschutz-Einstellungen' }),
  ).toBeVisible();
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(false); // answered by the cookie
  // The loader and the returning visitor's chunk with what it imports: no engine, no page chunk, nothing of the UI.
  const loaderOnly = [...new Set(['/dist/candor.js', ...staticClosure('/dist/candor-returning.mjs')])].sort();
  const opened = downloads.length;
  expect(await summary(downloads.slice(reload))).toMatchObject({ paths: loaderOnly, preact: false });
  expect(await page.evaluate(() => window.Candor!.config)).toBeUndefined();
  await page.getByRole('link', { name: 'Privacy settings' }).click();
  await expect(page.getByRole('dialog', { name: 'Datenschutz-Einstellungen' })).toBeVisible();
  expect(await summary(downloads.slice(opened))).toMatchObject({
    entries: [
      '/dist/candor-engine.mjs',
      '/dist/candor-first.mjs',
      '/dist/locales/de.json',
      '/dist/locales/first/de.json',
    ],
    unknown: [],
    preact: true,
  });
  // The stand-in launcher gave way to the UI's.
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Datenschutz-Einstellungen' })).toBeVisible();
  await expect(page.locator('[data-candor-launcher]')).toHaveCount(0);
});

test('the stand-in launcher follows the site theme and takes its label from the locale file when none is remembered', async ({
  page,
  origin,
}) => {
  await openUi(page, origin, { lang: 'de', theme: 'dark' });
  await page.getByRole('button', { name: 'Alle ablehnen' }).click();
  await page.evaluate(() => window.Candor!.ready);
  await expect.poll(() => page.evaluate(() => /(^|; )candor=/.test(document.cookie))).toBe(true);
  await page.evaluate(() => localStorage.removeItem('candor:v1:launcher')); // no label remembered
  const files: string[] = [];
  page.on('request', (r) => void (r.url().includes('/locales/') && files.push(new URL(r.url()).pathname)));
  await page.reload();
  const standIn = page.locator('[data-candor-launcher]').getByRole('button', { name: 'Datenschutz-Einstellungen' });
  await expect(standIn).toBeVisible();
  expect(files).toEqual(['/dist/locales/first/de.json']); // the first-layer keys only, for this label
  expect(await page.locator('[data-candor-launcher]').getAttribute('lang')).toBe('de'); // the UI's language
  expect(await standIn.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(31, 32, 35)'); // dark
});

test('a locale that cannot be fetched falls back to English; nothing is granted meanwhile', async ({
  page,
  origin,
}) => {
  await page.route('**/dist/locales/**/de.json', (route) => route.fulfill({ status: 503, body: 'down' }));
  await openUi(page, origin, { lang: 'de' });
  await expect(page.getByRole('button', { name: 'Reject all' })).toBeVisible();
  expect(await host(page).getAttribute('lang')).toBe('en');
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
});

test('when the first layer cannot load, the page keeps working, says so once for the page wiring and once for the engine (which shares that file), and nothing is granted', async ({
  page,
  origin,
}) => {
  const errors = errorsOf(page);
  await page.route('**/dist/candor-first.mjs', (route) => route.abort('connectionrefused'));
  await openUi(page, origin);
  await page.evaluate(() => window.Candor!.ready);
  // Its own messages, each once; the browser's own lines about the refused requests aside.
  const ours = (): string[] => errors.filter((e) => !e.startsWith('Failed to load resource'));
  await expect.poll(() => ours().length).toBe(2);
  expect(ours()[0]).toMatch(/^Candor: could not load the page wiring: .*candor-first\.mjs/);
  expect(ours()[1]).toMatch(/^Candor: could not start: .*candor-first\.mjs/);
  expect(errors.filter((e) => e.startsWith('uncaught'))).toEqual([]);
  expect(await page.locator('[data-candor-ui]').count()).toBe(0);
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
});

test("a non-blocking modal's Minimize button loads only for that layout; when it cannot load the modal shows without it, one error, nothing granted", async ({
  page,
  origin,
}) => {
  const errors = errorsOf(page);
  const asked: string[] = [];
  await page.route('**/dist/candor-chunk-minimize.mjs', (route) => (asked.push(route.request().url()), route.abort()));
  await openUi(page, origin, { layout: 'box' });
  await expect(page.getByRole('button', { name: 'Accept all' })).toBeVisible();
  expect(asked).toEqual([]);
  await page.unroute('**/test/e2e/pages/ui.html');
  await openUi(page, origin, { layout: 'modal' });
  await expect(page.getByRole('button', { name: 'Reject all' })).toBeVisible();
  // Asked for by the loader with the first layer, and once more by the first layer after that failed.
  expect(asked.length).toBeGreaterThan(0);
  await expect(page.getByRole('button', { name: 'Minimize' })).toHaveCount(0);
  expect(errors.filter((e) => e.includes('could not load the Minimize button'))).toHaveLength(1);
  expect(errors.filter((e) => e.startsWith('uncaught'))).toEqual([]);
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
  await page.getByRole('button', { name: 'Reject all' }).click();
  await expect(page.getByRole('button', { name: 'Privacy settings' })).toBeVisible();
});

test('the wall loads only for a site that asks for one; when it cannot load there is no banner that walls nothing, one error, nothing granted', async ({
  page,
  origin,
}) => {
  const errors = errorsOf(page);
  const walls: string[] = [];
  await page.route('**/dist/candor-chunk-wall.mjs', (route) => (walls.push(route.request().url()), route.abort()));
  // A modal that does not wall: no wall chunk, the banner shows.
  await openUi(page, origin, { layout: 'modal' });
  await expect(page.getByRole('button', { name: 'Accept all' })).toBeVisible();
  expect(walls).toEqual([]);
  await page.unroute('**/test/e2e/pages/ui.html');
  // A walling modal whose wall cannot load: no banner at all (never one that leaves the page usable).
  await openUi(page, origin, { layout: 'modal', blocking: true });
  await expect.poll(() => walls.length).toBeGreaterThan(0); // the loader's request, and maybe the first layer's
  await expect.poll(() => errors.filter((e) => e.includes('could not load the consent UI')).length).toBe(1);
  expect(await page.locator('[data-candor-ui]').count()).toBe(0);
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
  expect(errors.filter((e) => e.startsWith('uncaught'))).toEqual([]);
});

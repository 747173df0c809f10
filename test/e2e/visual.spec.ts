/**
 * Visual regression: screenshots of every main state compared with the references committed in
 * visual.spec.ts-snapshots/, so a change to the look is seen and approved on purpose. Banner
 * layouts (bar, box, modal), the panel's views (choices, preferences, the dashboard before and
 * after a decision, the withdrawal's confirmation), the launcher and an embed's placeholder, in
 * light, dark and forced colours, left to right and right to left (Arabic), at desktop and phone
 * sizes; then the demo's two example themes, which must keep Accept all and Reject all alike.
 *
 * Stable by construction: Chromium only, device scale 1, fixed viewports, reduced motion and
 * animations off, a fixed clock and time zone (the dashboard's dates), the pointer parked in a
 * corner (no hover), and fonts that every Debian has (DejaVu) set through the page and the
 * documented `--candor-font`, so the shots do not depend on what `system-ui` resolves to.
 * A tolerance of 100 differing pixels per shot absorbs anti-aliasing; a restyled button, a moved
 * border or a changed word differs in more. After an intended change: review the diffs, then
 * `npx playwright test test/e2e/visual.spec.ts --update-snapshots` and commit the new references
 * (it rewrites only the shots that differ beyond the tolerance).
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { AxeBuilder } from './a11y';
import { expect, test } from './fixtures';

test.use({ timezoneId: 'UTC', locale: 'en-US', deviceScaleFactor: 1, colorScheme: 'light' });

type Variant = 'light' | 'dark' | 'forced' | 'rtl';
interface Open {
  layout?: 'bar' | 'box' | 'modal';
  variant?: Variant;
  preferences?: boolean;
  /** Add a marked YouTube frame at the top of the page (its placeholder). */
  embed?: boolean;
}

const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;
type Size = keyof typeof SIZES;
const FONTS = 'html,body{font-family:"DejaVu Sans",sans-serif}[data-candor-ui]{--candor-font:"DejaVu Sans",sans-serif}';
const PREFERENCES = [
  { id: 'newsletter', type: 'boolean', default: false },
  { id: 'channels', type: 'matrix', rows: ['newsletter', 'order-updates'], options: ['email', 'sms', 'post'] },
];
const PREFERENCE_TEXTS = {
  'preference.newsletter.title': 'Send me the bakery newsletter',
  'preference.channels.title': 'How we may reach you',
  'preference.channels.row.newsletter': 'Newsletter',
  'preference.channels.row.order-updates': 'Order updates',
  'preference.channels.email': 'Email',
  'preference.channels.sms': 'SMS',
  'preference.channels.post': 'Post',
};
const EMBED =
  '<iframe data-consent="youtube" data-src="https://www.youtube-nocookie.com/embed/x" title="How we bake" width="480" height="270"></iframe>';

/** The UI test page with a fixed clock, fonts and viewport, in `o`'s layout, theme and language. */
async function openUi(page: Page, origin: string, o: Open = {}, size: Size = 'desktop'): Promise<void> {
  const variant = o.variant ?? 'light';
  await page.clock.setFixedTime(new Date('2027-01-15T09:30:00Z'));
  await page.setViewportSize(SIZES[size]);
  await page.emulateMedia({ reducedMotion: 'reduce', forcedColors: variant === 'forced' ? 'active' : 'none' });
  await page.route('**/test/e2e/pages/ui.html', async (route) => {
    const ui = { layout: o.layout ?? 'bar', theme: variant === 'dark' ? 'dark' : 'light', launcher: true };
    const prefs = o.preferences ? `"preferences": ${JSON.stringify(PREFERENCES)},\n  ` : '';
    const body = (await (await route.fetch()).text())
      .replace('"policy": {', `"ui": ${JSON.stringify(ui)},\n  ${prefs}"policy": {`)
      .replace('"en": {', `"en": {${JSON.stringify(PREFERENCE_TEXTS).slice(1, -1)}, `)
      .replace('<html lang="en">', `<html lang="${variant === 'rtl' ? 'ar' : 'en'}">`)
      .replace('</head>', `<style>${FONTS}</style></head>`)
      .replace('<main>', `<main>${o.embed ? EMBED : ''}`);
    await route.fulfill({ body, contentType: 'text/html' });
  });
  await page.goto(`${origin}/test/e2e/pages/ui.html`);
}

const WORDS = {
  en: { accept: 'Accept all', reject: 'Reject all', customize: 'Customize', settings: 'Privacy settings' },
  ar: { accept: 'قبول الكل', reject: 'رفض الكل', customize: 'تخصيص', settings: 'إعدادات الخصوصية' },
};
const words = (v: Variant) => WORDS[v === 'rtl' ? 'ar' : 'en'];
const banner = (page: Page): Locator => page.locator('[data-candor-ui] .banner');
const panel = (page: Page): Locator => page.locator('[data-candor-ui] dialog');

/** Two animation frames: styles, layout and paint have run since the call. */
const frames = (page: Page): Promise<void> =>
  page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));

/**
 * Compares `target` with the reference `name`.png, the pointer parked where it hovers nothing,
 * after the whole page is painted afresh. Chromium does not always repaint what a change of focus
 * or layout leaves behind: in forced colours a button that had focus kept its focus-coloured border
 * painted after focus had moved on (its computed border was already CanvasText), and text that
 * moved by a fraction of a pixel kept the rounding of where it was first painted, until something
 * else repainted it, and that came and went with timing (one shot in about fifty failed on the CI
 * machine). Switching forced colours over and back restyles and repaints every element without
 * moving focus, so the shot shows the styles in force.
 */
async function shot(page: Page, target: Locator, name: string): Promise<void> {
  await page.mouse.move(0, 0);
  const forced = await page.evaluate(() => matchMedia('(forced-colors: active)').matches);
  await page.emulateMedia({ forcedColors: forced ? 'none' : 'active' });
  await frames(page);
  await page.emulateMedia({ forcedColors: forced ? 'active' : 'none' });
  await frames(page);
  await expect(target).toHaveScreenshot(`${name}.png`, {
    animations: 'disabled',
    caret: 'hide',
    maxDiffPixels: 100,
  });
}

const VARIANTS: readonly Variant[] = ['light', 'dark', 'forced', 'rtl'];
/** The sizes each variant is shot at: forced colours at desktop only (the shapes are the same on a phone). */
const sizesOf = (v: Variant): Size[] => (v === 'forced' ? ['desktop'] : ['desktop', 'phone']);

for (const layout of ['bar', 'box', 'modal'] as const) {
  for (const variant of VARIANTS) {
    test(`visual: the ${layout} banner, ${variant}`, async ({ page, origin }) => {
      await openUi(page, origin, { layout, variant });
      await expect(page.getByRole('button', { name: words(variant).reject })).toBeVisible();
      for (const size of sizesOf(variant)) {
        await page.setViewportSize(SIZES[size]);
        await shot(page, banner(page), `banner-${layout}-${variant}-${size}`);
      }
    });
  }
}

for (const variant of VARIANTS) {
  test(`visual: the panel, its dashboard before and after a decision, and the launcher, ${variant}`, async ({
    page,
    origin,
  }) => {
    const w = words(variant);
    await openUi(page, origin, { variant });
    await page.getByRole('button', { name: w.customize }).click();
    await expect(panel(page)).toBeVisible();
    await shot(page, panel(page), `panel-choices-${variant}-desktop`);
    if (variant === 'light') {
      // Before any decision: Download and Withdraw everything are disabled, and still readable.
      await panel(page).getByRole('tab').last().click();
      await expect(panel(page).getByRole('button', { name: 'Withdraw everything' })).toBeDisabled();
      await shot(page, panel(page), 'dashboard-empty-light-desktop');
      await panel(page).getByRole('tab').first().click();
    }
    await panel(page).getByRole('button', { name: w.reject }).click();
    const launcher = page.locator('[data-candor-ui] .launcher');
    await expect(launcher).toBeVisible();
    await shot(page, launcher, `launcher-${variant}`);
    await launcher.click();
    await panel(page).getByRole('tab').last().click();
    await expect(panel(page).locator('.history li')).toHaveCount(1);
    await shot(page, panel(page), `dashboard-${variant}-desktop`);
    if (variant === 'light' || variant === 'rtl') {
      await page.setViewportSize(SIZES.phone);
      await shot(page, panel(page), `dashboard-${variant}-phone`);
      await panel(page).getByRole('tab').first().click();
      await shot(page, panel(page), `panel-choices-${variant}-phone`);
    }
    if (variant === 'light') {
      await page.setViewportSize(SIZES.desktop);
      await panel(page).getByRole('tab').last().click();
      await panel(page).getByRole('button', { name: 'Withdraw everything' }).click();
      await expect(panel(page).getByRole('button', { name: 'Yes, withdraw everything' })).toBeVisible();
      await shot(page, panel(page), 'dashboard-withdraw-confirm-light-desktop');
    }
  });
}

for (const [variant, size] of [
  ['light', 'desktop'],
  ['dark', 'phone'],
  ['forced', 'desktop'],
] as const) {
  test(`visual: the preferences view with its form controls, ${variant}, ${size}`, async ({ page, origin }) => {
    await openUi(page, origin, { variant, preferences: true }, size);
    await page.getByRole('button', { name: 'Customize' }).click();
    await panel(page).getByRole('tab', { name: 'Your preferences' }).click();
    const newsletter = panel(page).getByRole('checkbox', { name: 'Send me the bakery newsletter' });
    await newsletter.check(); // one checked and several unchecked controls in the shot
    await panel(page).getByRole('checkbox', { name: 'Email' }).first().check();
    await shot(page, panel(page), `panel-preferences-${variant}-${size}`);
  });
}

for (const variant of ['light', 'dark', 'forced'] as const) {
  test(`visual: an embed's placeholder, ${variant}`, async ({ page, origin }) => {
    await openUi(page, origin, { variant: variant === 'dark' ? 'light' : variant, embed: true });
    if (variant === 'dark') await page.emulateMedia({ colorScheme: 'dark' }); // the placeholder follows the system
    const placeholder = page.locator('.candor-placeholder');
    await expect(placeholder.getByRole('button', { name: 'Load YouTube from Google' })).toBeVisible();
    await shot(page, placeholder, `placeholder-${variant}`);
  });
}

const LOCALES = readdirSync('locales')
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -5));

test('no button of the banner wraps at 1280 px in any locale (German, Finnish, Greek, Hungarian, Polish and the rest), in each layout', async ({
  page,
  origin,
}) => {
  await openUi(page, origin);
  await expect(banner(page).locator('.actions .btn')).toHaveCount(3);
  // One page: each locale's own three labels (its first-layer file, what the banner shows), with
  // its lang (fonts, hyphenation) and direction, in each layout's class; a label on more than one
  // line has wrapped.
  const wrapped = await page.evaluate(async (locales) => {
    const host = document.querySelector('[data-candor-ui]')!;
    const section = host.shadowRoot!.querySelector('.banner')!;
    const buttons = Array.from(section.querySelectorAll('.actions .btn'));
    const out: string[] = [];
    for (const lang of locales) {
      const words = (await (await fetch(`/dist/locales/first/${lang}.json`)).json()) as Record<string, string>;
      host.setAttribute('lang', lang);
      host.setAttribute('dir', lang === 'ar' || lang === 'he' ? 'rtl' : 'ltr');
      ['banner.acceptAll', 'banner.rejectAll', 'banner.customize'].forEach(
        (k, i) => (buttons[i]!.textContent = words[k]!),
      );
      for (const layout of ['bar', 'box', 'modal']) {
        section.className = `banner ${layout}`;
        for (const b of buttons) {
          const range = document.createRange();
          range.selectNodeContents(b);
          const lines = new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top))).size;
          if (lines !== 1) out.push(`${lang} ${layout}: ${b.textContent} (${lines} lines)`);
        }
      }
    }
    return out;
  }, LOCALES);
  expect(wrapped).toEqual([]);
});

/** The font weights of every element of the UI that draws text of its own, as the browser computed them. */
const weights = (page: Page): Promise<string[]> =>
  page.evaluate(() => {
    const found = new Set<string>();
    for (const el of document.querySelector('[data-candor-ui]')!.shadowRoot!.querySelectorAll('*'))
      if (el.getClientRects().length && [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim()))
        found.add(getComputedStyle(el).fontWeight);
    return [...found].sort();
  });

test('two font weights, 400 and 600, in the banner and in every view of the panel (each weight of the font is one more lookup before the frame that first draws it)', async ({
  page,
  origin,
}) => {
  await openUi(page, origin, { preferences: true });
  await expect(banner(page).getByRole('heading', { name: 'Cookies and your privacy' })).toBeVisible();
  expect(await weights(page)).toEqual(['400', '600']); // the heading, at 700 by default, was the third
  await banner(page).getByRole('button', { name: 'Customize' }).click();
  for (const summary of await panel(page).locator('summary').all()) await summary.click();
  await expect(panel(page).getByRole('heading', { name: 'Statistics' })).toBeVisible(); // an h3
  expect(await weights(page)).toEqual(['400', '600']);
  await panel(page).getByRole('tab', { name: 'Your preferences' }).click();
  await expect(panel(page).getByRole('columnheader', { name: 'Email' })).toBeVisible(); // a th
  expect(await weights(page)).toEqual(['400', '600']);
  await panel(page).getByRole('tab', { name: 'What you allow' }).click();
  await panel(page).getByRole('button', { name: 'Accept all' }).click();
  await page.getByRole('button', { name: 'Privacy settings' }).click();
  await panel(page).getByRole('tab', { name: 'Your data and history' }).click();
  await expect(panel(page).locator('strong', { hasText: /^On$/ }).first()).toBeVisible(); // the dashboard's On and Off
  expect(await weights(page)).toEqual(['400', '600']);
});

/** The computed look of a button that equal prominence compares. */
const look = (b: Locator) =>
  b.evaluate((el) => {
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return [
      Math.round(r.width),
      Math.round(r.height),
      s.fontWeight,
      s.fontSize,
      s.backgroundColor,
      s.color,
      s.borderStyle,
    ];
  });

for (const theme of ['crust', 'night'] as const) {
  test(`visual: the demo theme ${theme} restyles the banner and the panel; Accept all and Reject all stay alike, axe clean`, async ({
    page,
    origin,
  }) => {
    await openUi(page, origin);
    // After the page's fixed fonts: the theme's own font stack wins (DejaVu Serif or Sans on Debian).
    await page.addStyleTag({ content: readFileSync(`demo/themes/${theme}.css`, 'utf8') });
    const accept = banner(page).getByRole('button', { name: 'Accept all' });
    const reject = banner(page).getByRole('button', { name: 'Reject all' });
    expect(await look(reject)).toEqual(await look(accept));
    const defaultBg = 'rgb(29, 78, 216)';
    expect((await look(accept))[4], 'the theme restyles the buttons').not.toBe(defaultBg);
    await shot(page, banner(page), `theme-${theme}-banner`);
    const axe = async (name: string) => {
      const result = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
        .analyze();
      expect(
        result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
        name,
      ).toEqual([]);
    };
    await axe(`${theme}: banner`);
    await page.getByRole('button', { name: 'Customize' }).click();
    await expect(panel(page)).toBeVisible();
    const inPanel = (name: string) => panel(page).getByRole('button', { name, exact: true });
    expect(await look(inPanel('Reject all'))).toEqual(await look(inPanel('Accept all')));
    await shot(page, panel(page), `theme-${theme}-panel`);
    await axe(`${theme}: panel`);
  });
}

test("the demo theme reaches the launcher a returning visitor sees before any UI loads (the loader's stand-in): it looks like the UI's own", async ({
  page,
  origin,
}) => {
  const css = readFileSync('demo/themes/crust.css', 'utf8');
  const looks = (l: Locator) =>
    l.evaluate((el) => {
      const s = getComputedStyle(el);
      return [s.backgroundColor, s.color, s.borderTopColor, s.fontFamily, s.bottom, s.insetInlineStart, s.boxShadow];
    });
  await openUi(page, origin);
  await page.addStyleTag({ content: css });
  await banner(page).getByRole('button', { name: 'Accept all' }).click();
  const own = page.locator('[data-candor-ui] .launcher');
  await expect(own).toBeVisible();
  const themed = await looks(own);
  expect(themed[0], 'the theme restyles the launcher').toBe('rgb(255, 250, 242)');
  await expect.poll(() => page.evaluate(() => document.cookie)).toContain('candor=');
  await page.reload();
  await page.addStyleTag({ content: css });
  const standIn = page.locator('[data-candor-launcher]').getByRole('button', { name: 'Privacy settings' });
  await expect(standIn).toBeVisible();
  await expect(page.locator('[data-candor-ui]')).toHaveCount(0); // no UI: the loader's stand-in
  expect(await looks(standIn)).toEqual(themed);
});

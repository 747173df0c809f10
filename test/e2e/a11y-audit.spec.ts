/**
 * The accessibility audit's findings, each checked where it shows in Chromium: announcements in its
 * accessibility tree (CDP, not Playwright's own computation, which ignores the modal dialog's
 * inertness), focus after every step of every flow, forced colours, colour scheme, narrow
 * viewports, hyphenation, reduced motion and the preference matrix at 390 px.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

interface Options {
  layout?: 'bar' | 'box' | 'modal';
  theme?: 'light' | 'dark' | 'auto';
  /** With layout `modal`: the site's wall. */
  blocking?: boolean;
  lang?: string;
  /** Add the demo's preference fields (a checkbox and the channel matrix) to the panel. */
  preferences?: boolean;
}

const PREFERENCES = [
  { id: 'newsletter', type: 'boolean', default: false },
  {
    id: 'channels',
    type: 'matrix',
    rows: ['newsletter', 'order-updates'],
    options: ['email', 'sms', 'phone', 'post', 'in-app'],
  },
];
const PREFERENCE_TEXTS = {
  'preference.newsletter.title': 'Send me the bakery newsletter',
  'preference.channels.title': 'How we may reach you, per kind of message',
  'preference.channels.row.newsletter': 'Newsletter',
  'preference.channels.row.order-updates': 'Order updates',
  'preference.channels.email': 'Email',
  'preference.channels.sms': 'SMS',
  'preference.channels.phone': 'Phone',
  'preference.channels.post': 'Post',
  'preference.channels.in-app': 'In the app',
};

/** Opens the UI test page with its config's `ui` (and, with `preferences`, preference fields) and page language set. */
async function openUi(page: Page, origin: string, o: Options = {}): Promise<void> {
  await page.route('**/test/e2e/pages/ui.html', async (route) => {
    let body = await (await route.fetch()).text();
    const ui = JSON.stringify({
      layout: o.layout ?? 'bar',
      theme: o.theme ?? 'light',
      launcher: true,
      blocking: o.blocking ?? false,
    });
    const prefs = o.preferences ? `"preferences": ${JSON.stringify(PREFERENCES)},\n  ` : '';
    body = body
      .replace('"policy": {', `"ui": ${ui},\n  ${prefs}"policy": {`)
      .replace('"en": {', `"en": {${JSON.stringify(PREFERENCE_TEXTS).slice(1, -1)}, `)
      .replace('<html lang="en">', `<html lang="${o.lang ?? 'en'}">`);
    await route.fulfill({ body, contentType: 'text/html' });
  });
  await page.goto(`${origin}/test/e2e/pages/ui.html`);
}

const dialog = (page: Page): Locator => page.getByRole('dialog', { name: 'Privacy settings' });
const launcher = (page: Page): Locator => page.getByRole('button', { name: 'Privacy settings' });

/**
 * Whether Chromium exposes `text` inside a live region, and where: 'dialog' (a live region in the
 * open dialog), 'page' (elsewhere) or null (nowhere: hidden, inert or absent). Read from
 * Chromium's own accessibility tree, where the inert page behind a modal dialog is ignored.
 */
async function announcedIn(page: Page, text: string): Promise<'dialog' | 'page' | null> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AXNode[] };
    const byId = new Map(nodes.map((n) => [n.nodeId, n]));
    for (const n of nodes) {
      if (n.ignored || n.role?.value !== 'StaticText' || n.name?.value !== text) continue;
      let live = false;
      let inDialog = false;
      for (
        let a = n.parentId ? byId.get(n.parentId) : undefined;
        a;
        a = a.parentId ? byId.get(a.parentId) : undefined
      ) {
        if (a.ignored) break;
        if (
          a.properties?.some((p) => p.name === 'live' && (p.value.value === 'polite' || p.value.value === 'assertive'))
        )
          live = true;
        if (a.role?.value === 'dialog') inDialog = true;
      }
      if (live) return inDialog ? 'dialog' : 'page';
    }
    return null;
  } finally {
    await cdp.detach();
  }
}
/** Whether Chromium's accessibility tree has a node of `role` named `name` that is not ignored. */
async function exposed(page: Page, role: string, name: string): Promise<boolean> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AXNode[] };
    return nodes.some((n) => !n.ignored && n.role?.value === role && n.name?.value === name);
  } finally {
    await cdp.detach();
  }
}
interface AXNode {
  nodeId: string;
  parentId?: string;
  ignored: boolean;
  role?: { value: string };
  name?: { value: string };
  properties?: { name: string; value: { value: unknown } }[];
}

/**
 * Records every text written into a live region of the UI, and whether the region was exposed at
 * that moment: not inert, and inside the modal dialog when one is open (Chromium ignores the rest,
 * so a change there is never announced). The accessibility tree can only be read afterwards; this
 * tells a text written while hidden and then revealed from one that was announced.
 */
async function recordAnnouncements(page: Page): Promise<void> {
  await page.evaluate(() => {
    const root = document.querySelector('[data-candor-ui]')!.shadowRoot!;
    const w = window as { __said?: { text: string; exposed: boolean }[] };
    w.__said = [];
    const last = new WeakMap<Element, string>();
    new MutationObserver(() => {
      const modal = root.querySelector('dialog:modal');
      for (const el of root.querySelectorAll('[aria-live]')) {
        const text = el.textContent ?? '';
        if (text === (last.get(el) ?? '')) continue;
        last.set(el, text);
        if (text) w.__said!.push({ text, exposed: !el.closest('[inert]') && (!modal || modal.contains(el)) });
      }
    }).observe(root, { subtree: true, childList: true, characterData: true });
  });
}
const said = (page: Page): Promise<{ text: string; exposed: boolean }[]> =>
  page.evaluate(() => (window as { __said?: { text: string; exposed: boolean }[] }).__said ?? []);

test('announcements: Save, Accept all and Reject all in the panel are spoken where Chromium exposes them, and stay in its tree after the dialog closes', async ({
  page,
  origin,
}) => {
  await openUi(page, origin);
  await expect(page.getByRole('button', { name: 'Customize' })).toBeVisible();
  await recordAnnouncements(page);
  for (const action of ['Save choices', 'Accept all', 'Reject all']) {
    const before = (await said(page)).length;
    await (action === 'Save choices' ? page.getByRole('button', { name: 'Customize' }) : launcher(page)).click();
    await dialog(page).getByRole('button', { name: action }).click();
    await expect(dialog(page)).toBeHidden();
    await expect
      .poll(async () => (await said(page)).slice(before), `after ${action}`)
      .toContainEqual({ text: 'Your choices are saved.', exposed: true });
    await expect.poll(() => announcedIn(page, 'Your choices are saved.'), `after ${action}`).toBe('page');
  }
});

test('announcements: Withdraw is spoken inside the open dialog, in Chromium’s tree there while open and in the page’s region after it closes', async ({
  page,
  origin,
}) => {
  await openUi(page, origin);
  await page.getByRole('button', { name: 'Reject all' }).click();
  await recordAnnouncements(page);
  await launcher(page).click();
  await dialog(page).getByRole('button', { name: 'Withdraw everything' }).click();
  await dialog(page).getByRole('button', { name: 'Yes, withdraw everything' }).click();
  await expect.poll(() => said(page)).toContainEqual({ text: 'Everything optional is now off.', exposed: true });
  await expect.poll(() => announcedIn(page, 'Everything optional is now off.')).toBe('dialog');
  await page.keyboard.press('Escape');
  await expect(dialog(page)).toBeHidden();
  await expect.poll(() => announcedIn(page, 'Everything optional is now off.')).toBe('page');
});

/**
 * Starts recording, at every rendered frame and at every focus change, whether focus is lost: on
 * <body> (or nothing), or on the UI's host with nothing focused inside its shadow root.
 */
async function watchFocus(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as { __lost?: string[] };
    w.__lost = [];
    const check = (when: string): void => {
      const a = document.activeElement;
      const lost =
        !a ||
        a === document.body ||
        (a.shadowRoot !== null &&
          a.shadowRoot.activeElement === null &&
          a.matches('[data-candor-ui],[data-candor-launcher]'));
      if (lost) w.__lost!.push(`${when}: ${a ? a.nodeName : 'nothing'}`);
    };
    const frame = (): void => {
      check('frame');
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    document.addEventListener('focusout', () => queueMicrotask(() => check('focusout')), true);
  });
}
/** The deeply focused element as `role:name` (its text or label), looking into open shadow roots. */
const focused = (page: Page): Promise<string> =>
  page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body) return 'body';
    const by = el.getAttribute('aria-labelledby');
    const name =
      el.getAttribute('aria-label') ??
      (by ? (el.getRootNode() as Document).getElementById(by)?.textContent : el.textContent);
    return `${el.getAttribute('role') ?? el.tagName.toLowerCase()}:${(name ?? '').trim()}`;
  });
const lostFocus = (page: Page): Promise<string[]> =>
  page.evaluate(() => (window as { __lost?: string[] }).__lost ?? []);

/** Presses `key` and expects focus on `expected` afterwards, and never lost on the way. */
async function step(page: Page, key: string, expected: string): Promise<void> {
  await page.keyboard.press(key);
  await expect.poll(() => focused(page), `focus after ${key}, expecting ${expected}`).toBe(expected);
  expect(await lostFocus(page), `focus lost after ${key} towards ${expected}`).toEqual([]);
}
/** Focuses `target` (by keyboard: Tab until it has focus) and checks that it has it. */
async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let i = 0; i < 80 && !(await target.evaluate((el) => el.matches(':focus'))); i++)
    await page.keyboard.press('Tab');
  await expect(target).toBeFocused();
}

test('focus: banner Customize → panel Escape / Close / Save, then launcher → panel Accept all / Reject all; never on <body>', async ({
  page,
  origin,
}) => {
  await openUi(page, origin);
  const customize = page.getByRole('button', { name: 'Customize' });
  await tabTo(page, customize);
  await watchFocus(page);
  await step(page, 'Enter', 'button:Close'); // into the dialog
  await step(page, 'Escape', 'button:Customize');
  await step(page, 'Enter', 'button:Close');
  await step(page, 'Enter', 'button:Customize'); // the Close button
  await step(page, 'Enter', 'button:Close');
  await tabTo(page, dialog(page).getByRole('button', { name: 'Save choices' }));
  await step(page, 'Enter', 'button:Privacy settings'); // the banner is gone: the launcher
  for (const action of ['Accept all', 'Reject all']) {
    await step(page, 'Enter', 'button:Close');
    await tabTo(page, dialog(page).getByRole('button', { name: action }));
    await step(page, 'Enter', 'button:Privacy settings');
  }
});

for (const [action, wall] of [
  ['Accept all', false],
  ['Reject all', false],
  ['Accept all', true],
] as const) {
  test(`focus: ${action} in the banner${wall ? ' (a wall)' : ''} moves focus to the launcher, and its announcement is in the tree`, async ({
    page,
    origin,
  }) => {
    await openUi(page, origin, wall ? { layout: 'modal', blocking: true } : {});
    const banner = page.getByRole(wall ? 'dialog' : 'region', { name: 'Cookies and your privacy' });
    await tabTo(page, banner.getByRole('button', { name: action }));
    await watchFocus(page);
    await recordAnnouncements(page);
    await step(page, 'Enter', 'button:Privacy settings');
    await expect.poll(() => said(page)).toContainEqual({ text: 'Your choices are saved.', exposed: true });
    await expect.poll(() => announcedIn(page, 'Your choices are saved.')).toBe('page');
  });
}

test('focus: launcher → panel → dashboard Withdraw → Cancel, Withdraw → Yes, then Escape; never on <body>', async ({
  page,
  origin,
}) => {
  await openUi(page, origin);
  await page.getByRole('button', { name: 'Reject all' }).click();
  await tabTo(page, launcher(page));
  await watchFocus(page);
  await step(page, 'Enter', 'button:Close');
  await tabTo(page, dialog(page).getByRole('button', { name: 'Withdraw everything' }));
  await step(page, 'Enter', 'button:Cancel'); // the safe answer first
  expect(await exposed(page, 'group', 'Withdraw everything'), 'Cancel is in a group named by the question').toBe(true);
  await step(page, 'Enter', 'button:Withdraw everything');
  await step(page, 'Enter', 'button:Cancel');
  await step(page, 'Shift+Tab', 'button:Yes, withdraw everything');
  await step(page, 'Enter', 'button:Withdraw everything');
  await expect.poll(() => page.evaluate(() => window.Candor!.records().then((r) => r[0]?.method))).toBe('withdraw'); // stored
  await step(page, 'Escape', 'button:Privacy settings');
});

test('focus: a returning visitor’s launcher (the loader’s stand-in) opens the panel; closing it returns focus to the UI’s launcher', async ({
  page,
  origin,
}) => {
  await openUi(page, origin);
  await page.getByRole('button', { name: 'Reject all' }).click();
  await expect.poll(() => page.evaluate(() => window.Candor!.records().then((r) => r.length))).toBe(1); // stored before the reload
  await page.reload();
  await page.evaluate(() => window.Candor!.ready);
  const standIn = page.locator('[data-candor-launcher]').getByRole('button', { name: 'Privacy settings' });
  await tabTo(page, standIn);
  await watchFocus(page);
  await step(page, 'Enter', 'button:Close'); // loads the UI, which replaces the stand-in, and opens the panel
  await expect(page.locator('[data-candor-launcher]')).toHaveCount(0);
  await step(page, 'Escape', 'button:Privacy settings');
  expect(
    await page.evaluate(
      () => !!document.querySelector('[data-candor-ui]')?.shadowRoot?.activeElement?.matches('.launcher'),
    ),
  ).toBe(true);
  await step(page, 'Enter', 'button:Close');
  await tabTo(page, dialog(page).getByRole('button', { name: 'Close' }));
  await step(page, 'Enter', 'button:Privacy settings');
});

/** WCAG contrast of two `rgb()`/`rgba()` colours (the second opaque). */
function contrast(fg: string, bg: string): number {
  const parse = (c: string): number[] => (c.match(/[\d.]+/g) ?? []).map(Number);
  const [r1, g1, b1, a1 = 1] = parse(fg);
  const [r2, g2, b2] = parse(bg);
  const blend = [r1!, g1!, b1!].map((v, i) => v * a1 + [r2!, g2!, b2!][i]! * (1 - a1));
  const lum = (rgb: number[]): number => {
    const [r, g, b] = rgb.map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [hi, lo] = [lum(blend), lum([r2!, g2!, b2!])].sort((a, b) => b - a);
  return (hi! + 0.05) / (lo! + 0.05);
}

for (const theme of ['light', 'dark'] as const) {
  test(`the preference matrix at 390 px (${theme}): no sideways scroll, every checkbox visible and reachable, headers at ≥ 4.5:1, axe clean`, async ({
    page,
    origin,
  }, info) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await openUi(page, origin, { theme, preferences: true });
    await page.getByRole('button', { name: 'Customize' }).click();
    const matrix = dialog(page).getByRole('table', { name: 'How we may reach you, per kind of message' });
    await matrix.scrollIntoViewIfNeeded();
    await info.attach(`matrix-390-${theme}.png`, { body: await page.screenshot(), contentType: 'image/png' });
    const d = await dialog(page).evaluate((el) => ({
      scroll: el.scrollWidth,
      client: el.clientWidth,
      rect: el.getBoundingClientRect().toJSON() as DOMRect,
    }));
    expect(d.scroll, 'the dialog scrolls sideways').toBeLessThanOrEqual(d.client);
    const boxes = await matrix.getByRole('checkbox').evaluateAll((list) =>
      list.map((el) => {
        const r = el.getBoundingClientRect();
        const hit = (el.getRootNode() as ShadowRoot).elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        return { name: el.getAttribute('aria-label'), left: r.left, right: r.right, hit: hit === el };
      }),
    );
    expect(boxes).toHaveLength(10);
    for (const b of boxes) {
      expect(b.left, `${b.name} clipped`).toBeGreaterThanOrEqual(d.rect.left);
      expect(b.right, `${b.name} clipped`).toBeLessThanOrEqual(d.rect.right);
      expect(b.hit, `${b.name} is covered`).toBe(true);
    }
    // Reachable by keyboard, each in turn.
    const reached: string[] = [];
    await matrix.getByRole('checkbox').first().focus();
    for (let i = 0; i < 10; i++) {
      reached.push(
        await page.evaluate(() =>
          document.querySelector('[data-candor-ui]')!.shadowRoot!.activeElement!.getAttribute('aria-label')!,
        ),
      );
      await page.keyboard.press('Tab');
    }
    expect(reached).toEqual(boxes.map((b) => b.name));
    // Header contrast, computed against the first opaque background behind each header.
    const headers = await matrix.locator('th').evaluateAll((list) =>
      list.map((el) => {
        let bg = 'rgba(0, 0, 0, 0)';
        for (
          let e: Element | null = el;
          e && /rgba\(.*, 0\)|transparent/.test(bg);
          e = e.parentElement ?? ((e.getRootNode() as ShadowRoot).host || null)
        )
          bg = getComputedStyle(e).backgroundColor;
        const r = el.getBoundingClientRect();
        return { text: el.textContent, fg: getComputedStyle(el).color, bg, left: r.left, right: r.right };
      }),
    );
    for (const h of headers) {
      // Inside the dialog (a header past its edge was measured against the page behind: 1.1:1).
      expect(h.left, `${h.text} clipped`).toBeGreaterThanOrEqual(d.rect.left);
      expect(h.right, `${h.text} clipped`).toBeLessThanOrEqual(d.rect.right);
      expect(contrast(h.fg, h.bg), `${h.text}: ${h.fg} on ${h.bg}`).toBeGreaterThanOrEqual(4.5);
    }
    const result = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
      .analyze();
    expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
}

/** Computed styles of the panel's first two switches (Statistics off, Marketing on), their knobs, and system colours. */
async function switchStyles(
  page: Page,
): Promise<{ off: Record<string, string>; on: Record<string, string>; system: Record<string, string> }> {
  await page.getByRole('button', { name: 'Customize' }).click();
  await dialog(page).getByRole('switch', { name: 'Marketing' }).click();
  await expect(dialog(page).getByRole('switch', { name: 'Marketing' })).toHaveAttribute('aria-checked', 'true');
  return page.evaluate(() => {
    const root = document.querySelector('[data-candor-ui]')!.shadowRoot!;
    const read = (id: string): Record<string, string> => {
      const sw = root.querySelector(`[role=switch][aria-labelledby="candor-p-${id}"]`)!;
      const s = getComputedStyle(sw);
      const k = getComputedStyle(sw, '::after');
      return {
        track: s.backgroundColor,
        border: s.borderTopColor,
        knob: k.backgroundColor,
        knobAt: k.insetInlineStart,
        knobMove: k.transitionDuration,
      };
    };
    const probe = document.createElement('span');
    root.append(probe);
    const system: Record<string, string> = {};
    for (const c of ['Canvas', 'CanvasText', 'Highlight', 'HighlightText']) {
      probe.style.cssText = `forced-color-adjust:none;background-color:${c}`;
      system[c] = getComputedStyle(probe).backgroundColor;
    }
    probe.remove();
    return { off: read('analytics'), on: read('marketing'), system };
  });
}

test('forced colours: an on and an off switch differ in system colours and knob position, and the knob shows in both', async ({
  page,
  origin,
}, info) => {
  await page.emulateMedia({ forcedColors: 'active' });
  await openUi(page, origin);
  const { off, on, system } = await switchStyles(page);
  await info.attach('switches-forced-colors.png', {
    body: await dialog(page).locator('.purpose').nth(1).screenshot(),
    contentType: 'image/png',
  });
  await info.attach('switches-forced-colors-on.png', {
    body: await dialog(page).locator('.purpose').nth(2).screenshot(),
    contentType: 'image/png',
  });
  expect(system['Highlight']).not.toBe(system['Canvas']); // forced colours are really on
  expect(on.track).toBe(system['Highlight']);
  expect(off.track).toBe(system['Canvas']);
  expect(on.knob).toBe(system['HighlightText']);
  expect(off.knob).toBe(system['CanvasText']);
  expect(on.knob).not.toBe(on.track);
  expect(off.knob).not.toBe(off.track);
  expect(on.knobAt).not.toBe(off.knobAt);
});

test('reduced motion: the switch knob does not slide (and does without the preference)', async ({ page, origin }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openUi(page, origin);
  const reduced = await switchStyles(page);
  expect([reduced.off.knobMove, reduced.on.knobMove]).toEqual(['0s', '0s']);
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  expect(
    await dialog(page)
      .getByRole('switch', { name: 'Marketing' })
      .evaluate((sw) => getComputedStyle(sw, '::after').transitionDuration),
  ).toBe('0.15s');
});

/** The mean luminance (0 dark … 1 light) of the middle of `el` as Chromium painted it. */
async function paintedLuminance(page: Page, el: Locator): Promise<number> {
  const png = (await el.screenshot()).toString('base64');
  return page.evaluate(async (data) => {
    const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${data}`)).blob());
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    const w = Math.max(1, Math.floor(bitmap.width / 3));
    const h = Math.max(1, Math.floor(bitmap.height / 3));
    const px = ctx.getImageData(w, h, w, h).data;
    let sum = 0;
    for (let i = 0; i < px.length; i += 4) sum += (0.2126 * px[i]! + 0.7152 * px[i + 1]! + 0.0722 * px[i + 2]!) / 255;
    return sum / (px.length / 4);
  }, png);
}

for (const [theme, scheme, expected] of [
  ['light', 'dark', 'light'],
  ['dark', 'light', 'dark'],
  ['auto', 'dark', 'dark'],
  ['auto', 'light', 'light'],
] as const) {
  test(`color-scheme: theme ${theme} with a ${scheme} system is ${expected}, and form controls are painted ${expected}`, async ({
    page,
    origin,
  }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await openUi(page, origin, { theme, preferences: true });
    await page.getByRole('button', { name: 'Customize' }).click();
    const checkbox = dialog(page).getByRole('checkbox', { name: 'Send me the bakery newsletter' });
    await expect(checkbox).not.toBeChecked();
    const styles = await checkbox.evaluate((el) => {
      const root = (el.getRootNode() as ShadowRoot).querySelector('.root')!;
      return {
        root: getComputedStyle(root).colorScheme,
        dialog: getComputedStyle(el.closest('dialog')!).colorScheme,
        checkbox: getComputedStyle(el).colorScheme,
      };
    });
    expect(styles).toEqual({ root: expected, dialog: expected, checkbox: expected });
    const luminance = await paintedLuminance(page, checkbox);
    if (expected === 'dark') expect(luminance, 'an unchecked checkbox painted dark').toBeLessThan(0.4);
    else expect(luminance, 'an unchecked checkbox painted light').toBeGreaterThan(0.6);
  });
}

for (const width of [320, 390]) {
  test(`the box layout keeps a margin from both screen edges at ${width} px`, async ({ page, origin }) => {
    await page.setViewportSize({ width, height: 700 });
    await openUi(page, origin, { layout: 'box' });
    const box = (await page.getByRole('region', { name: 'Cookies and your privacy' }).boundingBox())!;
    expect(box.x, 'margin at the start edge').toBeGreaterThanOrEqual(16);
    expect(width - (box.x + box.width), 'margin at the end edge').toBeGreaterThanOrEqual(16);
    for (const name of ['Accept all', 'Reject all', 'Customize']) {
      const b = (await page.getByRole('button', { name }).boundingBox())!;
      expect(b.x).toBeGreaterThanOrEqual(box.x);
      expect(b.x + b.width).toBeLessThanOrEqual(box.x + box.width);
    }
  });
}

test('German text wraps between words and hyphenates by language, never mid-word anywhere, at 320 px in the banner and the panel', async ({
  page,
  origin,
}) => {
  await page.setViewportSize({ width: 320, height: 700 });
  await openUi(page, origin, { lang: 'de', layout: 'box' });
  await expect(page.getByRole('button', { name: 'Alle ablehnen' })).toBeVisible();
  const check = (): Promise<{ anywhere: string[]; text: string[]; overflow: string[] }> =>
    page.evaluate(() => {
      const root = document.querySelector('[data-candor-ui]')!.shadowRoot!;
      const all = Array.from(root.querySelectorAll<HTMLElement>('*')).filter((el) => el.getClientRects().length > 0);
      const withText = all.filter((el) =>
        Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim()),
      );
      const s = (el: Element): CSSStyleDeclaration => getComputedStyle(el);
      return {
        anywhere: all
          .filter((el) => s(el).overflowWrap === 'anywhere' || s(el).wordBreak === 'break-all')
          .map((el) => el.outerHTML.slice(0, 60)),
        text: withText
          .filter((el) => s(el).overflowWrap !== 'break-word' || s(el).hyphens !== 'auto' || !el.matches(':lang(de)'))
          .map((el) => `${el.outerHTML.slice(0, 60)} ${s(el).overflowWrap} ${s(el).hyphens}`),
        overflow: all
          .filter((el) => el.matches('.btn,.launcher,dialog,.banner') && el.scrollWidth > el.clientWidth)
          .map((el) => el.outerHTML.slice(0, 60)),
      };
    });
  expect(await check()).toEqual({ anywhere: [], text: [], overflow: [] });
  await page.getByRole('button', { name: 'Anpassen' }).click();
  await expect(page.getByRole('dialog', { name: 'Datenschutz-Einstellungen' })).toBeVisible();
  for (const summary of await page.getByRole('dialog').locator('summary').all()) await summary.click();
  expect(await check()).toEqual({ anywhere: [], text: [], overflow: [] });
});

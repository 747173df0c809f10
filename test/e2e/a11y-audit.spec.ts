/**
 * The accessibility audit's findings, each checked where it shows in Chromium: announcements in its
 * accessibility tree (CDP, not Playwright's own computation, which ignores the modal dialog's
 * inertness), focus after every step of every flow, forced colours, colour scheme, narrow
 * viewports, hyphenation, reduced motion and the preference matrix at 390 px.
 */
import type { Locator, Page } from '@playwright/test';
import {
  announcedIn,
  axe,
  AxeBuilder,
  decisionStored,
  dialog,
  exposed,
  launcher,
  mountInline,
  openUi,
  recordAnnouncements,
  said,
  step,
  tabTo,
  watchFocus,
} from './a11y';
import { expect, test } from './fixtures';

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
  await dialog(page).getByRole('tab', { name: 'Your data and history' }).click();
  await dialog(page).getByRole('button', { name: 'Withdraw everything' }).click();
  await dialog(page).getByRole('button', { name: 'Yes, withdraw everything' }).click();
  await expect.poll(() => said(page)).toContainEqual({ text: 'Everything optional is now off.', exposed: true });
  await expect.poll(() => announcedIn(page, 'Everything optional is now off.')).toBe('dialog');
  await page.keyboard.press('Escape');
  await expect(dialog(page)).toBeHidden();
  await expect.poll(() => announcedIn(page, 'Everything optional is now off.')).toBe('page');
});

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

test('focus: launcher → panel → the data view by keyboard → Withdraw → Cancel, Withdraw → Yes, then Escape; never on <body>', async ({
  page,
  origin,
}) => {
  await openUi(page, origin);
  await page.getByRole('button', { name: 'Reject all' }).click();
  await tabTo(page, launcher(page));
  await watchFocus(page);
  await step(page, 'Enter', 'button:Close');
  await step(page, 'Tab', 'tab:What you allow');
  await step(page, 'ArrowRight', 'tab:Your data and history'); // no preference fields here: two views
  await step(page, 'Tab', 'tabpanel:Your data and history');
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
  await decisionStored(page); // stored before the reload
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

test('focus: the views by keyboard (arrows wrap, Home, End, into a view and back), then a preference saved from its view; never on <body>', async ({
  page,
  origin,
}) => {
  await openUi(page, origin, { preferences: true });
  await page.getByRole('button', { name: 'Reject all' }).click();
  await tabTo(page, launcher(page));
  await watchFocus(page);
  await step(page, 'Enter', 'button:Close');
  await step(page, 'Tab', 'tab:What you allow');
  await step(page, 'ArrowRight', 'tab:Your preferences');
  await step(page, 'ArrowRight', 'tab:Your data and history');
  await step(page, 'ArrowRight', 'tab:What you allow'); // wraps
  await step(page, 'ArrowLeft', 'tab:Your data and history');
  await step(page, 'Home', 'tab:What you allow');
  await step(page, 'End', 'tab:Your data and history');
  await step(page, 'Tab', 'tabpanel:Your data and history'); // it starts with text: a Tab stop of its own
  await step(page, 'Shift+Tab', 'tab:Your data and history');
  await step(page, 'Shift+Tab', 'button:Close'); // one Tab stop for the whole tab list
  await step(page, 'Tab', 'tab:Your data and history');
  await step(page, 'ArrowLeft', 'tab:Your preferences');
  await step(page, 'Tab', 'tabpanel:Your preferences');
  await step(page, 'Tab', 'checkbox:Send me the bakery newsletter');
  await step(page, 'Space', 'checkbox:Send me the bakery newsletter');
  await tabTo(page, dialog(page).getByRole('tabpanel').getByRole('button', { name: 'Save choices' }));
  await step(page, 'Enter', 'button:Privacy settings');
  await expect
    .poll(() => page.evaluate(() => window.Candor!.records().then((r) => r[0]?.preferences['newsletter'])))
    .toBe(true);
  // Reopened, the dialog starts again on the consent choices.
  await step(page, 'Enter', 'button:Close');
  await expect(dialog(page).getByRole('tab', { name: 'What you allow' })).toHaveAttribute('aria-selected', 'true');
});

test('focus: right to left (Arabic), the arrow keys move to the tab they point at', async ({ page, origin }) => {
  await openUi(page, origin, { lang: 'ar', preferences: true });
  await page.getByRole('button', { name: 'تخصيص' }).click();
  const tabs = page.getByRole('dialog').getByRole('tab');
  await expect(tabs).toHaveText(['ما تسمح به', 'تفضيلاتك', 'بياناتك وسجلّك']);
  const x = async (i: number): Promise<number> => (await tabs.nth(i).boundingBox())!.x;
  expect(await x(1), 'the second tab is left of the first').toBeLessThan(await x(0));
  await tabs.first().focus();
  await watchFocus(page);
  await step(page, 'ArrowLeft', 'tab:تفضيلاتك');
  await step(page, 'ArrowRight', 'tab:ما تسمح به');
  await step(page, 'ArrowRight', 'tab:بياناتك وسجلّك'); // wraps to the leftmost
});

test('focus: with ui.launcher false, Save from the banner’s Customize goes to the page’s heading (the opener and the launcher are gone); Escape still returns to Customize', async ({
  page,
  origin,
}) => {
  await openUi(page, origin, { launcher: false });
  const customize = page.getByRole('button', { name: 'Customize' });
  await tabTo(page, customize);
  await watchFocus(page);
  await step(page, 'Enter', 'button:Close');
  await step(page, 'Escape', 'button:Customize');
  await step(page, 'Enter', 'button:Close');
  await tabTo(page, dialog(page).getByRole('button', { name: 'Save choices' }));
  await step(page, 'Enter', 'h1:The Corner Bakery');
  expect(await page.locator('[data-candor-ui]').evaluate((h) => h.shadowRoot!.querySelector('.launcher'))).toBeNull();
  // The heading was made focusable for this moment only; Tab goes on into the page.
  await step(page, 'Tab', 'a:Privacy settings');
  expect(await page.locator('h1').getAttribute('tabindex')).toBeNull();
});

test('the inline panel: Save, Accept all, Reject all and Withdraw keep focus where the visitor is, and each announcement is in Chromium’s tree', async ({
  page,
  origin,
}) => {
  await openUi(page, origin);
  await page.getByRole('button', { name: 'Reject all' }).click();
  const inline = await mountInline(page);
  await recordAnnouncements(page);
  await watchFocus(page);
  for (const action of ['Save choices', 'Accept all', 'Reject all']) {
    const before = (await said(page)).length;
    await inline.getByRole('button', { name: action }).focus(); // (Tab would wrap through the browser's own UI)
    await step(page, 'Enter', `button:${action}`);
    await expect
      .poll(async () => (await said(page)).slice(before), `after ${action}`)
      .toContainEqual({ text: 'Your choices are saved.', exposed: true });
    await expect.poll(() => announcedIn(page, 'Your choices are saved.'), `after ${action}`).toBe('page');
  }
  await inline.getByRole('tab', { name: 'What you allow' }).focus();
  await step(page, 'End', 'tab:Your data and history');
  await tabTo(page, inline.getByRole('button', { name: 'Withdraw everything' }));
  await step(page, 'Enter', 'button:Cancel');
  await step(page, 'Shift+Tab', 'button:Yes, withdraw everything');
  await step(page, 'Enter', 'button:Withdraw everything');
  await expect.poll(() => said(page)).toContainEqual({ text: 'Everything optional is now off.', exposed: true });
  await expect.poll(() => announcedIn(page, 'Everything optional is now off.')).toBe('page');
});

/** The views of the panel in `scope` (the dialog or an inline panel): selects each tab and waits for its content. */
async function eachView(scope: Locator, visit: (name: string) => Promise<void>): Promise<void> {
  const tabs = scope.getByRole('tab');
  await expect(tabs).toHaveCount(3);
  for (const [i, ready] of [
    [0, '.purpose'],
    [1, '.prefs'],
    [2, '.dashboard'],
  ] as const) {
    await tabs.nth(i).click();
    await expect(tabs.nth(i)).toHaveAttribute('aria-selected', 'true');
    await expect(scope.getByRole('tabpanel').locator(ready).first()).toBeVisible();
    await visit(['choices', 'preferences', 'data'][i]!);
  }
}

for (const theme of ['light', 'dark'] as const) {
  for (const lang of ['en', 'ar'] as const) {
    for (const [device, size] of [
      ['desktop', { width: 1280, height: 800 }],
      ['phone', { width: 390, height: 844 }],
      ['400 %', { width: 320, height: 256 }],
    ] as const) {
      test(`axe: every view of the panel dialog and of the inline panel (${theme}, ${lang}, ${device}), no sideways scroll`, async ({
        page,
        origin,
      }, info) => {
        test.slow(); // six axe runs and screenshots: too many for 30 s on a busy 2-core machine
        await page.setViewportSize(size);
        await openUi(page, origin, { theme, lang, preferences: true });
        await page.getByRole('button', { name: lang === 'ar' ? 'تخصيص' : 'Customize' }).click();
        const panel = page.getByRole('dialog');
        await eachView(panel, async (view) => {
          await axe(page, info, `dialog-${view}-${theme}-${lang}-${device}`);
          const d = await panel.evaluate((el) => [el.scrollWidth, el.clientWidth]);
          expect(d[0], `the ${view} view scrolls sideways`).toBeLessThanOrEqual(d[1]!);
        });
        await page.keyboard.press('Escape');
        await page.getByRole('button', { name: lang === 'ar' ? 'رفض الكل' : 'Reject all' }).click();
        const inline = await mountInline(page);
        await eachView(inline, async (view) => {
          await inline.getByRole('tabpanel').scrollIntoViewIfNeeded();
          await axe(page, info, `inline-${view}-${theme}-${lang}-${device}`);
        });
      });
    }
  }
}

test('forced colours: the selected view tab keeps its border and weight (state not by colour alone), and the views stay axe clean', async ({
  page,
  origin,
}, info) => {
  await page.emulateMedia({ forcedColors: 'active' });
  await openUi(page, origin, { preferences: true });
  await page.getByRole('button', { name: 'Customize' }).click();
  const tabs = dialog(page).getByRole('tab');
  const look = (): Promise<{ border: string; weight: string; color: string }[]> =>
    tabs.evaluateAll((list) =>
      list.map((el) => {
        const s = getComputedStyle(el);
        return { border: s.borderBottomWidth, weight: s.fontWeight, color: s.borderBottomColor };
      }),
    );
  const canvas = await dialog(page).evaluate((el) => getComputedStyle(el).backgroundColor);
  await eachView(dialog(page), async (view) => {
    const styles = await look();
    const i = ['choices', 'preferences', 'data'].indexOf(view);
    for (const [j, s] of styles.entries()) {
      if (j === i) {
        expect(s.border, `${view}: the selected tab has a bottom border`).toBe('3px');
        expect(s.color, `${view}: its border shows against the dialog`).not.toBe(canvas);
        expect(Number(s.weight)).toBeGreaterThanOrEqual(600);
      } else {
        expect(s.border).toBe('0px');
        expect(Number(s.weight)).toBeLessThan(600);
      }
    }
    await axe(page, info, `dialog-${view}-forced-colors`);
  });
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
    await dialog(page).getByRole('tab', { name: 'Your preferences' }).click();
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
    // The knob slides (without reduced motion): its place is read where the slide ends, not in
    // its first frame, where it still is where it was (a fast machine read 3.2px for both). A
    // transition of the switches is finished at once for that (never an endless animation).
    for (const a of root.getAnimations())
      if (a instanceof CSSTransition && a.effect?.getComputedTiming().endTime !== Infinity) a.finish();
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
    await dialog(page).getByRole('tab', { name: 'Your preferences' }).click();
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

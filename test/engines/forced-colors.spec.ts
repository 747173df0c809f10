/**
 * `forced-colors: active` (Chromium's emulation, Firefox's "override the colours of the page:
 * always"): the UI stays usable in the visitor's own colours. Not in WebKit: WebKitGTK has no
 * forced-colours mode (the config leaves this file out of its project). test/e2e/a11y-audit.spec.ts
 * checks the same and more in Chromium.
 */
import { click, poll, shown, type Tab } from './driver';
import { expect, test } from './fixtures';
import { focused, inBanner, inPanel, launcher as launcherTarget, panel, systemColors } from './page-helpers';

// Purposes necessary (required) and analytics; a checkbox of its own that asks once analytics is on.
const PAGE = '/test/engines/pages/preferences.html';

/** WCAG contrast of two computed colours, `fg` (its alpha blended) over the opaque `bg`. */
function contrast(fg: string, bg: string): number {
  const parse = (c: string): number[] => (c.match(/[\d.]+/g) ?? []).map(Number);
  const [r1 = 0, g1 = 0, b1 = 0, a = 1] = parse(fg);
  const back = parse(bg);
  const lum = (rgb: number[]): number => {
    const [r = 0, g = 0, b = 0] = rgb.map((v) =>
      v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4,
    );
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const front = [r1, g1, b1].map((v, i) => v * a + (back[i] ?? 0) * (1 - a));
  const [hi = 0, lo = 0] = [lum(front), lum(back)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** A line (`style width colour`) that shows on Canvas: as drawn, at least 3:1 (WCAG 1.4.11). */
const visible = (line: string, style: string, width: string, canvas: string): void => {
  const [s, w, ...color] = line.split(' ');
  expect(`${s} ${w}`, line).toBe(`${style} ${width}`);
  expect(contrast(color.join(' '), canvas), `${line} on ${canvas}`).toBeGreaterThanOrEqual(3);
};

interface Look {
  readonly outline: string;
  readonly border: string;
  readonly borderBottom: string;
  readonly background: string;
  readonly weight: string;
  readonly knob: string;
  readonly knobAt: string;
  /** A checkbox's tick (its `::before`). */
  readonly tick: string;
}

/** The outline, border and colours of `selector`'s elements in the UI (the focused one: `:focus`). */
const look = (tab: Tab, selector: string): Promise<Look[]> =>
  tab.evaluate((sel) => {
    const root = document.querySelector('[data-candor-ui]')!.shadowRoot!;
    // A knob's slide (forced colours alone do not reduce motion) is read where it ends.
    for (const a of root.getAnimations()) a.finish();
    return Array.from(root.querySelectorAll(sel)).map((el) => {
      const s = getComputedStyle(el);
      const k = getComputedStyle(el, '::after');
      return {
        outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
        border: `${s.borderTopStyle} ${s.borderTopWidth} ${s.borderTopColor}`,
        borderBottom: `${s.borderBottomStyle} ${s.borderBottomWidth} ${s.borderBottomColor}`,
        background: s.backgroundColor,
        weight: s.fontWeight,
        knob: k.backgroundColor,
        knobAt: k.insetInlineStart,
        tick: `${getComputedStyle(el, '::before').content} ${getComputedStyle(el, '::before').borderRightColor}`,
      };
    });
  }, selector);

test('forced colours: the banner, panel and launcher keep visible borders and focus rings, a switch and a checkbox show their state (track, knob and its place; tick), the selected view tab keeps its border', async ({
  engine,
  site,
}) => {
  const forced = await engine.newSession({ forcedColors: true });
  try {
    const tab = forced.tab;
    await tab.goto(`${site}${PAGE}`);
    expect(
      await tab.evaluate(() => matchMedia('(forced-colors: active)').matches),
      `${engine.name} forces colours`,
    ).toBe(true);
    await shown(tab, inBanner('Accept all'));
    const sys = await systemColors(tab);
    expect(sys.Highlight, 'system colours: Highlight shows on Canvas').not.toBe(sys.Canvas);
    expect(sys.CanvasText).not.toBe(sys.Canvas);
    const [bannerBox] = await look(tab, '.banner');
    visible(bannerBox!.border, 'solid', '1px', sys.Canvas); // the banner is set off from the page

    await click(tab, inBanner('Customize'));
    await shown(tab, panel);
    // Keyboard focus from the dialog's first control to the first switch: every ring on the way
    // shows; the switch's own (its colours not forced) is CanvasText.
    for (let i = 0; ; i++) {
      await tab.press('Tab');
      const [ring] = await look(tab, ':focus');
      const at = await focused(tab);
      if (at.path.endsWith('BUTTON.switch')) {
        expect(ring!.outline, 'the focus ring of a switch').toBe(`solid 3px ${sys.CanvasText}`);
        expect(i, 'the rings of other controls on the way').toBeGreaterThan(0);
        break;
      }
      visible(ring!.outline, 'solid', '3px', sys.Canvas);
      expect(i, 'a switch within 12 Tab presses').toBeLessThan(12);
    }
    // One switch off, then on: track, knob and border in other system colours, the knob elsewhere.
    const statistics = '[role=switch][aria-labelledby="candor-p-analytics"]';
    const [off] = await look(tab, statistics);
    await click(tab, inPanel('Statistics', 'switch'));
    await poll(
      tab,
      'Statistics switched on',
      (sel) =>
        document.querySelector('[data-candor-ui]')!.shadowRoot!.querySelector(sel)!.matches('[aria-checked=true]'),
      statistics,
    );
    const [on] = await look(tab, statistics);
    expect([off!.background, off!.knob, off!.border]).toEqual([
      sys.Canvas,
      sys.CanvasText,
      `solid 2px ${sys.CanvasText}`,
    ]);
    expect([on!.background, on!.knob, on!.border]).toEqual([
      sys.Highlight,
      sys.HighlightText,
      `solid 2px ${sys.Highlight}`,
    ]);
    expect(on!.knobAt, 'the knob sits elsewhere when on').not.toBe(off!.knobAt);
    // The preferences' view: its checkbox unticked, then ticked (the tick in HighlightText on Highlight).
    await tab.evaluate(() =>
      Array.from(
        document.querySelector('[data-candor-ui]')!.shadowRoot!.querySelectorAll<HTMLElement>('dialog [role=tab]'),
      )
        .find((t) => t.textContent?.includes('Your preferences'))!
        .click(),
    );
    const box = 'dialog input[type=checkbox]';
    await poll(
      tab,
      'the newsletter checkbox',
      (sel) => document.querySelector('[data-candor-ui]')!.shadowRoot!.querySelector(sel)?.getClientRects().length,
      box,
    );
    const [unticked] = await look(tab, box);
    await tab.evaluate(
      (sel) => document.querySelector('[data-candor-ui]')!.shadowRoot!.querySelector<HTMLElement>(sel)!.click(),
      box,
    );
    const [ticked] = await look(tab, box);
    expect([unticked!.background, unticked!.border]).toEqual([sys.Canvas, `solid 2px ${sys.CanvasText}`]);
    expect([ticked!.background, ticked!.border, ticked!.tick]).toEqual([
      sys.Highlight,
      `solid 2px ${sys.Highlight}`,
      `"" ${sys.HighlightText}`,
    ]);
    // The selected view tab: a bottom border and weight, not colour alone.
    const tabs = await look(tab, 'dialog [role=tab]');
    const selected = await tab.evaluate(() =>
      Array.from(document.querySelector('[data-candor-ui]')!.shadowRoot!.querySelectorAll('dialog [role=tab]')).map(
        (t) => t.getAttribute('aria-selected') === 'true',
      ),
    );
    expect(selected).toEqual([false, true, false]);
    for (const [i, t] of tabs.entries())
      if (selected[i]) {
        visible(t.borderBottom, 'solid', '3px', sys.Canvas);
        expect(Number(t.weight)).toBeGreaterThanOrEqual(600);
      } else expect(Number(t.weight)).toBeLessThan(600);

    await click(tab, inPanel('Save choices'));
    await shown(tab, launcherTarget);
    const [launcherBox] = await look(tab, '.launcher');
    visible(launcherBox!.border, 'solid', '2px', sys.Canvas); // the launcher is set off from the page
    expect(await forced.errors(), `uncaught errors in ${engine.name}`).toEqual([]);
  } finally {
    await forced.close();
  }
});

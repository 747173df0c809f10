/**
 * axe (WCAG 2.2 AA + best practice) on the first layer in every state a visitor can meet it:
 * each layout × light and dark × normal and forced colours × left to right and right to left, at
 * desktop, phone and 400 % zoom (320×256 CSS px) sizes; then the launcher the same ways. The
 * dialog's views have their matrix in a11y-audit.spec.ts.
 *
 * In forced colours axe's colour-contrast rule is wrong (axe-core issue #3978: it takes the
 * foreground from `-webkit-text-fill-color`, which forced colours leave as authored, and the
 * background from the forced `background-color`), so there it is replaced by the same check made
 * on the colours the browser really paints (computed `color` on the nearest opaque background).
 */
import type { Page, TestInfo } from '@playwright/test';
import { expect, test } from './fixtures';
import { attachShot, axe, openUi } from './a11y';

/** Every text in the UI's shadow root with its contrast against what is painted behind it. */
const paintedContrasts = (page: Page): Promise<{ text: string; ratio: number }[]> =>
  page.evaluate(() => {
    const rgb = (c: string): number[] => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r = 0, g = 0, b = 0]: number[]): number => {
      const f = (v: number): number => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const behind = (el: Element | null): number[] => {
      for (let e = el; e; e = e.parentElement ?? (e.getRootNode() as ShadowRoot).host ?? null) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length === 3 || c[3] === 1) return c.slice(0, 3);
      }
      return rgb(getComputedStyle(document.documentElement).backgroundColor).slice(0, 3);
    };
    const root = document.querySelector('[data-candor-ui]')!.shadowRoot!;
    const out: { text: string; ratio: number }[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || !n.textContent?.trim() || !el.getClientRects().length) continue;
      const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(behind(el))];
      out.push({ text: n.textContent.trim().slice(0, 40), ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) });
    }
    return out;
  });

/** axe, and in forced colours the contrast check it cannot make (see above); a failure's screenshot attached. */
async function audit(page: Page, info: TestInfo, name: string, forced: boolean): Promise<void> {
  if (!forced) return axe(page, info, name);
  await axe(page, info, name, ['color-contrast']);
  const low = (await paintedContrasts(page)).filter((t) => t.ratio < 4.5);
  if (low.length) await attachShot(page, info, name);
  expect(low, `${name}: text under 4.5:1 as painted`).toEqual([]);
}

const SIZES = [
  ['desktop', { width: 1280, height: 800 }],
  ['phone', { width: 390, height: 844 }],
  ['400 %', { width: 320, height: 256 }],
] as const;

for (const layout of ['bar', 'box', 'modal'] as const) {
  for (const theme of ['light', 'dark'] as const) {
    for (const forced of ['none', 'active'] as const) {
      for (const lang of ['en', 'ar'] as const) {
        test(`axe: banner ${layout}, ${theme}, forced colours ${forced}, ${lang}, at every size; then the launcher`, async ({
          page,
          origin,
        }, info) => {
          await page.emulateMedia({ forcedColors: forced });
          await openUi(page, origin, { layout, theme, lang });
          const accept = page.getByRole('button', { name: lang === 'en' ? 'Accept all' : 'قبول الكل' });
          for (const [name, size] of SIZES) {
            await page.setViewportSize(size);
            await accept.waitFor();
            await audit(page, info, `banner-${layout}-${theme}-${forced}-${lang}-${name}`, forced === 'active');
          }
          await accept.click();
          for (const [name, size] of SIZES) {
            await page.setViewportSize(size);
            await audit(page, info, `launcher-${layout}-${theme}-${forced}-${lang}-${name}`, forced === 'active');
          }
        });
      }
    }
  }
}

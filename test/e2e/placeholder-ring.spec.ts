/** WCAG 1.4.11: an embed placeholder's focus ring against the placeholder, in both colour schemes. */
import { tabTo } from './a11y';
import { expect, test } from './fixtures';

/** WCAG relative luminance contrast of two CSS rgb() colours. */
const contrast = (a: string, b: string): number => {
  const lum = (c: string): number => {
    const [r, g, bl] = (c.match(/[\d.]+/g) ?? []).map(Number).map((v) => {
      const s = v / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};

for (const scheme of ['light', 'dark'] as const)
  test(`WCAG 1.4.11: a placeholder’s focus ring is at least 3:1 against the placeholder around it (${scheme} colour scheme)`, async ({
    page,
    openTracked,
  }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await openTracked('/test/e2e/pages/embed-purpose.html');
    const button = page.getByRole('button', { name: 'Load YouTube from Google' });
    await expect(button).toBeVisible();
    await page.locator('body').focus();
    await tabTo(page, button);
    const [ring, around, style] = await button.evaluate((b) => {
      const s = getComputedStyle(b);
      return [s.outlineColor, getComputedStyle(b.closest('.candor-placeholder')!).backgroundColor, s.outlineStyle];
    });
    expect(style).toBe('solid');
    expect(contrast(ring, around), `${ring} on ${around}`).toBeGreaterThanOrEqual(3);
  });

/** WCAG 1.4.10 at 320 CSS px: the panel never scrolls sideways in any shipped locale. */
import { readdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { openUi } from './a11y';
import { expect, test } from './fixtures';

const LOCALES = readdirSync(new URL('../../locales', import.meta.url))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -'.json'.length));

/** What of the open dialog sticks out sideways: the dialog's own sideways scroll, and elements past its edges. */
const outOfDialog = (page: Page): Promise<string[]> =>
  page.evaluate(() => {
    const d = document.querySelector('[data-candor-ui]')!.shadowRoot!.querySelector('dialog')!;
    const box = d.getBoundingClientRect();
    const out =
      d.scrollWidth > d.clientWidth ? [`the dialog scrolls sideways (${d.scrollWidth} > ${d.clientWidth})`] : [];
    for (const el of d.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width && (r.right > box.right + 0.5 || r.left < box.left - 0.5))
        out.push(`<${el.localName}> "${(el.textContent ?? '').trim().slice(0, 30)}"`);
    }
    // And the service facts' values keep a readable column (not one letter per line).
    for (const dd of d.querySelectorAll('.service dd'))
      if (dd.getClientRects().length && dd.getBoundingClientRect().width < 48)
        out.push(
          `<dd> "${(dd.textContent ?? '').trim().slice(0, 30)}" is ${Math.round(dd.getBoundingClientRect().width)} px wide`,
        );
    return out.slice(0, 4);
  });

test('WCAG 1.4.10: at 320 CSS px the panel never scrolls sideways in any shipped locale, every purpose and service detail open, in each view', async ({
  page,
  origin,
}) => {
  test.setTimeout(180_000); // every locale
  await page.setViewportSize({ width: 320, height: 640 });
  const found: string[] = [];
  for (const lang of LOCALES) {
    await page.unrouteAll();
    await openUi(page, origin, { lang, preferences: true });
    const buttons = page.locator('[data-candor-ui] .banner .actions button');
    await expect(buttons).toHaveCount(3);
    await buttons.nth(2).click(); // Customize
    await expect(page.getByRole('dialog')).toBeVisible();
    for (const summary of await page.getByRole('dialog').locator('summary').all()) await summary.click();
    const tabs = page.getByRole('dialog').getByRole('tab');
    for (let i = 0; i < (await tabs.count()); i++) {
      await tabs.nth(i).click();
      const out = await outOfDialog(page);
      if (out.length) found.push(`${lang}, ${await tabs.nth(i).textContent()}: ${out.join('; ')}`);
    }
  }
  expect(found).toEqual([]);
});

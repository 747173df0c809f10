/**
 * APG modal dialog, Shift+Tab: focus stays inside the panel dialog and the wall also after a click
 * on their text (a visitor who reads with the pointer, a magnifier user): Chromium then focuses the
 * <dialog> itself, or nothing (<body>) in the wall, and the next Shift+Tab must wrap to the last
 * control instead of leaving the document (to the browser's toolbar; <body> in headless Chromium).
 */
import { dialog, openUi, openWall, step, watchFocus } from './a11y';
import { expect, test } from './fixtures';

for (const what of ['title', 'intro'] as const)
  test(`the panel dialog: a click on its ${what}, then Shift+Tab moves focus to its last control, never out of the dialog`, async ({
    page,
    origin,
  }) => {
    await openUi(page, origin);
    await page.getByRole('button', { name: 'Customize' }).click();
    await expect(dialog(page)).toBeVisible();
    await dialog(page)
      .locator(what === 'title' ? '#candor-panel-title' : '#candor-panel-intro')
      .click();
    await watchFocus(page);
    await step(page, 'Shift+Tab', 'button:Save choices');
    await step(page, 'Tab', 'button:Close');
  });

test('the wall: a click on its text, then Shift+Tab moves focus to its last control, never out of the wall', async ({
  page,
  origin,
}) => {
  const wall = await openWall(page, origin);
  await wall.getByRole('heading', { name: 'Cookies and your privacy' }).click();
  await watchFocus(page);
  await step(page, 'Shift+Tab', 'button:Customize');
});

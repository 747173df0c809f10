/**
 * The wall (modal layout with ui.blocking) stands until the visitor chooses. A page script that
 * wraps the page's content in an element of its own after the banner showed (an off-canvas menu
 * such as mmenu.js wraps every child of <body>, Candor's host with them) must not lock the visitor
 * out: the wall's own buttons stay usable, so a choice can still be made.
 */
import { openWall } from './a11y';
import { expect, test } from './fixtures';

test('the wall stays answerable when the page wraps <body>’s children, Candor’s host with them', async ({
  page,
  origin,
}) => {
  const wall = await openWall(page, origin);
  await page.evaluate(() => {
    const wrapper = document.createElement('div');
    wrapper.className = 'mm-page';
    wrapper.append(...document.body.childNodes);
    document.body.append(wrapper);
  });
  const host = (): Promise<boolean> =>
    page.evaluate(() => document.querySelector('[data-candor-ui]')!.closest('[inert]') === null);
  await expect.poll(host, 'the wall is not made inert with the wrapper').toBe(true);
  await wall.getByRole('button', { name: 'Reject all' }).click({ timeout: 3000 });
  await expect(wall).toBeHidden();
});

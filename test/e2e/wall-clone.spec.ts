/**
 * The wall (modal layout with ui.blocking) makes the rest of the page inert, and a choice frees it
 * again: also an element the page replaced while the wall stood by a copy of itself (the common
 * `el.replaceWith(el.cloneNode(true))`, which drops an element's listeners, or a widget that
 * re-renders from its own markup). A copy carries the `inert` attribute the wall set on the
 * original: it must not stay inert, unusable, once the visitor has chosen.
 */
import { openWall } from './a11y';
import { expect, test } from './fixtures';

test('a choice frees what the page copied while the wall stood', async ({ page, origin }) => {
  const wall = await openWall(page, origin);
  const copied = await page.evaluate(() => {
    const el = [...document.body.children].find((e) => !e.hasAttribute('data-candor-ui') && (e as HTMLElement).inert);
    if (!el) return false;
    const copy = el.cloneNode(true) as HTMLElement;
    copy.id = 'copied';
    el.replaceWith(copy);
    return true;
  });
  expect(copied).toBe(true);
  await wall.getByRole('button', { name: 'Reject all' }).click();
  await expect(wall).toBeHidden();
  const inert = (): Promise<boolean> =>
    page.evaluate(() => document.querySelector('#copied')!.closest('[inert]') !== null);
  await expect.poll(inert, 'freed with the page after a choice').toBe(false);
});

/**
 * The wall (modal layout with ui.blocking) makes the rest of the page inert: also what the page adds
 * to <body> while the wall stands (a single-page app's portal, a chat widget, a toast), which a
 * pointer, a screen reader's reading cursor or a script's focus could otherwise reach; and a choice
 * frees it again.
 */
import { openWall } from './a11y';
import { expect, test } from './fixtures';

test('the wall keeps inert what the page adds to <body> after it showed, and a choice frees it', async ({
  page,
  origin,
}) => {
  const wall = await openWall(page, origin);
  await page.evaluate(() => {
    const widget = document.createElement('div');
    widget.id = 'late';
    widget.innerHTML = '<button type="button">Chat with us</button>';
    document.body.append(widget);
  });
  const inert = (): Promise<boolean> =>
    page.evaluate(() => document.querySelector('#late button')!.closest('[inert]') !== null);
  await expect.poll(inert, 'added while the wall stands').toBe(true);
  // Nor can a script's focus reach it.
  await page.evaluate(() => (document.querySelector('#late button') as HTMLElement).focus());
  expect(await page.evaluate(() => document.activeElement?.textContent)).not.toBe('Chat with us');
  await wall.getByRole('button', { name: 'Reject all' }).click();
  await expect(wall).toBeHidden();
  await expect.poll(inert, 'freed with the page after a choice').toBe(false);
});

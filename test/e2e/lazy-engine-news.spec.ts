/**
 * A returning visitor's page answers from the cookie without the engine (issue 16). When another
 * tab withdraws, this page loads its engine, and the listeners the page registered before it
 * (`Candor.on('change')`, `candor:change`) hear the change: a site that stops its own tracking
 * on `change` must not keep going.
 */
import { decisionStored } from './a11y';
import { expect, test } from './fixtures';
import { decide } from './steps';

declare global {
  interface Window {
    __heard?: { on: (boolean | undefined)[]; dom: number };
  }
}

test('a withdrawal in another tab reaches the change listeners of a page that answered from the cookie', async ({
  page,
  context,
  origin,
  open,
  watched,
}) => {
  await open('/test/e2e/pages/basic.html');
  await decide(page, 'Accept all');
  await decisionStored(page);
  await page.reload();
  await page.evaluate(() => {
    const heard = (window.__heard = { on: [] as (boolean | undefined)[], dom: 0 });
    window.Candor!.on('change', (e) => heard.on.push(e.state.purposes['analytics']));
    document.addEventListener('candor:change', () => heard.dom++);
  });
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(true);
  expect(await page.evaluate(() => window.Candor!.state)).toBeUndefined(); // no engine on this page

  const other = await context.newPage();
  await other.goto(`${origin}/test/e2e/pages/basic.html`);
  await other.evaluate(() => window.Candor!.rejectAll());

  await expect.poll(() => page.evaluate(() => window.__heard)).toEqual({ on: [false], dom: 1 });
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
  expect(watched.pageErrors).toEqual([]);
});

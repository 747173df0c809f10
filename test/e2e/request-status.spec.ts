/** WCAG 4.1.3: each data request sent from the dashboard is announced, also a second one with the same words. */
import { dialog, launcher, openUi } from './a11y';
import { expect, test } from './fixtures';

test('WCAG 4.1.3: a second data request that is sent is announced again (its status does not stay the same text silently)', async ({
  page,
  origin,
}) => {
  await page.route('**/api/consent/requests', (r) =>
    r.fulfill({ status: 200, contentType: 'application/json', body: '{}' }),
  );
  await page.route('**/api/consent', (r) => r.fulfill({ status: 200, contentType: 'application/json', body: '{}' }));
  await openUi(page, origin, { sync: `${origin}/api/consent` });
  await page.getByRole('button', { name: 'Reject all' }).click();
  await launcher(page).click();
  await dialog(page).getByRole('tab', { name: 'Your data and history' }).click();
  // Every time the text of a live region (role=status or aria-live) in the UI becomes the sent message.
  await page.evaluate(() => {
    const root = document.querySelector('[data-candor-ui]')!.shadowRoot!;
    const w = window as { __sent?: number };
    w.__sent = 0;
    const last = new WeakMap<Element, string>();
    new MutationObserver(() => {
      for (const el of root.querySelectorAll('[role=status],[aria-live]')) {
        const text = el.textContent ?? '';
        if (text === (last.get(el) ?? '')) continue;
        last.set(el, text);
        if (text.startsWith('Your request was sent')) w.__sent!++;
      }
    }).observe(root, { subtree: true, childList: true, characterData: true });
  });
  const sent = (): Promise<number> => page.evaluate(() => (window as { __sent?: number }).__sent ?? 0);
  await dialog(page).getByRole('button', { name: 'See my data' }).click();
  await expect.poll(sent).toBeGreaterThanOrEqual(1);
  const first = await sent();
  await dialog(page).getByRole('button', { name: 'Delete my data' }).click();
  await expect.poll(sent, 'the second request is said too').toBeGreaterThan(first);
});

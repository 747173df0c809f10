/**
 * One source of truth for the visitor's decision: no surface shows, or saves, a state the visitor
 * did not see. A stale panel must never re-grant what was withdrawn.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './demo-fixture';
import { decide, visitAndDecide } from './steps';
import { decisionStored } from './a11y';
import { fakeTrackers } from './trackers';
import type * as UiEntry from '../../src/entries/ui';

const latest = (page: Page) =>
  page.evaluate(async () => {
    const [r] = await window.Candor!.records();
    return r ? { method: r.method, marketing: r.purposes['marketing'], analytics: r.purposes['analytics'] } : null;
  });

/** Mounts the panel inline in a new `#privacy-choices` at the end of <main>, as an account page does. */
const mountInline = (page: Page) =>
  page.evaluate(async () => {
    const box = document.createElement('div');
    box.id = 'privacy-choices';
    document.querySelector('main')!.append(box);
    const { mountUI } = (await import('/dist/candor-ui.mjs' as string)) as typeof UiEntry;
    mountUI(window.Candor!, { container: box });
  });

/** What `has()` answers for each of `ids`. */
const grants = (page: Page, ids: string[]) => page.evaluate((l) => l.map((id) => window.Candor!.has(id)), ids);

test("withdraw in the dashboard turns the open panel's switches off; Save then records the withdrawal and nothing is granted", async ({
  page,
  demo,
}) => {
  await visitAndDecide(page, `${demo}/`, 'Accept all');
  await page.getByRole('button', { name: 'Privacy settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Privacy settings' });
  await expect(dialog.getByRole('switch', { name: 'Marketing' })).toHaveAttribute('aria-checked', 'true');
  await dialog.getByRole('tab', { name: 'Your data and history' }).click();
  await dialog.getByRole('button', { name: 'Withdraw everything' }).click();
  await dialog.getByRole('button', { name: 'Yes, withdraw everything' }).click();
  await dialog.getByRole('tab', { name: 'What you allow' }).click();
  await expect(dialog.getByRole('switch', { name: 'Marketing' })).toHaveAttribute('aria-checked', 'false');
  await expect(dialog.getByRole('switch', { name: 'Statistics' })).toHaveAttribute('aria-checked', 'false');
  await dialog.getByRole('button', { name: 'Save choices' }).click();
  await expect.poll(() => latest(page)).toEqual({ method: 'panel:save', marketing: false, analytics: false });
  expect(await grants(page, ['marketing', 'analytics'])).toEqual([false, false]);
});

test('the inline panel on the account page follows a decision made in the banner, and Save without a change keeps it', async ({
  page,
  demo,
}) => {
  await page.goto(`${demo}/account.html`);
  const inline = page.locator('#privacy-choices');
  await expect(inline.getByRole('switch', { name: 'Marketing' })).toHaveAttribute('aria-checked', 'false');
  await decide(page, 'Accept all');
  await expect(inline.getByRole('switch', { name: 'Marketing' })).toHaveAttribute('aria-checked', 'true');
  await inline.getByRole('button', { name: 'Save choices' }).click();
  await expect.poll(() => latest(page)).toEqual({ method: 'panel:save', marketing: true, analytics: true });
  // And the other way round: a refusal made through the API shows in the inline panel at once.
  await page.evaluate(() => window.Candor!.rejectAll());
  await expect(inline.getByRole('switch', { name: 'Marketing' })).toHaveAttribute('aria-checked', 'false');
});

test('a placeholder’s Load while the inline panel shows a refusal not saved yet: YouTube shows as allowed, the refusal stays, and Save records both', async ({
  page,
  context,
  origin,
}) => {
  await fakeTrackers(context);
  await visitAndDecide(page, `${origin}/test/e2e/pages/trackers.html`, 'Accept all');
  await page.evaluate(() => window.Candor!.update({ services: { youtube: false } }));
  await mountInline(page);
  const inline = page.locator('#privacy-choices');
  const statistics = inline.getByRole('switch', { name: 'Statistics' });
  await expect(statistics).toHaveAttribute('aria-checked', 'true');
  await statistics.click(); // the visitor's refusal, on screen, not saved yet
  await inline.locator('summary[aria-label$="(Marketing)"]').click(); // YouTube's switch, in Marketing's details
  await page.getByRole('button', { name: /Load YouTube/ }).click();
  await expect(inline.getByRole('switch', { name: 'YouTube' })).toHaveAttribute('aria-checked', 'true');
  await expect(statistics).toHaveAttribute('aria-checked', 'false');
  await inline.getByRole('button', { name: 'Save choices' }).click();
  await expect.poll(() => latest(page)).toEqual({ method: 'panel:save', marketing: true, analytics: false });
  expect(await grants(page, ['analytics', 'youtube'])).toEqual([false, true]);
});

test('a held Enter key activates a button once: Reject all records one refusal and does not open the panel from the launcher it moved to; the inline panel’s Save records once', async ({
  page,
  origin,
}) => {
  const holdEnter = async (): Promise<void> => {
    for (let i = 0; i < 6; i++) await page.keyboard.down('Enter'); // the keyboard's auto-repeat
    await page.keyboard.up('Enter');
  };
  await page.goto(`${origin}/test/e2e/pages/basic.html`);
  await page
    .getByRole('region', { name: 'Cookies and your privacy' })
    .getByRole('button', { name: 'Reject all' })
    .focus();
  await holdEnter();
  await decisionStored(page);
  await expect(page.getByRole('button', { name: 'Privacy settings' })).toBeFocused();
  await expect(page.getByRole('dialog', { name: 'Privacy settings' })).toBeHidden();
  await mountInline(page);
  await page.locator('#privacy-choices').getByRole('button', { name: 'Save choices' }).focus();
  await holdEnter();
  await expect.poll(() => latest(page)).toEqual({ method: 'panel:save', marketing: false, analytics: false });
  expect((await page.evaluate(() => window.Candor!.records())).map((r) => r.method)).toEqual([
    'panel:save',
    'banner:reject-all',
  ]);
});

test('a double click or two quick Enter presses record once, on every surface that records on a click; a Save made later on purpose records again', async ({
  page,
  origin,
}) => {
  const methods = () => page.evaluate(async () => (await window.Candor!.records()).map((r) => r.method));
  await page.goto(`${origin}/test/e2e/pages/basic.html`);
  await page
    .getByRole('region', { name: 'Cookies and your privacy' })
    .getByRole('button', { name: 'Accept all' })
    .dblclick();
  await decisionStored(page);
  expect(await methods()).toEqual(['banner:accept-all']);
  // The dialog: Save closes it, so the second click lands on the page.
  await page.getByRole('button', { name: 'Privacy settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Privacy settings' });
  await dialog.getByRole('button', { name: 'Save choices' }).dblclick();
  await expect(dialog).toBeHidden();
  expect(await methods()).toEqual(['panel:save', 'banner:accept-all']);
  // The dashboard's confirmed withdrawal: the question goes with the first click.
  await page.getByRole('button', { name: 'Privacy settings' }).click();
  await dialog.getByRole('tab', { name: 'Your data and history' }).click();
  await dialog.getByRole('button', { name: 'Withdraw everything' }).click();
  await dialog.getByRole('button', { name: 'Yes, withdraw everything' }).dblclick();
  await expect.poll(methods).toEqual(['withdraw', 'panel:save', 'banner:accept-all']);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  // The inline panel stays on the page after a decision: each of its buttons records once.
  await mountInline(page);
  const inline = page.locator('#privacy-choices');
  const save = inline.getByRole('button', { name: 'Save choices' });
  await save.dblclick();
  await expect.poll(methods).toHaveLength(4);
  await inline.getByRole('button', { name: 'Accept all' }).dblclick();
  await expect.poll(methods).toHaveLength(5);
  await inline.getByRole('button', { name: 'Reject all' }).focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await expect.poll(() => latest(page)).toEqual({ method: 'panel:save', marketing: false, analytics: false });
  expect(await methods()).toHaveLength(6);
  // A second later (the page's clock moved on), Save records again: it renews; once.
  await page.evaluate(() => {
    const now = Date.now;
    Date.now = () => now() + 1000;
  });
  await save.focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await expect.poll(methods).toHaveLength(7);
  expect(await methods()).toHaveLength(7);
});

for (const back of ['tab', 'window'] as const)
  test(`a withdrawal on a sibling subdomain (shared cookie, no tab message) shows in the panel open on the other when the visitor comes back to its ${back}; Save there does not re-grant it`, async ({
    context,
    origin,
  }) => {
    const port = new URL(origin).port;
    await context.addInitScript((c) => void (window.candorConfig = c), {
      policy: { revision: 1, url: '/privacy' },
      purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }, { id: 'marketing' }],
      cookie: { domain: 'candor.test' },
    });
    const PAGE = '/test/e2e/pages/config-from-window.html';
    const shop = await context.newPage();
    await shop.goto(`http://shop.candor.test:${port}${PAGE}`);
    const ui = shop.locator('[data-candor-ui]');
    await ui.getByRole('button', { name: 'Accept all' }).click();
    await decisionStored(shop);
    await ui.getByRole('button', { name: 'Privacy settings' }).click();
    const marketing = ui.getByRole('dialog').getByRole('switch', { name: 'Marketing' });
    await expect(marketing).toHaveAttribute('aria-checked', 'true');

    const www = await context.newPage();
    await www.goto(`http://www.candor.test:${port}${PAGE}`);
    expect(await www.evaluate(() => window.Candor!.has('marketing'))).toBe(true); // the shared cookie
    await www.evaluate(() => window.Candor!.withdraw());
    await decisionStored(www);

    await shop.bringToFront();
    // What a real tab switch sends (headless Chromium sends none on bringToFront), or a click into
    // the other of two windows side by side (both visible: no visibilitychange).
    await shop.evaluate(
      (b) => (b === 'tab' ? document : window).dispatchEvent(new Event(b === 'tab' ? 'visibilitychange' : 'focus')),
      back,
    );
    await expect(marketing).toHaveAttribute('aria-checked', 'false');
    expect(await shop.evaluate(() => window.Candor!.has('marketing'))).toBe(false);
    await ui.getByRole('button', { name: 'Save choices' }).click();
    await expect.poll(() => latest(shop)).toEqual({ method: 'panel:save', marketing: false, analytics: false });
    await www.reload();
    expect(await www.evaluate(() => window.Candor!.has('marketing'))).toBe(false);
  });

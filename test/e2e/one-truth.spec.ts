/**
 * One source of truth for the visitor's decision: no surface shows, or saves, a state the visitor
 * did not see. A stale panel must never re-grant what was withdrawn.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from './demo-fixture';
import { decide, visitAndDecide } from './steps';
import { decisionStored, launcher } from './a11y';
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
    const now = performance.now.bind(performance);
    performance.now = () => now() + 1000;
  });
  await save.focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await expect.poll(methods).toHaveLength(7);
  expect(await methods()).toHaveLength(7);
});
/**
 * A site whose subdomains share the decision (`cookie.domain`, the same config on each); resolves
 * `open(sub)`, which opens its page on `sub`.candor.test in a new tab.
 */
async function sharingSite(context: BrowserContext, origin: string) {
  await context.addInitScript((c) => void (window.candorConfig = c), {
    policy: { revision: 1, url: '/privacy' },
    purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }, { id: 'marketing' }],
    cookie: { domain: 'candor.test' },
  });
  return async (sub: 'www' | 'shop'): Promise<Page> => {
    const page = await context.newPage();
    await page.goto(`http://${sub}.candor.test:${new URL(origin).port}/test/e2e/pages/config-from-window.html`);
    return page;
  };
}

/** The shared `candor` cookie as `page` reads it. */
const sharedCookie = (page: Page) => page.evaluate(() => /(?:^|; )candor=([^;]*)/.exec(document.cookie)?.[1]);

/**
 * The visitor comes back to `page`'s tab or window after changing the shared cookie on `from`: what
 * a real tab switch sends (headless Chromium sends none on bringToFront), or a click into the other
 * of two windows side by side (both visible: no visibilitychange). A cookie written in one renderer
 * reaches another's `document.cookie` a moment later, so this waits until `page` can read what
 * `from` wrote: a visitor takes longer than that to switch tabs.
 */
async function comeBack(page: Page, back: 'tab' | 'window', from: Page): Promise<void> {
  const written = await sharedCookie(from);
  await expect.poll(() => sharedCookie(page)).toBe(written);
  await page.bringToFront();
  await page.evaluate(
    (b) => (b === 'tab' ? document : window).dispatchEvent(new Event(b === 'tab' ? 'visibilitychange' : 'focus')),
    back,
  );
}

for (const back of ['tab', 'window'] as const)
  test(`a withdrawal on a sibling subdomain (shared cookie, no tab message) shows in the panel open on the other when the visitor comes back to its ${back}; Save there does not re-grant it`, async ({
    context,
    origin,
  }) => {
    const open = await sharingSite(context, origin);
    const shop = await open('shop');
    const ui = shop.locator('[data-candor-ui]');
    await ui.getByRole('button', { name: 'Accept all' }).click();
    await decisionStored(shop);
    await ui.getByRole('button', { name: 'Privacy settings' }).click();
    const marketing = ui.getByRole('dialog').getByRole('switch', { name: 'Marketing' });
    await expect(marketing).toHaveAttribute('aria-checked', 'true');

    const www = await open('www');
    expect(await www.evaluate(() => window.Candor!.has('marketing'))).toBe(true); // the shared cookie
    await www.evaluate(() => window.Candor!.withdraw());
    await decisionStored(www);

    await comeBack(shop, back, www);
    await expect(marketing).toHaveAttribute('aria-checked', 'false');
    expect(await shop.evaluate(() => window.Candor!.has('marketing'))).toBe(false);
    await ui.getByRole('button', { name: 'Save choices' }).click();
    await expect.poll(() => latest(shop)).toEqual({ method: 'panel:save', marketing: false, analytics: false });
    await www.reload();
    expect(await www.evaluate(() => window.Candor!.has('marketing'))).toBe(false);
  });

/**
 * Two subdomains of one site sharing the decision (`cookie.domain`): `www` decides (`how`, in its
 * banner) with the engine; `shop`, opened then, answers from the shared cookie without it (a
 * returning visitor's page: the loader and the returning-visitor chunk), its stand-in launcher
 * showing once it is wired. `heard` collects what its change listeners hear of marketing.
 */
async function siblings(context: BrowserContext, origin: string, how: 'Accept all' | 'Reject all') {
  const open = await sharingSite(context, origin);
  const www = await open('www');
  await www.locator('[data-candor-ui]').getByRole('button', { name: how }).click();
  await decisionStored(www);
  const shop = await open('shop');
  await expect(launcher(shop)).toBeVisible();
  expect(await shop.evaluate(() => [window.Candor!.has('marketing'), window.Candor!.state])).toEqual([
    how === 'Accept all',
    undefined, // no engine
  ]);
  await shop.evaluate(() => {
    const w = window as unknown as { heard: unknown[] };
    w.heard = [];
    window.Candor!.on('change', (e) => w.heard.push(e.state.purposes['marketing']));
    document.addEventListener('candor:change', (e) =>
      w.heard.push(
        (e as CustomEvent<{ state: { purposes: Record<string, boolean> } }>).detail.state.purposes['marketing'],
      ),
    );
  });
  return { www, shop };
}

/**
 * Adds a marked marketing tag and a marked necessary one to `page`; resolves once the necessary one
 * has run, with whether the marketing one ran too.
 */
const marketingTagRuns = (page: Page) =>
  page.evaluate(async () => {
    const w = window as unknown as { ranMarketing?: boolean; ranNecessary?: () => void };
    const ran = new Promise<void>((r) => (w.ranNecessary = r));
    for (const [consent, code] of [
      ['marketing', 'window.ranMarketing = true'],
      ['necessary', 'window.ranNecessary()'],
    ]) {
      const s = document.createElement('script');
      s.type = 'text/plain';
      s.dataset['consent'] = consent;
      s.textContent = code!;
      document.body.append(s);
    }
    await ran;
    return w.ranMarketing === true;
  });

/** The last Consent Mode update `page` sent, for ad_storage. */
const adStorage = (page: Page) =>
  page.evaluate(() =>
    (window.dataLayer as IArguments[])
      .filter((a) => a[0] === 'consent')
      .map((a) => (a[2] as Record<string, string>)['ad_storage'])
      .at(-1),
  );

for (const back of ['tab', 'window'] as const)
  test(`a page without the engine follows a withdrawal made on a sibling subdomain when the visitor comes back to its ${back}: state, change listeners, Consent Mode and a tag added then`, async ({
    context,
    origin,
  }) => {
    const { www, shop } = await siblings(context, origin, 'Accept all');
    expect(await adStorage(shop)).toBe('granted');
    await www.evaluate(() => window.Candor!.withdraw());
    await decisionStored(www);
    await comeBack(shop, back, www);
    expect(await adStorage(shop)).toBe('denied'); // told at once, before the engine has loaded
    await expect.poll(() => shop.evaluate(() => window.Candor!.state?.peek().purposes['marketing'])).toBe(false);
    // The engine's state can be there a task before it tells the change (once it is ready): awaited.
    await expect
      .poll(() => shop.evaluate(() => (window as unknown as { heard: unknown[] }).heard))
      .toEqual([false, false]);
    expect(await shop.evaluate(() => window.Candor!.has('marketing'))).toBe(false);
    expect(await marketingTagRuns(shop)).toBe(false);
  });

test('a page without the engine grants nothing from a forged shared cookie written meanwhile (it fails validation: dated tomorrow) when the visitor comes back', async ({
  context,
  origin,
}) => {
  const { www, shop } = await siblings(context, origin, 'Reject all');
  // Every purpose and service granted, in a decision dated tomorrow (store/cookie.ts: issuedAt, base 36).
  await www.evaluate(() => {
    const value = decodeURIComponent(/(?:^|; )candor=([^;]*)/.exec(document.cookie)![1]!);
    const f = value.split('.');
    f[2] = (Date.now() + 86_400_000).toString(36);
    f[6] = f[6]!.replace(/./g, 'f');
    f[7] = f[7]!.replace(/./g, 'f');
    document.cookie = `candor=${f.join('.')}; domain=candor.test; path=/`;
  });
  await comeBack(shop, 'tab', www);
  expect(await shop.evaluate(() => window.Candor!.has('marketing'))).toBe(false);
  expect(await marketingTagRuns(shop)).toBe(false);
  await expect.poll(() => shop.evaluate(() => window.Candor!.state !== undefined)).toBe(true);
  expect(await shop.evaluate(() => window.Candor!.state!.peek().purposes['marketing'])).toBe(false);
  expect(await adStorage(shop)).toBe('denied');
});

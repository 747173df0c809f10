/**
 * An embed marked with a purpose id: its placeholder grants just the service that serves it (by
 * the service's `hosts`), never the whole purpose; when no service serves it, the placeholder
 * grants nothing and its button opens the privacy settings. Clicked once the decision has expired
 * (the engine there or on its way, the cookie kept or gone), it grants that service alone and the
 * banner asks; clicked just before, it adds to the decision the visitor saw and renews nothing.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const PAGE = '/test/e2e/pages/embed-purpose.html';
const grants = (page: Page) =>
  page.evaluate(async () => {
    const c = window.Candor!;
    return {
      records: (await c.records()).map((r) => r.method),
      marketing: c.has('marketing'),
      youtube: c.has('youtube'),
      maps: c.has('maps'),
    };
  });

test('an embed marked with a purpose: the placeholder names and grants just the service whose hosts serve it, never the purpose', async ({
  openTracked,
  watched,
}) => {
  const { page, log } = await openTracked(PAGE);
  const button = page.getByRole('button', { name: 'Load YouTube from Google' });
  await expect(button).toBeVisible();
  expect(log.requests).toEqual([]);
  await button.click();
  await expect(page.frameLocator('iframe[title="How we bake our sourdough"]').getByText('video')).toBeVisible();
  expect(await grants(page)).toEqual({ records: ['placeholder'], marketing: false, youtube: true, maps: false });
  // The other embed of the purpose stays held back: its placeholder is still there and it made no request.
  await expect(page.getByRole('button', { name: 'Open privacy settings to load The weather widget' })).toBeVisible();
  expect(await page.locator('iframe[title="The weather widget"]').getAttribute('src')).toBeNull();
  expect(log.hosts()).toEqual(['www.youtube-nocookie.com']);
  // Revoking the service brings the placeholder back.
  await page.evaluate(() => window.Candor!.update({ services: { youtube: false } }));
  await expect(button).toBeVisible();
  expect(await page.locator('iframe[title="How we bake our sourdough"]').getAttribute('src')).toBeNull();
  expect(watched.pageErrors).toEqual([]);
});

test('an embed marked with a purpose that no service serves: the placeholder grants nothing; its button (keyboard) opens the privacy settings', async ({
  openTracked,
  watched,
}) => {
  const { page, log } = await openTracked(PAGE);
  await expect(page.getByText('The weather widget is off until you allow it in the privacy settings.')).toBeVisible();
  const button = page.getByRole('button', { name: 'Open privacy settings to load The weather widget' });
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Privacy settings' })).toBeVisible();
  expect(await grants(page)).toEqual({ records: [], marketing: false, youtube: false, maps: false });
  expect(log.requests).toEqual([]);
  expect(await page.locator('iframe[title="The weather widget"]').getAttribute('src')).toBeNull();
  expect(watched.pageErrors).toEqual([]);
});

test('an embed marked with a purpose stays held when the visitor allows the purpose but switches off the service that serves it: no request', async ({
  openTracked,
  watched,
}) => {
  const { page, log } = await openTracked(PAGE);
  await page.evaluate(() => window.Candor!.update({ purposes: { marketing: true }, services: { youtube: false } }));
  expect(await grants(page)).toEqual({ records: ['api'], marketing: true, youtube: false, maps: true });
  // The weather widget, which no service serves, follows the purpose: it loads.
  await expect.poll(() => page.locator('iframe[title="The weather widget"]').getAttribute('src')).not.toBeNull();
  await expect(page.getByRole('button', { name: 'Load YouTube from Google' })).toBeVisible();
  expect(await page.locator('iframe[title="How we bake our sourdough"]').getAttribute('src')).toBeNull();
  expect(log.requests.filter((u) => u.includes('youtube'))).toEqual([]);
  // Switched on again (the purpose still on): it loads.
  await page.evaluate(() => window.Candor!.update({ services: { youtube: true } }));
  await expect(page.frameLocator('iframe[title="How we bake our sourdough"]').getByText('video')).toBeVisible();
  expect(watched.pageErrors).toEqual([]);
});

/** What the newest record says, and what holds now. */
const newest = (page: Page) =>
  page.evaluate(async () => {
    const c = window.Candor!;
    const [r] = await c.records();
    return {
      method: r?.method,
      purposes: r?.purposes,
      services: r?.services,
      marketing: c.has('marketing'),
      youtube: c.has('youtube'),
      maps: c.has('maps'),
      prompt: c.needsPrompt!.value,
    };
  });
/** A placeholder's grant once the decision has expired: YouTube, and nothing of the decision that lapsed. */
const ONLY_YOUTUBE = {
  method: 'placeholder',
  purposes: {},
  services: { youtube: true },
  marketing: false,
  youtube: true,
  maps: false,
  prompt: true,
};
const PAST_EXPIRY = 183 * 86_400_000; // expiresAfterDays: 182

/**
 * Marketing allowed but YouTube switched off, with the page's clock installed first (the engine
 * keeps the Date.now it starts with); with `held`, then a returning visit: the loader answers from
 * the cookie, the engine held on its way until `release()`. Resolves the decision's end.
 */
async function youtubeOff(
  page: Page,
  openTracked: (path: string) => Promise<unknown>,
  held = false,
): Promise<{ end: number; release: () => void }> {
  await page.clock.install();
  await openTracked(PAGE);
  const end = await page.evaluate(async () =>
    Date.parse(
      (await window.Candor!.update({ purposes: { marketing: true }, services: { youtube: false } }))!.expiresAt,
    ),
  );
  let release = (): void => {};
  if (held) {
    const engine = new Promise<void>((r) => (release = r));
    await page.route('**/dist/candor-engine.mjs', async (route) => (await engine, route.continue()));
    await page.reload();
  }
  await expect(page.getByRole('button', { name: 'Load YouTube from Google' })).toBeVisible();
  return { end, release };
}

test('a placeholder clicked after the decision expired while it was on screen grants YouTube alone: the lapsed purposes are not recorded again, and the banner asks', async ({
  page,
  openTracked,
  watched,
}) => {
  await youtubeOff(page, openTracked);
  const button = page.getByRole('button', { name: 'Load YouTube from Google' });
  await page.clock.fastForward(PAST_EXPIRY);
  const banner = page.getByRole('region', { name: 'Cookies and your privacy' });
  await expect(banner).toBeVisible(); // the expiry's prompt
  await button.click();
  await expect.poll(() => newest(page)).toEqual(ONLY_YOUTUBE);
  await expect(banner).toBeVisible();
  expect(watched.pageErrors).toEqual([]);
});

for (const cookie of ['kept', 'gone'] as const)
  test(`a placeholder clicked before the engine has loaded, on a returning visit whose decision has expired since (its cookie ${cookie}), grants YouTube alone`, async ({
    page,
    openTracked,
    context,
    watched,
  }) => {
    const { release } = await youtubeOff(page, openTracked, true);
    const button = page.getByRole('button', { name: 'Load YouTube from Google' });
    expect(await page.evaluate(() => window.Candor!.has('maps'))).toBe(true); // from the cookie
    await page.clock.fastForward(PAST_EXPIRY);
    // Its Max-Age over, the browser drops the cookie (the page's clock is not the browser's).
    if (cookie === 'gone') await context.clearCookies();
    expect(await page.evaluate(() => window.Candor!.has('maps'))).toBe(false);
    await button.click();
    release();
    await expect.poll(() => newest(page)).toEqual(ONLY_YOUTUBE);
    await expect(page.getByRole('region', { name: 'Cookies and your privacy' })).toBeVisible();
    expect(watched.pageErrors).toEqual([]);
  });

test('a placeholder clicked just before the decision expires, recorded after (the engine on its way): dated at the click, it renews nothing; the banner asks once the decision has expired', async ({
  page,
  openTracked,
  watched,
}) => {
  const { end: made, release } = await youtubeOff(page, openTracked, true);
  const button = page.getByRole('button', { name: 'Load YouTube from Google' });
  await page.clock.fastForward(made - (await page.evaluate(() => Date.now())) - 5_000);
  await button.click(); // 5 s before the expiry
  await page.clock.fastForward(10_000);
  release();
  await expect
    .poll(() =>
      page.evaluate(async () =>
        (await window.Candor!.records()).map((r) => [r.method, Math.floor(Date.parse(r.expiresAt) / 1000)]),
      ),
    )
    .toEqual([
      // The click, on the decision it saw: the same end (to the second the cookie keeps).
      ['placeholder', Math.floor(made / 1000)],
      ['api', Math.floor(made / 1000)],
    ]);
  expect(await newest(page)).toMatchObject({
    purposes: { marketing: true },
    marketing: false,
    youtube: false,
    prompt: true,
  });
  await expect(page.getByRole('region', { name: 'Cookies and your privacy' })).toBeVisible();
  await expect(button).toBeVisible(); // the expired grant loads nothing; a click now grants YouTube alone
  await button.click();
  await expect.poll(() => newest(page)).toEqual(ONLY_YOUTUBE);
  expect(watched.pageErrors).toEqual([]);
});

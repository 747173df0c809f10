/**
 * DOM clobbering: markup that a comment section's sanitizer lets through when it keeps `name` and
 * `id` (or a site's own `<img name="cookie">`) shadows a form's own methods, `document.cookie` and
 * `window.dataLayer`. None of it may let a tag run without consent, keep Google's tags at
 * "granted" after a withdrawal, lose a decision or stop Candor (src/dom/unclobbered.ts,
 * src/dom/cookie-jar.ts). Each test fails without its fix.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

declare global {
  interface Window {
    __gatedRan?: number | boolean;
  }
}

const ui = (page: Page) => page.locator('[data-candor-ui]');
/** The analytics_storage of each Consent Mode call in the page's own dataLayer, in order. */
const analyticsStorage = (page: Page) =>
  page.evaluate(() =>
    (Array.isArray(window.dataLayer) ? window.dataLayer : [])
      .filter((a) => (a as ArrayLike<unknown>)[0] === 'consent')
      .map((a) => `${(a as ArrayLike<string>)[1]}:${(a as ArrayLike<Record<string, string>>)[2]!.analytics_storage}`),
  );
/** Accept all on the banner, and the page's one gated tag has run once. */
const acceptAll = async (page: Page): Promise<void> => {
  await ui(page).getByRole('button', { name: 'Accept all' }).click();
  await expect.poll(() => page.evaluate(() => window.__gatedRan ?? 0)).toBe(1);
};
const cookieNamed = async (page: Page, name: string) =>
  (await page.context().cookies()).find((c) => c.name === name)?.value ?? null;

test('a form whose inputs shadow its methods and an <img name="cookie"> neither stop the gate nor keep a withdrawal from Consent Mode and the cookies', async ({
  open,
  watched,
}) => {
  const page = await open('/test/e2e/pages/clobber.html');
  expect(await page.evaluate(() => typeof document.cookie)).toBe('object'); // the markup does shadow it
  // The gate's first look at the page met the marked form and still ran the granted tag.
  await acceptAll(page);
  // The decision reached the real cookie jar (the engine loaded after the image was parsed).
  await expect.poll(() => cookieNamed(page, 'candor')).not.toBeNull();
  const granted = await cookieNamed(page, 'candor');
  await page.context().addCookies([{ name: '_ga', value: 'GA1.1.1', url: page.url() }]);
  await expect.poll(() => page.locator('iframe[data-consent]').getAttribute('src')).toBe('/test/e2e/pages/blank.html');
  // More such markup arrives later (a comment loaded by the page's own script), shadowing what
  // a withdrawal's clean-up uses; the page listens without the shadowed method.
  await page.evaluate(() => {
    document.getElementById('comments')!.innerHTML =
      '<form data-consent="analytics"><input name="getAttribute"><input name="matches"></form>' +
      '<img name="querySelectorAll" alt=""><img name="dispatchEvent" alt="">';
    EventTarget.prototype.addEventListener.call(document, 'candor:revoke', (e) => {
      (window as { __revoke?: unknown }).__revoke = (e as CustomEvent).detail;
    });
  });
  const told = await analyticsStorage(page);
  expect(told.at(-1)).toBe('update:granted');
  await page.evaluate(() => window.Candor!.withdraw());
  await expect.poll(async () => (await analyticsStorage(page)).slice(told.length)).toEqual(['update:denied']);
  await expect.poll(() => cookieNamed(page, '_ga')).toBeNull(); // the revoked service's cookie is deleted
  await expect
    .poll(() => page.evaluate(() => (window as { __revoke?: unknown }).__revoke))
    .toEqual({
      services: ['ga4'],
      reloadRecommended: true,
    });
  // The embed is held again (its frame gone), though `document.defaultView` is an image.
  await expect.poll(() => page.locator('iframe[data-consent]').getAttribute('data-candor')).toBe('held');
  expect(await page.locator('iframe[data-consent]').getAttribute('src')).toBeNull();
  await expect.poll(() => cookieNamed(page, 'candor')).not.toBe(granted); // the refusal is stored
  expect(watched.pageErrors).toEqual([]);

  // The next page (the loader in <head> reads the real cookie before the image is parsed): decided, refused.
  await page.reload();
  await page.evaluate(() => window.Candor!.ready);
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
  await expect(ui(page).getByRole('button', { name: 'Accept all' })).toHaveCount(0);
  expect(await page.evaluate(() => window.__gatedRan ?? 0)).toBe(0);
  expect(watched.pageErrors).toEqual([]);
});

test('a returning visitor whose page holds such a form still gets the granted tag (the loader hands the page to the gate)', async ({
  open,
  watched,
}) => {
  const page = await open('/test/e2e/pages/clobber.html');
  await acceptAll(page);
  await expect.poll(() => cookieNamed(page, 'candor')).not.toBeNull();
  await page.reload();
  await expect.poll(() => page.evaluate(() => window.__gatedRan ?? 0)).toBe(1);
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(true);
  expect(watched.pageErrors).toEqual([]);
});

test('auto-blocking still holds back the tag after a form whose inputs shadow its methods and an <img name="readyState">, and a frame added inside such a form', async ({
  openTracked,
  watched,
}) => {
  const { page, log } = await openTracked('/test/e2e/pages/clobber-autoblock.html');
  await page.waitForLoadState('load'); // a parser-inserted script not held back has run by now
  expect(await page.evaluate(() => window.__ran ?? [])).toEqual([]);
  // Requested by the preload scanner, as without the form (autoblock-limits.spec.ts, limit 1), never run.
  expect(log.requests.filter((u) => u.includes('google-analytics.com')).length).toBeLessThanOrEqual(1);
  // A frame that a script adds inside such a form (all at once) is held back too.
  await page.evaluate(() => {
    document.getElementById('comments')!.innerHTML =
      '<form><input name="querySelectorAll"><iframe src="https://www.youtube-nocookie.com/embed/abc" title="Video"></iframe></form>';
  });
  await expect.poll(() => page.locator('#comments iframe').getAttribute('data-consent')).toBe('youtube');
  expect(await page.locator('#comments iframe').getAttribute('src')).toBeNull();
  await ui(page).getByRole('button', { name: 'Accept all' }).click();
  await expect.poll(() => page.evaluate(() => window.__ran ?? [])).toEqual(['unmarked.js']);
  expect(watched.pageErrors).toEqual([]);
});

test('markup parsed before a late loader (<div id="dataLayer">, <img name="cookie">) does not stop Candor', async ({
  open,
  watched,
}) => {
  const page = await open('/test/e2e/pages/clobber-late.html');
  await expect(ui(page).getByRole('button', { name: 'Accept all' })).toBeVisible();
  // Window's own dataLayer, with Consent Mode's default in it; the element is left alone.
  expect(await page.evaluate(() => Object.hasOwn(window, 'dataLayer') && Array.isArray(window.dataLayer))).toBe(true);
  expect(await analyticsStorage(page)).toEqual(['default:denied']);
  expect(await page.evaluate(() => document.getElementById('dataLayer') instanceof HTMLDivElement)).toBe(true);
  await ui(page).getByRole('button', { name: 'Accept all' }).click();
  await expect.poll(() => page.evaluate(() => window.__gatedRan ?? false)).toBe(true);
  await expect.poll(async () => (await analyticsStorage(page)).at(-1)).toBe('update:granted');
  await expect.poll(() => cookieNamed(page, 'candor')).not.toBeNull();
  // The next page: the loader reads the image as the cookie, so the engine decides, from the real one.
  await page.reload();
  await page.evaluate(() => window.Candor!.ready);
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(true);
  await expect(ui(page).getByRole('button', { name: 'Accept all' })).toHaveCount(0);
  expect(watched.pageErrors).toEqual([]);
});

test('a click on a form whose closest an input shadows is no error in the page, and a [data-candor-open] link still opens the panel', async ({
  open,
  watched,
}) => {
  const page = await open('/test/e2e/pages/clobber.html');
  await acceptAll(page);
  await page.evaluate(() => {
    document.getElementById('comments')!.innerHTML =
      '<form id="comment" style="padding:2rem"><input name="closest"></form><a href="#privacy" data-candor-open>Privacy settings</a>';
  });
  // A real click on the form itself, not its input (Playwright's own click reads the form's closest too).
  const box = await page.evaluate(() => {
    const r = Element.prototype.getBoundingClientRect.call(document.getElementById('comment'));
    return { x: r.x + 4, y: r.y + 4 };
  });
  await page.mouse.click(box.x, box.y);
  await page.locator('a[data-candor-open]').click();
  // (Playwright's role queries read the page's forms' getAttribute too: asked directly.)
  await expect
    .poll(() =>
      page.evaluate(
        () => !!document.querySelector('[data-candor-ui]')?.shadowRoot?.querySelector('[role=dialog], dialog[open]'),
      ),
    )
    .toBe(true);
  expect(watched.pageErrors).toEqual([]);
});

test('an <img name="baseURI"> in a comment does not let an embed marked with a purpose load past the service the visitor switched off', async ({
  openTracked,
  watched,
}) => {
  const { page, log } = await openTracked('/test/e2e/pages/clobber-embed.html');
  expect(await page.evaluate(() => String(document.baseURI))).toBe('[object HTMLImageElement]'); // the markup does shadow it
  await page.evaluate(() => window.Candor!.update({ purposes: { marketing: true }, services: { youtube: false } }));
  // The widget no service serves follows the purpose; the gate decided the frame before it (document order).
  await expect.poll(() => page.locator('iframe[title="The weather widget"]').getAttribute('src')).not.toBeNull();
  expect(await page.locator('iframe[title="How we bake our sourdough"]').getAttribute('src')).toBeNull();
  // Its placeholder still offers YouTube alone (not the privacy settings).
  await expect(page.getByRole('button', { name: 'Load YouTube from Google' })).toBeVisible();
  expect(log.requests.filter((u) => u.includes('youtube'))).toEqual([]);
  // Switched on (the purpose still on): it loads.
  await page.evaluate(() => window.Candor!.update({ services: { youtube: true } }));
  await expect(page.frameLocator('iframe[title="How we bake our sourdough"]').getByText('video')).toBeVisible();
  expect(watched.pageErrors).toEqual([]);
});

test('an <img name="dispatchEvent"> that arrives after the banner neither throws into the page when Accept all is pressed nor keeps its candor:decision from the page', async ({
  open,
  watched,
}) => {
  const page = await open('/test/e2e/pages/clobber.html');
  await expect(ui(page).getByRole('button', { name: 'Accept all' })).toBeVisible();
  await page.evaluate(() => {
    document.getElementById('comments')!.innerHTML = '<img name="dispatchEvent" alt="">';
    EventTarget.prototype.addEventListener.call(document, 'candor:decision', (e) => {
      (window as { __decision?: unknown }).__decision = (e as CustomEvent<{ purposes: string[] }>).detail.purposes;
    });
  });
  expect(await page.evaluate(() => typeof document.dispatchEvent)).toBe('object'); // the markup does shadow it
  await acceptAll(page);
  await expect
    .poll(() => page.evaluate(() => (window as { __decision?: unknown }).__decision))
    .toEqual(['necessary', 'analytics', 'marketing']);
  expect(watched.pageErrors).toEqual([]);
});

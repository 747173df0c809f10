/**
 * The security suite in a real browser: hostile texts render as text, script URLs never become
 * links, a forged or future-dated cookie grants nothing, an invalid config never grants from a
 * cookie, and prototype-named ids work like any other. Network-level: no request reaches the
 * tracker host unless the visitor granted it.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { configHashOf, configStamp } from '../../src/core/policy';
import { parseConfig } from '../../src/core/parse-config';
import { sha256 } from '../../src/core/sha256';
import { encodeDecision, idsOf } from '../../src/store/cookie';
import { SCRIPT_URLS } from '../security/vectors';
import { ga4 } from '../unit/fixtures';
import { expect, gateSettled, test } from './fixtures';
import { fakeTrackers } from './trackers';

declare global {
  interface Window {
    __xss?: number;
    __protoRan?: boolean;
  }
}

const PAGE = '/test/e2e/pages/config-from-window.html';
const XSS = [
  '<img src=x onerror="window.__xss=1">',
  '<script>window.__xss=1</script>',
  '"><svg onload="window.__xss=1">',
  "'><iframe src=javascript:window.__xss=1>",
  '{constructor}{__proto__}{toString}',
];
const base = {
  policy: { revision: 1, url: '/privacy' },
  purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }, { id: 'marketing' }],
  services: [ga4],
};

const withConfig = (context: BrowserContext, config: unknown) =>
  context.addInitScript((c) => void (window.candorConfig = c), config);
const shadow = (page: Page) => page.locator('[data-candor-ui]');

/**
 * A visitor on a device whose clock runs 3 hours ahead of `start` (the context's clock: every
 * tab's) grants everything on the page of `base`; returns that page and its URL.
 */
async function grantWhileAhead(
  open: (path: string) => Promise<Page>,
  context: BrowserContext,
  start = Date.now(),
): Promise<{ page: Page; url: string }> {
  await withConfig(context, base);
  const page = await open('/test/e2e/pages/blank.html');
  await page.clock.setSystemTime(start + 3 * 3_600_000);
  const url = new URL(PAGE, page.url()).href;
  await page.goto(url);
  await page.evaluate(() => window.Candor!.ready);
  await page.evaluate(() => window.Candor!.acceptAll());
  return { page, url };
}

test('XSS vectors in every text (locale keys, names, providers, retention, preference options) render as inert text in banner, panel and dashboard', async ({
  context,
  origin,
}) => {
  const keys = Object.keys(JSON.parse(readFileSync('locales/en.json', 'utf8')) as Record<string, string>);
  const pageErrors: Error[] = [];
  for (const vector of XSS) {
    const texts = Object.fromEntries(keys.map((k) => [k, `${vector} ${k}`]));
    const config = {
      ...base,
      services: [
        {
          ...base.services[0],
          name: `${vector} name`,
          provider: `${vector} provider`,
          retention: `${vector} retention`,
        },
      ],
      preferences: [{ id: 'topics', type: 'multi', options: ['bread', 'cakes'] }],
      texts: { en: { ...texts, 'preference.topics.title': vector, 'preference.topics.bread': vector } },
    };
    const page = await context.newPage();
    await page.addInitScript((c) => void (window.candorConfig = c), config);
    page.on('dialog', (d) => void d.dismiss());
    page.on('pageerror', (e) => pageErrors.push(e));
    await page.goto(`${origin}${PAGE}`);
    const ui = shadow(page);
    await expect(ui.getByRole('button', { name: /banner\.customize/ })).toBeVisible();
    await ui.getByRole('button', { name: /banner\.customize/ }).click();
    await expect(page.locator('[data-candor-ui] dialog[open]')).toBeVisible();
    await ui
      .getByText(/panel\.details/)
      .first()
      .click();
    await expect(ui.getByText(`${vector} name`).first()).toBeVisible(); // shown as text
    expect(await page.evaluate(() => window.__xss)).toBeUndefined();
    expect(await page.evaluate(() => document.querySelectorAll('[data-candor-ui] img, svg[onload]').length)).toBe(0);
    await page.close();
  }
  expect(pageErrors).toEqual([]);
});

test('a javascript: URL in the config (every spelling) is refused with its path; nothing is rendered or granted', async ({
  open,
  context,
  watched,
}) => {
  const trackers = await fakeTrackers(context);
  await withConfig(context, {
    ...base,
    policy: { revision: 1, url: SCRIPT_URLS[6], contact: SCRIPT_URLS[0] },
    services: [{ ...base.services[0], privacyUrl: SCRIPT_URLS[2] }],
  });
  const page = await open(PAGE);
  await page.evaluate(() => window.Candor!.ready);
  // Said once the config's words have loaded (candor-chunk-words.mjs), a round trip after `ready`.
  await expect.poll(() => watched.consoleErrors.length).toBe(1);
  const errors = watched.consoleErrors.join('\n');
  expect(errors).toContain('policy.url');
  expect(errors).toContain('policy.contact');
  expect(errors).toContain('services[0].privacyUrl');
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
  await expect(page.locator('[data-candor-ui]')).toHaveCount(0);
  expect(trackers.requests).toEqual([]);
});

/** The cookie the engine would write for `config` granting everything optional, with a valid stamp. */
function forgedCookie(config: Record<string, unknown>): string {
  const parsed = parseConfig(config);
  const ids = parsed.ok
    ? idsOf(parsed.config)
    : idsOf({ purposes: (config['purposes'] as { id: string }[]) ?? [], services: [] });
  const configHash = parsed.ok ? configHashOf(parsed.config, 'opt-in', sha256) : '0123456789abcdef';
  const all = (list: readonly string[]) => Object.fromEntries(list.map((id) => [id, true]));
  const now = Date.now();
  const decision = {
    id: 'forged-0001',
    issuedAt: now - 1000,
    expiresAt: now + 86_400_000,
    revision: 1,
    configHash,
    method: 'api' as const,
    purposes: all(ids.purposes),
    services: all(ids.services),
    gpc: false,
  };
  return encodeDecision(ids, decision, configStamp(config, null));
}

test('a hand-written consent cookie (a sibling subdomain, a network attacker) grants nothing: no tracker request, the banner asks', async ({
  open,
  context,
  origin,
}) => {
  const trackers = await fakeTrackers(context);
  await withConfig(context, base);
  await context.addCookies([{ name: 'candor', value: forgedCookie(base), url: origin }]);
  const page = await open(PAGE);
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(false); // the loader, before the engine
  await page.evaluate(() => window.Candor!.ready);
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
  await expect(shadow(page).getByRole('button', { name: 'Reject all' })).toBeVisible();
  expect(trackers.requests).toEqual([]);
  // The visitor's real choice then works as usual.
  await shadow(page).getByRole('button', { name: 'Accept all' }).click();
  await expect.poll(() => trackers.hosts()).toEqual(['www.googletagmanager.com']);
});

test('a cookie of the same name for a longer path (a sibling subdomain’s, or one a moved cookie.path left) keeps no grant alive: a refusal made under it holds on every page', async ({
  open,
  context,
  origin,
}) => {
  const trackers = await fakeTrackers(context);
  await withConfig(context, base);
  const page = await open(PAGE);
  await page.evaluate(() => window.Candor!.ready);
  await page.evaluate(() => window.Candor!.acceptAll());
  await expect.poll(() => trackers.hosts()).toEqual(['www.googletagmanager.com']);
  // Chromium lists it first on this page: a longer path comes first in document.cookie.
  await context.addCookies([
    { name: 'candor', value: 'x', domain: new URL(origin).hostname, path: new URL(PAGE, origin).pathname },
  ]);
  await page.reload();
  expect(await page.evaluate(() => document.cookie.match(/candor=/g)?.length)).toBe(2);
  // The loader reads the one this origin's copy vouches for: the visitor's own.
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(true);
  await page.evaluate(() => window.Candor!.ready);
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(true);
  await page.evaluate(() => window.Candor!.rejectAll());
  trackers.requests.length = 0;
  // Another page of the site, where the loader answers from the cookie alone: the refusal.
  await page.goto(new URL('/test/e2e/pages/blank.html', origin).href);
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
  await page.goto(new URL(PAGE, origin).href);
  await page.evaluate(() => window.Candor!.ready);
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
  expect(trackers.requests).toEqual([]);
});

test('an invalid config with a cookie stamped for it grants nothing and the tag does not run', async ({
  open,
  context,
  origin,
  watched,
}) => {
  const trackers = await fakeTrackers(context);
  const invalid = {
    ...base,
    policy: { revision: 1 },
    purposes: [{ id: 'analytics' }],
    services: [{ id: 'ga4', purpose: 'analytcs', hosts: ['www.googletagmanager.com'] }],
  };
  await withConfig(context, invalid);
  await context.addCookies([{ name: 'candor', value: forgedCookie(invalid), url: origin }]);
  const page = await open(PAGE);
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
  await page.evaluate(() => window.Candor!.ready);
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
  // Said once the config's words have loaded, a round trip after `ready`.
  await expect.poll(() => watched.consoleErrors.join('\n')).toContain('services[0].purpose');
  expect(trackers.requests).toEqual([]);
});

test('a device clock running ahead: the decision it made is refused once the clock is right, and nothing loads', async ({
  open,
  context,
}) => {
  const trackers = await fakeTrackers(context);
  const { page } = await grantWhileAhead(open, context);
  await expect.poll(() => trackers.hosts()).toEqual(['www.googletagmanager.com']);
  trackers.requests.length = 0;
  await page.clock.setSystemTime(Date.now());
  await page.reload();
  await page.evaluate(() => window.Candor!.ready);
  expect(await page.evaluate(() => [window.Candor!.has('analytics'), window.Candor!.needsPrompt!.value])).toEqual([
    false,
    true,
  ]);
  await expect(shadow(page).getByRole('button', { name: 'Reject all' })).toBeVisible();
  expect(trackers.requests).toEqual([]);
});

test("a device clock running ahead, then set right: the receipt's latest record is the refusal the visitor made since, not the grant dated later", async ({
  open,
  context,
  page,
}) => {
  await grantWhileAhead(open, context);
  await page.clock.setSystemTime(Date.now());
  await page.reload();
  await shadow(page).getByRole('button', { name: 'Reject all' }).click();
  await shadow(page).getByRole('button', { name: 'Privacy settings' }).click();
  await shadow(page).getByRole('tab', { name: 'Your data and history' }).click();
  const dash = shadow(page).getByRole('region', { name: 'Your privacy' });
  const history = dash.getByRole('listitem').filter({ has: page.locator('time') });
  await expect(history).toHaveCount(2);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dash.getByRole('button', { name: 'Download my consent receipt' }).click(),
  ]);
  const receipt = JSON.parse(
    await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString('utf8')),
  ) as { latest: { id: string; method: string }; history: unknown[] };
  const current = await page.evaluate(() => window.Candor!.state!.value.decision!.id);
  expect([receipt.latest.method, receipt.latest.id]).toEqual(['banner:reject-all', current]);
  expect(receipt.history).toHaveLength(2);
});

test('a device clock set back (it ran ahead): the refusal made since in one tab applies in the other tab, still open with the grant dated later', async ({
  open,
  context,
  page,
}) => {
  const { url } = await grantWhileAhead(open, context);
  const other = await context.newPage();
  await other.goto(url);
  await other.evaluate(() => window.Candor!.ready);
  expect(await other.evaluate(() => window.Candor!.has('analytics'))).toBe(true);
  await page.clock.setSystemTime(Date.now()); // set right: the grant is now dated 3 hours ahead
  await page.reload();
  await shadow(page).getByRole('button', { name: 'Reject all' }).click();
  await expect.poll(() => other.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
  expect(await other.evaluate(() => window.Candor!.state!.value.decision!.method)).toBe('banner:reject-all');
});

test("a device clock set back (it ran ahead): once the clock reaches the grant's date, the other tab, still open, does not take the grant back when shown again", async ({
  open,
  context,
  page,
}) => {
  const start = Date.now();
  const { url } = await grantWhileAhead(open, context, start);
  const other = await context.newPage();
  await other.goto(url);
  await other.evaluate(() => window.Candor!.ready);
  await page.clock.setSystemTime(start); // set right: the grant is now dated 3 hours ahead
  await page.reload();
  await shadow(page).getByRole('button', { name: 'Reject all' }).click();
  await expect.poll(() => other.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
  await page.clock.setSystemTime(start + 3 * 3_600_000 + 60_000); // the clock has reached the grant's date
  for (const tab of [other, page]) await tab.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  expect(
    await other.evaluate(() => [window.Candor!.has('analytics'), window.Candor!.state!.value.decision!.method]),
  ).toEqual([false, 'banner:reject-all']);
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
  await other.reload();
  await other.evaluate(() => window.Candor!.ready);
  expect(await other.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
});

test("a device clock set back (it ran ahead) while the page stays open: once the clock reaches the grant's date, the refusal made since still stands, in that tab and on reload", async ({
  open,
  context,
  page,
}) => {
  const start = Date.now();
  await grantWhileAhead(open, context, start);
  await page.clock.setSystemTime(start); // set right, the page still open
  const refusal = await page.evaluate(async () => (await window.Candor!.rejectAll())!);
  await page.clock.setSystemTime(start + 3 * 3_600_000 + 60_000); // the clock has reached the grant's date
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
  await page.reload();
  await page.evaluate(() => window.Candor!.ready);
  expect(
    await page.evaluate(() => [window.Candor!.has('analytics'), window.Candor!.state!.value.decision?.id]),
  ).toEqual([false, refusal.id]);
});

test('a device clock set back (it ran ahead) while the page stays open: the refusal made then is dated after the grant it replaces, and on reload before the clock reaches it nothing optional is granted (asked again)', async ({
  open,
  context,
  page,
}) => {
  await grantWhileAhead(open, context);
  await page.clock.setSystemTime(Date.now()); // set right, the page still open
  const refusal = await page.evaluate(async () => (await window.Candor!.rejectAll())!);
  expect(Date.parse(refusal.issuedAt)).toBeGreaterThan(Date.now() + 2 * 3_600_000);
  await page.reload();
  await page.evaluate(() => window.Candor!.ready);
  expect(await page.evaluate(() => [window.Candor!.needsPrompt!.value, window.Candor!.has('analytics')])).toEqual([
    true,
    false,
  ]);
  await expect(shadow(page).getByRole('button', { name: 'Reject all' })).toBeVisible();
});

test('prototype-named ids and keys: the tag gated on "constructor" runs only once granted; UI, panel and gating raise no error', async ({
  open,
  context,
  watched,
}) => {
  await withConfig(context, {
    policy: { revision: 1 },
    purposes: [{ id: 'necessary', required: true }, { id: 'constructor' }, { id: 'toString' }, { id: 'analytics' }],
    services: [{ id: 'hasOwnProperty', purpose: 'toString', name: 'Proto service' }],
    preferences: [
      { id: 'valueOf', type: 'matrix', rows: ['constructor', 'toString'], options: ['hasOwnProperty', 'valueOf'] },
    ],
    ui: { locale: '__proto__' },
    texts: { en: { 'purpose.constructor.title': 'Constructor {constructor}', 'purpose.toString.title': 'To string' } },
  });
  const page = await open(PAGE);
  await page.evaluate(() => window.Candor!.ready);
  expect(await page.evaluate(() => [window.Candor!.has('constructor'), window.__protoRan ?? false])).toEqual([
    false,
    false,
  ]);
  await shadow(page).getByRole('button', { name: 'Customize' }).click();
  const dialog = shadow(page).getByRole('dialog');
  await dialog.getByRole('switch', { name: 'Constructor {constructor}' }).click();
  await dialog.getByRole('button', { name: 'Save choices' }).click();
  await expect.poll(() => page.evaluate(() => window.__protoRan ?? false)).toBe(true);
  expect(await page.evaluate(() => [window.Candor!.has('toString'), window.Candor!.has('hasOwnProperty')])).toEqual([
    false,
    false,
  ]);
  expect(watched.pageErrors).toEqual([]);
});

test('markup injected into the page cannot make the gate load a javascript: frame (data-src passes HTML sanitizers): it stays inert and is reported', async ({
  open,
  context,
  watched,
}) => {
  await withConfig(context, base);
  const page = await open(PAGE);
  await page.evaluate(() => window.Candor!.ready);
  // As a comment field a sanitizer let through would put it: `necessary` is always granted.
  await page.evaluate(() =>
    document.body.insertAdjacentHTML(
      'beforeend',
      '<iframe data-consent="necessary" data-src="javascript:parent.__xss=1"></iframe>' +
        '<iframe data-consent="necessary" data-src="JaVa&#9;script:parent.__xss=2"></iframe>' +
        '<embed data-consent="necessary" data-src="javascript:parent.__xss=3">',
    ),
  );
  await expect.poll(() => page.locator('[data-candor="refused"]').count()).toBe(3);
  expect(
    await page.evaluate(() => [
      window.__xss ?? null,
      Array.from(document.querySelectorAll('iframe, embed'), (f) => f.getAttribute('src')),
    ]),
  ).toEqual([null, [null, null, null]]);
  expect(watched.consoleErrors.filter((e) => e.includes('may load only an http(s) URL'))).toHaveLength(3);
  expect(watched.pageErrors).toEqual([]);
});
const DECLARATIVE =
  '<div data-candor-launcher><template shadowrootmode="open"><button>mine</button></template>me too</div>';
const CLOBBERING = '<form data-candor-launcher><input name="shadowRoot">me too</form>';
for (const [what, markup, late] of [
  ['host attribute', '<div data-candor-ui>nice post!</div>', false],
  ['stand-in launcher attribute', '<p data-candor-launcher>me too</p>', false],
  // Markup that brings a shadow root too: declarative shadow DOM, and DOM clobbering (the form's
  // `shadowRoot` is its input). Neither is Candor's: the loader keeps the element it made, and
  // hands it to the UI. In the page before the loader, the stand-in did not show; added after the
  // stand-in showed (comments loaded later), the UI removed it and left the stand-in.
  ['stand-in launcher attribute, with a declarative shadow root,', DECLARATIVE, false],
  ['stand-in launcher attribute on a form whose input is named shadowRoot', CLOBBERING, false],
  ['stand-in launcher attribute, with a declarative shadow root, added after the stand-in', DECLARATIVE, true],
  ['stand-in launcher attribute on a form whose input is named shadowRoot, added after the stand-in', CLOBBERING, true],
] as const)
  test(`markup that copies Candor's ${what} (page markup: a comment a sanitizer let through) does not take away a returning visitor's launcher, nor show two, and stays`, async ({
    page,
    open,
  }) => {
    // A sanitizer that keeps data-* attributes (DOMPurify's default) lets this through.
    await page.route('**/test/e2e/pages/basic.html', async (route) => {
      const res = await route.fetch();
      const comments = late ? '' : `<section class="comments">${markup}</section>`;
      const body = (await res.text()).replace('</main>', `${comments}</main>`);
      await route.fulfill({ response: res, body });
    });
    // The most launchers (the stand-in's button, the UI's) shown in any frame: Candor's hosts only
    // (the page's own elements, with or without a shadow root, are in .comments).
    await page.addInitScript(() => {
      const w = window as unknown as { __launchers: number };
      w.__launchers = 0;
      const launchers = (): number =>
        [...document.querySelectorAll('[data-candor-launcher],[data-candor-ui]')]
          .filter((h) => !h.closest('.comments'))
          .map((h) => h.shadowRoot?.querySelector(h.matches('[data-candor-ui]') ? '.launcher' : 'button'))
          .filter((b) => b && b.getClientRects().length > 0).length;
      const count = (): void => {
        w.__launchers = Math.max(w.__launchers, launchers());
        requestAnimationFrame(count);
      };
      requestAnimationFrame(count);
    });
    /** The page's own markup as it is now: its element, and what its shadow root (if any) holds. */
    const pageMarkup = () =>
      page.evaluate(() => {
        const el = document.querySelector('.comments')?.firstElementChild;
        const root = el?.shadowRoot instanceof ShadowRoot ? el.shadowRoot.innerHTML : null;
        return el && { html: el.outerHTML, root };
      });
    await open('/test/e2e/pages/basic.html');
    await page.getByRole('button', { name: 'Accept all' }).click();
    // Recorded (the cookie, written after its copy; the copy alone may be the banner's mark for the next page).
    await expect.poll(() => page.evaluate(() => /(^|; )candor=/.test(document.cookie))).toBe(true);
    await page.reload();
    // The one way on this page to withdraw as easily as consent was given.
    const standIn = page.locator('body > [data-candor-launcher]').getByRole('button', { name: 'Privacy settings' });
    await expect(standIn).toBeVisible();
    // Parsed as the page's own HTML (setHTMLUnsafe keeps a declarative shadow root).
    if (late)
      await page.evaluate((html) => {
        const section = document.createElement('section');
        section.className = 'comments';
        section.setHTMLUnsafe(html);
        document.querySelector('main')!.append(section);
      }, markup);
    const before = await pageMarkup();
    expect(before?.root).toBe(markup === DECLARATIVE ? '<button>mine</button>' : null);
    await standIn.click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await page.keyboard.press('Escape');
    // The UI's launcher took its place: one launcher, and the comment is still there, untouched.
    await expect(page.getByRole('button', { name: 'Privacy settings' })).toHaveCount(1);
    await expect(page.locator('body > [data-candor-launcher]')).toHaveCount(0);
    await expect(page.locator('.comments')).toHaveText(/^(nice post!|me too)/); // (and its shadow root's)
    expect(await pageMarkup()).toEqual(before);
    expect(await page.evaluate(() => (window as unknown as { __launchers: number }).__launchers)).toBe(1);
  });

test('markup parsed before a late loader (id="Candor", <img name="currentScript">, <img name="documentElement">) neither stops Candor nor chooses where its chunks come from, nor hides later tags from the gate', async ({
  open,
  watched,
}) => {
  const page = await open('/test/e2e/pages/clobbered.html');
  // Candor started: Consent Mode denied by default, the banner, a working window.Candor.
  await expect(page.locator('[data-candor-ui]').getByRole('button', { name: 'Accept all' })).toBeVisible();
  expect(
    await page.evaluate(() =>
      ((window as unknown as { dataLayer: unknown[][] }).dataLayer ?? []).some(
        (a) => a[0] === 'consent' && a[1] === 'default',
      ),
    ),
  ).toBe(true);
  expect(await page.evaluate(() => typeof window.Candor!.has)).toBe('function');
  await page.locator('[data-candor-ui]').getByRole('button', { name: 'Accept all' }).click();
  await expect.poll(() => page.evaluate(() => (window as { __gatedRan?: boolean }).__gatedRan ?? false)).toBe(true);
  // A marked tag added later is seen (the observer watches the document, not what `documentElement` names).
  await page.evaluate(() => {
    const s = Object.assign(document.createElement('script'), { type: 'text/plain', text: 'window.__lateRan = true;' });
    s.setAttribute('data-consent', 'analytics');
    document.body.append(s);
  });
  await expect.poll(() => page.evaluate(() => (window as { __lateRan?: boolean }).__lateRan ?? false)).toBe(true);
  // Every chunk from next to the real loader; none from the image's host.
  const chunks = watched.requests.filter((u) => /candor-[\w-]+\.mjs/.test(u));
  expect(chunks.length).toBeGreaterThan(0);
  expect(chunks.filter((u) => u.includes('attacker.candor.test'))).toEqual([]);
  expect(watched.pageErrors).toEqual([]);
});

test('markup parsed before the config (an element with its id, a config of its own in its text) is not read as the config: nothing granted, no Consent Mode grant, the banner asks', async ({
  open,
  watched,
}) => {
  const page = await open('/test/e2e/pages/config-hijack.html');
  await expect(page.locator('[data-candor-ui]').getByRole('button', { name: 'Accept all' })).toBeVisible();
  await page.evaluate(() => window.Candor!.ready);
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
  expect(await page.evaluate(() => window.Candor!.config?.jurisdiction)).toBe('opt-in');
  // No Consent Mode command granted analytics or ads, by default (a region's) or in an update.
  const granted = await page.evaluate(() =>
    ((window as unknown as { dataLayer: Record<string, unknown>[] }).dataLayer ?? []).filter(
      (a) => a[0] === 'consent' && /"(analytics|ad)_storage":"granted"/.test(JSON.stringify(a[2])),
    ),
  );
  expect(granted).toEqual([]);
  expect(await page.evaluate(() => (window as { __gatedRan?: boolean }).__gatedRan ?? false)).toBe(false);
  await page.locator('[data-candor-ui]').getByRole('button', { name: 'Accept all' }).click();
  await expect.poll(() => page.evaluate(() => (window as { __gatedRan?: boolean }).__gatedRan ?? false)).toBe(true);
  expect(watched.pageErrors).toEqual([]);
});

test('Object.prototype polluted after the loader (a page library merging ?__proto__[jurisdiction]=opt-out) grants nothing to a visitor who decided nothing', async ({
  open,
  context,
  watched,
}) => {
  const trackers = await fakeTrackers(context);
  await withConfig(context, base);
  await context.addInitScript(() =>
    document.addEventListener('DOMContentLoaded', () => {
      const proto = Object.prototype as Record<string, unknown>;
      proto['jurisdiction'] = 'opt-out';
      proto['cookie'] = { domain: 'candor.test' };
    }),
  );
  const page = await open(PAGE);
  await page.evaluate(() => window.Candor!.ready);
  expect(await page.evaluate(() => [window.Candor!.has('analytics'), window.Candor!.state?.value.mode])).toEqual([
    false,
    'opt-in',
  ]);
  await expect(shadow(page).getByRole('button', { name: 'Reject all' })).toBeVisible();
  await gateSettled(page);
  expect(trackers.requests).toEqual([]);
  expect(watched.pageErrors).toEqual([]);
});

/**
 * A returning visitor's marked inline tags, run by the loader once the page is parsed
 * (loader/fast-gate.ts), without the gate chunk; everything else still goes to the gate, in order.
 */
import type { Page } from '@playwright/test';
import { expect, reloadAfresh, test } from './fixtures';
import { heldParts, streamingServer } from './streaming-server';

const CONFIG = (revision = 1): string => `{ "policy": { "revision": ${revision}, "url": "/privacy" },
  "purposes": [{ "id": "necessary", "required": true }, { "id": "analytics" }, { "id": "marketing" }, { "id": "functional" }],
  "services": [{ "id": "ga4", "purpose": "analytics", "name": "Google Analytics" },
               { "id": "ads", "purpose": "marketing", "name": "Ads" }] }`;

/** A tag that records its name in `window.__ran` when it runs. */
const tag = (name: string, consent: string, more = ''): string =>
  `<script type="text/plain" data-consent="${consent}" id="tag-${name}"${more}>(window.__ran ??= []).push('${name}')</script>`;

/** Serves `/fast.html`: the loader in <head> (`o.before` before it), `body` after the page's heading. */
async function servePage(
  page: Page,
  body: string,
  o: { revision?: number; headers?: Record<string, string>; before?: string } = {},
) {
  await page.unroute('**/fast.html');
  await page.route('**/fast.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      headers: o.headers ?? {},
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fast</title>
<script type="application/json" id="candor-config">${CONFIG(o.revision)}</script>
${o.before ?? ''}
<script src="/dist/candor.js" data-config="#candor-config"></script>
</head><body><main><h1>Fast</h1></main>${body}
</body></html>`,
    }),
  );
}

/**
 * Decides on a first visit to `/fast.html`, then reloads it as a returning visitor (the launcher is
 * there); `requests` then holds the returning visit's only.
 */
async function returnWith(page: Page, origin: string, decide: 'acceptAll' | 'analytics', requests: string[]) {
  await page.goto(`${origin}/fast.html`);
  await page.evaluate((d) => {
    const candor = window.Candor!;
    return d === 'acceptAll' ? candor.acceptAll() : candor.update({ purposes: { analytics: true } });
  }, decide);
  // The first visit's gate (it comes with the engine) has run a granted tag: the decision is in place.
  await page.waitForFunction(() => document.querySelector('script[data-candor="ran"]'));
  await reloadAfresh(page, requests);
  await expect(page.locator('[data-candor-launcher]').getByRole('button')).toBeVisible();
}

const ran = (page: Page): Promise<string[]> => page.evaluate(() => (window as { __ran?: string[] }).__ran ?? []);
/** The detail of the page's next `candor:revoke` event. */
const nextRevoke = (page: Page): Promise<unknown> =>
  page.evaluate(
    () =>
      new Promise((r) =>
        document.addEventListener('candor:revoke', (e) => r((e as CustomEvent).detail), { once: true }),
      ),
  );
const gateRequested = (requests: string[]): boolean => requests.some((u) => u.endsWith('/candor-gate.mjs'));

test("a returning visitor's granted inline tags run once the page is parsed, before the page's own DOMContentLoaded listeners, and no gate is downloaded", async ({
  page,
  origin,
  watched,
}) => {
  await servePage(
    page,
    `${tag('a', 'analytics', ' class="kept"')}
<script type="text/plain" data-consent="ga4,ads">(window.__ran ??= []).push('b'); window.__bAt = performance.now()</script>
<script>document.addEventListener('DOMContentLoaded', () => (window.__sawAtDcl = (window.__ran ?? []).length))</script>`,
  );
  await returnWith(page, origin, 'acceptAll', watched.requests);
  expect(await ran(page)).toEqual(['a', 'b']);
  const facts = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const a = document.getElementById('tag-a')!;
    return {
      byParsed: (window as { __bAt?: number }).__bAt! <= nav.domContentLoadedEventEnd,
      sawAtDcl: (window as { __sawAtDcl?: number }).__sawAtDcl,
      a: [a.getAttribute('type'), a.getAttribute('data-candor'), a.className, a.getAttribute('data-consent')],
      engine: window.Candor!.state === undefined,
    };
  });
  expect(facts).toEqual({ byParsed: true, sawAtDcl: 2, a: [null, 'ran', 'kept', 'analytics'], engine: true });
  expect(gateRequested(watched.requests)).toBe(false);
  expect(watched.pageErrors).toEqual([]);
  expect(watched.consoleErrors).toEqual([]);
});

test('at the first tag it does not run (external, refused), the fast path hands every later one to the gate: document order, nothing refused, and a revoke still sees what ran', async ({
  page,
  origin,
  watched,
}) => {
  await page.route('**/ext-b.js', (route) =>
    route.fulfill({ contentType: 'text/javascript', body: "(window.__ran ??= []).push('b')" }),
  );
  await servePage(
    page,
    tag('a', 'analytics') +
      '<script type="text/plain" data-consent="analytics" id="tag-b" data-src="/ext-b.js"></script>' +
      tag('c', 'analytics') +
      tag('d', 'marketing') +
      tag('e', 'ga4'),
  );
  await returnWith(page, origin, 'analytics', watched.requests);
  await expect.poll(() => ran(page)).toEqual(['a', 'b', 'c', 'e']);
  expect(gateRequested(watched.requests)).toBe(true);
  expect(await page.locator('#tag-d').getAttribute('type')).toBe('text/plain'); // marketing: refused, inert
  // Taking analytics back: the gate (loaded) sees the tags the loader ran, and a reload is recommended.
  const revoke = nextRevoke(page);
  await page.evaluate(() => window.Candor!.update({ purposes: { analytics: false } }));
  expect(await revoke).toEqual({ services: ['ga4'], reloadRecommended: true });
  expect(watched.pageErrors).toEqual([]);
});

test('a revoke on a page the fast path ran alone recommends the reload, without the gate', async ({
  page,
  origin,
  watched,
}) => {
  await servePage(page, tag('a', 'ga4'));
  await returnWith(page, origin, 'acceptAll', watched.requests);
  expect(await ran(page)).toEqual(['a']);
  expect(gateRequested(watched.requests)).toBe(false);
  const revoke = nextRevoke(page);
  await page.evaluate(() => window.Candor!.rejectAll());
  expect(await revoke).toEqual({ services: ['ga4', 'ads'], reloadRecommended: true });
  expect(gateRequested(watched.requests)).toBe(false);
  expect(watched.pageErrors).toEqual([]);
});

test('a revoke of a purpose that no service serves, whose marked tag ran, recommends the reload, and the UI offers it', async ({
  page,
  origin,
  watched,
}) => {
  await servePage(page, tag('f', 'functional'));
  await returnWith(page, origin, 'acceptAll', watched.requests);
  expect(await ran(page)).toEqual(['f']);
  // The visitor opens their privacy settings (the UI, which offers the reload, comes with them).
  await page.locator('[data-candor-launcher]').getByRole('button').click();
  await expect(page.getByRole('dialog')).toBeVisible();
  const revoke = nextRevoke(page);
  await page.evaluate(() => window.Candor!.update({ purposes: { functional: false } }));
  expect(await revoke).toEqual({ services: [], reloadRecommended: true });
  await expect(page.getByRole('button', { name: 'Reload page' })).toBeVisible();
  expect(watched.pageErrors).toEqual([]);
});

test('the fast path grants nothing the cookie no longer grants: a raised policy revision, an unknown id', async ({
  page,
  origin,
  watched,
}) => {
  const warned: string[] = [];
  page.on('console', (m) => void (m.type() === 'warning' && warned.push(m.text())));
  await servePage(page, tag('a', 'analytics') + tag('typo', 'analytic'));
  await page.goto(`${origin}/fast.html`);
  await page.evaluate(() => window.Candor!.acceptAll());
  // The unknown id: the first visit's gate (it comes with the engine) runs nothing for it and tells the site owner.
  await expect.poll(() => warned.join('\n')).toContain('"analytic" is not a purpose or service in the config');
  expect(await ran(page)).toEqual(['a']);
  await reloadAfresh(page, watched.requests);
  await expect(page.locator('[data-candor-launcher]').getByRole('button')).toBeVisible();
  // A returning visit: the fast path runs the granted tag and keeps the unknown id waiting, inert,
  // as it keeps a refused one: no gate for it.
  expect(await ran(page)).toEqual(['a']);
  expect(await page.locator('#tag-typo').getAttribute('type')).toBe('text/plain');
  expect(gateRequested(watched.requests)).toBe(false);
  // The site raises its policy revision: the cookie answers nothing, the visitor is asked again.
  await servePage(page, tag('a', 'analytics'), { revision: 2 });
  await page.reload();
  await expect(page.getByRole('button', { name: 'Accept all' })).toBeVisible();
  expect(await ran(page)).toEqual([]);
  expect(await page.locator('#tag-a').getAttribute('type')).toBe('text/plain');
  expect(watched.pageErrors).toEqual([]);
});

test('Trusted Types enforced and no nonce on the loader: the gate runs the tag the page refused to the fast path, through its policy', async ({
  page,
  origin,
  watched,
}) => {
  const headers = { 'content-security-policy': "require-trusted-types-for 'script'; trusted-types candor" };
  await servePage(page, tag('a', 'analytics'), { headers });
  await returnWith(page, origin, 'acceptAll', watched.requests);
  await expect.poll(() => ran(page)).toEqual(['a']);
  expect(gateRequested(watched.requests)).toBe(true);
  expect(await page.locator('#tag-a').getAttribute('data-candor')).toBe('ran');
  expect(watched.pageErrors).toEqual([]);
  // The browser's own report of the refused plain string; Candor itself reports nothing.
  expect(watched.consoleErrors.filter((m) => !/TrustedScript/.test(m))).toEqual([]);
});

/** A tag that records whether Consent Mode's update and a `candor_consent_update` push (`and` of it) came before it ran. */
const TOLD = (and: string): string => `(window.__ran ??= []).push(
    (window.dataLayer ?? []).some((a) => a[0] === 'consent' && a[1] === 'update') &&
      (window.dataLayer ?? []).some((e) => e.event === 'candor_consent_update'${and}))`;

test('a tag parsed before the loader runs once Consent Mode and the dataLayer have heard the grants', async ({
  page,
  origin,
  watched,
}) => {
  await servePage(page, tag('after', 'analytics'), {
    before: `<script type="text/plain" data-consent="analytics">${TOLD('')}</script>`,
  });
  await returnWith(page, origin, 'acceptAll', watched.requests);
  expect(await ran(page)).toEqual([true, 'after']);
  expect(gateRequested(watched.requests)).toBe(false);
  expect(watched.pageErrors).toEqual([]);
});

test("a returning visitor whose one decision is a placeholder's grant: the service's tag runs once Consent Mode and the dataLayer have heard it", async ({
  page,
  origin,
  watched,
}) => {
  await servePage(
    page,
    `<script type="text/plain" data-consent="ga4">${TOLD(' && e.candor?.services?.ga4 === true')}</script>`,
  );
  await page.goto(`${origin}/fast.html`);
  // What a placeholder's button records: the service alone, no purpose decided (the banner still asks).
  await page.evaluate(() => window.Candor!.update({ services: { ga4: true } }, { method: 'placeholder' }));
  await page.waitForFunction(() => document.querySelector('script[data-candor="ran"]'));
  await reloadAfresh(page, watched.requests);
  await expect.poll(() => ran(page)).toEqual([true]);
  await expect(page.getByRole('region', { name: 'Cookies and your privacy' })).toBeVisible();
  expect(watched.pageErrors).toEqual([]);
});

const LOADER = '<script src="/dist/candor.js" data-config="#candor-config"></script>';
for (const [before, what, late] of [
  ['', '', false],
  ['<img name="readyState" alt="">', ', after markup that shadows document.readyState', false],
  ['<img name="readyState" alt="">', ', from a loader placed after such markup', true],
] as const)
  test(`a tag whose text reaches the browser in two parts runs whole, once (the fast path waits for the page to be parsed${what})`, async ({
    page,
    origin,
    watched,
  }) => {
    const head = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Streamed</title>
<script type="application/json" id="candor-config">${CONFIG()}</script>
${late ? '' : LOADER}
</head><body><main><h1>Streamed</h1></main>${before}${late ? LOADER : ''}
<script type="text/plain" data-consent="analytics">(window.__ran ??= []).push('first half`;
    const held = heldParts(false);
    const server = await streamingServer(origin, [head, ` and second half')</script>\n</body></html>`], held.gap);
    try {
      await page.goto(server.url);
      await page.evaluate(() => window.Candor!.acceptAll());
      await page.waitForFunction(() => document.querySelector('script[data-candor="ran"]'));
      // Returning: the page's rest comes only once the test has seen the loader run while the parser
      // holds half of the tag's text (the cookie grants it, so a fast path that ran it now would run half).
      held.hold();
      await page.reload({ waitUntil: 'commit' });
      await page.locator('main').waitFor();
      await page.waitForFunction(() => window.Candor && document.querySelector('script[data-consent]'));
      // Through Document's own accessor (streamed-page.spec.ts): still parsing, and nothing ran.
      const state = () => Object.getOwnPropertyDescriptor(Document.prototype, 'readyState')!.get!.call(document);
      expect(await page.evaluate(state)).toBe('loading');
      expect(await page.evaluate(() => document.querySelector('script[data-consent]')!.textContent)).toBe(
        "(window.__ran ??= []).push('first half",
      );
      expect(await page.locator('script[data-candor]').count()).toBe(0); // not run, not handed to the gate
      expect(await ran(page)).toEqual([]);
      expect(watched.pageErrors).toEqual([]);
      held.release();
      // The fast path runs it at DOMContentLoaded, before the load event.
      await page.waitForLoadState('load');
      expect(await ran(page)).toEqual(['first half and second half']);
      await expect(page.locator('[data-candor-launcher]').getByRole('button')).toBeVisible();
      expect(watched.pageErrors).toEqual([]);
    } finally {
      held.release();
      server.close();
    }
  });

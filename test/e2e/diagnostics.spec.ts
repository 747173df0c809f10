/**
 * Development diagnostics for site owners (issue 17): the production script tag says each mistake
 * once on the console, without any setting: unknown config keys (with "did you mean"), ids in
 * data-consent that name nothing, marked elements the browser runs or loads anyway, the loader
 * loaded with defer, async or type="module", or after Google's tag, and a dashboard with no way to
 * send a data request.
 * A correct page says nothing and never loads the diagnostics chunk.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, gateSettled, test } from './fixtures';

declare global {
  interface Window {
    __ran?: string[];
  }
}

const GOOD = {
  policy: { revision: 1, url: '/privacy', contact: 'privacy@example.com' },
  purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }, { id: 'marketing' }],
  services: [{ id: 'video', purpose: 'marketing', name: 'Video host', hosts: ['127.0.0.1'] }],
};
const CORRECT_MARKUP = `<script type="text/plain" data-consent="analytics">(window.__ran ??= []).push('analytics');</script>
<script type="text/plain" data-consent="marketing" src="/test/e2e/pages/csp-external.js"></script>`;
const FRAME = '<iframe data-consent="video" data-src="/test/e2e/pages/page.css" title="A video"></iframe>';

interface PageParts {
  readonly config?: unknown;
  /** Attributes added to the loader's tag. */
  readonly loader?: string;
  /** Markup before the config and the loader, in <head>. */
  readonly before?: string;
  /** Markup after the loader, in <head>. */
  readonly head?: string;
  readonly body?: string;
}

const html = (
  p: PageParts,
): string => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Diagnostics</title>${p.before ?? ''}
<script type="application/json" id="candor-config">${JSON.stringify(p.config ?? GOOD)}</script>
<script src="/dist/candor.js" data-config="#candor-config"${p.loader ?? ''}></script>
${p.head ?? ''}
</head><body><h1>A page</h1>${p.body ?? ''}</body></html>`;

/** Serves `parts` at a page of its own; resolves with the page and what Candor said on the console. */
async function openWith(
  page: Page,
  origin: string,
  parts: PageParts,
): Promise<{ said: string[]; diagnostics: () => number }> {
  const said: string[] = [];
  let requested = 0;
  page.on('console', (m) => {
    if (/^(warning|error)$/.test(m.type()) && m.text().startsWith('Candor:')) said.push(m.text());
  });
  page.on('request', (r) => void (r.url().endsWith('/candor-diagnostics.mjs') && requested++));
  await page.route('**/diagnostics-page.html', (route) =>
    route.fulfill({ body: html(parts), contentType: 'text/html' }),
  );
  await page.goto(`${origin}/diagnostics-page.html`);
  await page.evaluate(() => window.Candor!.ready);
  return { said, diagnostics: () => requested };
}

/** The messages that contain `part`. */
const about = (said: readonly string[], part: string): string[] => said.filter((m) => m.includes(part));

/** Candor said `count` messages about `part`, and nothing else. */
function saidOnly(said: readonly string[], part: string, count: number): void {
  expect(about(said, part).length).toBe(count);
  expect(said.filter((m) => !m.includes(part))).toEqual([]);
}

/** Accepts everything and waits until the marked scripts ran: the gate has looked at the page again. */
async function acceptAndRun(page: Page): Promise<void> {
  await page.evaluate(() => window.Candor!.acceptAll());
  await page.waitForFunction(() => (window.__ran ?? []).includes('analytics'));
}

test('a correct page (sync loader, correct markings, a contact) says nothing, before and after decisions and a reload', async ({
  page,
  origin,
}) => {
  const { said } = await openWith(page, origin, { head: CORRECT_MARKUP, body: FRAME });
  await gateSettled(page); // its probe names no purpose: that one message is the probe's own
  await acceptAndRun(page);
  await expect(page.locator('iframe[title="A video"]')).toHaveAttribute('src', '/test/e2e/pages/page.css');
  await page.evaluate(() => window.Candor!.rejectAll()); // the frame is held back again: no message for its src
  await expect(page.locator('iframe[title="A video"]')).not.toHaveAttribute('src', /./);
  expect(said.filter((m) => !m.includes('test-gate-probe'))).toEqual([]);
  await page.reload();
  await page.evaluate(() => window.Candor!.ready);
  expect(said.filter((m) => !m.includes('test-gate-probe'))).toEqual([]);
});

test('a correct page without any mistake does not request the diagnostics chunk', async ({ page, origin }) => {
  const { diagnostics } = await openWith(page, origin, { head: CORRECT_MARKUP, body: FRAME });
  await acceptAndRun(page);
  await expect(page.locator('iframe[title="A video"]')).toHaveAttribute('src', /page\.css/);
  expect(diagnostics()).toBe(0);
});

test('unknown config keys are said once each, with did you mean, even when the config is otherwise valid', async ({
  page,
  origin,
}) => {
  const config = { ...GOOD, autoblock: true, ui: { layot: 'box' } };
  const { said } = await openWith(page, origin, { config });
  await expect.poll(() => about(said, 'config ').length).toBe(2);
  expect(about(said, 'config autoblock: ')).toEqual([
    'Candor: config autoblock: unknown key, ignored (did you mean "autoBlock"?)',
  ]);
  expect(about(said, 'config ui.layot: ')).toEqual([
    'Candor: config ui.layot: unknown key, ignored (did you mean "layout"?)',
  ]);
  await page.evaluate(() => window.Candor!.acceptAll());
  await page.evaluate(() => window.Candor!.records());
  expect(about(said, 'config ').length).toBe(2);
});

test('a returning visitor sees an unknown key on the first page after the config changed, without anything loading the engine', async ({
  page,
  origin,
}) => {
  let parts: PageParts = {};
  const said: string[] = [];
  page.on('console', (m) => void (m.text().startsWith('Candor: config') && said.push(m.text())));
  await page.route('**/diagnostics-page.html', (route) =>
    route.fulfill({ body: html(parts), contentType: 'text/html' }),
  );
  await page.goto(`${origin}/diagnostics-page.html`);
  await page.evaluate(() => window.Candor!.acceptAll());
  parts = { config: { ...GOOD, reloadOnRevok: true } };
  await page.reload(); // the cookie was written for the old config: the engine checks the new one at once
  await expect
    .poll(() => said)
    .toEqual(['Candor: config reloadOnRevok: unknown key, ignored (did you mean "reloadOnRevoke"?)']);
});

test('an unknown key is said next to the error of the config it makes invalid', async ({ page, origin }) => {
  const { policy, ...rest } = GOOD;
  const { said } = await openWith(page, origin, { config: { ...rest, polcy: policy } });
  await expect
    .poll(() => about(said, 'config polcy: '))
    .toEqual(['Candor: config polcy: unknown key, ignored (did you mean "policy"?)']);
  expect(about(said, 'policy: required').length).toBe(1); // the invalid config's one error, as before
});

test('an id in data-consent that names nothing is said once, however many elements carry it', async ({
  page,
  origin,
}) => {
  const { said } = await openWith(page, origin, {
    head: `${CORRECT_MARKUP}<script type="text/plain" data-consent="analytcs">window.__typo = 1;</script>`,
    body: '<iframe data-consent="analytcs" data-src="/test/e2e/pages/page.css" title="Typo"></iframe>',
  });
  await acceptAndRun(page);
  await expect.poll(() => about(said, '"analytcs" is not').length).toBe(1);
  expect(about(said, '"analytcs" is not')[0]).toBe(
    'Candor: data-consent="analytcs": "analytcs" is not a purpose or service in the config (it has necessary, analytics, marketing, video), so this element never loads',
  );
  await page.evaluate(() => window.Candor!.update({ purposes: { analytics: false } }));
  await page.evaluate(() => window.Candor!.update({ purposes: { analytics: true } }));
  await gateSettled(page);
  expect(about(said, '"analytcs" is not').length).toBe(1);
});

test('a marked script without type="text/plain" is said once (it ran before any consent)', async ({ page, origin }) => {
  const early = '<script data-consent="analytics">(window.__ran ??= []).push("early");</script>';
  const { said } = await openWith(page, origin, { head: `${CORRECT_MARKUP}${early}${early}` });
  await acceptAndRun(page);
  await expect.poll(() => about(said, 'has no type="text/plain"').length).toBe(1);
  expect(about(said, 'has no type="text/plain"')[0]).toBe(
    'Candor: <script data-consent="analytics"> has no type="text/plain", so the browser runs it at once, before any consent: add type="text/plain"',
  );
  await gateSettled(page);
  expect(about(said, 'has no type="text/plain"').length).toBe(1);
});

test('a marked iframe with src is said once (it loaded before any consent); one with data-src is not', async ({
  page,
  origin,
}) => {
  const { said } = await openWith(page, origin, {
    head: CORRECT_MARKUP,
    body: `${FRAME}<iframe data-consent="video" src="/test/e2e/pages/page.css?early" title="Early"></iframe>`,
  });
  await expect.poll(() => about(said, 'has src').length).toBe(1);
  expect(about(said, 'has src')[0]).toBe(
    'Candor: <iframe data-consent="video"> has src, so the browser loads it at once, before any consent: rename src to data-src',
  );
  await acceptAndRun(page);
  await expect(page.locator('iframe[title="A video"]')).toHaveAttribute('src', /page\.css/);
  await page.evaluate(() => window.Candor!.rejectAll());
  await gateSettled(page);
  expect(about(said, 'has src').length).toBe(1);
});

for (const [loader, how] of [
  [' defer', 'defer'],
  [' async', 'async'],
  [' type="module"', 'type="module"'],
] as const) {
  test(`the loader loaded with ${how} is said once, and Candor still works`, async ({ page, origin }) => {
    const { said } = await openWith(page, origin, { loader, head: CORRECT_MARKUP });
    await expect.poll(() => about(said, 'candor.js is loaded with').length).toBe(1);
    expect(about(said, 'candor.js is loaded with')[0]).toContain(`candor.js is loaded with ${how}, so it runs after`);
    await acceptAndRun(page); // the config was read from its data-config, the gate works
    saidOnly(said, 'candor.js is loaded with', 1);
  });
}

/** Google's snippets as their guides show them (without the script they load: no network here). */
const GTAG = `<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}
gtag('js', new Date()); gtag('config', 'G-TEST');</script>`;
const GTM = `<script>(function(w,l){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),event:'gtm.js'});})(window,'dataLayer');</script>`;

for (const [what, before, found] of [
  ['gtag', GTAG, "gtag('js')"],
  ['Google Tag Manager', GTM, 'Google Tag Manager'],
] as const)
  test(`${what} set up before the loader is said once, as an error (its tags may send before the defaults)`, async ({
    page,
    origin,
  }) => {
    const { said } = await openWith(page, origin, { before, head: CORRECT_MARKUP });
    await expect
      .poll(() => about(said, "is in dataLayer before Consent Mode's defaults"))
      .toEqual([expect.stringContaining(`Candor: ${found} is in dataLayer before Consent Mode's defaults`)]);
    await acceptAndRun(page);
    saidOnly(said, 'dataLayer before', 1);
  });

test('a dataLayer the page replaced after the loader is said once, with the right fix (the loader was first)', async ({
  page,
  origin,
}) => {
  const replace = `<script>dataLayer = [{ 'gtm.start': 1, event: 'gtm.js' }];</script>`; // older GTM guides
  const { said } = await openWith(page, origin, { head: replace + CORRECT_MARKUP });
  await expect
    .poll(() => about(said, 'dataLayer'))
    .toEqual([expect.stringContaining('Candor: Google Tag Manager is in a dataLayer without Consent Mode')]);
  expect(about(said, 'dataLayer')[0]).toContain('the page replaced window.dataLayer after candor.js');
  expect(about(said, 'Load candor.js first')).toEqual([]);
});

test('gtag and Google Tag Manager set up after the loader are not said', async ({ page, origin }) => {
  const { said } = await openWith(page, origin, { head: GTAG + GTM + CORRECT_MARKUP });
  await acceptAndRun(page); // the engine is there: its check has run
  expect(await page.evaluate(() => (window as unknown as { dataLayer: unknown[] }).dataLayer.length)).toBeGreaterThan(
    3,
  );
  expect(said).toEqual([]);
});

test('a second loader with another data-config or data-region is said once per setting (it does nothing); a copy with the same settings is not', async ({
  page,
  origin,
}) => {
  const config = { ...GOOD, jurisdiction: { default: 'opt-in', US: 'opt-out' } };
  const other = `<script type="application/json" id="other-config">${JSON.stringify(config)}</script>
<script src="/dist/candor.js" data-config="#other-config" data-region="US"></script>
<script src="/dist/candor.js?again" data-config="#candor-config" data-region="de"></script>
<script type="text/plain" src="/dist/candor.js" data-config="/elsewhere.json"></script>`;
  const { said } = await openWith(page, origin, { config, loader: ' data-region="DE"', head: other + CORRECT_MARKUP });
  await expect
    .poll(() => about(said, 'a second candor.js').sort()) // each said on its own: in any order
    .toEqual([
      'Candor: a second candor.js with data-config="#other-config" does nothing: this page runs the first one, with data-config="#candor-config". Keep one loader per page, with the settings you mean',
      'Candor: a second candor.js with data-region="US" does nothing: this page runs the first one, with data-region="DE". Keep one loader per page, with the settings you mean',
    ]); // not "de" (the same region), not the script that does not run
  await acceptAndRun(page); // the first loader's config runs the page
  saidOnly(said, 'a second candor.js', 2);
});

test('a second loader the site renamed (minified, with a version) is said too; a site script whose name only starts with "candor" is not', async ({
  page,
  origin,
}) => {
  const loader = readFileSync('dist/candor.js', 'utf8');
  await page.route('**/vendor/*', (route) => route.fulfill({ body: loader, contentType: 'text/javascript' }));
  await page.route('**/js/candor-setup.js', (route) =>
    route.fulfill({ body: 'window.__setup = true;', contentType: 'text/javascript' }),
  );
  const other = `<script src="/vendor/candor-1.4.2.min.js" data-config="#renamed"></script>
<script src="/vendor/candor.min.js?v=3" data-config="#minified"></script>
<script src="/js/candor-setup.js"></script>`;
  const { said } = await openWith(page, origin, { head: other + CORRECT_MARKUP });
  await expect
    .poll(() => about(said, 'a second candor.js').sort())
    .toEqual([
      'Candor: a second candor.js with data-config="#minified" does nothing: this page runs the first one, with data-config="#candor-config". Keep one loader per page, with the settings you mean',
      'Candor: a second candor.js with data-config="#renamed" does nothing: this page runs the first one, with data-config="#candor-config". Keep one loader per page, with the settings you mean',
    ]); // not the site's own candor-setup.js, which has no data-config
  expect(await page.evaluate(() => (window as { __setup?: boolean }).__setup)).toBe(true);
  await acceptAndRun(page); // the engine is there: its checks have run once
  saidOnly(said, 'a second candor.js', 2);
});

test('Candor.on() with a name that is no event is said once the engine has it, once per name; a real event, before or after the engine, is not', async ({
  page,
  origin,
}) => {
  // Before the engine: a typo, the same typo again and a real event, handed to the engine when it loads.
  const early = `<script>Candor.on('chnage', () => {}); Candor.on('chnage', () => {}); Candor.on('change', () => {});</script>`;
  const { said } = await openWith(page, origin, { head: early + CORRECT_MARKUP });
  const first =
    'Candor: Candor.on("chnage") names no event, so its listener never runs. The events: ready, change, prompt, error, sync';
  await expect.poll(() => about(said, 'names no event')).toEqual([first]);
  // After the engine (a Symbol is said by its type, never turned into a string), and a real event again.
  await page.evaluate(() => {
    const on = window.Candor!.on as (type: unknown, fn: () => void) => () => void;
    on('toString', () => {});
    on(Symbol('change'), () => {});
    on('sync', () => {});
  });
  await expect
    .poll(() => about(said, 'names no event'))
    .toEqual([
      first,
      'Candor: Candor.on("toString") names no event, so its listener never runs. The events: ready, change, prompt, error, sync',
      'Candor: Candor.on(a value of type symbol) names no event, so its listener never runs. The events: ready, change, prompt, error, sync',
    ]);
  await acceptAndRun(page);
  saidOnly(said, 'names no event', 3);
});

test('a second loader’s other data-region is not said where the mode does not depend on it (a fixed jurisdiction)', async ({
  page,
  origin,
}) => {
  const other = '<script src="/dist/candor.js?again" data-config="#candor-config" data-region="US"></script>';
  const { said } = await openWith(page, origin, { head: other + CORRECT_MARKUP });
  await acceptAndRun(page); // the engine is there: its checks have run
  expect(said).toEqual([]);
});

test('a data-region that is no ISO 3166 code is said once, and gets opt-in where the default is opt-out (fail closed)', async ({
  page,
  origin,
}) => {
  const config = { ...GOOD, jurisdiction: { default: 'opt-out', DE: 'opt-in' } };
  const { said } = await openWith(page, origin, { config, loader: ' data-region="Germany"' });
  await expect
    .poll(() => about(said, 'data-region'))
    .toEqual([
      'Candor: data-region="Germany" is not an ISO 3166 code such as "DE" or "US-CA", so nobody can tell where the visitor is: the strictest mode, opt-in, applies',
    ]);
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
  await expect(page.getByRole('region', { name: 'Cookies and your privacy' })).toBeVisible(); // asked, as any opt-in visitor
  expect(said.filter((m) => !m.includes('data-region'))).toEqual([]);
});

test('a data-region in ISO 3166 form is not said, and picks its mode', async ({ page, origin }) => {
  const config = { ...GOOD, jurisdiction: { default: 'opt-in', 'US-CA': 'opt-out' } };
  const { said } = await openWith(page, origin, { config, loader: ' data-region="us-ca"' });
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(true); // opt-out: on until refused
  expect(said).toEqual([]);
});

test('a config with neither policy.contact nor sync.endpoint is said once (the dashboard cannot send requests)', async ({
  page,
  origin,
}) => {
  const { said } = await openWith(page, origin, { config: { ...GOOD, policy: { revision: 1, url: '/privacy' } } });
  await expect.poll(() => about(said, 'neither policy.contact nor sync.endpoint').length).toBe(1);
  await page.evaluate(() => window.Candor!.acceptAll());
  await page.evaluate(() => window.Candor!.records());
  expect(said).toEqual([
    'Candor: the config has neither policy.contact nor sync.endpoint, so the privacy dashboard\'s request buttons (access, correction, deletion) have nowhere to go: add "policy": { "contact": "privacy@example.com" } (an email address or a URL), or a sync endpoint',
  ]);
});

test('a config without policy.url is said once (the banner and the panel link to no privacy policy)', async ({
  page,
  origin,
}) => {
  const { said } = await openWith(page, origin, {
    config: { ...GOOD, policy: { revision: 1, contact: 'privacy@example.com' } },
  });
  await expect(page.getByRole('button', { name: 'Accept all' })).toBeVisible();
  await expect.poll(() => about(said, 'policy.url').length).toBe(1);
  await page.evaluate(() => window.Candor!.acceptAll());
  await page.evaluate(() => window.Candor!.records());
  expect(said).toEqual([
    'Candor: the config has no policy.url, so the banner and the panel link to no privacy policy, which visitors should be able to read before they choose: add "policy": { "url": "/privacy" } (your policy page)',
  ]);
});

test('a ui.locale Candor does not ship is said once, and the banner is in English', async ({ page, origin }) => {
  // No request for a file that does not exist: the browser would log its 404 as a second error.
  const failed: string[] = [];
  page.on('response', (r) => void (r.status() >= 400 && failed.push(r.url())));
  const { said } = await openWith(page, origin, { config: { ...GOOD, ui: { locale: 'german' } } });
  await expect(page.getByRole('button', { name: 'Accept all' })).toBeVisible();
  await expect.poll(() => about(said, 'ui.locale').length).toBe(1);
  expect(said).toEqual(['Candor: config ui.locale: "german" is not a locale Candor ships: the UI is in English']);
  expect(await page.evaluate(() => window.Candor!.locale)).toBe('en');
  expect(failed).toEqual([]);
});

test('a link relative to each page (policy.url, a contact URL, a service privacyUrl) is said once each', async ({
  page,
  origin,
}) => {
  const config = {
    ...GOOD,
    policy: { revision: 1, url: 'privacy.html', contact: 'example.com/contact' },
    services: [
      { ...GOOD.services[0], privacyUrl: 'policies.example.com/privacy' },
      { id: 'stats', purpose: 'analytics', privacyUrl: 'https://stats.example/privacy' },
    ],
  };
  const { said } = await openWith(page, origin, { config });
  await expect.poll(() => about(said, 'relative').length).toBe(3);
  const tail = `is relative: pages in other folders link elsewhere; start it with "/" or "https://"`;
  expect(said.sort()).toEqual([
    `Candor: config policy.contact: "example.com/contact" ${tail}`,
    `Candor: config policy.url: "privacy.html" ${tail}`,
    `Candor: config services[0].privacyUrl: "policies.example.com/privacy" ${tail}`,
  ]);
});

test("Consent Mode granted without the visitor's choice is said once each: types that need consent mapped to a required purpose or granted by a region's default where the mode is opt-in, and a type a sensitive purpose shares", async ({
  page,
  origin,
}) => {
  const config = {
    ...GOOD,
    jurisdiction: { default: 'opt-in', 'US-CA': 'opt-out' },
    purposes: [
      // security_storage needs no consent; ad_storage and ad_user_data do, and a required purpose is never refused.
      { id: 'necessary', required: true, gcm: ['security_storage', 'ad_storage', 'ad_user_data'] },
      { id: 'analytics', gcm: ['analytics_storage'] },
      { id: 'marketing', gcm: ['ad_storage', 'ad_personalization'] },
      // Accept all leaves it off, but not ad_personalization, which marketing maps too; personalization_storage is its own.
      { id: 'health', sensitive: true, gcm: ['ad_personalization', 'personalization_storage'] },
    ],
    texts: { en: { 'purpose.health.title': 'Health', 'purpose.health.description': 'Health-based suggestions.' } },
    gcm: {
      regions: {
        'US-CA': ['ad_storage', 'analytics_storage'], // opt-out there: nothing to say
        US: ['analytics_storage', 'functionality_storage'], // the rest of the US is opt-in (default)
        DE: ['functionality_storage'], // no type that needs consent
      },
    },
  };
  const { said } = await openWith(page, origin, { config });
  await expect.poll(() => about(said, 'Consent Mode').length + about(said, 'gcm.regions').length).toBe(3);
  await page.evaluate(() => window.Candor!.acceptAll());
  await page.evaluate(() => window.Candor!.records());
  expect(said.sort()).toEqual([
    `Candor: gcm.regions["US"] grants analytics_storage where the mode is opt-in: Google's tags may use them before the visitor chooses. Deny them there, or make the region opt-out in "jurisdiction"`,
    `Candor: purpose "necessary" is required and maps Consent Mode's ad_storage, ad_user_data: granted on every page, never refusable. Map them to a purpose the visitor chooses`,
    `Candor: purposes "health" (sensitive) and "marketing" both map Consent Mode's ad_personalization, so it is granted when either is: Accept all grants it, though it leaves "health" off. Map it to one purpose`,
  ]);
  // As said: Accept all left the sensitive purpose off, and Consent Mode has its type granted.
  expect(await page.evaluate(() => window.Candor!.has('health'))).toBe(false);
  const updates = await page.evaluate(() =>
    ((window as { dataLayer?: ArrayLike<unknown>[] }).dataLayer ?? []).filter(
      (e) => e[0] === 'consent' && e[1] === 'update',
    ),
  );
  expect((updates.at(-1)?.[2] as Record<string, string>)['ad_personalization']).toBe('granted');
});

test("a country's Consent Mode default that grants where one of its opt-in subdivisions has none of its own is said; a sensitive purpose's type shared only with a required purpose is said once, as the required purpose's", async ({
  page,
  origin,
}) => {
  const config = {
    ...GOOD,
    // California is opt-in, the rest of the US opt-out: Google applies "US" to California too.
    jurisdiction: { default: 'opt-out', 'US-CA': 'opt-in', 'US-VA': 'opt-in' },
    purposes: [
      { id: 'necessary', required: true, gcm: ['security_storage', 'ad_storage'] },
      { id: 'analytics', gcm: ['analytics_storage'] },
      { id: 'marketing', gcm: [] }, // none (by default marketing maps the ad types)
      { id: 'health', sensitive: true, gcm: ['ad_storage', 'security_storage'] },
    ],
    texts: { en: { 'purpose.health.title': 'Health', 'purpose.health.description': 'Health-based suggestions.' } },
    // Virginia has a default of its own, which denies: only "US" is said.
    gcm: { regions: { US: ['ad_storage'], 'US-VA': [], DE: ['analytics_storage'] } },
  };
  const { said } = await openWith(page, origin, { config });
  await expect.poll(() => about(said, 'Consent Mode').length + about(said, 'gcm.regions').length).toBe(2);
  await page.evaluate(() => window.Candor!.records());
  expect(said.sort()).toEqual([
    `Candor: gcm.regions["US"] grants ad_storage where the mode is opt-in: Google's tags may use them before the visitor chooses. Deny them there, or make the region opt-out in "jurisdiction"`,
    `Candor: purpose "necessary" is required and maps Consent Mode's ad_storage: granted on every page, never refusable. Map them to a purpose the visitor chooses`,
  ]);
});

test('Consent Mode mapped only to purposes the visitor chooses, a sensitive purpose with types of its own, and region defaults that grant only where the mode is opt-out, are not said', async ({
  page,
  origin,
}) => {
  const config = {
    ...GOOD,
    jurisdiction: 'opt-out',
    purposes: [
      { id: 'necessary', required: true, gcm: ['security_storage', 'functionality_storage'] },
      { id: 'analytics', gcm: ['analytics_storage'] },
      { id: 'marketing', saleOrSharing: true, gcm: ['ad_storage', 'ad_user_data', 'ad_personalization'] },
      { id: 'health', sensitive: true, gcm: ['personalization_storage'] }, // a type of its own
    ],
    texts: { en: { 'purpose.health.title': 'Health', 'purpose.health.description': 'Health-based suggestions.' } },
    gcm: { regions: { US: ['ad_storage', 'analytics_storage'] } },
  };
  const { said } = await openWith(page, origin, { config });
  await page.evaluate(() => window.Candor!.records());
  expect(said).toEqual([]);
});

test('a ui.locale Candor ships in another form (de-CH) is not said', async ({ page, origin }) => {
  const { said } = await openWith(page, origin, { config: { ...GOOD, ui: { locale: 'de-CH' } } });
  await expect(page.getByRole('button', { name: 'Alle akzeptieren' })).toBeVisible();
  await page.evaluate(() => window.Candor!.ready);
  expect(said).toEqual([]);
});

test('a sync endpoint without a contact is a way to send requests: nothing is said', async ({ page, origin }) => {
  const config = { ...GOOD, policy: { revision: 1, url: '/privacy' }, sync: { endpoint: '/api/consent' } };
  await page.route('**/api/consent**', (route) => route.fulfill({ status: 204 }));
  const { said, diagnostics } = await openWith(page, origin, { config, head: CORRECT_MARKUP });
  await acceptAndRun(page);
  expect(about(said, 'policy.contact')).toEqual([]);
  expect(diagnostics()).toBe(0);
});

test('a loader loaded as type="module" with a CSP nonce still runs only the marked scripts that carry its nonce', async ({
  page,
  origin,
}) => {
  const csp = "default-src 'self'; script-src 'nonce-n0nce789' 'strict-dynamic'; base-uri 'none'";
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Module and nonce</title>
<script type="application/json" id="candor-config">${JSON.stringify(GOOD)}</script>
<script type="module" nonce="n0nce789" src="/dist/candor.js" data-config="#candor-config"></script>
<script nonce="n0nce789" type="text/plain" data-consent="necessary">(window.__ran ??= []).push('site');</script>
<script type="text/plain" data-consent="necessary">(window.__ran ??= []).push('injected');</script>
</head><body><h1>Nonce</h1></body></html>`;
  const refused: string[] = [];
  page.on('console', (m) => void (m.text().includes("without the loader's CSP nonce") && refused.push(m.text())));
  await page.route('**/module-nonce.html', (route) =>
    route.fulfill({ body, contentType: 'text/html', headers: { 'content-security-policy': csp } }),
  );
  await page.goto(`${origin}/module-nonce.html`);
  await page.evaluate(() => window.Candor!.ready);
  await expect.poll(() => page.evaluate(() => window.__ran ?? [])).toEqual(['site']);
  await expect.poll(() => refused.length).toBe(1);
  await page.evaluate(() => window.Candor!.acceptAll());
  await gateSettled(page);
  expect(await page.evaluate(() => window.__ran)).toEqual(['site']);
});

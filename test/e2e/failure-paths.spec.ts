/**
 * The script tag's failure paths, as a careless deploy or site owner makes them: a chunk or locale
 * file that cannot load on a first visit, when the visitor opens the panel, or on a returning
 * visitor's page; a `window.candorConfig` that is no config; a consent cookie (and its local copy)
 * written for another config. Each must fail closed (nothing granted that the visitor did not
 * choose, no tracker request), throw nothing into the page, say once on the console what to fix
 * where something is wrong, and every API call must still answer.
 * (Covered elsewhere: data-config sources in config-source.spec.ts, the gate and cookie clean-up
 * chunks in gating.spec.ts, candor-first.mjs and candor-returning.mjs in ui.spec.ts and
 * partial-deploy.spec.ts.)
 */
import type { Page } from '@playwright/test';
import { announcedIn, axe, decisionStored, mountInline, openUi } from './a11y';
import { expect, test, type Watched } from './fixtures';
import { fakeTrackers } from './trackers';
import { decide } from './steps';

const TRACKERS = '/test/e2e/pages/trackers.html';
const OPT_OUT = '/test/e2e/pages/optout-gated.html';
const BLANK = '/test/e2e/pages/blank.html';
const BASIC = '/test/e2e/pages/basic.html';

/** Candor's own console errors (the browser's line for each refused request aside). */
const ours = (watched: Watched): string[] =>
  watched.consoleErrors.filter((m) => !m.startsWith('Failed to load resource'));

/** What the API answers now: has(), then acceptAll() and records() (which load the engine if it can). */
const answers = (page: Page) =>
  page.evaluate(async () => {
    const c = window.Candor!;
    await c.ready;
    return {
      analytics: c.has('analytics'),
      acceptAll: (await c.acceptAll()) ?? null,
      afterAcceptAll: c.has('analytics'),
      records: (await c.records()).length,
    };
  });
const REFUSED = { analytics: false, acceptAll: null, afterAcceptAll: false, records: 0 };

const banner = (page: Page) => page.getByRole('region', { name: 'Cookies and your privacy' });

test.describe('a first visit whose file cannot load', () => {
  for (const body of ['{"error":"not found"}', 'null', '[]'])
    test(`the first layer's locale is JSON but no locale (${body}, served with 200): no banner of bare keys, one error naming the file`, async ({
      page,
      context,
      origin,
      watched,
    }) => {
      const trackers = await fakeTrackers(context);
      await page.route('**/dist/locales/first/en.json', (route) =>
        route.fulfill({ body, contentType: 'application/json' }),
      );
      await page.goto(`${origin}${TRACKERS}`);
      await expect.poll(() => ours(watched)).toHaveLength(1);
      expect(ours(watched)[0]).toMatch(
        /^Candor: could not load the consent UI: .*locales\/first\/en\.json is not a locale file/,
      );
      expect(await page.locator('[data-candor-ui]').count()).toBe(0);
      expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
      expect(trackers.requests).toEqual([]);
      expect(watched.pageErrors).toEqual([]);
    });

  test("another language's first-layer locale that is no locale: the banner in English instead", async ({
    page,
    origin,
    watched,
  }) => {
    await page.route('**/dist/locales/first/de.json', (route) =>
      route.fulfill({ body: '{"error":"not found"}', contentType: 'application/json' }),
    );
    await page.route(`**${TRACKERS}`, async (route) => {
      const html = await (await route.fetch()).text();
      const body = html.replace('<html lang="en">', '<html lang="de">');
      if (body === html) throw new Error('the lang attribute was not found in the test page');
      await route.fulfill({ body, contentType: 'text/html' });
    });
    await page.goto(`${origin}${TRACKERS}`);
    await expect(banner(page)).toBeVisible();
    await expect(banner(page).getByRole('button', { name: 'Accept all' })).toBeVisible();
    expect(watched.pageErrors).toEqual([]);
  });

  test("another language's first-layer locale with a blank button text: the banner in English, Reject all named", async ({
    page,
    origin,
    watched,
  }) => {
    // As a translation tool exports an untranslated key: a Reject all with no name beside Accept all.
    await page.route('**/dist/locales/first/de.json', async (route) => {
      const de = (await (await route.fetch()).json()) as Record<string, string>;
      await route.fulfill({ json: { ...de, 'banner.rejectAll': ' ' } });
    });
    await page.route(`**${TRACKERS}`, async (route) => {
      const html = await (await route.fetch()).text();
      await route.fulfill({ body: html.replace('<html lang="en">', '<html lang="de">'), contentType: 'text/html' });
    });
    await page.goto(`${origin}${TRACKERS}`);
    await expect(banner(page).getByRole('button', { name: 'Reject all' })).toBeVisible();
    await expect(banner(page).getByRole('button', { name: 'Accept all' })).toBeVisible();
    expect(watched.pageErrors).toEqual([]);
  });

  test("the first layer's locale: no banner that says nothing, one error naming the file, nothing granted", async ({
    page,
    context,
    origin,
    watched,
  }) => {
    const trackers = await fakeTrackers(context);
    await page.route('**/dist/locales/first/en.json', (route) => route.abort());
    await page.goto(`${origin}${TRACKERS}`);
    await expect.poll(() => ours(watched)).toHaveLength(1);
    expect(ours(watched)[0]).toMatch(/^Candor: could not load the consent UI: .*\/dist\/locales\/first\/en\.json/);
    expect(await page.locator('[data-candor-ui]').count()).toBe(0);
    expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
    expect(trackers.requests).toEqual([]);
    // The engine still loads and answers: a decision made through the API is a decision.
    expect(await page.evaluate(() => window.Candor!.ready.then(() => window.Candor!.records()))).toEqual([]);
    expect(watched.pageErrors).toEqual([]);
  });

  for (const file of ['candor-engine.mjs', 'candor-chunk-signals.mjs'])
    test(`${file}, on an opt-out site whose config would grant analytics: nothing granted, no tracker, one error`, async ({
      page,
      context,
      origin,
      watched,
    }) => {
      const trackers = await fakeTrackers(context);
      const asked: string[] = [];
      await page.route(`**/dist/${file}`, (route) => (asked.push(route.request().url()), route.abort()));
      await page.goto(`${origin}${OPT_OUT}`);
      expect(await answers(page)).toEqual(REFUSED);
      expect(asked.length).toBeGreaterThanOrEqual(1);
      expect(ours(watched)).toHaveLength(1);
      // The file that is missing is named (a dependency, not the engine that imports it).
      expect(ours(watched)[0]).toMatch(new RegExp(`^Candor: could not start: .*/dist/${file.replaceAll('.', '\\.')}$`));
      expect(await page.locator('[data-candor-ui]').count()).toBe(0);
      expect(trackers.requests).toEqual([]);
      expect(watched.pageErrors).toEqual([]);
    });
});

test('a first visit whose engine fails after the visitor clicked Accept all: nothing granted, the banner goes, one error, and the page hears of no decision', async ({
  page,
  context,
  origin,
  watched,
}) => {
  const trackers = await fakeTrackers(context);
  let release = (): void => {};
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/dist/candor-engine.mjs', async (route) => (await held, route.abort()));
  await page.goto(`${origin}${TRACKERS}`);
  await expect(page.getByRole('button', { name: 'Accept all' })).toBeVisible();
  await page.evaluate(() => {
    const w = window as { __decisions?: number; __said?: string[] };
    w.__decisions = 0;
    document.addEventListener('candor:decision', () => w.__decisions!++);
    // Everything the live region says, until the UI goes.
    const said = (w.__said = [] as string[]);
    const root = document.querySelector('[data-candor-ui]')!.shadowRoot!;
    new MutationObserver(() =>
      root.querySelectorAll('[role="status"]').forEach((s) => said.push(s.textContent ?? '')),
    ).observe(root, { subtree: true, childList: true, characterData: true });
  });
  await decide(page, 'Accept all');
  release();
  await expect.poll(() => ours(watched)).toHaveLength(1);
  expect(ours(watched)[0]).toMatch(/^Candor: could not start: .*candor-engine\.mjs/);
  await expect(page.locator('[data-candor-ui]')).toHaveCount(0);
  expect(await answers(page)).toEqual(REFUSED);
  expect(await page.evaluate(() => document.cookie)).toBe('');
  expect(trackers.requests).toEqual([]);
  expect(ours(watched)).toHaveLength(1);
  // Nothing was recorded: a candor:decision would tell the site's analytics of a decision that is not there.
  expect(await page.evaluate(() => (window as { __decisions?: number }).__decisions)).toBe(0);
  // Nor is a screen reader told that the choice was saved.
  expect(await page.evaluate(() => (window as { __said?: string[] }).__said)).not.toContain('Your choices are saved.');
  expect(watched.pageErrors).toEqual([]);
});

test.describe('Customize, when the panel cannot load', () => {
  for (const [file, says, again] of [
    // Chromium and Firefox keep a module that failed as failed, and other chunks import this one by
    // its URL: the panel comes on the next page (ui/shell.ts).
    ['candor-chunk-panel-layer.mjs', /candor-chunk-panel-layer\.mjs/, 'on the next page'],
    // Before, the message said "TypeError: Failed to fetch", and not which file.
    ['locales/en.json', /\/dist\/locales\/en\.json/, 'at the next opening'],
  ] as const)
    test(`${file}: the banner stays and says so, the visitor can still refuse, one error naming the file; the panel comes ${again}`, async ({
      page,
      context,
      origin,
      watched,
    }, info) => {
      const trackers = await fakeTrackers(context);
      await page.route(`**/dist/${file}`, (route) => route.abort());
      await page.goto(`${origin}${TRACKERS}`);
      await decide(page, 'Customize');
      await expect.poll(() => ours(watched)).toHaveLength(1);
      expect(ours(watched)[0]).toMatch(/^Candor: could not load the preference panel: /);
      expect(ours(watched)[0]).toMatch(says);
      await expect(page.getByRole('dialog')).toHaveCount(0);
      // Before, the visitor saw nothing happen: now the banner says so, and so does its live region.
      const failed = 'The privacy settings could not be opened. Reload the page and try again.';
      await expect(page.getByRole('region', { name: 'Cookies and your privacy' }).getByText(failed)).toBeVisible();
      expect(await announcedIn(page, failed)).toBe('page');
      await axe(page, info, 'banner, panel failed to load');
      await decide(page, 'Reject all');
      await expect
        .poll(() => page.evaluate(async () => (await window.Candor!.records()).map((r) => r.method)))
        .toEqual(['banner:reject-all']);
      expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
      expect(trackers.requests).toEqual([]);
      expect(ours(watched)).toHaveLength(1);
      await page.unroute(`**/dist/${file}`);
      if (again === 'on the next page') await page.reload();
      await page.getByRole('button', { name: 'Privacy settings' }).click();
      await expect(page.getByRole('dialog').getByRole('switch', { name: 'Statistics' })).toHaveAttribute(
        'aria-checked',
        'false',
      );
      expect(trackers.requests).toEqual([]);
      expect(watched.pageErrors).toEqual([]);
    });

  test('from the launcher, without a banner: the launcher itself says so (and aloud), one error, the panel comes on the next page', async ({
    page,
    origin,
    watched,
  }, info) => {
    await page.goto(`${origin}${BASIC}`);
    await decide(page, 'Reject all');
    await decisionStored(page);
    await page.route('**/dist/candor-chunk-panel-layer.mjs', (route) => route.abort());
    await page.reload();
    const launcher = page.getByRole('button', { name: /^Privacy settings/ });
    await launcher.click();
    await expect.poll(() => ours(watched)).toHaveLength(1);
    expect(ours(watched)[0]).toMatch(/^Candor: could not load the preference panel: .*candor-chunk-panel-layer\.mjs/);
    await expect(page.getByRole('dialog')).toHaveCount(0);
    // Before, a sighted visitor saw nothing happen: the words are where they clicked.
    const failed = 'The privacy settings could not be opened. Reload the page and try again.';
    await expect(launcher.getByText(failed)).toBeVisible();
    await expect(launcher).toHaveAccessibleName(`Privacy settings ${failed}`);
    expect(await announcedIn(page, failed)).toBe('page');
    await axe(page, info, 'launcher, panel failed to load');
    // On a narrow screen the words wrap inside the launcher, which keeps its margin on both sides.
    await page.setViewportSize({ width: 320, height: 640 });
    const box = (await launcher.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(16);
    expect(box.x + box.width).toBeLessThanOrEqual(320 - 16);
    await page.unroute('**/dist/candor-chunk-panel-layer.mjs');
    await page.reload();
    await page.getByRole('button', { name: 'Privacy settings' }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    expect(ours(watched)).toHaveLength(1);
    expect(watched.pageErrors).toEqual([]);
  });

  test('from a [data-candor-open] link, with neither a banner nor a launcher: the link itself says so (and aloud), one error', async ({
    page,
    origin,
    watched,
  }, info) => {
    const PAGE = '/test/e2e/pages/optout-sale.html';
    await page.route(`**${PAGE}`, async (route) => {
      const html = await (await route.fetch()).text();
      const body = html.replace(
        '"jurisdiction": "opt-out",',
        '"jurisdiction": "opt-out", "ui": { "launcher": false },',
      );
      await route.fulfill({ body, contentType: 'text/html' });
    });
    await page.goto(`${origin}${PAGE}`);
    await decide(page, 'Reject all');
    await decisionStored(page);
    // The next page: no banner (decided), no launcher (the site's choice), the panel's file fails.
    await page.route('**/dist/candor-chunk-panel-layer.mjs', (route) => route.abort());
    await page.reload();
    await page.evaluate(() => window.Candor!.ready);
    const name = 'Do Not Sell or Share My Personal Information';
    const link = page.getByRole('link', { name: new RegExp(`^${name}`) });
    await link.click();
    await expect.poll(() => ours(watched)).toHaveLength(1);
    expect(ours(watched)[0]).toMatch(/^Candor: could not load the preference panel: .*candor-chunk-panel-layer\.mjs/);
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(page.getByRole('button', { name: /Privacy settings|Reject all/ })).toHaveCount(0); // no launcher, no banner
    // Before, a sighted visitor saw nothing happen: the words are where they clicked.
    const failed = 'The privacy settings could not be opened. Reload the page and try again.';
    await expect(link.getByText(failed)).toBeVisible();
    await expect(link).toHaveAccessibleName(`${name} ${failed}`);
    expect(await announcedIn(page, failed)).toBe('page');
    await axe(page, info, 'link, panel failed to load');
    expect(watched.pageErrors).toEqual([]);
  });

  test('the preference center and history chunk: one error naming it, its views say so, Reject all still works, the next panel tries again', async ({
    page,
    context,
    origin,
    watched,
  }, info) => {
    const trackers = await fakeTrackers(context);
    const route = '**/dist/candor-chunk-sections.mjs';
    await page.route(route, (r) => r.abort());
    await page.goto(`${origin}${TRACKERS}`);
    await decide(page, 'Customize');
    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    // Before, nothing was said on the console, and the failed import was kept: no later panel had a history.
    await expect.poll(() => ours(watched)).toHaveLength(1);
    expect(ours(watched)[0]).toMatch(
      /^Candor: could not load the preference center and history: .*candor-chunk-sections\.mjs/,
    );
    // Said, and shown where the missing part would be (before: "Your request could not be sent", and an empty view).
    const part = 'This part could not be loaded. Close the privacy settings and open them again.';
    await expect.poll(() => announcedIn(page, part)).toBe('dialog');
    await dialog.getByRole('tab', { name: 'Your data and history' }).click();
    await expect(dialog.getByRole('tabpanel', { name: 'Your data and history' }).getByText(part)).toBeVisible();
    await axe(page, info, 'panel, history failed to load');
    await dialog.getByRole('tab', { name: 'What you allow' }).click();
    await dialog.getByRole('button', { name: 'Reject all' }).click();
    await expect(dialog).toBeHidden();
    // The dialog closes at the click; the record follows once stored (polled: a slow machine lags).
    await expect
      .poll(() =>
        page.evaluate(async () => (await window.Candor!.records()).map((r) => [r.method, r.purposes['analytics']])),
      )
      .toEqual([['panel:save', false]]);
    await page.unroute(route);
    await page.getByRole('button', { name: 'Privacy settings' }).click();
    await dialog.getByRole('tab', { name: 'Your data and history' }).click();
    await expect(dialog.getByRole('heading', { name: 'Your decisions' })).toBeVisible();
    expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
    expect(trackers.requests).toEqual([]);
    expect(ours(watched)).toHaveLength(1);
    expect(watched.pageErrors).toEqual([]);
  });
});

test('an inline panel whose preference center and history chunk cannot load says so in its views; the next page brings them', async ({
  page,
  origin,
  watched,
}, info) => {
  await openUi(page, origin);
  await page.getByRole('button', { name: 'Reject all' }).click();
  await decisionStored(page);
  const route = '**/dist/candor-chunk-sections.mjs';
  await page.route(route, (r) => r.abort());
  const inline = await mountInline(page, 'data');
  // An inline panel has no Close: a reload is what tries again, and its words say so.
  const part = 'This part could not be loaded. Reload the page and try again.';
  await expect(inline.getByRole('tabpanel', { name: 'Your data and history' }).getByText(part)).toBeVisible();
  await expect.poll(() => announcedIn(page, part)).toBe('page');
  await axe(page, info, 'inline panel, history failed to load');
  await expect.poll(() => ours(watched)).toHaveLength(1);
  expect(ours(watched)[0]).toMatch(/^Candor: could not load the preference center and history: /);
  await page.unroute(route);
  await page.reload();
  await page.evaluate(() => window.Candor!.ready); // a returning visitor's page: mountUI needs the engine (README)
  const again = await mountInline(page, 'data');
  await expect(again.getByRole('heading', { name: 'Your decisions' })).toBeVisible();
  await expect(again.getByText(part)).toHaveCount(0);
  expect(watched.pageErrors).toEqual([]);
});

test.describe('window.candorConfig that is no config', () => {
  /** Opens the blank page (no data-config) with `config` (JS source) as window.candorConfig and a gated tag. */
  async function openWith(page: Page, config: string, origin: string): Promise<void> {
    await page.addInitScript(`window.candorConfig = ${config};`);
    await page.route(`**${BLANK}`, async (route) => {
      const tag =
        '<script type="text/plain" data-consent="analytics" src="https://www.googletagmanager.com/gtag/js?id=G-T"></script>';
      const body = (await (await route.fetch()).text()).replace('</head>', `${tag}</head>`);
      await route.fulfill({ body, contentType: 'text/html' });
    });
    await page.goto(`${origin}${BLANK}`);
  }
  const optOut = `{"policy":{"revision":1},"jurisdiction":"opt-out","purposes":[{"id":"necessary","required":true},{"id":"analytics"}]`;
  const CASES: [string, string, string][] = [
    ['null', 'null', '(config): expected a config object, got null'],
    ['a string of JSON', JSON.stringify(`${optOut}}`), '(config): expected a config object, got "{\\"policy'],
    ['a number', '42', '(config): expected a config object, got 42'],
    ['an array', `[${optOut}}]`, '(config): expected a config object, got an array'],
    // Before: "could not start: Cannot read properties of undefined (reading 'length')".
    ['a function', `() => (${optOut}})`, '(config): expected a config object, got function'],
    [
      'a purpose named __proto__',
      `JSON.parse('${optOut.replace('{"id":"analytics"}', '{"id":"__proto__"},{"id":"analytics"}')}}')`,
      'purposes[1].id: expected an id of letters, digits, "-" or "_", got "__proto__"',
    ],
    [
      'a service named __proto__',
      `JSON.parse('${optOut},"services":[{"id":"__proto__","purpose":"analytics","name":"x"}]}')`,
      'services[0].id: expected an id of letters, digits, "-" or "_", got "__proto__"',
    ],
  ];
  for (const [name, config, says] of CASES)
    test(`${name}: one error that says so, no UI, nothing granted, no tracker`, async ({
      page,
      context,
      origin,
      watched,
    }) => {
      const trackers = await fakeTrackers(context);
      await openWith(page, config, origin);
      expect(await answers(page)).toEqual(REFUSED);
      // Said once the config's words have loaded (candor-chunk-words.mjs), a round trip after `ready`.
      await expect.poll(() => watched.consoleErrors.length).toBe(1);
      expect(watched.consoleErrors[0]).toMatch(/^Candor: invalid config \(1 issue\):/);
      expect(watched.consoleErrors[0]).toContain(says);
      expect(await page.locator('[data-candor-ui]').count()).toBe(0);
      expect(trackers.requests).toEqual([]);
      expect(watched.pageErrors).toEqual([]);
      expect(watched.consoleErrors).toHaveLength(1); // and only once
    });

  for (const [name, config] of [
    ['a Proxy whose every read throws', `new Proxy({}, { get() { throw new Error('no reading'); } })`],
    [
      'an object whose purposes throw when read',
      `Object.defineProperty({ policy: { revision: 1 } }, 'purposes', { get() { throw new Error('no reading'); }, enumerable: true })`,
    ],
  ] as const)
    test(`${name}: window.Candor is still there and answers, one error, no UI, nothing granted`, async ({
      page,
      context,
      origin,
      watched,
    }) => {
      const trackers = await fakeTrackers(context);
      await openWith(page, config, origin);
      expect(await page.evaluate(() => typeof window.Candor)).toBe('object');
      expect(await answers(page)).toEqual(REFUSED);
      await expect.poll(() => watched.consoleErrors).toHaveLength(1);
      expect(watched.consoleErrors[0]).toMatch(/^Candor: could not start: .*no reading/);
      expect(await page.locator('[data-candor-ui]').count()).toBe(0);
      expect(trackers.requests).toEqual([]);
      expect(watched.pageErrors).toEqual([]);
    });

  test('an own __proto__ key in a purpose makes nothing required; ids like constructor grant nothing by themselves', async ({
    page,
    context,
    origin,
    watched,
  }) => {
    const trackers = await fakeTrackers(context);
    const config =
      `{"policy":{"revision":1},"purposes":[{"id":"necessary","required":true},` +
      `{"id":"analytics","__proto__":{"required":true}},{"id":"constructor"}],` +
      `"services":[{"id":"toString","purpose":"analytics","name":"x","__proto__":{"purpose":"necessary"}}]}`;
    await openWith(page, `JSON.parse('${config}')`, origin);
    await expect(banner(page)).toBeVisible();
    const has = await page.evaluate(async () => {
      await window.Candor!.ready;
      const c = window.Candor!;
      return ['analytics', 'constructor', 'toString', '__proto__', 'hasOwnProperty'].map((id) => c.has(id));
    });
    expect(has).toEqual([false, false, false, false, false]);
    expect(await page.evaluate(() => window.Candor!.needsPrompt!.value)).toBe(true);
    expect(await page.evaluate(() => Object.keys(Object.prototype))).toEqual([]);
    expect(trackers.requests).toEqual([]);
    expect(watched.consoleErrors).toEqual([]);
    expect(watched.pageErrors).toEqual([]);
  });
});

test.describe('a returning visitor', () => {
  test('whose engine cannot load when the launcher is used: the cookie answers no more and the page is told, one error', async ({
    page,
    context,
    origin,
    watched,
  }) => {
    const trackers = await fakeTrackers(context);
    await page.goto(`${origin}${TRACKERS}`);
    await decide(page, 'Accept all');
    await decisionStored(page);
    await page.route('**/dist/candor-engine.mjs', (route) => route.abort());
    await page.reload();
    const launcher = page.locator('[data-candor-launcher]').getByRole('button', { name: 'Privacy settings' });
    await expect(launcher).toBeVisible();
    expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(true); // the trusted cookie
    // What the cookie granted has loaded (the tags and the video) before the launcher is used.
    await expect
      .poll(() => page.evaluate(() => (window as { __ran?: string[] }).__ran ?? []))
      .toEqual(expect.arrayContaining(['gtag.js', 'gtm.js', 'fbevents.js']));
    await expect(page.frameLocator('iframe').getByText('video')).toBeVisible();
    const before = trackers.requests.length;
    await launcher.click();
    await expect.poll(() => page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
    const lastUpdate = await page.evaluate(() =>
      ((window as { dataLayer?: { event?: string; candor?: { purposes: Record<string, boolean> } }[] }).dataLayer ?? [])
        .filter((e) => e.event === 'candor_consent_update')
        .map((e) => e.candor!.purposes['analytics']),
    );
    expect(lastUpdate).toEqual([true, false]);
    expect(await answers(page)).toEqual(REFUSED);
    expect(ours(watched)).toHaveLength(1);
    expect(ours(watched)[0]).toMatch(/^Candor: could not start: .*candor-engine\.mjs/);
    expect(trackers.requests.slice(before)).toEqual([]);
    expect(watched.pageErrors).toEqual([]);
  });

  // Its failure before the engine, or held until the engine (and with it the page chunk, wired for
  // a page the cookie answers) is there: the order a CI run once met by chance.
  for (const when of ['at once', 'after the engine had the page chunk load'])
    test(`whose returning-visitor chunk cannot load (${when}) can still open the panel (a link, the UI's own launcher); one error`, async ({
      page,
      origin,
      watched,
    }) => {
      await page.goto(`${origin}/test/e2e/pages/ui.html`);
      await decide(page, 'Accept all');
      await decisionStored(page);
      let release = (): void => {};
      const engineThere = when === 'at once' ? Promise.resolve() : new Promise<void>((r) => (release = r));
      await page.route('**/dist/candor-returning.mjs', async (route) => {
        await engineThere;
        await route.abort();
      });
      await page.reload();
      await page.evaluate(() => window.Candor!.ready);
      release();
      // The UI's own launcher stands in for the stand-in launcher the chunk would have shown.
      const launcher = page.locator('[data-candor-ui]').getByRole('button', { name: 'Privacy settings' });
      await expect(launcher).toBeVisible();
      await page.getByRole('link', { name: 'Privacy settings' }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(true); // the engine's answer now
      expect(ours(watched)).toHaveLength(1);
      expect(ours(watched)[0]).toMatch(/^Candor: could not load the page wiring: .*candor-returning\.mjs/);
      expect(watched.pageErrors).toEqual([]);
    });

  for (const storage of ['its IndexedDB record', 'only the cookie and its copy'])
    test(`with a cookie and copy written for another config (${storage}): nothing granted, asked again`, async ({
      page,
      context,
      origin,
      watched,
    }) => {
      const trackers = await fakeTrackers(context);
      await page.goto(`${origin}${BASIC}`);
      // Analytics only: under a config with marketing where analytics was, the same bits would grant marketing.
      await page.evaluate(() => window.Candor!.update({ purposes: { analytics: true } }));
      await decisionStored(page);
      if (storage !== 'its IndexedDB record')
        await page.evaluate(
          () =>
            new Promise((r) => {
              const q = indexedDB.deleteDatabase('candor');
              q.onsuccess = q.onerror = q.onblocked = r;
            }),
        );
      // The same page with another config: the purposes in another order, and a gated marketing tag.
      await page.route(`**${BASIC}`, async (route) => {
        const html = await (await route.fetch()).text();
        const body = html
          .replace('{ "id": "analytics" }, { "id": "marketing" }', '{ "id": "marketing" }, { "id": "analytics" }')
          .replace(
            '</head>',
            '<script type="text/plain" data-consent="marketing" src="https://connect.facebook.net/en_US/fbevents.js"></script></head>',
          );
        if (body === html) throw new Error('the purposes were not found in the test page');
        await route.fulfill({ body, contentType: 'text/html' });
      });
      await page.reload();
      const early = await page.evaluate(() => [window.Candor!.has('marketing'), window.Candor!.has('analytics')]);
      expect(early).toEqual([false, false]);
      await expect(banner(page)).toBeVisible();
      const later = await page.evaluate(async () => {
        await window.Candor!.ready;
        return [window.Candor!.has('marketing'), window.Candor!.has('analytics'), window.Candor!.needsPrompt!.value];
      });
      expect(later).toEqual([false, false, true]);
      expect(trackers.requests).toEqual([]);
      expect(watched.consoleErrors).toEqual([]);
      expect(watched.pageErrors).toEqual([]);
    });
});

test("a site's gtag that throws, from before the loader: Candor still starts (window.Candor, the banner), Accept all runs the tag, and the error is said, never thrown into the page", async ({
  open,
  watched,
}) => {
  const page = await open('/test/e2e/pages/throwing-gtag.html');
  await expect(page.getByRole('button', { name: 'Accept all' })).toBeVisible();
  expect(await page.evaluate(() => typeof window.Candor?.has)).toBe('function');
  await page.getByRole('button', { name: 'Accept all' }).click();
  await page.waitForFunction(() => (window as { __analytics?: boolean }).__analytics === true);
  expect(watched.pageErrors).toEqual([]);
  expect(ours(watched).some((m) => m.includes('site gtag broke'))).toBe(true);
});

for (const how of ['read-only', 'getter'])
  test(`a window.gtag that is no function and cannot be set (${how}), from before the loader: Candor starts, its Consent Mode commands reach dataLayer as gtag.js reads them, Accept all sends the update and runs the tag, nothing thrown into the page`, async ({
    open,
    watched,
  }) => {
    const page = await open(`/test/e2e/pages/throwing-gtag.html#${how}`);
    await expect(page.getByRole('button', { name: 'Accept all' })).toBeVisible();
    expect(await page.evaluate(() => typeof window.Candor?.has)).toBe('function');
    await page.getByRole('button', { name: 'Accept all' }).click();
    await page.waitForFunction(() => (window as { __analytics?: boolean }).__analytics === true);
    // Pushed as Google's snippet pushes them (Arguments objects: gtag.js ignores plain arrays).
    const consent = () =>
      page.evaluate(() =>
        window.dataLayer
          .filter((e) => Object.prototype.toString.call(e) === '[object Arguments]')
          .map((e) => Array.from(e as ArrayLike<unknown>))
          .filter((a) => a[0] === 'consent')
          .map((a) => [a[1], (a[2] as Record<string, unknown>)['analytics_storage']]),
      );
    await expect.poll(consent).toContainEqual(['update', 'granted']);
    expect((await consent())[0]).toEqual(['default', 'denied']);
    expect(await page.evaluate(() => (window as { gtag?: unknown }).gtag)).toBe(1);
    expect(watched.pageErrors).toEqual([]);
    expect(ours(watched)).toEqual([]);
  });

/** Persistence in real Chromium: real IndexedDB, real cookies, two real tabs. */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const PAGE = '/test/e2e/pages/persist.html';

declare global {
  interface Window {
    __early: boolean;
    __errors: string[];
    __messages: string[];
  }
}

const has = (page: Page, expr: string) =>
  page.evaluate(async (e) => {
    await window.Candor!.ready;
    return window.Candor!.has(e);
  }, expr);
const decide = (page: Page, action: 'acceptAll' | 'rejectAll') =>
  page.evaluate(async (a) => {
    await window.Candor!.ready;
    return (await window.Candor![a]())?.id;
  }, action);
const errors = (page: Page) => page.evaluate(() => window.__errors);

// Init scripts that break IndexedDB the ways real browsers do.
const IDB_THROWS = `Object.defineProperty(IDBFactory.prototype, 'open', { value() { throw new DOMException('The user denied permission to access the database.', 'SecurityError'); } });`;
// A request whose events never fire, as in browsers that leave the open pending forever.
const IDB_HANGS = `Object.defineProperty(IDBFactory.prototype, 'open', { value() { return {}; } });`;
const NO_COOKIES = `Object.defineProperty(Document.prototype, 'cookie', { get() { return ''; }, set() {} });`;

test('a decision survives a reload and a new page in the same browser context', async ({
  open,
  page,
  context,
  origin,
  watched,
}) => {
  await open(PAGE);
  expect(await has(page, 'analytics')).toBe(false);
  expect(await page.evaluate(() => window.__early)).toBe(false);
  await decide(page, 'acceptAll');
  await page.reload();
  expect(await page.evaluate(() => window.__early)).toBe(true); // answered synchronously from the cookie
  expect(await has(page, 'analytics,ga4')).toBe(true);
  const second = await context.newPage();
  await second.goto(`${origin}${PAGE}`);
  expect(await has(second, 'analytics')).toBe(true);
  expect(await second.evaluate(() => window.Candor!.records().then((r) => r.length))).toBe(1);
  const cookie = (await context.cookies()).find((c) => c.name === 'candor');
  expect(cookie).toMatchObject({ sameSite: 'Lax', path: '/' });
  expect(cookie!.expires * 1000 - Date.now()).toBeGreaterThan(181 * 86_400_000);
  expect(`candor=${cookie!.value}`.length).toBeLessThan(200);
  expect(await errors(page)).toEqual([]);
  expect(watched.pageErrors).toEqual([]);
});

for (const [name, script, why] of [
  ['throws on open', IDB_THROWS, 'SecurityError'],
  ['never answers an open', IDB_HANGS, 'did not answer'],
] as const) {
  test(`IndexedDB that ${name}: works from the cookie and the decision holds after reload`, async ({
    page,
    context,
    origin,
    watched,
  }) => {
    await context.addInitScript(script);
    await page.goto(`${origin}${PAGE}`);
    const t0 = Date.now();
    expect(await has(page, 'analytics')).toBe(false);
    expect(Date.now() - t0).toBeLessThan(5_000); // `ready` is not held by a stuck open
    await decide(page, 'acceptAll');
    await page.reload();
    expect(await has(page, 'analytics')).toBe(true);
    expect(await errors(page)).toContain('storage/unavailable');
    expect(await page.evaluate(() => window.__messages.join('\n'))).toContain(why);
    expect(watched.pageErrors).toEqual([]);
  });
}

test('IndexedDB that fails on one page and answers on the next: the decision made there holds after the next page has read the store', async ({
  page,
  context,
  origin,
  watched,
}) => {
  // The first page view only: its open never answers (as a slow open past the timeout does).
  await context.addInitScript(
    `if (!sessionStorage.getItem('idb-back')) { sessionStorage.setItem('idb-back', '1'); ${IDB_HANGS} }`,
  );
  await page.goto(`${origin}${PAGE}`);
  const id = await decide(page, 'acceptAll');
  expect(await errors(page)).toContain('storage/unavailable');
  await page.reload();
  // `has` waits for `ready`: the store has been read, and a cookie without its record would be dropped.
  expect(await has(page, 'analytics')).toBe(true);
  expect(await page.evaluate(() => window.Candor!.records().then((r) => r.map((x) => x.id)))).toEqual([id]);
  expect(await errors(page)).toEqual([]);
  expect(watched.pageErrors).toEqual([]);
});

test('with both IndexedDB and cookies unavailable, nothing is ever granted on the next visit', async ({
  page,
  context,
  origin,
  watched,
}) => {
  await context.addInitScript(IDB_THROWS + NO_COOKIES);
  await page.goto(`${origin}${PAGE}`);
  await decide(page, 'acceptAll');
  expect(await has(page, 'analytics')).toBe(true); // this page view only
  await page.reload();
  expect(await has(page, 'analytics')).toBe(false);
  expect(await page.evaluate(() => window.Candor!.needsPrompt!.value)).toBe(true);
  expect(await errors(page)).toContain('storage/unavailable');
  expect(watched.pageErrors).toEqual([]);
});

test('two tabs: a decision in one applies in the other within a second; near-simultaneous decisions converge', async ({
  context,
  origin,
}) => {
  const a = await context.newPage();
  const b = await context.newPage();
  await a.goto(`${origin}${PAGE}`);
  await b.goto(`${origin}${PAGE}`);
  await Promise.all([has(a, 'analytics'), has(b, 'analytics')]);
  const t0 = Date.now();
  await decide(a, 'acceptAll');
  await b.waitForFunction(() => window.Candor!.has('marketing'), undefined, { timeout: 1_000 });
  expect(Date.now() - t0).toBeLessThan(1_000);

  // Both decide in the same moment; whichever decision is newer must win in both tabs and in storage.
  await Promise.all([decide(a, 'rejectAll'), decide(b, 'acceptAll')]);
  const history = await a.evaluate(() => window.Candor!.records());
  const winner = history.reduce((x, y) =>
    Date.parse(y.issuedAt) > Date.parse(x.issuedAt) || (y.issuedAt === x.issuedAt && y.id > x.id) ? y : x,
  );
  const expected = winner.purposes['analytics'];
  await expect
    .poll(async () => [await has(a, 'analytics'), await has(b, 'analytics')], { timeout: 1_000 })
    .toEqual([expected, expected]);
  const c = await context.newPage();
  await c.goto(`${origin}${PAGE}`);
  expect(await has(c, 'analytics')).toBe(expected);
});

test('a corrupt cookie means no decision plus an error event, and no uncaught exception', async ({
  page,
  context,
  origin,
  watched,
}) => {
  const url = new URL(origin);
  await context.addCookies([{ name: 'candor', value: '1.1.garbage', domain: url.hostname, path: '/' }]);
  await page.goto(`${origin}${PAGE}`);
  expect(await has(page, 'analytics')).toBe(false);
  expect(await page.evaluate(() => window.Candor!.needsPrompt!.value)).toBe(true);
  expect(await errors(page)).toContain('storage/corrupt');
  expect(watched.pageErrors).toEqual([]);
});

test('a corrupt IndexedDB value means no decision plus an error event, and no uncaught exception', async ({
  page,
  origin,
  watched,
}) => {
  await page.goto(`${origin}/test/e2e/pages/blank.html`);
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const req = indexedDB.open('candor');
        req.onupgradeneeded = () => req.result.createObjectStore('kv');
        req.onsuccess = () => {
          const tx = req.result.transaction('kv', 'readwrite');
          tx.objectStore('kv').put({ id: 'not-a-record', purposes: { analytics: 'yes' } }, 'decision:v1');
          tx.oncomplete = () => (req.result.close(), resolve());
          tx.onerror = () => reject(tx.error);
        };
        req.onerror = () => reject(req.error);
      }),
  );
  await page.goto(`${origin}${PAGE}`);
  expect(await has(page, 'analytics')).toBe(false);
  expect(await errors(page)).toContain('storage/corrupt');
  expect(watched.pageErrors).toEqual([]);
});

test('an edited config is not trusted from the cookie until the engine has validated it', async ({
  page,
  origin,
  watched,
}) => {
  await page.goto(`${origin}${PAGE}`);
  await decide(page, 'acceptAll');
  // Same purposes, one more (invalid) key: the loader must not grant before validation.
  await page.route('**/persist.html', async (route) => {
    const body = (await (await route.fetch()).text()).replace(
      '"policy": { "revision": 1 }',
      '"policy": { "revision": 1 }, "ui": { "layout": "popup" }',
    );
    await route.fulfill({ body, contentType: 'text/html' });
  });
  await page.reload();
  expect(await page.evaluate(() => window.__early)).toBe(false);
  await page.evaluate(() => window.Candor!.ready);
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
  // Said once the config's words have loaded (candor-chunk-words.mjs), a round trip after `ready`.
  await expect
    .poll(() => watched.consoleErrors.join('\n'))
    .toContain('ui.layout: expected "bar", "box" or "modal", got "popup"');
});

/**
 * Holds this page's BroadcastChannel messages until `window.__release()`: a tab message still on
 * its way (a busy or throttled background tab) while the visitor comes back to the tab.
 */
const HOLD_TAB_MESSAGES = `{
  const held = [];
  window.__hold = false;
  window.__release = () => { window.__hold = false; held.splice(0).forEach((f) => f()); };
  Object.defineProperty(BroadcastChannel.prototype, 'onmessage', {
    set(fn) { this.addEventListener('message', (e) => (window.__hold ? held.push(() => fn.call(this, e)) : fn.call(this, e))); },
  });
}`;

test('a preference saved in another tab with the same grants reaches the change listeners and the open panel, though its cookie came before its message; Save there records it', async ({
  context,
  origin,
}) => {
  await context.addInitScript((c) => void (window.candorConfig = c), {
    policy: { revision: 1 },
    purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }],
    preferences: [{ id: 'newsletter', type: 'boolean', default: false }],
    texts: { en: { 'preference.newsletter.title': 'Send me the newsletter' } },
  });
  const url = `${origin}/test/e2e/pages/config-from-window.html`;
  const a = await context.newPage();
  await a.goto(url);
  await decide(a, 'acceptAll');
  const b = await context.newPage();
  await b.addInitScript(HOLD_TAB_MESSAGES);
  await b.goto(url);
  await b.evaluate(async () => {
    await window.Candor!.ready; // the engine, as on a page that has shown its panel
    const w = window as unknown as { __told: [string | null, unknown][] };
    w.__told = [];
    document.addEventListener('candor:change', (e) => {
      const d = (e as CustomEvent<{ record: { id: string } | null; state: { preferences: Record<string, unknown> } }>)
        .detail;
      w.__told.push([d.record?.id ?? null, d.state.preferences['newsletter']]);
    });
  });
  await b.getByRole('link', { name: 'Privacy settings' }).click();
  const panel = b.getByRole('dialog', { name: 'Privacy settings' });
  await panel.getByRole('tab', { name: 'Your preferences' }).click();
  const box = panel.getByRole('checkbox', { name: 'Send me the newsletter' });
  await expect(box).not.toBeChecked();

  // Tab A: the newsletter, the same grants (a new decision); its message to B is on its way.
  await b.evaluate(() => void ((window as unknown as { __hold: boolean }).__hold = true));
  const saved = await a.evaluate(async () => (await window.Candor!.preferences.set('newsletter', true))!.id);
  // The visitor comes back to B's window (two windows side by side): B reads the cookie first.
  await b.evaluate(() => window.dispatchEvent(new Event('focus')));
  await expect.poll(() => b.evaluate(() => window.Candor!.state!.value.decision?.id)).toBe(saved);
  await b.evaluate(() => (window as unknown as { __release: () => void }).__release());
  await expect.poll(() => b.evaluate(() => window.Candor!.preferences.get('newsletter'))).toBe(true);
  // What the page hears last is what holds: the record, the newsletter on.
  await expect
    .poll(() => b.evaluate(() => (window as unknown as { __told: [string | null, unknown][] }).__told.at(-1)))
    .toEqual([saved, true]);
  await expect(box).toBeChecked();
  await panel.getByRole('button', { name: 'Save choices' }).click();
  await expect
    .poll(() =>
      b.evaluate(async () => {
        const [r] = await window.Candor!.records();
        return [r?.method, r?.preferences['newsletter']];
      }),
    )
    .toEqual(['panel:save', true]);
});

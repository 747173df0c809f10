import type { Page } from '@playwright/test';
import { expect, reloadAfresh, test } from './fixtures';

test('the loader exposes window.Candor on a blank page and reports the missing config', async ({ open, watched }) => {
  const page = await open('/test/e2e/pages/blank.html');
  expect(await page.evaluate(() => typeof window.Candor?.has)).toBe('function');
  await page.evaluate(() => window.Candor?.ready);
  expect(await page.evaluate(() => window.Candor?.has('analytics'))).toBe(false);
  // Said by the site owner's diagnostics chunk, imported for it: not necessarily before `ready`.
  await expect.poll(() => watched.consoleErrors.join('\n')).toContain('no config');
  expect(watched.pageErrors).toEqual([]);
});

test('with a config: fail-closed until a decision, granted after acceptAll (built bundles, real Chromium)', async ({
  open,
  watched,
}) => {
  const page = await open('/test/e2e/pages/basic.html');
  const before = await page.evaluate(async () => {
    await window.Candor!.ready;
    return { has: window.Candor!.has('analytics'), needsPrompt: window.Candor!.needsPrompt?.value };
  });
  expect(before).toEqual({ has: false, needsPrompt: true });
  const after = await page.evaluate(async () => {
    const record = await window.Candor!.acceptAll();
    return { has: window.Candor!.has('analytics,ga4'), method: record?.method, revision: record?.policyRevision };
  });
  expect(after).toEqual({ has: true, method: 'api', revision: 1 });
  expect(watched.requests.filter((u) => u.endsWith('/dist/candor-engine.mjs'))).toHaveLength(1);
  expect(watched.pageErrors).toEqual([]);
  expect(watched.consoleErrors).toEqual([]);
});

test('an invalid config prints every issue in one console error and grants nothing', async ({ open, watched }) => {
  const page = await open('/test/e2e/pages/invalid.html');
  await page.evaluate(() => window.Candor?.ready);
  expect(await page.evaluate(() => window.Candor?.has('analytics'))).toBe(false);
  expect(await page.evaluate(async () => (await window.Candor?.acceptAll()) ?? null)).toBeNull();
  expect(await page.evaluate(() => window.Candor?.has('analytics'))).toBe(false);
  // Said once the config's words have loaded (candor-chunk-words.mjs), a round trip after `ready`.
  await expect.poll(() => watched.consoleErrors.length).toBe(1);
  const message = watched.consoleErrors[0] ?? '';
  expect(message).toContain('policy.revision: expected a whole number');
  expect(message).toContain('purposes: a purpose { "id": "necessary"');
  expect(message).toContain('services[0].purpose: unknown purpose "analytic" (did you mean "analytics"?)');
  expect(await page.evaluate(() => (window as { __gatedRan?: boolean }).__gatedRan)).toBeUndefined();
  expect(await page.locator('[data-candor-ui]').count()).toBe(0); // no UI for an invalid config
  expect(watched.pageErrors).toEqual([]);
});

test('an invalid config whose Consent Mode region default grants: once the engine refuses the config, Consent Mode is updated to all denied', async ({
  page,
  open,
  watched,
}) => {
  await page.route('**/test/e2e/pages/invalid.html', async (route) => {
    const body = (await (await route.fetch()).text())
      .replace('{ "policy"', '{ "gcm": { "regions": { "US-CA": ["ad_storage", "analytics_storage"] } }, "policy"')
      .replace('<script src="/dist/candor.js"', '<script data-region="US-CA" src="/dist/candor.js"');
    await route.fulfill({ body, contentType: 'text/html' });
  });
  await open('/test/e2e/pages/invalid.html');
  /** Consent Mode's calls in the dataLayer, as [command, state]. */
  const consent = () =>
    page.evaluate(() =>
      ((window as { dataLayer?: ArrayLike<unknown>[] }).dataLayer ?? [])
        .filter((e) => e[0] === 'consent')
        .map((e) => [
          e[1],
          (e[2] as Record<string, unknown>)['ad_storage'],
          (e[2] as Record<string, unknown>)['region'],
        ]),
    );
  // The loader sent the region's default before the config was checked (it must not wait for the engine).
  expect((await consent())[0]).toEqual(['default', 'granted', ['US-CA']]);
  await expect.poll(consent).toContainEqual(['update', 'denied', undefined]);
  expect((await consent()).at(-1)).toEqual(['update', 'denied', undefined]);
  expect(await page.evaluate(() => window.Candor?.has('analytics'))).toBe(false);
  await expect.poll(() => watched.consoleErrors.length).toBe(1); // the config's issues, once their words have loaded
  expect(watched.pageErrors).toEqual([]);
});

test('a second copy of the loader attaches to the first: one instance, one engine load', async ({ open, watched }) => {
  const page = await open('/test/e2e/pages/double.html');
  await page.evaluate(() => window.Candor?.ready);
  expect(watched.requests.filter((u) => u.endsWith('/dist/candor.js'))).toHaveLength(2);
  expect(watched.requests.filter((u) => u.endsWith('/dist/candor-engine.mjs'))).toHaveLength(1);
  await expect(page.getByRole('region', { name: 'Cookies and your privacy' })).toHaveCount(1); // one banner
  await expect(page.locator('[data-candor-ui]')).toHaveCount(1);
  expect(watched.pageErrors).toEqual([]);
});

test('a returning visit tells Google Tag Manager once (one candor_consent_update and one Consent Mode update), even after the engine loads', async ({
  open,
}) => {
  const page = await open('/test/e2e/pages/persist.html');
  await page.evaluate(async () => {
    await window.Candor!.ready;
    await window.Candor!.acceptAll();
  });
  await expect.poll(() => page.evaluate(() => /(^|; )candor=/.test(document.cookie))).toBe(true);
  await page.reload();
  const told = () =>
    page.evaluate(() => {
      const layer = (window as unknown as { dataLayer: unknown[] }).dataLayer;
      const updates = layer.filter((e) => (e as { event?: string }).event === 'candor_consent_update').length;
      const gcm = layer.filter((e) => {
        const a = e as ArrayLike<unknown>;
        return a.length >= 2 && a[0] === 'consent' && a[1] === 'update';
      }).length;
      return [updates, gcm];
    });
  await expect.poll(told).toEqual([1, 1]);
  await page.evaluate(() => window.Candor!.ready); // the engine now loads and reads the same decision
  expect(await told()).toEqual([1, 1]);
});

test('a returning visitor downloads the loader, the returning-visitor chunk and the gate only; the UI when the launcher is used', async ({
  open,
  watched,
}) => {
  const page = await open('/test/e2e/pages/trackers.html');
  await page.getByRole('button', { name: 'Accept all' }).click();
  // Recorded (the cookie, written after its copy; the copy alone may be the banner's mark for the next page).
  await expect.poll(() => page.evaluate(() => /(^|; )candor=/.test(document.cookie))).toBe(true);
  await reloadAfresh(page, watched.requests);
  const launcher = page.locator('[data-candor-launcher]').getByRole('button');
  await expect(launcher).toBeVisible();
  const ours = () =>
    watched.requests
      .map((u) => new URL(u).pathname)
      .filter((p) => p.startsWith('/dist/'))
      .sort();
  // No UI, no page chunk, no engine, no locale and no locale choice (the loader's is passed on); the
  // page's marked embed adds the embed gate's chunks.
  expect(ours()).toEqual([
    '/dist/candor-chunk-gate-embed-gate.mjs',
    '/dist/candor-gate.mjs',
    '/dist/candor-returning.mjs',
    '/dist/candor.js',
  ]);
  await launcher.click();
  await expect(page.getByRole('dialog')).toBeVisible();
  expect(ours()).toContain('/dist/candor-first.mjs');
  expect(ours()).toContain('/dist/candor-engine.mjs');
  expect(watched.pageErrors).toEqual([]);
  // The granted trackers' hosts do not resolve here; nothing else may fail.
  expect(watched.consoleErrors.filter((m) => !m.includes('ERR_NAME_NOT_RESOLVED'))).toEqual([]);
});

/** A page like the bench's: the loader in <head>, one marked inline tag at the end of <body>. */
const GATED_PAGE = (loader: string): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Gated</title>
<script type="application/json" id="candor-config">
{ "policy": { "revision": 1, "url": "/privacy" },
  "purposes": [{ "id": "necessary", "required": true }, { "id": "analytics" }],
  "services": [{ "id": "ga4", "purpose": "analytics", "name": "Google Analytics" }] }
</script>
${loader}
</head><body><main><h1>Gated</h1></main>
<script type="text/plain" data-consent="analytics">window.__gatedAt = performance.now()</script>
</body></html>`;

test("a returning visitor's marked tags run before the returning-visitor chunk wires the page", async ({
  page,
  origin,
  watched,
}) => {
  await page.route('**/gated-page.html', (route) =>
    route.fulfill({
      body: GATED_PAGE('<script src="/dist/candor.js" data-config="#candor-config"></script>'),
      contentType: 'text/html',
    }),
  );
  // When the stand-in launcher is added (the returning-visitor chunk's first DOM work).
  await page.addInitScript(() => {
    new MutationObserver(() => {
      const w = window as { __launcherAt?: number };
      if (w.__launcherAt === undefined && document.querySelector('[data-candor-launcher]'))
        w.__launcherAt = performance.now();
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(`${origin}/gated-page.html`);
  await page.evaluate(() => window.Candor!.acceptAll());
  // On the next visit the gate arrives only after the returning-visitor chunk has: that chunk must
  // still wait for the gate to have run the tags before it adds anything to the page.
  let arrived = (): void => {};
  const returning = new Promise<void>((r) => (arrived = r));
  page.on('requestfinished', (r) => void (r.url().endsWith('/candor-returning.mjs') && arrived()));
  await page.route('**/dist/candor-gate.mjs', async (route) => (await returning, route.continue()));
  await page.reload();
  const launcher = page.locator('[data-candor-launcher]').getByRole('button');
  await expect(launcher).toBeVisible();
  const { gatedAt, launcherAt } = await page.evaluate(() => ({
    gatedAt: (window as { __gatedAt?: number }).__gatedAt,
    launcherAt: (window as { __launcherAt?: number }).__launcherAt,
  }));
  expect(gatedAt).toEqual(expect.any(Number));
  expect(launcherAt).toBeGreaterThan(gatedAt!); // the gate's work first: the launcher can wait, the tags should not
  await launcher.click(); // and the stand-in launcher still opens the panel
  await expect(page.getByRole('dialog')).toBeVisible();
  expect(watched.pageErrors).toEqual([]);
  expect(watched.consoleErrors).toEqual([]);
});

/** Two marked inline tags, one per purpose, each counting its runs. */
const TWO_TAGS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Two tags</title>
<script type="application/json" id="candor-config">
{ "policy": { "revision": 1, "url": "/privacy" },
  "purposes": [{ "id": "necessary", "required": true }, { "id": "analytics" }, { "id": "marketing" }],
  "services": [{ "id": "ga4", "purpose": "analytics", "name": "Google Analytics" },
               { "id": "ads", "purpose": "marketing", "name": "Ads" }] }
</script>
<script src="/dist/candor.js" data-config="#candor-config"></script>
</head><body><main><h1>Two tags</h1></main>
<script type="text/plain" data-consent="analytics">window.__analytics = (window.__analytics ?? 0) + 1</script>
<script type="text/plain" data-consent="marketing">window.__marketing = (window.__marketing ?? 0) + 1</script>
</body></html>`;

const runs = (page: Page) =>
  page.evaluate(() => {
    const w = window as { __analytics?: number; __marketing?: number };
    return { analytics: w.__analytics ?? 0, marketing: w.__marketing ?? 0 };
  });

/**
 * Serves TWO_TAGS_PAGE, decides on a first visit with `decide`, then reloads it as a returning
 * visitor; `requests` then holds the returning visit's only (as paths of /dist/, sorted).
 */
async function returnToTwoTags(
  page: Page,
  origin: string,
  requests: string[],
  decide: () => Promise<unknown>,
): Promise<() => string[]> {
  await page.route('**/two-tags.html', (route) => route.fulfill({ body: TWO_TAGS_PAGE, contentType: 'text/html' }));
  await page.goto(`${origin}/two-tags.html`);
  await decide();
  // Recorded (the cookie, written after its copy; the copy alone may be the banner's mark for the next page).
  await expect.poll(() => page.evaluate(() => /(^|; )candor=/.test(document.cookie))).toBe(true);
  await reloadAfresh(page, requests);
  await expect(page.locator('[data-candor-launcher]').getByRole('button')).toBeVisible();
  return () =>
    requests
      .map((u) => new URL(u).pathname)
      .filter((p) => p.startsWith('/dist/'))
      .sort();
}

test('a returning visitor whose inline tags are not all granted downloads no gate: the granted one runs, the other waits, and a grant brings the gate, which runs it once', async ({
  page,
  origin,
  watched,
}) => {
  const ours = await returnToTwoTags(page, origin, watched.requests, () =>
    page.evaluate(() => window.Candor!.update({ purposes: { analytics: true, marketing: false } })),
  );
  await expect.poll(() => runs(page)).toEqual({ analytics: 1, marketing: 0 });
  expect(ours()).toEqual(['/dist/candor-returning.mjs', '/dist/candor.js']);
  expect(await page.locator('script[data-consent="marketing"]').getAttribute('type')).toBe('text/plain');
  // A revocation grants nothing new: still no gate.
  await page.evaluate(() => window.Candor!.update({ purposes: { analytics: false } }));
  await page.evaluate(() => window.Candor!.update({ purposes: { analytics: true } }));
  expect(ours()).toContain('/dist/candor-engine.mjs');
  expect(ours().filter((p) => p.includes('candor-gate'))).toEqual([]);
  // A grant of the waiting one: the loader looks again and hands the page to the gate (its queue
  // runs tags one task each), which runs the waiting tag, and not the one the loader ran.
  await page.evaluate(() => window.Candor!.update({ purposes: { marketing: true } }));
  await expect.poll(() => runs(page)).toEqual({ analytics: 1, marketing: 1 });
  expect(ours()).toContain('/dist/candor-gate.mjs');
  // Taken back and given again: it runs no second time on this page (as for any tag).
  await page.evaluate(() => window.Candor!.update({ purposes: { marketing: false } }));
  await page.evaluate(() => window.Candor!.update({ purposes: { marketing: true } }));
  expect(await runs(page)).toEqual({ analytics: 1, marketing: 1 });
  expect(watched.pageErrors).toEqual([]);
  expect(watched.consoleErrors).toEqual([]);
});

test('a returning visitor who rejected all downloads no gate and runs nothing; Accept all from the launcher brings the gate, which runs each tag once', async ({
  page,
  origin,
  watched,
}) => {
  const ours = await returnToTwoTags(page, origin, watched.requests, () =>
    page.getByRole('button', { name: 'Reject all' }).click(),
  );
  expect(ours()).toEqual(['/dist/candor-returning.mjs', '/dist/candor.js']);
  expect(await runs(page)).toEqual({ analytics: 0, marketing: 0 });
  await page.locator('[data-candor-launcher]').getByRole('button').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Accept all' }).click();
  await expect.poll(() => runs(page)).toEqual({ analytics: 1, marketing: 1 });
  expect(ours()).toContain('/dist/candor-gate.mjs');
  expect(watched.pageErrors).toEqual([]);
  expect(watched.consoleErrors).toEqual([]);
});

test('a returning visitor whose loader is added after the page was parsed still gets the launcher and the gate', async ({
  page,
  origin,
  watched,
}) => {
  // The loader added by a script once the page is parsed (as a tag manager would): DOMContentLoaded has passed.
  const late = `<script>addEventListener('load', () => { const s = document.createElement('script');
    s.src = '/dist/candor.js'; s.dataset.config = '#candor-config'; document.head.append(s); });</script>`;
  await page.route('**/late-gated-page.html', (route) =>
    route.fulfill({ body: GATED_PAGE(late), contentType: 'text/html' }),
  );
  await page.goto(`${origin}/late-gated-page.html`);
  await page.waitForFunction(() => window.Candor);
  await page.evaluate(() => window.Candor!.acceptAll());
  await page.reload();
  await expect(page.locator('[data-candor-launcher]').getByRole('button')).toBeVisible();
  await page.waitForFunction(() => (window as { __gatedAt?: number }).__gatedAt !== undefined);
  expect(watched.requests.filter((u) => u.endsWith('/dist/candor-engine.mjs'))).toHaveLength(1); // the first visit's only
  expect(watched.pageErrors).toEqual([]);
});

test('a first visit’s loader reads document.cookie once (its first read is the slow one while the page loads); the cookie still answers on return', async ({
  page,
  origin,
  watched,
}) => {
  // Counts the page's reads of document.cookie; the inline script after the loader notes how many it made.
  await page.addInitScript(() => {
    const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')!;
    let reads = 0;
    Object.defineProperty(Document.prototype, 'cookie', {
      ...cookie,
      get() {
        reads++;
        return cookie.get!.call(this) as string;
      },
    });
    Object.defineProperty(window, '__cookieReads', { get: () => reads });
  });
  const config = await (await fetch(`${origin}/test/e2e/pages/basic.html`)).text();
  const json = /<script type="application\/json" id="candor-config">([\s\S]*?)<\/script>/.exec(config)?.[1];
  expect(json).toBeTruthy();
  await page.route('**/reads.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Reads</title>
<script type="application/json" id="candor-config">${json}</script>
<script src="/dist/candor.js" data-config="#candor-config"></script>
<script>window.__afterLoader = window.__cookieReads</script></head>
<body><main><h1>Reads</h1></main></body></html>`,
    }),
  );
  const readsByLoader = () => page.evaluate(() => (window as { __afterLoader?: number }).__afterLoader);
  await page.goto(`${origin}/reads.html`);
  expect(await readsByLoader()).toBe(1);
  await page.evaluate(() => window.Candor!.acceptAll());
  await page.reload(); // a returning visitor: the cookie answers (each has() reads it again: another tab may have decided)
  expect(await readsByLoader()).toBeGreaterThan(0);
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(true);
  expect(watched.pageErrors).toEqual([]);
});

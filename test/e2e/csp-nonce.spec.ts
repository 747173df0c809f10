/**
 * Under the CSP docs/csp.md recommends (a nonce on the loader, 'strict-dynamic', Trusted Types with
 * the `candor` policy), the gate runs only what the site marked: marked tags injected into the page
 * without the loader's nonce never run and are reported once each; the `candor` policy creates
 * only what the gate is reviving; a gated `<embed>` loads.
 */
import type { Page } from '@playwright/test';
import { expect, gateSettled, test, type Fixtures } from './fixtures';

const PAGE = '/test/e2e/pages/csp-nonce.html';
const CSP = [
  "default-src 'self'",
  "script-src 'nonce-n0nce456' 'strict-dynamic'",
  "style-src 'self'",
  "object-src 'self'",
  "frame-src 'self'",
  "base-uri 'none'",
  "require-trusted-types-for 'script'",
  'trusted-types candor comments', // candor, plus the page's own policy (docs/csp.md)
].join('; ');
const INJECTED = ['injected-inline', 'injected-src', 'injected-guessed', 'injected-late'];

declare global {
  interface Window {
    __policies?: Record<string, { createScript(s: string): unknown; createScriptURL(s: string): unknown }>;
  }
}

/** Collects Candor's console messages refusing a tag injected without the loader's nonce. */
function refusals(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m) => m.text().includes("without the loader's CSP nonce") && seen.push(m.text()));
  return seen;
}

/** Opens the page with the CSP header behind the fake trackers; also collects Candor's refusals. */
async function openNonced(page: Page, openWithCsp: Fixtures['openWithCsp']) {
  const refused = refusals(page);
  const opened = await openWithCsp(PAGE, CSP); // waits for load: the late injection is in the page
  return { ...opened, refusals: refused };
}

const order = (page: Page) => page.evaluate(() => window.__order ?? []);

test('nonce + strict-dynamic: marked tags injected without the loader nonce never run (inline, foreign src, guessed nonce, added after load); the site’s nonced tags do', async ({
  page,
  openWithCsp,
  watched,
}) => {
  const { log, ...seen } = await openNonced(page, openWithCsp);
  await expect.poll(() => order(page)).toEqual(['site-necessary']);
  await page.evaluate(() => window.Candor!.acceptAll());
  await expect.poll(() => order(page)).toEqual(['site-necessary', 'site-inline', 'site-external']);
  // More decisions make the gate go through the page again: nothing injected is revived or reported again.
  await page.evaluate(() => window.Candor!.update({ purposes: { analytics: false } }));
  await page.evaluate(() => window.Candor!.update({ purposes: { analytics: true } }));
  await gateSettled(page);
  // Refused for good: marked as such, so no later decision can run them.
  expect(
    await page.locator('.comment script').evaluateAll((els) => els.map((e) => e.getAttribute('data-candor'))),
  ).toEqual(['refused', 'refused', 'refused', 'refused']);
  expect(log.requests.filter((u) => u.includes('evil.example'))).toEqual([]);
  expect(await order(page)).toEqual(['site-necessary', 'site-inline', 'site-external']);
  // Reported once each, so that a site owner sees why a tag did not run.
  expect(seen.refusals).toHaveLength(INJECTED.length);
  for (const name of INJECTED) expect(seen.refusals.filter((m) => m.includes(name))).toHaveLength(1);
  expect(seen.violations).toEqual([]);
  expect(watched.pageErrors).toEqual([]);
});

test('the candor Trusted Types policy creates only what the gate is reviving: a script that gets hold of it cannot bless other code', async ({
  page,
  openWithCsp,
}) => {
  // A script that wraps trustedTypes.createPolicy keeps every policy the page creates.
  await page.addInitScript(() => {
    const tt = (window as unknown as { trustedTypes: { createPolicy: (n: string, r: object) => never } }).trustedTypes;
    const create = tt.createPolicy.bind(tt);
    tt.createPolicy = (name, rules) => ((window.__policies ??= {})[name] = create(name, rules));
  });
  const seen = await openNonced(page, openWithCsp);
  await page.evaluate(() => window.Candor!.acceptAll());
  await expect.poll(() => order(page)).toEqual(['site-necessary', 'site-inline', 'site-external']); // revived through the policy
  const misuse = await page.evaluate(() => {
    const policy = window.__policies!['candor']!;
    const attempt = (f: () => unknown): string => {
      try {
        f();
        return 'created';
      } catch (e) {
        return (e as Error).name;
      }
    };
    return {
      script: attempt(() => policy.createScript('window.__pwned = true')),
      url: attempt(() => policy.createScriptURL('https://evil.example/x.js')),
    };
  });
  expect(misuse).toEqual({ script: 'TypeError', url: 'TypeError' });
  expect(await page.evaluate(() => (window as { __pwned?: boolean }).__pwned)).toBeUndefined();
  expect(seen.violations).toEqual([]);
});

test('a gated <embed> loads under the documented Trusted Types policy once its service is granted from the placeholder', async ({
  page,
  openWithCsp,
}) => {
  const seen = await openNonced(page, openWithCsp);
  const button = page.getByRole('button', { name: 'Load Embedded page from Example' });
  await expect(button).toBeVisible();
  expect(await page.locator('embed').getAttribute('src')).toBeNull();
  const loaded = page.waitForRequest((r) => r.url().endsWith('/test/e2e/pages/embedded.html'));
  await button.click();
  await loaded;
  await expect(page.locator('embed')).toHaveAttribute('src', '/test/e2e/pages/embedded.html');
  expect(
    await page.evaluate(() => ({ page: window.Candor!.has('page'), analytics: window.Candor!.has('analytics') })),
  ).toEqual({ page: true, analytics: false });
  expect(seen.violations).toEqual([]);
});

test('nonce + strict-dynamic with autoBlock: tags the site’s scripts create and its nonced tags run once granted; an injected unmarked tag from a configured host never does', async ({
  page,
  openWithCsp,
  watched,
}) => {
  const refused = refusals(page);
  const { log } = await openWithCsp('/test/e2e/pages/csp-nonce-autoblock.html', CSP.replace('n0nce456', 'n0nce789'));
  await gateSettled(page);
  expect(await order(page)).toEqual([]);
  expect(log.requests.filter((u) => u.includes('snippet'))).toEqual([]); // held back before it had a URL
  // The injected tag is held back like any unmarked one, and refused for good: no decision can run it.
  expect(await page.locator('main script').getAttribute('data-candor')).toBe('refused');
  await page.evaluate(() => window.Candor!.acceptAll());
  await expect.poll(async () => [...(await order(page))].sort()).toEqual(['own-tag', 'snippet']);
  expect(await page.locator('main script').getAttribute('data-candor')).toBe('refused');
  expect(await order(page)).not.toContain('injected-tag');
  // At most the browser's early fetch of the URL in the HTML (docs/auto-blocking.md, limit 1); never a second one from Candor.
  expect(log.requests.filter((u) => u.includes('injected-tag')).length).toBeLessThanOrEqual(1);
  expect(refused).toHaveLength(1);
  expect(refused[0]).toContain('injected.js');
  expect(watched.pageErrors).toEqual([]);
});

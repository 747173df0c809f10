/** Under a strict CSP (no 'unsafe-inline', nonces, enforced Trusted Types) gating still works and nothing is refused. */
import { expect, test } from './fixtures';

const CSP = [
  "default-src 'self'",
  "script-src 'self' 'nonce-n0nce123'",
  "style-src 'self'",
  "frame-src 'self'",
  "require-trusted-types-for 'script'",
  'trusted-types candor',
].join('; ');

declare global {
  interface Window {
    __inlineRan?: boolean;
    __externalRan?: boolean;
  }
}

test('gated inline (with nonce) and external scripts run under a strict CSP with Trusted Types; placeholders need no inline styles', async ({
  openWithCsp,
  watched,
}) => {
  // Trusted Types without a nonce on the loader: the site opts out of the first-frame hold, whose
  // script URL Trusted Types would refuse (docs/csp.md; with a nonce it is skipped by itself).
  const { page, violations } = await openWithCsp('/test/e2e/pages/csp.html', CSP, (html) =>
    html.replace('<script src="/dist/candor.js"', '<script data-paint-early src="/dist/candor.js"'),
  );
  await expect(page.getByRole('button', { name: 'Load Video from Example' })).toBeVisible();
  const styled = await page
    .getByRole('button', { name: 'Load Video from Example' })
    .evaluate((b) => getComputedStyle(b).minHeight);
  expect(styled).toBe('44px'); // the adopted stylesheet applies under style-src 'self'
  expect(await page.evaluate(() => window.__inlineRan)).toBeUndefined();
  await page.evaluate(() => window.Candor!.update({ purposes: { analytics: true } }));
  await page.waitForFunction(() => window.__inlineRan === true && window.__externalRan === true);
  await expect(page.locator('iframe')).toBeVisible();
  expect(violations).toEqual([]);
  expect(watched.pageErrors).toEqual([]);
});

/**
 * "Copy this folder" (README): a site that serves dist/cdn/ alone, and nothing else of the package,
 * gets everything the script tag does, in Chromium: the banner, gating, the gate's placeholders,
 * the choice kept on the next page, the preference panel with its whole locale. Every request
 * Candor makes stays inside that folder, and none fails.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { serveStatic } from '../../scripts/static-server.mjs';

const PAGE = `<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>Shop</title>
<script type="application/json" id="candor-config">
{ "policy": { "revision": 1, "url": "/privacy", "contact": "privacy@example.com" },
  "purposes": [{ "id": "necessary", "required": true }, { "id": "analytics" }, { "id": "marketing" }],
  "services": [{ "id": "video", "purpose": "marketing", "name": "Video" }] }
</script>
<script src="/vendor/candor/candor.js" data-config="#candor-config"></script>
</head><body><main><h1>Shop</h1>
<iframe data-consent="video" data-src="/video.html" title="Our video" width="320" height="180"></iframe>
<script type="text/plain" data-consent="analytics">window.__cdnRan = (window.__cdnRan || 0) + 1;</script>
</main></body></html>`;

declare global {
  interface Window {
    __cdnRan?: number;
  }
}

test('a site that serves only dist/cdn/ gets the whole script tag: banner, gating, placeholders, panel, the choice kept', async ({
  page,
}) => {
  const site = mkdtempSync(join(tmpdir(), 'candor-cdn-'));
  writeFileSync(join(site, 'shop.html'), PAGE);
  writeFileSync(join(site, 'video.html'), '<!doctype html><title>video</title><p>video</p>');
  const { origin, close } = await serveStatic({
    mounts: [
      { prefix: '/vendor/candor/', dir: 'dist/cdn' },
      { prefix: '/', dir: site },
    ],
  });
  const candorRequests: string[] = [];
  const failed: string[] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (/candor|locales/.test(path)) candorRequests.push(path);
  });
  page.on('requestfailed', (r) => failed.push(r.url()));
  page.on('response', (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
  try {
    await page.goto(`${origin}/shop.html`);
    const banner = page.getByRole('region', { name: 'Cookies und Ihre Privatsphäre' });
    await expect(banner).toBeVisible();
    // The placeholder, with its words from the folder's locales.
    await expect(page.locator('.candor-placeholder').getByRole('button')).toBeVisible();
    expect(await page.evaluate(() => window.__cdnRan ?? 0)).toBe(0);
    await banner.getByRole('button', { name: 'Alle akzeptieren' }).click();
    await expect.poll(() => page.evaluate(() => window.__cdnRan ?? 0)).toBe(1);
    await expect(page.frameLocator('iframe[title="Our video"]').getByText('video')).toBeVisible();
    // The next page: the cookie answers, the gate runs the tag, no banner.
    await page.reload();
    await expect.poll(() => page.evaluate(() => window.__cdnRan ?? 0)).toBe(1);
    await expect(banner).toHaveCount(0);
    // The panel, with the whole locale, from the folder too.
    await page.evaluate(() => window.Candor!.ready);
    await page.getByRole('button', { name: 'Datenschutz-Einstellungen' }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    expect(failed).toEqual([]);
    expect(candorRequests.length).toBeGreaterThan(5);
    expect(candorRequests.filter((p) => !p.startsWith('/vendor/candor/'))).toEqual([]);
    expect(candorRequests).toEqual(expect.arrayContaining(['/vendor/candor/locales/de.json']));
  } finally {
    await close();
  }
});

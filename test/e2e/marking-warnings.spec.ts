/**
 * A site owner's marking mistakes are said in the console (in the production script-tag build):
 * a typo in data-consent (the element would never load) and a marked script without
 * type="text/plain" (the browser runs it before any consent).
 */
import { expect, test } from './fixtures';

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Marking mistakes</title>
<script type="application/json" id="candor-config">
{ "policy": { "revision": 1, "url": "/privacy", "contact": "privacy@example.com" }, "purposes": [{ "id": "necessary", "required": true }, { "id": "analytics" }] }
</script>
<script src="/dist/candor.js" data-config="#candor-config"></script>
<script type="text/plain" data-consent="analytcs">window.__typo = true;</script>
<script data-consent="analytics">window.__early = true;</script>
</head><body><h1>Mistakes</h1></body></html>`;

test('a typo in data-consent and a marked script without type="text/plain" each get one console warning', async ({
  page,
  origin,
}) => {
  const warnings: string[] = [];
  page.on('console', (m) => void (m.type() === 'warning' && warnings.push(m.text())));
  await page.route('**/marking.html', (route) => route.fulfill({ body: PAGE, contentType: 'text/html' }));
  await page.goto(`${origin}/marking.html`);
  await page.evaluate(() => window.Candor!.ready);
  await expect.poll(() => warnings.filter((w) => w.startsWith('Candor:')).length).toBe(2);
  expect(warnings.find((w) => w.includes('"analytcs" is not a purpose or service'))).toContain(
    '(it has necessary, analytics)',
  );
  expect(warnings.find((w) => w.includes('has no type="text/plain"'))).toContain('data-consent="analytics"');
});

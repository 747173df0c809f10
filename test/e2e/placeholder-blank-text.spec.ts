/**
 * A blank site text (`""` or spaces, as translation tools export an untranslated key) is a config
 * issue, but the gate still gates under an invalid config, and its placeholders read the site's
 * texts themselves: a blank one is not used there either (the locale's words instead), so a
 * placeholder's button always has a name.
 */
import { expect, test } from './fixtures';

test("a blank site text for a placeholder's button: the locale's words name it", async ({ page, origin, watched }) => {
  await page.route('**/blank-placeholder.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Blank</title>
<script type="application/json" id="candor-config">{ "policy": { "revision": 1, "url": "/privacy" },
  "purposes": [{ "id": "necessary", "required": true }, { "id": "marketing" }],
  "services": [{ "id": "youtube", "purpose": "marketing", "name": "YouTube", "provider": "Google" }],
  "texts": { "en": { "placeholder.button": " " } } }</script>
<script src="/dist/candor.js" data-config="#candor-config"></script>
</head><body><main><h1>Blank</h1>
<iframe data-consent="youtube" data-src="https://www.youtube-nocookie.com/embed/x" title="Video"></iframe></main>
</body></html>`,
    }),
  );
  await page.goto(`${origin}/blank-placeholder.html`);
  await expect(page.locator('.candor-placeholder button')).toHaveAccessibleName('Load YouTube from Google');
  expect(watched.pageErrors).toEqual([]);
});

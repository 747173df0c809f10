// @vitest-environment happy-dom
/**
 * `ui.launcher: false` (a site that wants no floating button) on a page without any
 * `[data-candor-open]` element: once decided, the visitor has no way to change or withdraw the
 * choice (GDPR Art. 7(3): withdrawing as easy as giving), and the console said nothing. The script
 * tag's engine says it (loader/config-diagnostics.ts), once the page is parsed.
 */
import { afterEach, expect, it, vi } from 'vitest';
import { engineSays } from './config-console';

const config = {
  policy: { revision: 1, url: '/privacy', contact: 'privacy@example.com' },
  purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }],
  ui: { launcher: false },
};

afterEach(() => {
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

it('ui.launcher false on a page with no [data-candor-open]: the console says visitors cannot reopen their choice', async () => {
  document.body.innerHTML = '<footer><a href="/privacy">Privacy</a></footer>';
  expect(await engineSays(config)).toMatch(/ui\.launcher is false .*data-candor-open/);
});

it('ui.launcher false with a footer link that opens the panel: nothing is said of it', async () => {
  document.body.innerHTML = '<footer><a href="#" data-candor-open>Privacy settings</a></footer>';
  expect(await engineSays(config)).not.toContain('data-candor-open');
});

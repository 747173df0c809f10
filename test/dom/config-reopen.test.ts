// @vitest-environment happy-dom
/**
 * `ui.launcher: false` (a site that wants no floating button) on a page without any
 * `[data-candor-open]` element: once decided, the visitor has no way to change or withdraw the
 * choice (GDPR Art. 7(3): withdrawing as easy as giving), and the console said nothing. The script
 * tag's engine says it (loader/config-diagnostics.ts), a task after the page has loaded: a link the
 * app renders after DOMContentLoaded works (one delegated listener) and is not warned about.
 */
import { afterEach, expect, it, vi } from 'vitest';
import { findConfig } from '../../src/core/find-config';
import { tellConfig } from '../../src/loader/config-diagnostics';
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

// First: the console says each text once per page (loader/diagnostics.ts).
it('a footer link the app renders after DOMContentLoaded (the engine started early): nothing is said of it', async () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const state = vi.spyOn(document, 'readyState', 'get').mockReturnValue('loading');
  const r = findConfig({ ...config, policy: { ...config.policy, url: 'privacy-late.html' } });
  if (!r.ok) throw new Error('invalid');
  tellConfig(r.warnings, r.config); // the engine, started early (an API call in <head>)
  state.mockReturnValue('interactive');
  document.dispatchEvent(new Event('DOMContentLoaded'));
  document.body.innerHTML = '<footer><a href="#" data-candor-open>Privacy settings</a></footer>'; // the app's render
  state.mockReturnValue('complete');
  window.dispatchEvent(new Event('load'));
  const text = (): string => warn.mock.calls.map((c) => String(c[0])).join('\n');
  await vi.waitFor(() => expect(text()).toContain('privacy-late.html')); // the diagnostics were said
  expect(text()).not.toContain('data-candor-open');
});

it('ui.launcher false on a page with no [data-candor-open]: the console says visitors cannot reopen their choice', async () => {
  document.body.innerHTML = '<footer><a href="/privacy">Privacy</a></footer>';
  expect(await engineSays(config)).toMatch(/ui\.launcher is false .*data-candor-open/);
});

it('ui.launcher false with a footer link that opens the panel: nothing is said of it', async () => {
  document.body.innerHTML = '<footer><a href="#" data-candor-open>Privacy settings</a></footer>';
  expect(await engineSays(config)).not.toContain('data-candor-open');
});

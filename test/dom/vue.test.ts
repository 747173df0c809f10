// @vitest-environment happy-dom
// candor/vue (bindings/vue.ts) with @testing-library/vue: one session per provideConsent (one
// instance, one banner), refs that follow the state, fail-closed before it starts, everything
// removed on unmount.
import { cleanup, render, screen, waitFor } from '@testing-library/vue';
import { createSSRApp, defineComponent, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SessionOptions } from '../../src/entries/vue';
import { provideConsent, useConsent } from '../../src/entries/vue';
import { createConsent } from '../../src/instance/create-consent';
import type { Consent } from '../../src/instance/types';
import { createMemoryStorage } from '../../src/store/memory';
import { tabStorage } from './tab-storage';

const config = {
  policy: { revision: 1 },
  purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }],
} as const;

afterEach(() => {
  cleanup();
  document.body.innerHTML = '';
});

let seen: Consent | null = null;
const Child = defineComponent({
  setup() {
    const { consent, granted, needsPrompt } = useConsent();
    const analytics = granted('analytics');
    return () => {
      seen = consent.value;
      return h(
        'p',
        `analytics ${analytics.value ? 'granted' : 'denied'}; ${needsPrompt.value ? 'asking' : 'not asking'}`,
      );
    };
  },
});
const app = (session: SessionOptions) =>
  defineComponent({
    setup() {
      provideConsent(config, session);
      return () => h(Child);
    },
  });
const banners = () => document.querySelectorAll('[data-candor-ui]').length;

describe('provideConsent and useConsent (candor/vue)', () => {
  it('makes one instance and one banner, and the refs follow the decision', async () => {
    let instances = 0;
    const memory = createMemoryStorage();
    render(app({ options: { storage: () => (instances++, memory) }, page: false }));
    expect(screen.getByText('analytics denied; not asking')).toBeTruthy(); // before the session: fail-closed
    await waitFor(() => expect(screen.getByText('analytics denied; asking')).toBeTruthy());
    await waitFor(() => expect(banners()).toBe(1));
    await seen!.acceptAll();
    await waitFor(() => expect(screen.getByText('analytics granted; not asking')).toBeTruthy());
    expect(instances).toBe(1);
    expect(banners()).toBe(1);
  });

  it('removes the UI and destroys the instance on unmount; the choice is kept for the next app', async () => {
    const storage = createMemoryStorage();
    const first = render(app({ options: { storage }, page: false }));
    await waitFor(() => expect(banners()).toBe(1));
    const consent = seen!;
    await consent.rejectAll();
    first.unmount();
    expect(banners()).toBe(0);
    expect(await consent.acceptAll()).toBeNull(); // destroyed: ignored
    render(app({ options: { storage }, ui: false, page: false }));
    await waitFor(() => expect(screen.getByText('analytics denied; not asking')).toBeTruthy());
  });

  it('the refs follow a decision made in another tab; unmounting stops listening', async () => {
    const { storage, listening, tell } = tabStorage();
    const view = render(app({ options: { storage }, page: false, ui: false }));
    await waitFor(() => expect(listening()).toBe(true));
    expect(screen.getByText('analytics denied; asking')).toBeTruthy();
    tell(await createConsent(config, { storage: () => createMemoryStorage() }).acceptAll());
    await waitFor(() => expect(screen.getByText('analytics granted; not asking')).toBeTruthy());
    view.unmount();
    expect(listening()).toBe(false);
  });

  it('hydrates the server markup without a mismatch, then follows the session', async () => {
    const warnings = vi.spyOn(console, 'warn');
    const errors = vi.spyOn(console, 'error');
    const App = app({ options: { storage: () => createMemoryStorage() }, page: false, ui: false });
    const root = document.body.appendChild(document.createElement('div'));
    root.innerHTML = await renderToString(createSSRApp(App));
    const hydrated = createSSRApp(App);
    hydrated.mount(root);
    await waitFor(() => expect(root.textContent).toBe('analytics denied; asking'));
    expect(warnings).not.toHaveBeenCalled(); // Vue says "Hydration … mismatch" here
    expect(errors).not.toHaveBeenCalled();
    hydrated.unmount();
  });

  it('useConsent without provideConsent says what is missing', () => {
    const Orphan = defineComponent({ setup: () => (useConsent(), () => h('p')) });
    expect(() => render(Orphan)).toThrow(/provideConsent\(config\)/);
  });

  it('with an invalid config: the app stays, one console error, the refs answer fail-closed, no banner', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const invalid = defineComponent({
        setup() {
          provideConsent({ policy: { revision: 1 }, purposes: [{ id: 'necesary' }] } as never, { page: false });
          return () => h('main', [h('h1', 'The shop'), h(Child)]);
        },
      });
      render(invalid);
      await waitFor(() => expect(errors).toHaveBeenCalledTimes(1));
      expect(String(errors.mock.calls[0]?.[0])).toContain('necessary');
      expect(screen.getByText('The shop')).toBeTruthy();
      expect(screen.getByText('analytics denied; not asking')).toBeTruthy();
      expect(banners()).toBe(0);
    } finally {
      errors.mockRestore();
    }
  });
});

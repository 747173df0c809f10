// @vitest-environment happy-dom
// candor/react (bindings/react.ts) with @testing-library/react: one session under StrictMode (one
// instance, one banner), hooks that follow the state, fail-closed before the session starts,
// everything removed on unmount. Written with createElement (this suite's JSX is Preact's).
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { createElement, StrictMode } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConsentProvider, Granted, useConsent, useGranted, useNeedsPrompt } from '../../src/entries/react';
import { createConsent } from '../../src/instance/create-consent';
import type { Consent } from '../../src/instance/types';
import { createMemoryStorage } from '../../src/store/memory';
import { tabStorage } from './tab-storage';

const config = {
  policy: { revision: 1 },
  purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }],
  services: [{ id: 'ga4', purpose: 'analytics' }],
} as const;

afterEach(async () => {
  cleanup();
  await new Promise((r) => setTimeout(r)); // the unmounted providers' stops (a task later)
  document.body.innerHTML = '';
});

/** Counts instances: createConsent calls its storage factory once per instance. */
function counted() {
  const made = { instances: 0, storage: createMemoryStorage() };
  const storage = () => (made.instances++, made.storage);
  return { made, storage };
}

let seen: Consent | null = null;
function Probe() {
  seen = useConsent();
  const granted = useGranted('analytics');
  const prompt = useNeedsPrompt();
  return createElement(
    'p',
    null,
    `analytics ${granted ? 'granted' : 'denied'}; ${prompt ? 'asking' : 'not asking'}`,
    createElement(
      Granted,
      { when: 'ga4', fallback: createElement('span', null, 'video placeholder') },
      createElement('span', null, 'video'),
    ),
  );
}
const banners = () => document.querySelectorAll('[data-candor-ui]').length;

describe('ConsentProvider (candor/react)', () => {
  it('under StrictMode makes one instance and one banner, and the hooks follow the decision', async () => {
    const { made, storage } = counted();
    render(
      createElement(
        StrictMode,
        null,
        createElement(ConsentProvider, { config, options: { storage }, page: false }, createElement(Probe)),
      ),
    );
    // Before the session has read the stored decision: fail-closed, not asking yet.
    expect(screen.getByText(/analytics denied/)).toBeTruthy();
    await waitFor(() => expect(screen.getByText('analytics denied; asking')).toBeTruthy());
    await waitFor(() => expect(banners()).toBe(1));
    expect(made.instances).toBe(1);
    expect(screen.getByText('video placeholder')).toBeTruthy();
    await act(async () => void (await seen!.acceptAll()));
    await waitFor(() => expect(screen.getByText(/analytics granted; not asking/)).toBeTruthy());
    expect(screen.getByText('video')).toBeTruthy();
    // StrictMode's second effect run did not start a second session meanwhile.
    await new Promise((r) => setTimeout(r, 20));
    expect(made.instances).toBe(1);
    expect(banners()).toBe(1);
  });

  it('removes the UI and destroys the instance on unmount', async () => {
    const { storage } = counted();
    const view = render(
      createElement(
        StrictMode,
        null,
        createElement(ConsentProvider, { config, options: { storage }, page: false }, createElement(Probe)),
      ),
    );
    await waitFor(() => expect(banners()).toBe(1));
    const consent = seen!;
    view.unmount();
    await waitFor(() => expect(banners()).toBe(0));
    // A destroyed instance ignores later actions: nothing is recorded.
    expect(await consent.acceptAll()).toBeNull();
  });

  it('without the UI (ui: false) shows no banner; the choice is kept for the next provider', async () => {
    const errors = vi.spyOn(console, 'error');
    const { made, storage } = counted();
    const first = render(
      createElement(ConsentProvider, { config, options: { storage }, ui: false }, createElement(Probe)),
    );
    await waitFor(() => expect(screen.getByText(/asking/)).toBeTruthy());
    await act(async () => void (await seen!.rejectAll()));
    expect(banners()).toBe(0);
    first.unmount();
    render(createElement(ConsentProvider, { config, options: { storage }, ui: false }, createElement(Probe)));
    await waitFor(() => expect(screen.getByText('analytics denied; not asking')).toBeTruthy());
    expect(made.instances).toBe(2);
    // The next provider mounted before the first one's stop had run: it stopped it first, so the
    // page has one connected instance (connectPage refuses a second, with a console error).
    expect(errors).not.toHaveBeenCalled();
  });

  it('two providers under StrictMode: each keeps its one session (the second mount of one stops no other), the page is connected once', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { made, storage } = counted();
    const provider = (text: string) =>
      createElement(ConsentProvider, { config, options: { storage } }, createElement('p', null, text));
    render(createElement(StrictMode, null, provider('shop'), provider('footer')));
    await waitFor(() => expect(banners()).toBe(1));
    await waitFor(() => expect(errors).toHaveBeenCalledTimes(2)); // the second page wiring and UI, refused
    // Before, the first provider's second mount stopped the second's session, which then made a third.
    expect(made.instances).toBe(2);
    const refused = errors.mock.calls.map((c) => String(c[0]));
    expect(refused.filter((m) => m.includes('already connected'))).toHaveLength(1);
    expect(refused.filter((m) => m.includes('banner and launcher already'))).toHaveLength(1);
  });

  it('two providers unmounted together, then a new one: it stops both first and connects the page', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { storage } = counted();
    const provider = (key: string) =>
      createElement(ConsentProvider, { key, config, options: { storage }, ui: false }, createElement('p', null, key));
    const view = render(createElement('div', null, provider('a'), provider('b')));
    await waitFor(() => expect(errors).toHaveBeenCalledTimes(1)); // b's page wiring, refused
    errors.mockClear();
    view.rerender(createElement('div', null, provider('c')));
    await act(() => new Promise((r) => setTimeout(r)));
    // Before, only the last unmounted provider's stop ran first: a's page wiring was still there.
    expect(errors).not.toHaveBeenCalled();
  });

  it('the hooks follow a decision made in another tab, and one found when the page comes back from the back/forward cache', async () => {
    const { memory, storage, listening, tell } = tabStorage();
    render(
      createElement(ConsentProvider, { config, options: { storage }, page: false, ui: false }, createElement(Probe)),
    );
    await waitFor(() => expect(listening()).toBe(true));
    expect(screen.getByText(/analytics denied; asking/)).toBeTruthy();
    const elsewhere = await createConsent(config, { storage: () => createMemoryStorage() }).acceptAll();
    act(() => tell(elsewhere));
    await waitFor(() => expect(screen.getByText(/analytics granted; not asking/)).toBeTruthy());
    // Another page decided while this one was in the back/forward cache (no tab message): read on restore.
    const other = createConsent(config, { storage: () => memory });
    await other.ready;
    await other.rejectAll();
    expect(screen.getByText(/analytics granted/)).toBeTruthy();
    act(() => void window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true })));
    await waitFor(() => expect(screen.getByText(/analytics denied; not asking/)).toBeTruthy());
  });

  it('hydrates the server markup under StrictMode without a mismatch, then follows the session', async () => {
    const errors = vi.spyOn(console, 'error');
    const tree = () =>
      createElement(
        StrictMode,
        null,
        createElement(
          ConsentProvider,
          { config, options: { storage: () => createMemoryStorage() }, ui: false },
          createElement(Probe),
        ),
      );
    const root = document.body.appendChild(document.createElement('div'));
    root.innerHTML = renderToString(tree());
    const recoverable = vi.fn();
    const app = hydrateRoot(root, tree(), { onRecoverableError: recoverable });
    await waitFor(() => expect(root.textContent).toBe('analytics denied; askingvideo placeholder'));
    expect(recoverable).not.toHaveBeenCalled();
    expect(errors).not.toHaveBeenCalled();
    act(() => app.unmount());
  });

  it('with an invalid config, under StrictMode: the app stays (an effect that throws would unmount it), one console error, nothing granted, no banner', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const invalid = { policy: { revision: 1 }, purposes: [{ id: 'necesary' }] };
      render(
        createElement(
          StrictMode,
          null,
          createElement(
            ConsentProvider,
            { config: invalid as never, options: { storage: createMemoryStorage() } },
            createElement('h1', null, 'The shop'),
            createElement(Probe),
          ),
        ),
      );
      await waitFor(() => expect(errors).toHaveBeenCalledTimes(1));
      expect(String(errors.mock.calls[0]?.[0])).toContain('necessary');
      expect(screen.getByText('The shop')).toBeTruthy();
      expect(screen.getByText('analytics denied; not asking')).toBeTruthy();
      expect(seen).toBeNull();
      expect(banners()).toBe(0);
    } finally {
      errors.mockRestore();
    }
  });

  it("with an invalid config, Consent Mode's defaults are still all denied, as the script tag sends them: an unmarked Google tag (advanced mode) never runs as if granted", async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const w = window as { dataLayer?: unknown[] };
    delete w.dataLayer; // the other tests' pages
    try {
      const invalid = { policy: { revision: 1 }, purposes: [{ id: 'necesary' }] };
      render(createElement(ConsentProvider, { config: invalid as never, ui: false }, createElement(Probe)));
      await waitFor(() => expect(errors).toHaveBeenCalledTimes(1));
      const defaults = (w.dataLayer ?? [])
        .map((x) => Array.from(x as ArrayLike<unknown>))
        .filter((x) => x[0] === 'consent' && x[1] === 'default');
      expect(defaults).toHaveLength(1);
      expect(defaults[0]![2]).toMatchObject({
        ad_storage: 'denied',
        analytics_storage: 'denied',
        ad_user_data: 'denied',
      });
    } finally {
      errors.mockRestore();
      delete w.dataLayer;
      delete (window as { gtag?: unknown }).gtag;
    }
  });
});

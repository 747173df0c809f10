// @vitest-environment happy-dom
/**
 * The reload offer's room (ui/banner-padding.ts) when its UI is destroyed while it shows (an SPA's
 * effect cleanup, a React provider unmounted, a Turbo page swap): given back with the UI, not left
 * in the set of bars shown (its spacer, the padding, and every later banner's room measured against
 * a detached box, whose top is 0: the whole viewport).
 */
import { signal } from '@preact/signals-core';
import { describe, expect, it, vi } from 'vitest';
import type { Consent } from '../../src/instance/types';
import { mountShell } from '../../src/ui/shell';
import { configOf, sample } from '../unit/fixtures';
import { shellOptions } from './shell-options';

const fake = () => {
  const needsPrompt = signal(false);
  return {
    needsPrompt,
    state: signal({ purposes: {} }),
    config: configOf(sample),
    acceptAll: vi.fn(async () => void (needsPrompt.value = false)),
    rejectAll: vi.fn(async () => void (needsPrompt.value = false)),
  } as unknown as Consent & { needsPrompt: typeof needsPrompt };
};
const mount = (consent: Consent) =>
  mountShell(consent, shellOptions(), () => ({ open() {}, close() {}, destroy() {} }));

describe('the reload offer’s room when its UI is destroyed', () => {
  it('is given back, and a later banner’s room is its own', async () => {
    vi.stubGlobal('ResizeObserver', undefined); // measured at once (happy-dom has no layout)
    const root = document.documentElement;
    root.style.scrollPaddingBottom = '3rem'; // the page's own
    const first = mount(fake());
    document.dispatchEvent(
      new CustomEvent('candor:revoke', { detail: { services: ['ga4'], reloadRecommended: true } }),
    );
    await vi.waitFor(() => expect(document.querySelector('[data-candor-spacer]')).not.toBeNull());
    expect(root.style.scrollPaddingBottom).toMatch(/^\d+px$/);
    first.destroy(); // the UI goes with the offer still shown
    expect(document.querySelector('[data-candor-spacer]')).toBeNull();
    expect(root.style.scrollPaddingBottom).toBe('3rem');

    // A new UI (the next route) shows its banner, and the visitor decides.
    const consent = fake();
    const second = mount(consent);
    consent.needsPrompt.value = true;
    expect(root.style.scrollPaddingBottom).toMatch(/^\d+px$/);
    consent.needsPrompt.value = false;
    expect(root.style.scrollPaddingBottom).toBe('3rem');
    second.destroy();
  });
});

// @vitest-environment happy-dom
/**
 * An npm app (no script tag, no loader) that also exposes its instance as `window.Candor`, so that
 * its inline scripts and GTM tags can call `Candor.has(...)` as the README's examples do: mountUI
 * must still show the banner. Only the script tag's own `window.Candor` (the loader's facade, whose
 * loader shows the banner itself) is left without one.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import { createMemoryStorage } from '../../src/store/memory';
import { mountUI } from '../../src/ui/mount-ui';
import { sample } from '../unit/fixtures';

afterEach(() => {
  document.body.innerHTML = '';
  delete (window as { Candor?: unknown }).Candor;
  vi.restoreAllMocks();
});

const hosts = () => [...document.querySelectorAll('[data-candor-ui]')];

describe('mountUI in an npm app that sets window.Candor itself', () => {
  it('mounts the banner (there is no loader to show one)', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const consent = createConsent(sample, { storage: createMemoryStorage() });
    await consent.ready;
    expect(consent.needsPrompt.value).toBe(true);
    (window as { Candor?: unknown }).Candor = consent; // for the page's own scripts
    const ui = mountUI(consent);
    expect(hosts()).toHaveLength(1);
    ui.destroy();
    consent.destroy();
  });
});

// @vitest-environment happy-dom
// @vitest-environment-options {"url":"https://shop.example/"}
// The loader's facade is the slot Candor keeps its launcher in (loader/stand-in-launcher.ts,
// ui/shell.ts): a page library that pollutes Object.prototype after the loader (a careless merge of
// `?__proto__[launcher]=1`) must not make it look as if it held one.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import { createFacade, type EngineModule } from '../../src/loader/facade';
import { createMemoryStorage } from '../../src/store/memory';
import { mountShell } from '../../src/ui/shell';
import { bootLoader } from './loader-chunks';
import { shellOptions } from './shell-options';

vi.mock('../../src/loader/chunks', async (orig) => (await import('./loader-chunks')).fromSources(await orig()));

const config = {
  policy: { revision: 1, contact: 'privacy@example.com' },
  purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }],
  services: [],
};
const proto = Object.prototype as Record<string, unknown>;

afterEach(() => {
  delete proto['launcher'];
  vi.unstubAllGlobals();
});

describe('the stand-in launcher of a returning visitor', () => {
  it('shows, so that the visitor can withdraw, also after a page library set Object.prototype.launcher', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new Error('offline'))); // the label's locale file: Candor's English
    const earlier = createConsent(structuredClone(config) as never);
    await earlier.ready;
    await earlier.acceptAll();
    await vi.waitFor(() => expect(document.cookie).toMatch(/candor=1\./)); // the decision kept
    earlier.destroy();

    await bootLoader('#candor-config', config);
    expect(window.Candor!.has('analytics')).toBe(true); // the cookie answers
    proto['launcher'] = '1'; // the page's own library, after the loader
    await vi.waitFor(() => expect(document.body.querySelector('[data-candor-launcher]')).not.toBeNull());
  });
});

describe("the first layer mounted on the loader's facade (its launcher slot)", () => {
  it('shows the banner, also after a page library set Object.prototype.launcher', () => {
    const consent = createConsent(structuredClone(config) as never, { storage: createMemoryStorage() });
    const facade = createFacade(
      () => Promise.resolve({} as EngineModule),
      () => config,
      {},
      vi.fn(),
    );
    proto['launcher'] = '1';
    let mounted: unknown;
    expect(
      () =>
        (mounted = mountShell(consent, shellOptions({ slot: facade }), () => ({
          open() {},
          close() {},
          destroy() {},
        }))),
    ).not.toThrow();
    expect(document.querySelector('[data-candor-ui]')).not.toBeNull();
    (mounted as { destroy(): void } | undefined)?.destroy();
    consent.destroy();
  });
});

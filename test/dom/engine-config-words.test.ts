// @vitest-environment happy-dom
/**
 * The script tag's engine carries no config words (core/config-messages.ts, the words chunk
 * candor-chunk-words.mjs): an invalid config still gives one console error with every issue in the
 * words npm's ConsentError has, said by the engine once they have loaded (loader/config-diagnostics.ts),
 * and the facade, seeing `noConfig`, says nothing more; it fails closed as before.
 */
import { afterEach, expect, it, vi } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import type { Consent } from '../../src/instance/types';
import { createFacade, type EngineModule } from '../../src/loader/facade';

const invalid = { policy: {}, purposes: [{ id: 'ads' }], ui: { layuot: 'box' } };

/** What npm's createConsent throws for `config`: its message. */
function npmSays(config: object): string {
  try {
    createConsent(config as never);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('no error');
}

afterEach(() => vi.restoreAllMocks());

it("an invalid config: the engine says npm's whole error once, the facade nothing more; nothing granted", async () => {
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  const report = vi.fn();
  const facade = createFacade(
    () => import('../../src/chunks/engine') as Promise<EngineModule>,
    () => invalid,
    {},
    report,
    {
      purposes: { ads: true },
      services: {},
      until: Infinity,
    } as never,
  );
  const known = vi.fn();
  facade.known = known;
  await expect(facade.candor.ready).resolves.toBeUndefined();
  expect(known).toHaveBeenCalledTimes(1); // the page told: nothing the cookie said holds
  expect(facade.candor.has('ads')).toBe(false);
  await expect(facade.candor.acceptAll()).resolves.toBeNull();
  await vi.waitFor(() => expect(error).toHaveBeenCalled());
  expect(error.mock.calls.map((c) => c[0])).toEqual([npmSays(invalid)]);
  expect(error.mock.calls[0]?.[0]).toMatch(/^Candor: invalid config \(2 issues\):\n/);
  expect(error.mock.calls[0]?.[0]).toContain('  - policy.revision: required: a whole number, 0 or more');
  expect(report).not.toHaveBeenCalled();
});

it('a preference value that does not fit: the engine throws the same words as npm, at once', async () => {
  const config = {
    policy: { revision: 1 },
    purposes: [{ id: 'necessary', required: true }],
    preferences: [{ id: 'topics', type: 'multi', options: ['news', 'offers'] }],
  };
  const engine = (await import('../../src/chunks/engine')) as EngineModule;
  const said = (c: Consent): string => {
    try {
      void c.preferences.set('topics' as never, ['nwes'] as never);
    } catch (e) {
      return (e as Error).message;
    }
    return 'nothing thrown';
  };
  const tag = engine.createConsent(config as never, {}, () => {});
  const npm = createConsent(config as never, {}) as Consent;
  expect(said(tag)).toBe(said(npm));
  expect(said(tag)).toContain('preferences.topics: unknown option "nwes" (did you mean "news"?)');
  tag.destroy();
  npm.destroy();
});

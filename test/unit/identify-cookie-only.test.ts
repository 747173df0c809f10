import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createBrowserStorage } from '../../src/store/browser';
import { createConsent } from '../../src/instance/create-consent';
import { configHashOf, configStamp } from '../../src/core/policy';
import { sha256 } from '../../src/core/sha256';
import { configOf, mapJar, NOW, sample, slot } from './fixtures';

const synced = { ...sample, sync: { endpoint: 'https://example.com/consent', pull: true } };
const config = configOf(synced);

describe('identify() on a page whose IndexedDB does not answer (review)', () => {
  it("links no record with the preferences' defaults over the visitor's own (the decision known from the cookie alone)", async () => {
    const real = new IDBFactory();
    const stuck = { open: () => ({}) as IDBOpenDBRequest } as unknown as IDBFactory;
    const jar = mapJar();
    const copy = slot();
    const journal = slot();
    const fetchFn = (async (_u: string, init: RequestInit) =>
      new Response(init.method === 'POST' ? '{}' : JSON.stringify({ record: null }))) as unknown as typeof fetch;
    const page = (at: number, idb: IDBFactory, timeoutMs = 2000) =>
      createConsent(synced, {
        now: () => at,
        fetch: fetchFn,
        storage: (ctx) =>
          createBrowserStorage(
            {
              config,
              configHash: configHashOf(config, 'opt-in', sha256),
              stamp: configStamp(synced, null),
              cookies: jar,
              copy,
              journal,
              indexedDB: () => idb,
              secure: true,
              timeoutMs,
              now: () => at,
            },
            ctx,
          ),
      });
    const first = page(NOW, real);
    await first.ready;
    await first.update({ purposes: { analytics: true }, preferences: { newsletter: true } });
    first.destroy();
    // A busy phone: IndexedDB does not answer in time on this page; the cookie holds the decision.
    const busy = page(NOW + 60_000, stuck, 50);
    await busy.ready;
    expect(busy.has('analytics')).toBe(true);
    await busy.identify('user 1');
    busy.destroy();
    const next = page(NOW + 120_000, real);
    await next.ready;
    expect(next.preferences.get('newsletter')).toBe(true); // the visitor's, not the default
    next.destroy();
  });
});

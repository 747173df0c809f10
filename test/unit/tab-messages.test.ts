/**
 * Messages from other tabs are outside input (store/browser.ts): a message that names the decision
 * this page holds but says something else is not that decision, whatever it grants.
 */
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { ConsentConfigInput } from '../../src/core/config-types';
import { configHashOf, configStamp, resolveMode } from '../../src/core/policy';
import { sha256 } from '../../src/core/sha256';
import { createConsent } from '../../src/instance/create-consent';
import { createBrowserStorage } from '../../src/store/browser';
import type { MirrorCopy } from '../../src/store/cookie-mirror';
import { configOf, fakeTabBus, NOW, sample } from './fixtures';

const slot = (): MirrorCopy => {
  let v: string | null = null;
  return { get: () => v, set: (x: string) => void (v = x), remove: () => void (v = null) };
};

/** One device's pages on one tab bus; `idb: false` is a browser whose IndexedDB never works. */
function device(idb: boolean) {
  const cookies = new Map<string, string>();
  const jar = {
    get: () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    set(c: string) {
      const [k = '', v = ''] = (c.split(';')[0] ?? '').split(/=(.*)/s);
      if (/Max-Age=0/.test(c)) cookies.delete(k);
      else cookies.set(k, v);
    },
  };
  const [copy, journal] = [slot(), slot()];
  const config = configOf(sample);
  const bus = fakeTabBus();
  const factory = new IDBFactory();
  const page = () =>
    createConsent(sample as ConsentConfigInput, {
      now: () => NOW,
      storage: (ctx) =>
        createBrowserStorage(
          {
            config,
            configHash: configHashOf(config, resolveMode(config, null), sha256),
            stamp: configStamp(sample, null),
            cookies: jar,
            copy,
            journal,
            indexedDB: () => (idb ? factory : undefined),
            secure: true,
            now: () => NOW,
            channel: bus.open(),
          },
          ctx,
        ),
    });
  return { page, bus };
}

describe('messages from other tabs', () => {
  it.each([false, true])(
    'a message with the id of the decision held here and other grants grants nothing (IndexedDB working: %s)',
    async (idb) => {
      const { page, bus } = device(idb);
      const first = page();
      await first.ready;
      const refusal = (await first.rejectAll())!;
      first.destroy();
      const next = page();
      await next.ready;
      expect(next.state.peek().decision?.id).toBe(refusal.id);
      // A same-origin script's, or a broken tab's: the refusal's id, everything granted.
      bus.deliver({
        candor: 1,
        record: {
          ...refusal,
          purposes: { ...refusal.purposes, analytics: true, marketing: true },
          services: { ...refusal.services, ga4: true, 'meta-pixel': true },
        },
      });
      await new Promise((r) => setTimeout(r, 10));
      for (const id of ['analytics', 'marketing', 'ga4', 'meta-pixel']) expect(next.has(id)).toBe(false);
      // The decision's own record, as its tab sends it, is still heard.
      bus.deliver({ candor: 1, record: refusal });
      await new Promise((r) => setTimeout(r, 10));
      expect(next.state.peek().decision?.id).toBe(refusal.id);
      next.destroy();
    },
  );
});

/**
 * Messages from other tabs are outside input (store/browser.ts): a message that names the decision
 * this page holds but says something else is not that decision, whatever it grants.
 */
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { device, fakeTabBus } from './fixtures';

/** One device's pages on one tab bus; `idb: false` is a browser whose IndexedDB never works. */
function onBus(idb: boolean) {
  const bus = fakeTabBus();
  const factory = new IDBFactory();
  const { page } = device(
    () => (idb ? factory : undefined),
    () => bus.open(),
  );
  return { page: () => page(), bus };
}

describe('messages from other tabs', () => {
  it.each([false, true])(
    'a message with the id of the decision held here and other grants grants nothing (IndexedDB working: %s)',
    async (idb) => {
      const { page, bus } = onBus(idb);
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

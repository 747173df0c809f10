import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import { createMemoryStorage } from '../../src/store/memory';
import { device, NOW, sample } from './fixtures';

const synced = { ...sample, sync: { endpoint: 'https://example.com/consent', pull: true } };

describe('identify() called as the app starts, before ready, on a device with a stored decision (review)', () => {
  it("applies the user's later decision from another device (the stored record's subject does not take it back)", async () => {
    // User A accepted everything on their laptop a minute ago.
    const quiet = (async () => new Response('{}')) as unknown as typeof fetch;
    const laptop = createConsent(synced, { now: () => NOW - 60_000, storage: createMemoryStorage(), fetch: quiet });
    await laptop.identify('A');
    const accepted = { ...(await laptop.acceptAll())!, subject: 'A' };
    laptop.destroy();
    const fetchFn = (async (_url: string, init: RequestInit) =>
      new Response(init.method === 'POST' ? '{}' : JSON.stringify({ record: accepted }))) as unknown as typeof fetch;
    // This device (cookie + IndexedDB): an anonymous visitor who refused everything yesterday.
    const idb = new IDBFactory();
    const phone = device(() => idb);
    const before = phone.page(synced, NOW - 86_400_000, quiet);
    await before.ready;
    await before.rejectAll();
    before.destroy();
    // The app signs A in at start-up: identify() right after createConsent, as apps do.
    const c = phone.page(synced, NOW, fetchFn);
    await c.identify('A');
    expect(c.state.value.subject).toBe('A');
    expect(c.has('analytics')).toBe(true); // A's newer decision applies here
    c.destroy();
  });

  it('without sync.pull too: the decisions made after it are recorded for the user, not the anonymous subject', async () => {
    const idb = new IDBFactory();
    const phone = device(() => idb);
    const before = phone.page(sample, NOW - 86_400_000);
    await before.ready;
    await before.rejectAll();
    before.destroy();
    const c = phone.page(sample, NOW);
    await c.identify('A');
    await c.ready;
    expect((await c.acceptAll())!.subject).toBe('A');
    c.destroy();
  });
});

import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import type { ConsentRecord } from '../../src/core/record';
import { createMemoryStorage } from '../../src/store/memory';
import { device, NOW, sample } from './fixtures';

/** A signed-in user's decision made on another device a minute ago: marketing granted, the newsletter on. */
const synced = { ...sample, sync: { endpoint: 'https://example.com/consent', pull: true } };
async function remoteDecision(): Promise<ConsentRecord> {
  const laptop = createConsent(synced, {
    now: () => NOW - 60_000,
    storage: createMemoryStorage(),
    fetch: (async () => new Response('{}')) as unknown as typeof fetch,
  });
  await laptop.identify('user 1');
  const r = (await laptop.update({
    purposes: { analytics: true, marketing: true },
    preferences: { newsletter: true },
  }))!;
  laptop.destroy();
  return r;
}
/** The endpoint: `GET ?subject=` answers `record`, a POST is acknowledged. */
const endpoint = (record: ConsentRecord) =>
  (async (_url: string, init: RequestInit) =>
    new Response(init.method === 'POST' ? '{}' : JSON.stringify({ record }))) as unknown as typeof fetch;

describe("identify()'s pulled record and the record journal (review)", () => {
  it('where IndexedDB is unavailable, the next page keeps the pulled decision with its preferences and record (the journal is the store)', async () => {
    const remote = await remoteDecision();
    const d = device(() => undefined);
    const first = d.page(synced, NOW, endpoint(remote));
    await first.ready;
    await first.identify('user 1');
    expect(first.has('marketing')).toBe(true);
    expect(first.preferences.get('newsletter')).toBe(true);
    first.destroy();
    const next = d.page(synced, NOW + 1000, endpoint(remote));
    await next.ready;
    expect(next.has('marketing')).toBe(true); // from the cookie
    expect(next.preferences.get('newsletter')).toBe(true); // the cookie does not carry it: the journal does
    expect((await next.records()).map((r) => r.id)).toContain(remote.id);
    next.destroy();
  });

  it('a page closed before IndexedDB stored the pulled record: the next page keeps it from the journal', async () => {
    const remote = await remoteDecision();
    const real = new IDBFactory();
    let dropping = true;
    // Writes of the first page never land (a page left right after identify(): Chromium drops them).
    const factory = (): IDBFactory =>
      ({
        open(name: string) {
          const request = real.open(name);
          const drop = dropping;
          request.addEventListener('success', () => {
            const db = request.result;
            const transaction = db.transaction.bind(db);
            db.transaction = ((stores: string, mode?: IDBTransactionMode) => {
              const tx = transaction(stores, mode);
              if (drop && mode === 'readwrite') tx.abort();
              return tx;
            }) as typeof db.transaction;
          });
          return request;
        },
      }) as unknown as IDBFactory;
    const d = device(factory);
    const first = d.page(synced, NOW, endpoint(remote));
    await first.ready;
    await first.identify('user 1');
    expect(first.has('marketing')).toBe(true);
    first.destroy();
    dropping = false;
    const next = d.page(synced, NOW + 1000, (async () => new Response('{}')) as unknown as typeof fetch);
    await next.ready;
    expect(next.has('marketing')).toBe(true);
    expect(next.preferences.get('newsletter')).toBe(true);
    expect((await next.records()).map((r) => r.id)).toContain(remote.id);
    next.destroy();
  });
});

/**
 * Records read back from IndexedDB that the schema's shape check alone let through (from an
 * attacker's review): a value JSON cannot carry in a field the schema does not name (a BigInt,
 * which IndexedDB's structured clone keeps), and a preference list of huge length with no entry
 * filled (cheap to store: `some` skips its holes, a copy does not). Neither may keep other records
 * from being sent, throw into the page, or make `ready` reject.
 */
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { parseRecord, parseRecordFor } from '../../src/core/parse-record';
import { configHashOf } from '../../src/core/policy';
import type { ConsentRecord } from '../../src/core/record';
import { sha256 } from '../../src/core/sha256';
import { createIdbStore, isFailure } from '../../src/store/idb';
import { createSync } from '../../src/sync/sync';
import { configOf, DAY, device, NOW, sample } from './fixtures';

const input = { ...sample, sync: { endpoint: 'https://example.com/consent' } };
const config = configOf(input);
const iso = (t: number): string => new Date(t).toISOString();
const record = (id: string, at: number, preferences: Record<string, unknown> = {}): ConsentRecord => ({
  id,
  subject: 'visitor-1',
  issuedAt: iso(at),
  expiresAt: iso(at + 100 * DAY),
  policyRevision: 3,
  configHash: configHashOf(config, 'opt-in', sha256),
  jurisdiction: 'opt-in',
  method: 'banner:reject-all',
  purposes: { necessary: true, analytics: false, marketing: false, functional: false, 'health-personalization': false },
  services: {},
  preferences: preferences as ConsentRecord['preferences'],
  gpc: false,
  locale: 'en',
  textHash: '',
  sdkVersion: '0.1.0',
  schemaVersion: 1,
  prevHash: null,
});
/** A valid record with a field JSON cannot carry. */
const poison = { ...record('rec-poison', NOW - 2 * DAY), note: 1n } as unknown as ConsentRecord;
const good = record('rec-good', NOW - DAY);
/** An empty list of length 2 ** 28: no entry, every copy of it huge. */
const sparse = (): string[] => Object.assign([], { length: 2 ** 28 });

const storeWith = async (idb: IDBFactory, outbox: ConsentRecord[]) => {
  const store = createIdbStore(
    2000,
    () => idb,
    () => NOW,
  );
  if (isFailure(store)) throw Error('no IndexedDB');
  expect(await store.updateOutbox(outbox, [])).toBe(true);
  return store;
};

describe('a stored record JSON cannot carry', () => {
  it('is no record to the shape check, which returns a copy of plain data, never the input', () => {
    expect(parseRecord(poison)).toBeNull();
    const copy = parseRecord(good);
    expect(copy).toEqual(good);
    expect(copy).not.toBe(good);
    expect(copy!.purposes).not.toBe(good.purposes);
  });

  it('in the outbox, is left out; the records beside it are read', async () => {
    const store = await storeWith(new IDBFactory(), [poison, good]);
    const read = await store.readOutbox();
    expect(isFailure(read) ? read : read.map((r) => r.id)).toEqual(['rec-good']);
  });

  it('keeps neither the records beside it nor a new decision from reaching the endpoint, and no network error is said', async () => {
    const idb = new IDBFactory();
    await storeWith(idb, [poison, good]);
    const bodies: string[] = [];
    const fetch = (async (_url: string, init: RequestInit) => {
      bodies.push(String(init.body));
      return new Response('{}', { status: 200 });
    }) as unknown as typeof globalThis.fetch;
    const errors: string[] = [];
    const consent = device(() => idb).page(input, NOW, fetch);
    consent.on('error', (e) => errors.push(e.code));
    await consent.ready;
    const fresh = await consent.acceptAll();
    await vi.waitFor(() => expect(bodies.join()).toContain(fresh!.id));
    await vi.waitFor(() => expect(bodies.join()).toContain('rec-good'));
    consent.destroy();
    const sent = bodies.join();
    expect([sent.includes('rec-good'), sent.includes(fresh!.id), sent.includes('rec-poison')]).toEqual([
      true,
      true,
      false,
    ]);
    expect(errors).toEqual([]);
  });

  it('read into the exit flush (pagehide): the records beside it go out, nothing is thrown', async () => {
    const store = await storeWith(new IDBFactory(), [poison, good]);
    const bodies: string[] = [];
    const sync = createSync({
      endpoint: { url: 'https://example.com/consent', headers: {}, credentials: 'omit' },
      batchSize: 10,
      outbox: { read: async () => (await store.readOutbox()) as ConsentRecord[], remove: async () => {} },
      fetch: (async (_url: string, init: RequestInit) => {
        bodies.push(String(init.body));
        return new Response('{}', { status: 503 });
      }) as unknown as typeof fetch,
      emit: () => {},
      onError: () => {},
      schedule: () => () => {},
    });
    await sync.flush(); // 503: kept for the exit flush
    expect(() => sync.flushOnExit()).not.toThrow();
    expect(bodies.at(-1)).toContain('rec-good');
    expect(bodies.join()).not.toContain('rec-poison');
  });
});

describe('a stored preference list of huge length with no entry', () => {
  it('makes the record no record to the boundary parser, which does not throw', () => {
    expect(parseRecordFor(config, record('rec-huge', NOW - DAY, { topics: sparse() }), NOW)).toBeNull();
  });

  it('in IndexedDB: the page becomes ready (never rejects), with no decision', async () => {
    const idb = new IDBFactory();
    const store = createIdbStore(
      5000,
      () => idb,
      () => NOW,
    );
    if (isFailure(store)) throw Error('no IndexedDB');
    expect(await store.append(record('rec-huge', NOW - DAY, { topics: sparse() }))).toBe(true);
    const consent = device(() => idb).page(sample, NOW);
    const outcome = await consent.ready.then(
      () => 'ready',
      (e: unknown) => `rejected: ${String(e)}`,
    );
    expect([outcome, consent.state.value.decision, consent.preferences.get('topics')]).toEqual(['ready', null, []]);
    consent.destroy();
  }, 30_000);
});

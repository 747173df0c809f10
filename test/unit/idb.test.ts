// IndexedDB connections that the browser closes are opened again (store/idb.ts).
import { IDBFactory, IDBVersionChangeEvent } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import { createMemoryStorage } from '../../src/store/memory';
import { createIdbStore, isFailure, type IdbStore } from '../../src/store/idb';
import { NOW, sample } from './fixtures';

/** A real (fake-indexeddb) factory that hands out each connection it opens. */
function trackedFactory(): { factory: IDBFactory; connections: IDBDatabase[] } {
  const factory = new IDBFactory();
  const connections: IDBDatabase[] = [];
  const open = factory.open.bind(factory);
  factory.open = (name: string, version?: number) => {
    const request = open(name, version);
    request.addEventListener('success', () => connections.push(request.result));
    return request;
  };
  return { factory, connections };
}

/** A record to store, made by a real instance. */
async function aRecord() {
  const consent = createConsent(sample, { storage: createMemoryStorage(), now: () => NOW });
  const record = await consent.acceptAll();
  consent.destroy();
  return record!;
}

const storeOf = (factory: IDBFactory): IdbStore => {
  const store = createIdbStore(1000, () => factory);
  if (isFailure(store)) throw new Error(store.detail);
  return store;
};

describe('IndexedDB connection', () => {
  it('opens again after the browser closes the connection (a close event), and reads what was written before', async () => {
    const { factory, connections } = trackedFactory();
    const store = storeOf(factory);
    const record = await aRecord();
    expect(await store.append(record)).toBe(true);
    expect(connections).toHaveLength(1);
    const first = connections[0]!;
    first.close();
    first.onclose?.(new Event('close')); // what a browser fires when it closes a connection itself
    expect(await store.readDecision()).toEqual(record);
    expect(connections).toHaveLength(2);
  });

  it('opens again when a connection was closed without an event (InvalidStateError on the next transaction)', async () => {
    const { factory, connections } = trackedFactory();
    const store = storeOf(factory);
    const record = await aRecord();
    expect(await store.append(record)).toBe(true);
    connections[0]!.close(); // no close event: only the next transaction notices
    expect(await store.readHistory()).toEqual([record]);
    expect(connections).toHaveLength(2);
  });

  it('gives the connection up on versionchange (another tab upgrading) and reopens on the next call', async () => {
    const { factory, connections } = trackedFactory();
    const store = storeOf(factory);
    const record = await aRecord();
    expect(await store.append(record)).toBe(true);
    connections[0]!.onversionchange?.(new IDBVersionChangeEvent('versionchange', { oldVersion: 1, newVersion: 2 }));
    expect(await store.readDecision()).toEqual(record);
    expect(connections).toHaveLength(2);
  });
});

describe('IndexedDB decision', () => {
  it('keeps the newest by the one rule (time, then id) whatever the order of writes: two tabs in the same millisecond agree', async () => {
    const base = await aRecord();
    const low = { ...base, id: '00000000-0000-4000-8000-000000000001' };
    const high = { ...base, id: 'ffffffff-ffff-4fff-bfff-ffffffffffff' };
    for (const order of [
      [low, high],
      [high, low],
    ]) {
      const store = storeOf(new IDBFactory());
      for (const r of order) expect(isFailure(await store.append(r))).toBe(false);
      const read = await store.readDecision();
      expect(isFailure(read) ? null : (read as { id: string } | null)?.id).toBe(high.id);
    }
  });
});

describe('IndexedDB that cannot be opened', () => {
  it('is a failure, never a throw: a factory that throws, none at all, an open() that throws', () => {
    const thrown = createIdbStore(100, () => {
      throw new DOMException('denied', 'SecurityError');
    });
    expect(thrown).toEqual({ failure: 'unavailable', detail: 'IndexedDB cannot be opened: SecurityError: denied' });
    expect(createIdbStore(100, () => undefined)).toEqual({
      failure: 'unavailable',
      detail: 'IndexedDB is not available in this browser',
    });
    const refusing = new IDBFactory();
    refusing.open = () => {
      throw 'no'; // a non-Error
    };
    expect(createIdbStore(100, () => refusing)).toEqual({
      failure: 'unavailable',
      detail: 'IndexedDB cannot be opened: no',
    });
  });
});

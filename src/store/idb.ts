/**
 * IndexedDB through idb-keyval, in its own database `candor` (store `kv`), with versioned keys:
 * `decision:v1` (the newest record), `history:v1` (newest first, bounded). Every call is bounded
 * by a timeout, because some browsers leave an open request pending forever (private modes,
 * hardened profiles), and no call ever throws or rejects: failures come back as a `StoreFailure`.
 */
import { get, promisifyRequest, update, type UseStore } from 'idb-keyval';
import { isNewer, isPlausible, parseRecord } from '../core/parse-record';
import { toDecision, type ConsentRecord } from '../core/record';
import { asHistory } from './storage';

export const DECISION_KEY = 'decision:v1';
export const HISTORY_KEY = 'history:v1';
export const OUTBOX_KEY = 'outbox:v1';
export const LEASE_KEY = 'lease:v1';
/** The anonymous banner counts (core/impressions.ts), kept beside the outbox. */
export const COUNTS_KEY = 'impressions:v1';

/** Why an IndexedDB call did not succeed. */
export interface StoreFailure {
  readonly failure: 'unavailable' | 'corrupt';
  readonly detail: string;
}

const fail = (failure: StoreFailure['failure'], detail: string): StoreFailure => ({ failure, detail });
export const isFailure = (v: unknown): v is StoreFailure => typeof v === 'object' && v !== null && 'failure' in v;

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T | StoreFailure> {
  return new Promise((resolve) => {
    const timer = setTimeout(
      () => resolve(fail('unavailable', `IndexedDB did not answer ${what} within ${ms} ms`)),
      ms,
    );
    p.then(
      (v) => resolve(v),
      (e: unknown) =>
        resolve(
          fail(
            'unavailable',
            `IndexedDB ${what} failed: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`,
          ),
        ),
    ).finally(() => clearTimeout(timer));
  });
}

/** The IndexedDB side of the browser storage. */
export interface IdbStore {
  readDecision(): Promise<ConsentRecord | null | StoreFailure>;
  readHistory(): Promise<ConsentRecord[] | StoreFailure>;
  /** Stores `record` as the decision unless a newer one is there, and adds it to the history. */
  append(record: ConsentRecord): Promise<true | StoreFailure>;
  /** The sync outbox, oldest first. */
  readOutbox(): Promise<ConsentRecord[] | StoreFailure>;
  /** Adds records to (`add`) or removes ids from (`remove`) the outbox in one transaction. */
  updateOutbox(add: readonly ConsentRecord[], remove: readonly string[]): Promise<true | StoreFailure>;
  /** The banner counts as stored; with `change`, replaced by what it returns in one transaction. */
  counts(change?: (kept: unknown) => unknown): Promise<{ readonly value: unknown } | StoreFailure>;
  /**
   * Takes the sync lease for `owner` until `until` (epoch ms) unless another live owner holds it;
   * `release` gives it back. The fallback where Web Locks are missing: one tab flushes at a time.
   */
  lease(owner: string, now: number, until: number): Promise<boolean>;
  release(owner: string): Promise<void>;
}

/**
 * Opens (lazily) the `candor` database; `timeoutMs` bounds every call. The connection is opened
 * again when the browser closes it (Safari does when it reclaims storage or a tab sleeps; every
 * browser on `versionchange`), as idb-keyval does for its default store.
 */
// eslint-disable-next-line max-lines-per-function -- one closure over the connection; every method is a short, bounded IndexedDB call
export function createIdbStore(
  timeoutMs: number,
  factory: () => IDBFactory | undefined = () => globalThis.indexedDB,
  now: () => number = Date.now,
): IdbStore | StoreFailure {
  let idb: IDBFactory | undefined;
  let db: Promise<IDBDatabase> | null = null;
  const open = (): Promise<IDBDatabase> => {
    if (db) return db;
    const request = idb!.open('candor');
    request.onupgradeneeded = () => request.result.createObjectStore('kv');
    const opened = promisifyRequest(request).then((d) => {
      const forget = (): void => void (db === opened && (db = null));
      d.onclose = forget; // closed by the browser, not by us
      d.onversionchange = () => (d.close(), forget());
      return d;
    });
    opened.catch(() => void (db === opened && (db = null))); // reported by the call that awaits it; the next call tries again
    return (db = opened);
  };
  try {
    idb = factory();
    if (idb) void open().catch(() => {}); // start opening now: the first read is on the critical path
  } catch (e) {
    return fail(
      'unavailable',
      `IndexedDB cannot be opened: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`,
    );
  }
  if (!idb) return fail('unavailable', 'IndexedDB is not available in this browser');
  const store: UseStore = async (mode, callback) => {
    let tx: IDBTransaction;
    try {
      tx = (await open()).transaction('kv', mode);
    } catch (e) {
      // The connection was closed under us without an event (InvalidStateError): reopen once.
      if ((e as { name?: unknown })?.name !== 'InvalidStateError') throw e;
      db = null;
      tx = (await open()).transaction('kv', mode);
    }
    return callback(tx.objectStore('kv'));
  };
  return {
    async readDecision() {
      const raw = await withTimeout(get<unknown>(DECISION_KEY, store), timeoutMs, 'reading the decision');
      if (isFailure(raw) || raw === undefined) return raw ?? null;
      return parseRecord(raw) ?? fail('corrupt', `IndexedDB "${DECISION_KEY}" does not hold a valid consent record`);
    },
    async readHistory() {
      const raw = await withTimeout(get<unknown>(HISTORY_KEY, store), timeoutMs, 'reading the history');
      if (isFailure(raw)) return raw;
      if (raw === undefined) return [];
      if (!Array.isArray(raw)) return fail('corrupt', `IndexedDB "${HISTORY_KEY}" is not a list`);
      // Keep what is valid: one bad entry must not hide the rest of the proof.
      return raw.map(parseRecord).filter((r): r is ConsentRecord => r !== null);
    },
    async append(record) {
      const decision = await withTimeout(
        update<unknown>(
          DECISION_KEY,
          (old) => {
            const prev = parseRecord(old);
            // The one newest-wins rule (time, then id), among believable dates (a future one must
            // not hold the slot against every later decision): tabs deciding at once agree.
            const kept = prev && toDecision(prev);
            return kept && isPlausible(kept, now()) && isNewer(kept, toDecision(record)) ? prev : record;
          },
          store,
        ),
        timeoutMs,
        'writing the decision',
      );
      if (isFailure(decision)) return decision;
      const history = await withTimeout(
        update<unknown>(
          HISTORY_KEY,
          (old) => {
            const list = Array.isArray(old) ? old.filter((r) => parseRecord(r)?.id !== record.id) : [];
            return asHistory([record, ...list] as ConsentRecord[]);
          },
          store,
        ),
        timeoutMs,
        'writing the history',
      );
      return isFailure(history) ? history : true;
    },
    async readOutbox() {
      const raw = await withTimeout(get<unknown>(OUTBOX_KEY, store), timeoutMs, 'reading the outbox');
      if (isFailure(raw)) return raw;
      return Array.isArray(raw) ? raw.map(parseRecord).filter((r): r is ConsentRecord => r !== null) : [];
    },
    async updateOutbox(add, remove) {
      const done = await withTimeout(
        update<unknown>(
          OUTBOX_KEY,
          (old) => {
            const list = (Array.isArray(old) ? old : []).filter((r) => !remove.includes((r as ConsentRecord)?.id));
            for (const r of add) if (!list.some((x) => (x as ConsentRecord)?.id === r.id)) list.push(r);
            return list;
          },
          store,
        ),
        timeoutMs,
        'writing the outbox',
      );
      return isFailure(done) ? done : true;
    },
    counts(change) {
      let out: unknown;
      const done = change
        ? update<unknown>(COUNTS_KEY, (kept) => (out = change(kept)), store).then(() => out)
        : get<unknown>(COUNTS_KEY, store);
      // Wrapped: a stored value is never mistaken for a failure.
      return withTimeout(
        done.then((value) => ({ value })),
        timeoutMs,
        'keeping the banner counts',
      );
    },
    async lease(owner, now, until) {
      type Lease = { owner: string; until: number } | undefined;
      const taken = await withTimeout(
        update<Lease>(
          LEASE_KEY,
          // Held: until a time in (now, until]; a later or unreadable end (a clock set back, a forged entry) holds nothing.
          (old) => (!old || !(old.until > now && old.until <= until) || old.owner === owner ? { owner, until } : old),
          store,
        ),
        timeoutMs,
        'taking the sync lease',
      );
      if (isFailure(taken)) return true; // no IndexedDB lease: record ids still keep delivery idempotent
      const held = await withTimeout(get<Lease>(LEASE_KEY, store), timeoutMs, 'reading the sync lease');
      return isFailure(held) || held?.owner === owner;
    },
    async release(owner) {
      await withTimeout(
        update<{ owner: string } | undefined>(LEASE_KEY, (old) => (old?.owner === owner ? undefined : old), store),
        timeoutMs,
        'releasing the sync lease',
      );
    },
  };
}

/**
 * The storage interface the instance persists through. Adapters never throw and never reject:
 * they degrade and report problems through `onError`, so a broken storage can only ever mean
 * "no decision" (fail closed).
 */
import type { ConsentError } from '../core/errors';
import type { ConsentRecord, Decision } from '../core/record';

/** What a storage holds about the current decision. */
export interface Snapshot {
  /** The current decision (from the cookie mirror or the newest record). */
  readonly decision: Decision | null;
  /** The newest full record, when the storage has one. */
  readonly record: ConsentRecord | null;
  /**
   * Reading hit a failure (corrupt data, or a storage that is blocked or missing): a missing
   * decision may be a lost one, so the engine withholds opt-out defaults (fail closed).
   */
  readonly fault?: boolean;
  /**
   * The decision an earlier `peek()` gave no longer stands (a cookie without a stored record):
   * the engine drops it.
   */
  readonly forget?: boolean;
}

/** A place to keep decisions and their records. */
export interface ConsentStorage {
  /** The synchronous fast path (a cookie): answers before any await. */
  peek(): Snapshot;
  /**
   * Reads the fast path's source again (the cookie), which another page may have changed while
   * this one sat in the back/forward cache; the next `peek()` answers from it. Optional.
   */
  reread?(): void;
  /** The full, authoritative read. Never rejects. */
  load(): Promise<Snapshot>;
  /**
   * Makes `record` the current decision and prepends it to the history; with `outbox`, also
   * queues it for sync in the same step. The newest decision is the current one (a decision made
   * here is always newest: core/transition.ts).
   * Never rejects.
   */
  append(record: ConsentRecord, options?: { readonly outbox?: boolean }): Promise<void>;
  /** Records waiting for sync, oldest first. Never rejects. */
  outbox(): Promise<ConsentRecord[]>;
  /**
   * Whether `outbox()` answers from durable storage now (IndexedDB), not from this page's memory
   * alone: an empty answer from memory says nothing of what earlier pages left. Optional: without
   * it, the answer is taken as complete.
   */
  durable?(): boolean;
  /** Removes delivered (or refused) records from the outbox. Never rejects. */
  ack(ids: readonly string[]): Promise<void>;
  /** The local history, newest first. Never rejects. */
  records(): Promise<ConsentRecord[]>;
  /**
   * The anonymous banner counts kept for sync (`sync.analytics`), as stored (the caller parses
   * them): with `change`, replaced by `change(kept)` in one step (other tabs count too), resolving
   * with the new value. Optional: without it the counts last only for the page view. Never rejects.
   */
  counts?(change?: (kept: unknown) => unknown): Promise<unknown>;
  /**
   * Runs `fn` only if no other tab is running it (a lease in IndexedDB, for browsers without Web
   * Locks); resolves whether it ran. Optional: without it, `fn` always runs.
   */
  exclusive?(fn: () => Promise<void>): Promise<boolean>;
  /** Calls `fn` with records decided in another tab; returns an unsubscribe. */
  subscribe(fn: (record: ConsentRecord) => void): () => void;
  /** Releases connections and listeners. */
  close(): void;
}

/** What a storage factory is given. */
export interface StorageContext {
  /** Reports a degraded or corrupt storage (`storage/unavailable`, `storage/corrupt`). */
  readonly onError: (error: ConsentError) => void;
}

/** Builds a storage for one instance. */
export type StorageFactory = (ctx: StorageContext) => ConsentStorage;

/** How many records the local history keeps (newest first). */
export const HISTORY_LIMIT = 100;

/** `list`, then the records of `more` it lacks (by id). */
export const union = <T extends { id: string }>(list: readonly T[], more: readonly T[]): T[] => [
  ...list,
  ...more.filter((m) => !list.some((r) => r.id === m.id)),
];

/**
 * `list` as a history is kept (sorted in place): newest first, by date, then by id as the
 * newest-wins rule (`isNewer`) breaks a tie, so its head is the decision; at most HISTORY_LIMIT.
 */
export const asHistory = <T extends { issuedAt: string; id: string }>(list: T[]): T[] =>
  list.sort((a, b) => Date.parse(b.issuedAt) - Date.parse(a.issuedAt) || 0.5 - +(a.id > b.id)).slice(0, HISTORY_LIMIT);

/**
 * The one storage interface of candor/server. Both stores (embedded PGlite, PostgreSQL) are the
 * same SQL store (sql-store.ts) over a different driver, with one schema and one list of
 * migrations. Append-only: there is no method that changes or removes a record.
 */
import type { ConsentRecord } from '../core/record';
import type { DataRequest } from './validate';

/** A record as it is stored: with the hash that the subject's next record puts in `prevHash`. */
export interface HashedRecord {
  readonly record: ConsentRecord;
  readonly hash: string;
}

/** Facts about one request, stored next to what it carried. */
export interface ReceiptMeta {
  /** The client's truncated network address, or null (the default: no address is stored). */
  readonly clientNet: string | null;
}

/** What `append` did with a batch. */
export interface AppendResult {
  /** Ids stored now. */
  readonly accepted: readonly string[];
  /** Ids already stored (a re-sent record: acknowledged, not stored twice). */
  readonly duplicates: readonly string[];
  /** Ids whose `prevHash` names no stored record of their subject (stored, and the break recorded). */
  readonly chainBreaks: readonly string[];
}

/** Something the store noticed and recorded for an audit: a broken chain, or a re-used id with other content. */
export interface IntegrityEvent {
  readonly kind: 'chain-break' | 'id-conflict';
  readonly recordId: string;
  readonly subject: string;
  readonly detail: Readonly<Record<string, unknown>>;
  readonly detectedAt: string;
}

/** A stored data-subject request. */
export interface StoredRequest extends DataRequest {
  readonly receivedAt: string;
}

/** Where candor/server keeps records and requests. */
export interface ConsentStore {
  /**
   * Stores new records (in one transaction: all or none), acknowledges known ids, and checks each
   * subject's hash chain, recording every break it finds.
   */
  append(records: readonly HashedRecord[], meta: ReceiptMeta): Promise<AppendResult>;
  /** The subject's newest record (latest `issuedAt`, ties by id), or null. */
  newest(subject: string): Promise<ConsentRecord | null>;
  /** The record with this id, or null. */
  get(id: string): Promise<ConsentRecord | null>;
  /** Records, newest first (of one subject when given), at most `limit` (default 1000). */
  records(query?: { readonly subject?: string; readonly limit?: number }): Promise<ConsentRecord[]>;
  /** Stores a data-subject request. */
  addRequest(request: DataRequest, meta: ReceiptMeta): Promise<void>;
  /** Data-subject requests, oldest first. */
  requests(): Promise<StoredRequest[]>;
  /** Every integrity event recorded, oldest first. */
  integrityEvents(): Promise<IntegrityEvent[]>;
  /**
   * Records whose `prevHash` names no stored record of their subject, as of now (a break reported
   * on arrival can heal when the missing record arrives later; the event stays in the log).
   */
  chainBreaks(): Promise<{ readonly recordId: string; readonly subject: string }[]>;
  /** The schema version of the database. */
  schemaVersion(): Promise<number>;
  /** Closes the database (connections, files). */
  close(): Promise<void>;
}

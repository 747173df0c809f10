/**
 * The one storage interface of candor/server. Both stores (embedded PGlite, PostgreSQL) are the
 * same SQL store (sql-store.ts) over a different driver, with one schema and one list of
 * migrations. Append-only, with two exceptions the database checks: `erase` replaces the personal
 * parts of a subject's records, and `purge` removes records past retention (sql-maintenance.ts).
 */
import type { ImpressionCount } from '../core/impressions';
import type { ConsentRecord, Method } from '../core/record';
import type { DataRequest } from './validate';

/** One day's banner impressions of a policy revision and locale, as the client counts them (the client's own type). */
export type { ImpressionCount };

/** A record as it is stored: with the hash that the subject's next record puts in `prevHash`. */
export interface HashedRecord {
  readonly record: ConsentRecord;
  readonly hash: string;
}

/** Facts about one request, stored next to what it carried. */
export interface ReceiptMeta {
  /** The client's truncated network address, or null (the default: no address is stored). */
  readonly clientNet: string | null;
  /**
   * The purposes the aggregates count: the site config's ids (`options.config`); absent or null:
   * every purpose key of a config id's form. Other keys are stored in the record, never counted.
   */
  readonly countPurposes?: readonly string[] | null;
  /** The highest policy revision the aggregates count (the config's); absent or null: 99 (counted.ts). */
  readonly countRevision?: number | null;
  /** The first UTC day (`YYYY-MM-DD`) whose records the aggregates count; absent or null: any. */
  readonly countFrom?: string | null;
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
  /** Its number, from 1. */
  readonly id: number;
  readonly receivedAt: string;
  /** When the site owner closed it, or null while it is open. */
  readonly closedAt: string | null;
  readonly closeNote: string | null;
  /** The client's truncated network, when `storeClientAddress` was on. */
  readonly clientNet: string | null;
}

/**
 * The aggregates of a range of days (they hold no subject, and survive erasure and purge). In the
 * decisions and impressions, languages beyond the 30 with the most of them in the range are
 * counted under `other`.
 */
export interface Stats {
  readonly decisions: readonly {
    readonly day: string;
    readonly policyRevision: number;
    readonly locale: string;
    readonly method: string;
    readonly count: number;
  }[];
  readonly purposes: readonly {
    readonly day: string;
    readonly policyRevision: number;
    readonly purpose: string;
    readonly granted: number;
    readonly total: number;
  }[];
  /** Purposes counted in the range but not listed: beyond the 30 with the most decisions (sql-admin.ts). */
  readonly otherPurposes: number;
  readonly impressions: readonly ImpressionCount[];
}

/** Where a search page ends: the last record's position in the newest-first order. */
export interface SearchPosition {
  /** `issued_at` to the microsecond, UTC. */
  readonly issuedAt: string;
  readonly id: string;
}

/** A records search: every filter optional; newest first. */
export interface RecordSearch {
  readonly subject?: string;
  /** First and last day of `issuedAt` (`YYYY-MM-DD`, UTC, both included). */
  readonly from?: string;
  readonly to?: string;
  readonly method?: Method;
  readonly limit: number;
  /** Records after this position only (the next page). */
  readonly before?: SearchPosition;
}

/** A record found by a search. */
export interface SearchHit {
  readonly record: ConsentRecord;
  readonly receivedAt: string;
  /** Whether its personal parts were erased (its subject is then an erasure token). */
  readonly erased: boolean;
}

/** Everything stored of one subject: an access request's answer. */
export interface SubjectExport {
  /** Oldest first (the chain's order). */
  readonly records: readonly {
    readonly record: ConsentRecord;
    readonly receivedAt: string;
    readonly clientNet: string | null;
  }[];
  readonly requests: readonly StoredRequest[];
  /** Erasures of this subject, oldest first. */
  readonly erasures: readonly {
    readonly erasedAt: string;
    readonly records: number;
    readonly requestId: number | null;
  }[];
  /** Integrity events stored under this subject (chain breaks, id conflicts: hashes only), oldest first. */
  readonly integrityEvents: readonly Omit<IntegrityEvent, 'subject'>[];
}

/**
 * Where `exportSubject` delivers a subject's records page by page, oldest first, however many
 * (`npx candor-server export`); the next page is read once the promise resolves.
 */
export type SubjectRecordPages = (page: SubjectExport['records']) => Promise<void>;

/**
 * Thrown by `exportSubject` or `verifyChain` for a subject whose records hold more than an answer
 * can carry at once (`limit` bytes of JSON): the admin API answers 413 (`admin/too-large`), not a
 * 500 after it ran out of memory. No visitor's own decisions come near it (a few KB each); such a
 * subject was filled on purpose, through the public endpoint.
 */
export class SubjectTooLarge extends Error {
  constructor(
    readonly records: number,
    readonly bytes: number,
    readonly limit: number,
  ) {
    const mb = (n: number): string => `${Math.ceil(n / 2 ** 20)} MB`;
    super(
      `this visitor's ${records} records hold ${mb(bytes)} of JSON, more than one answer carries (${mb(limit)}): read them with npx candor-server export --subject <subject>, which reads them page by page`,
    );
    this.name = 'SubjectTooLarge';
  }
}

/** What `verifyChain` found. */
export interface ChainReport {
  readonly verified: boolean;
  readonly records: number;
  readonly breaks: readonly { readonly recordId: string; readonly reason: 'altered' | 'missing-previous' }[];
}

/** What one retention purge did (it is itself logged). */
export interface PurgeResult {
  readonly purged: number;
  readonly purgedAt: string;
  readonly retentionDays: number;
  /** Records whose `expiresAt` was before this were removed. */
  readonly cutoff: string;
  /** Hashes kept so that the remaining records' chains still verify. */
  readonly anchors: number;
}

/** Who started a purge. */
export type PurgeSource = 'schedule' | 'admin' | 'cli';

/** The admin API's actions, as the audit log names them. */
export type AdminAction =
  'stats' | 'records' | 'export' | 'erase' | 'requests' | 'close-request' | 'purge' | 'chain' | 'audit' | 'unknown';

/** An admin call to log: its subject is stored as a keyed digest, never itself. */
export interface AuditInput {
  readonly action: AdminAction;
  readonly method: string;
  readonly status: number;
  readonly subject: string | null;
  readonly detail: Readonly<Record<string, unknown>>;
}

/** An entry of the admin audit log. */
export interface AuditEntry {
  readonly id: number;
  readonly at: string;
  readonly action: AdminAction;
  readonly method: string;
  readonly status: number;
  /** Keyed SHA-256 of the subject the call named (hex), or null. */
  readonly subjectDigest: string | null;
  readonly detail: Readonly<Record<string, unknown>>;
}

/** Where candor/server keeps records and requests. */
export interface ConsentStore {
  /**
   * Stores new records (in one transaction: all or none), acknowledges known ids, and checks each
   * subject's hash chain, recording every break it finds.
   */
  append(records: readonly HashedRecord[], meta: ReceiptMeta): Promise<AppendResult>;
  /** The subject's newest record (latest `issuedAt`, ties by id), or null; none older than a purged one of the subject. */
  newest(subject: string): Promise<ConsentRecord | null>;
  /** The record with this id, or null. */
  get(id: string): Promise<ConsentRecord | null>;
  /** Records, newest first (of one subject when given), at most `limit` (default 1000). */
  records(query?: { readonly subject?: string; readonly limit?: number }): Promise<ConsentRecord[]>;
  /** Stores a data-subject request. */
  addRequest(request: DataRequest, meta: ReceiptMeta): Promise<void>;
  /**
   * Data-subject requests, oldest first: all of them, or the open or closed ones; only those after
   * the request `after` (its id) and at most `limit` when given (the admin API pages the inbox).
   */
  requests(query?: {
    readonly status?: 'open' | 'closed' | 'all';
    readonly after?: number;
    readonly limit?: number;
  }): Promise<StoredRequest[]>;
  /** The request with this id, or null. */
  request(id: number): Promise<StoredRequest | null>;
  /** Closes an open request: the closed request, or why not. */
  closeRequest(id: number, note: string | null): Promise<StoredRequest | 'unknown' | 'closed'>;
  /** Every integrity event recorded, oldest first. */
  integrityEvents(): Promise<IntegrityEvent[]>;
  /**
   * Records whose `prevHash` names no stored record of their subject, as of now (a break reported
   * on arrival can heal when the missing record arrives later; the event stays in the log).
   */
  chainBreaks(): Promise<{ readonly recordId: string; readonly subject: string }[]>;
  /** Checks one subject's chain: every prevHash links, and every record not erased still hashes to its stored hash. */
  verifyChain(subject: string): Promise<ChainReport>;
  /** Adds banner impressions to their daily aggregates (nothing else is stored). */
  addImpressions(counts: readonly ImpressionCount[]): Promise<void>;
  /** The aggregates of the days `from` to `to` (`YYYY-MM-DD`, both included). */
  stats(range: { readonly from: string; readonly to: string }): Promise<Stats>;
  /** Records, newest first, with the position of the next page (null: no more). */
  search(query: RecordSearch): Promise<{ hits: SearchHit[]; next: SearchPosition | null }>;
  /**
   * Everything stored of one subject. With `onRecords`, its records go there page by page, with no
   * size limit, and the answer's `records` holds none (a store that ignores it lists them all there).
   */
  exportSubject(subject: string, onRecords?: SubjectRecordPages): Promise<SubjectExport>;
  /** Replaces the personal parts of every record of `subject` (hashes and decisions stay), and logs the erasure. */
  erase(subject: string, requestId: number | null): Promise<{ erased: number; erasedAt: string }>;
  /** Removes records whose `expiresAt` is more than `retentionDays` days past (the database's clock), and logs it. */
  purge(retentionDays: number, source: PurgeSource): Promise<PurgeResult>;
  /** Appends an entry to the admin audit log. */
  audit(entry: AuditInput): Promise<AuditEntry>;
  /** The admin audit log, newest first. */
  auditLog(limit: number): Promise<AuditEntry[]>;
  /** The schema version of the database. */
  schemaVersion(): Promise<number>;
  /** Closes the database (connections, files). */
  close(): Promise<void>;
}

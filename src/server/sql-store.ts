/**
 * The SQL store: one implementation of ConsentStore for every driver (PGlite, PostgreSQL), on the
 * schema of migrations.ts. Records are only ever inserted (`ON CONFLICT (id) DO NOTHING` makes a
 * re-sent record a no-op); the database refuses UPDATE and DELETE on them by trigger as well. A
 * batch is one transaction, under a per-subject advisory lock, so two app servers receiving two
 * records of one subject at once still check its chain against each other's writes.
 */
import type { ConsentRecord } from '../core/record';
import { checkSchema, migrate, schemaVersion } from './migrations';
import type { SqlDriver, SqlQuery } from './sql';
import type { AppendResult, ConsentStore, HashedRecord, IntegrityEvent, ReceiptMeta, StoredRequest } from './store';

/** @see createSqlStore */
export interface SqlStoreOptions {
  /** Apply missing migrations on start; when false, refuse to start unless the schema is current. @default true */
  readonly migrate?: boolean;
}

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

async function logEvent(tx: SqlQuery, kind: IntegrityEvent['kind'], r: ConsentRecord, detail: object): Promise<void> {
  await tx.query(
    'INSERT INTO candor_integrity_events (kind, record_id, subject, detail) VALUES ($1, $2, $3, $4::jsonb)',
    [kind, r.id, r.subject, JSON.stringify(detail)],
  );
}

/** Inserts one record; what happened to it. */
async function insertOne(
  tx: SqlQuery,
  { record: r, hash }: HashedRecord,
  meta: ReceiptMeta,
): Promise<'accepted' | 'duplicate' | 'break'> {
  const inserted = await tx.query(
    `INSERT INTO candor_records (id, subject, issued_at, hash, prev_hash, record, client_net)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7) ON CONFLICT (id) DO NOTHING RETURNING id`,
    [r.id, r.subject, r.issuedAt, hash, r.prevHash, JSON.stringify(r), meta.clientNet],
  );
  if (!inserted.length) {
    const [known] = await tx.query<{ hash: string }>('SELECT hash FROM candor_records WHERE id = $1', [r.id]);
    if (known && known.hash !== hash)
      await logEvent(tx, 'id-conflict', r, { storedHash: known.hash, receivedHash: hash });
    return 'duplicate';
  }
  if (r.prevHash === null) return 'accepted';
  const link = await tx.query('SELECT 1 AS one FROM candor_records WHERE subject = $1 AND hash = $2 LIMIT 1', [
    r.subject,
    r.prevHash,
  ]);
  if (link.length) return 'accepted';
  await logEvent(tx, 'chain-break', r, { prevHash: r.prevHash, hash });
  return 'break';
}

/** The store's reading side (and requests, which are only ever inserted). */
function readersOf(db: SqlDriver): Omit<ConsentStore, 'append' | 'schemaVersion' | 'close'> {
  return {
    async newest(subject) {
      const [row] = await db.query<{ record: ConsentRecord }>(
        'SELECT record FROM candor_records WHERE subject = $1 ORDER BY issued_at DESC, id DESC LIMIT 1',
        [subject],
      );
      return row?.record ?? null;
    },
    async get(id) {
      const [row] = await db.query<{ record: ConsentRecord }>('SELECT record FROM candor_records WHERE id = $1', [id]);
      return row?.record ?? null;
    },
    async records(query = {}) {
      const limit = Math.max(1, Math.min(query.limit ?? 1000, 10_000));
      const rows = await db.query<{ record: ConsentRecord }>(
        `SELECT record FROM candor_records WHERE ($1::text IS NULL OR subject = $1)
       ORDER BY issued_at DESC, id DESC LIMIT $2`,
        [query.subject ?? null, limit],
      );
      return rows.map((r) => r.record);
    },
    async addRequest(request, meta) {
      await db.query('INSERT INTO candor_requests (type, subject, message, client_net) VALUES ($1, $2, $3, $4)', [
        request.type,
        request.subject,
        request.message,
        meta.clientNet,
      ]);
    },
    async requests(): Promise<StoredRequest[]> {
      const rows = await db.query<{
        type: StoredRequest['type'];
        subject: string;
        message: string | null;
        received_at: unknown;
      }>('SELECT type, subject, message, received_at FROM candor_requests ORDER BY seq');
      return rows.map((r) => ({
        type: r.type,
        subject: r.subject,
        message: r.message,
        receivedAt: iso(r.received_at),
      }));
    },
    async integrityEvents(): Promise<IntegrityEvent[]> {
      const rows = await db.query<{
        kind: IntegrityEvent['kind'];
        record_id: string;
        subject: string;
        detail: Record<string, unknown>;
        detected_at: unknown;
      }>('SELECT kind, record_id, subject, detail, detected_at FROM candor_integrity_events ORDER BY seq');
      return rows.map((r) => ({
        kind: r.kind,
        recordId: r.record_id,
        subject: r.subject,
        detail: r.detail,
        detectedAt: iso(r.detected_at),
      }));
    },
    async chainBreaks() {
      return db.query<{ recordId: string; subject: string }>(
        `SELECT r.id AS "recordId", r.subject FROM candor_records r
       WHERE r.prev_hash IS NOT NULL AND NOT EXISTS (
         SELECT 1 FROM candor_records p WHERE p.subject = r.subject AND p.hash = r.prev_hash)
       ORDER BY r.issued_at, r.id`,
      );
    },
  };
}

/** A ConsentStore on `db`; migrates it first (or checks its schema, with `migrate: false`). */
export async function createSqlStore(db: SqlDriver, options: SqlStoreOptions = {}): Promise<ConsentStore> {
  if (options.migrate === false) await checkSchema(db);
  else await migrate(db);
  return {
    append(records, meta): Promise<AppendResult> {
      return db.transaction(async (tx) => {
        for (const subject of [...new Set(records.map((x) => x.record.subject))].sort())
          await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [subject]);
        const result = { accepted: [] as string[], duplicates: [] as string[], chainBreaks: [] as string[] };
        for (const x of records) {
          const what = await insertOne(tx, x, meta);
          (what === 'duplicate' ? result.duplicates : result.accepted).push(x.record.id);
          if (what === 'break') result.chainBreaks.push(x.record.id);
        }
        return result;
      });
    },
    ...readersOf(db),
    schemaVersion: () => schemaVersion(db),
    close: () => db.close(),
  };
}

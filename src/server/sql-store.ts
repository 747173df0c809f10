/**
 * The SQL store: one implementation of ConsentStore for every driver (PGlite, PostgreSQL), on the
 * schema of migrations.ts. Records are only ever inserted (`ON CONFLICT (id) DO NOTHING` makes a
 * re-sent record a no-op); the database refuses UPDATE and DELETE on them by trigger as well. A
 * batch is one transaction of four statements, under a per-subject advisory lock, so two app
 * servers receiving two records of one subject at once still check its chain against each
 * other's writes.
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

const EMPTY: AppendResult = { accepted: [], duplicates: [], chainBreaks: [] };

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

/** The batch as one JSON parameter: a constant number of statements per batch, whatever its size. */
const asParam = (records: readonly HashedRecord[]): string =>
  JSON.stringify(records.map(({ record, hash }) => ({ record, hash })));

const ROWS = 'jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(e, n)';

/**
 * Stores a batch in one transaction (the caller's): locks its subjects, inserts the new records,
 * logs re-used ids whose content differs, and checks the chain of every new record against
 * everything stored (this batch included, so a batch's own order does not matter).
 */
async function appendBatch(tx: SqlQuery, records: readonly HashedRecord[], meta: ReceiptMeta): Promise<AppendResult> {
  const batch = asParam(records);
  await tx.query(
    `SELECT pg_advisory_xact_lock(hashtext(s)) FROM (
       SELECT DISTINCT e->'record'->>'subject' AS s FROM ${ROWS} ORDER BY s) AS subjects`,
    [batch],
  );
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO candor_records (id, subject, issued_at, hash, prev_hash, record, client_net)
     SELECT e->'record'->>'id', e->'record'->>'subject', (e->'record'->>'issuedAt')::timestamptz, e->>'hash',
            e->'record'->>'prevHash', e->'record', $2
     FROM ${ROWS} ORDER BY n
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [batch, meta.clientNet],
  );
  const fresh = new Set(inserted.map((r) => r.id));
  // Each id once: the first copy of an id within the batch is the one stored, the others are duplicates.
  const accepted: string[] = [];
  const duplicates: string[] = [];
  for (const { record } of records) (fresh.delete(record.id) ? accepted : duplicates).push(record.id);
  await tx.query(
    `INSERT INTO candor_integrity_events (kind, record_id, subject, detail)
     SELECT 'id-conflict', r.id, r.subject, jsonb_build_object('storedHash', r.hash, 'receivedHash', e->>'hash')
     FROM ${ROWS} JOIN candor_records r ON r.id = e->'record'->>'id'
     WHERE r.hash <> e->>'hash' ORDER BY n`,
    [batch],
  );
  const breaks = await tx.query<{ id: string }>(
    `INSERT INTO candor_integrity_events (kind, record_id, subject, detail)
     SELECT 'chain-break', r.id, r.subject, jsonb_build_object('prevHash', r.prev_hash, 'hash', r.hash)
     FROM candor_records r
     WHERE r.id = ANY($1::text[]) AND r.prev_hash IS NOT NULL AND NOT EXISTS (
       SELECT 1 FROM candor_records p WHERE p.subject = r.subject AND p.hash = r.prev_hash)
     RETURNING record_id AS id`,
    [accepted],
  );
  const broken = new Set(breaks.map((b) => b.id));
  return { accepted, duplicates, chainBreaks: accepted.filter((id) => broken.has(id)) };
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
    append: (records, meta) =>
      records.length ? db.transaction((tx) => appendBatch(tx, records, meta)) : Promise.resolve(EMPTY),
    ...readersOf(db),
    schemaVersion: () => schemaVersion(db),
    close: () => db.close(),
  };
}

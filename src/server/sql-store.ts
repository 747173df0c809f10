/**
 * The SQL store: one implementation of ConsentStore for every driver (PGlite, PostgreSQL), on the
 * schema of migrations.ts. Records are only ever inserted (`ON CONFLICT (id) DO NOTHING` makes a
 * re-sent record a no-op); the database refuses UPDATE and DELETE on them by trigger as well, but
 * for an erasure's or a purge's own (sql-maintenance.ts). A batch is one transaction of seven
 * statements (eight when a record names its previous one as the SDK read it), under a per-subject
 * advisory lock, so two app servers receiving two records of one subject at once still check its
 * chain against each other's writes; the last two add the new records to the aggregates.
 */
import type { ConsentRecord } from '../core/record';
import { viewHash } from './chain-view';
import { countedOf, type Counted } from './counted';
import { checkSchema, migrate, schemaVersion } from './migrations';
import { iso, type SqlDriver, type SqlQuery } from './sql';
import { adminReadersOf } from './sql-admin';
import { maintenanceOf } from './sql-maintenance';
import { requestsOf } from './sql-requests';
import type { AppendResult, ConsentStore, HashedRecord, IntegrityEvent, ReceiptMeta } from './store';

/** @see createSqlStore */
export interface SqlStoreOptions {
  /** Apply missing migrations on start; when false, refuse to start unless the schema is current. @default true */
  readonly migrate?: boolean;
}

const EMPTY: AppendResult = { accepted: [], duplicates: [], chainBreaks: [] };

/** The batch as one JSON parameter: a constant number of statements per batch, whatever its size. */
const asParam = (records: readonly HashedRecord[]): string =>
  JSON.stringify(records.map(({ record, hash }) => ({ record, hash })));

const ROWS = 'jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(e, n)';

/**
 * A record's `issuedAt` as stored: to the microsecond, PostgreSQL's precision, truncated (it
 * rounds: `23:59:59.9999996Z` was the next day's, for day filters and counts, not the day the
 * record names). The record keeps the text as sent.
 */
const ISSUED_AT = String.raw`regexp_replace(e->'record'->>'issuedAt', '(\.[0-9]{6})[0-9]+', '\1')::timestamptz`;

/** How many of a subject's records before an unlinked one are read as the SDK may have seen them. */
const VIEWS_CHECKED = 16;

/**
 * The batch's first unlinked record that names an earlier one's view (chain-view.ts): that hash is
 * anchored for the subject. One device's records name a view only after a config change, and only
 * the first: one record per batch is checked (for each of a batch's 500 records, 8,000 reads).
 */
async function anchorViews(tx: SqlQuery, records: readonly HashedRecord[], accepted: readonly string[]): Promise<void> {
  const earlier = await tx.query<{ id: string; record: ConsentRecord }>(
    `SELECT r.id, p.record FROM (SELECT id, subject, issued_at FROM candor_records
       WHERE id = ANY($1::text[]) AND NOT candor_has_previous(subject, prev_hash) ORDER BY issued_at, id LIMIT 1) r
     CROSS JOIN LATERAL (SELECT record FROM candor_records e
       WHERE e.subject = r.subject AND e.erased_at IS NULL AND e.issued_at < r.issued_at
       ORDER BY e.issued_at DESC, e.id DESC LIMIT ${VIEWS_CHECKED}) p`,
    [accepted],
  );
  const next = records.find((r) => r.record.id === earlier[0]?.id)?.record;
  if (next && earlier.some((e) => viewHash(e.record, next) === next.prevHash))
    await tx.query('INSERT INTO candor_chain_anchors (subject_digest, hash) VALUES (candor_subject_digest($1), $2)', [
      next.subject,
      next.prevHash,
    ]);
}

/**
 * Stores a batch in one transaction (the caller's): locks its subjects, inserts the new records,
 * logs re-used ids whose content differs, and checks the chain of every new record against
 * everything stored (this batch included, so a batch's own order does not matter).
 */
async function appendBatch(tx: SqlQuery, records: readonly HashedRecord[], meta: ReceiptMeta): Promise<AppendResult> {
  const batch = asParam(records);
  // In key order (two subjects may share a key): no two batches wait for each other.
  await tx.query(
    `SELECT pg_advisory_xact_lock(k) FROM (
       SELECT DISTINCT hashtext(e->'record'->>'subject') AS k FROM ${ROWS} ORDER BY k) AS keys`,
    [batch],
  );
  // In id order (the first copy of a repeated id first): two batches that share ids, whatever their
  // subjects and their own order, take the ids' index entries in the same order, so one waits for
  // the other instead of each holding an id the other waits for (a deadlock: PostgreSQL aborts one,
  // a 500).
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO candor_records (id, subject, issued_at, hash, prev_hash, record, client_net)
     SELECT e->'record'->>'id', e->'record'->>'subject', ${ISSUED_AT}, e->>'hash',
            e->'record'->>'prevHash', e->'record', $2
     FROM ${ROWS} ORDER BY e->'record'->>'id', n
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [batch, meta.clientNet],
  );
  const fresh = new Set(inserted.map((r) => r.id));
  // Each id once: the first copy of an id within the batch is the one stored, the others are duplicates.
  const accepted: string[] = [];
  const duplicates: string[] = [];
  const counted: Counted[] = [];
  for (const { record } of records) {
    const stored = fresh.delete(record.id);
    (stored ? accepted : duplicates).push(record.id);
    const c = stored && countedOf(record, meta);
    if (c) counted.push(c);
  }
  await tx.query(
    `INSERT INTO candor_integrity_events (kind, record_id, subject, detail)
     SELECT 'id-conflict', r.id, r.subject, jsonb_build_object('storedHash', r.hash, 'receivedHash', e->>'hash')
     FROM ${ROWS} JOIN candor_records r ON r.id = e->'record'->>'id'
     WHERE r.hash <> e->>'hash' ORDER BY n`,
    [batch],
  );
  await anchorViews(tx, records, accepted);
  const breaks = await tx.query<{ id: string }>(
    `INSERT INTO candor_integrity_events (kind, record_id, subject, detail)
     SELECT 'chain-break', r.id, r.subject, jsonb_build_object('prevHash', r.prev_hash, 'hash', r.hash)
     FROM candor_records r
     WHERE r.id = ANY($1::text[]) AND NOT candor_has_previous(r.subject, r.prev_hash)
     RETURNING record_id AS id`,
    [accepted],
  );
  await countDecisions(tx, counted);
  const broken = new Set(breaks.map((b) => b.id));
  return { accepted, duplicates, chainBreaks: accepted.filter((id) => broken.has(id)) };
}

const DAY = `(r.issued_at AT TIME ZONE 'UTC')::date`;
const REVISION = `(r.record->>'policyRevision')::numeric`;

const COUNTED = `jsonb_array_elements($1::jsonb) AS c(e) JOIN candor_records r ON r.id = c.e->>'id'`;

/**
 * Adds the newly stored records to the decision and purpose aggregates, last in the batch's
 * transaction (their rows are shared by every app server: held as briefly as possible, and taken
 * in one order, so two batches never deadlock on them). Locale and purposes are the checked ones
 * of counted.ts, never the record's own text; day, revision and method come from the stored row,
 * read once (per purpose, a large record took seconds).
 */
async function countDecisions(tx: SqlQuery, counted: readonly Counted[]): Promise<void> {
  if (!counted.length) return;
  const param = JSON.stringify(counted);
  await tx.query(
    `INSERT INTO candor_stats_decisions AS s (day, policy_revision, locale, method, count)
     SELECT ${DAY}, ${REVISION}, c.e->>'locale', r.record->>'method', count(*)
     FROM ${COUNTED} GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
     ON CONFLICT (day, policy_revision, locale, method) DO UPDATE SET count = s.count + EXCLUDED.count`,
    [param],
  );
  await tx.query(
    `INSERT INTO candor_stats_purposes AS s (day, policy_revision, purpose, granted, total)
     WITH n AS MATERIALIZED (SELECT ${DAY} AS day, ${REVISION} AS revision, c.e->'purposes' AS purposes FROM ${COUNTED})
     SELECT n.day, n.revision, p.key, count(*) FILTER (WHERE p.value = 'true'::jsonb), count(*)
     FROM n, jsonb_each(n.purposes) AS p(key, value)
     GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
     ON CONFLICT (day, policy_revision, purpose)
     DO UPDATE SET granted = s.granted + EXCLUDED.granted, total = s.total + EXCLUDED.total`,
    [param],
  );
}

/** The store's reading side for the sync protocol (and adding a request). */
function readersOf(
  db: SqlDriver,
): Pick<ConsentStore, 'newest' | 'get' | 'records' | 'addRequest' | 'integrityEvents' | 'chainBreaks'> {
  return {
    async newest(subject) {
      // Never one older than a purged record of the subject (its anchor): that one was superseded.
      const [row] = await db.query<{ record: ConsentRecord }>(
        `SELECT record FROM candor_records WHERE subject = $1
           AND issued_at >= (SELECT coalesce(max(issued_at), '-infinity') FROM candor_chain_anchors
                             WHERE subject_digest = candor_subject_digest($1))
         ORDER BY issued_at DESC, id DESC LIMIT 1`,
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
       WHERE r.prev_hash IS NOT NULL AND NOT candor_has_previous(r.subject, r.prev_hash)
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
    ...requestsOf(db),
    ...adminReadersOf(db),
    ...maintenanceOf(db),
    schemaVersion: () => schemaVersion(db),
    close: () => db.close(),
  };
}

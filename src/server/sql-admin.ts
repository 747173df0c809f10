/**
 * The site owner's side of the SQL store: aggregates (impressions in, statistics out), records
 * search with keyset paging, a subject's export, the chain check, and the admin audit log.
 */
import type { ConsentRecord } from '../core/record';
import { hashRecord } from './record-hash';
import { iso, type SqlQuery } from './sql';
import { requestsOfSubject } from './sql-requests';
import type {
  AuditEntry,
  ChainReport,
  ConsentStore,
  ImpressionCount,
  IntegrityEvent,
  RecordSearch,
  SearchHit,
  SearchPosition,
  Stats,
  SubjectExport,
  SubjectRecordPages,
} from './store';
import { SubjectTooLarge } from './store';

const DAY = `to_char(day, 'YYYY-MM-DD') AS day, policy_revision::float8 AS "policyRevision"`;
const IN_RANGE = 'day BETWEEN $1::date AND $2::date';

/** Purposes (more: `otherPurposes`) and languages (more: `other`) listed at most: anyone can post any. */
export const STATS_TOP = 30;

const topLocale = (table: string, amount: string): string =>
  `CASE WHEN locale IN (SELECT locale FROM ${table} WHERE ${IN_RANGE} GROUP BY locale
     ORDER BY sum(${amount}) DESC, locale LIMIT ${STATS_TOP}) THEN locale ELSE 'other' END AS locale`;

/** The aggregates of a range of days, each list in (day, revision, …) order. */
async function statsOf(db: SqlQuery, from: string, to: string): Promise<Stats> {
  const range = [from, to];
  const decisions = await db.query<Stats['decisions'][number]>(
    `SELECT ${DAY}, ${topLocale('candor_stats_decisions', 'count')}, method, sum(count)::float8 AS count
     FROM candor_stats_decisions WHERE ${IN_RANGE} GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    range,
  );
  const top = `SELECT purpose FROM candor_stats_purposes WHERE ${IN_RANGE} GROUP BY purpose`;
  const purposes = await db.query<Stats['purposes'][number]>(
    `SELECT ${DAY}, purpose, granted::float8 AS granted, total::float8 AS total FROM candor_stats_purposes
     WHERE ${IN_RANGE} AND purpose IN (${top} ORDER BY sum(total) DESC, purpose LIMIT ${STATS_TOP})
     ORDER BY 1, 2, 3`,
    range,
  );
  const [all] = await db.query<{ n: number }>(`SELECT count(*)::float8 AS n FROM (${top}) AS p`, range);
  const impressions = await db.query<ImpressionCount>(
    `SELECT ${DAY}, ${topLocale('candor_stats_impressions', 'shown')}, sum(shown)::float8 AS shown,
       sum(answered)::float8 AS answered
     FROM candor_stats_impressions WHERE ${IN_RANGE} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    range,
  );
  return { decisions, purposes, otherPurposes: Math.max(0, (all?.n ?? 0) - STATS_TOP), impressions };
}

interface AuditRow {
  id: string | number;
  at: unknown;
  action: AuditEntry['action'];
  method: string;
  status: number;
  subject_digest: string | null;
  detail: Record<string, unknown>;
}

const AUDIT_COLUMNS = 'seq AS id, at, action, method, status, subject_digest, detail';

const toAudit = (r: AuditRow): AuditEntry => ({
  id: Number(r.id),
  at: iso(r.at),
  action: r.action,
  method: r.method,
  status: r.status,
  subjectDigest: r.subject_digest,
  detail: r.detail,
});

/** The position as SQL text: `issued_at` to the microsecond, in UTC. */
const POSITION = `to_char(issued_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS position`;

/** A page of a records search, and where the next one starts. */
async function searchOf(
  db: SqlQuery,
  query: RecordSearch,
): Promise<{ hits: SearchHit[]; next: SearchPosition | null }> {
  const rows = await db.query<{
    record: ConsentRecord;
    received_at: unknown;
    erased: boolean;
    position: string;
    id: string;
  }>(
    `SELECT record, received_at, erased_at IS NOT NULL AS erased, ${POSITION}, id FROM candor_records
     WHERE ($1::text IS NULL OR subject = $1)
       AND ($2::date IS NULL OR issued_at >= $2::date::timestamp AT TIME ZONE 'UTC')
       AND ($3::date IS NULL OR issued_at < ($3::date + 1)::timestamp AT TIME ZONE 'UTC')
       AND ($4::text IS NULL OR record->>'method' = $4)
       AND ($5::timestamptz IS NULL OR (issued_at, id) < ($5::timestamptz, $6::text))
     ORDER BY issued_at DESC, id DESC LIMIT $7`,
    [
      query.subject ?? null,
      query.from ?? null,
      query.to ?? null,
      query.method ?? null,
      query.before?.issuedAt ?? null,
      query.before?.id ?? null,
      query.limit + 1,
    ],
  );
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const next: SearchPosition | null =
    rows.length > query.limit && last ? { issuedAt: last.position, id: last.id } : null;
  return {
    hits: page.map((r) => ({ record: r.record, receivedAt: iso(r.received_at), erased: r.erased })),
    next,
  };
}

/**
 * The most JSON of one subject's records an export or a chain check reads at once: 64 MiB (each is
 * one answer, built in memory; a subject filled on purpose through the public endpoint, 500 KB a
 * record, took 1.6 GB and a 500 at 550 MB).
 */
export const MAX_SUBJECT_BYTES = 64 * 2 ** 20;

/** Throws SubjectTooLarge for a subject whose records hold more than `limit` bytes of JSON. */
async function fits(db: SqlQuery, subject: string, limit: number): Promise<void> {
  const [size] = await db.query<{ records: number; bytes: string | number }>(
    `SELECT count(*)::int AS records, coalesce(sum(octet_length(record::text)), 0)::bigint AS bytes
     FROM candor_records WHERE subject = $1`,
    [subject],
  );
  const bytes = Number(size!.bytes);
  if (bytes > limit) throw new SubjectTooLarge(size!.records, bytes, limit);
}

type Exported = SubjectExport['records'][number];
type ExportedRow = { record: ConsentRecord; received_at: unknown; client_net: string | null };
const exported = (r: ExportedRow): Exported => ({
  record: r.record,
  receivedAt: iso(r.received_at),
  clientNet: r.client_net,
});

/**
 * The records a page of `recordPages` holds at most: a record is at most 512 KiB (the body's
 * limit), so a page stays under 10 MiB whatever was posted (at 400 KB a record, pages of 100 took
 * the embedded store's export 210 MB above its own 370 MB, pages of 10 took 55).
 */
export const EXPORT_PAGE = 20;

/** One subject's records, oldest first, to `onRecords` page by page (keyset on issued_at, id): no size limit. */
async function recordPages(db: SqlQuery, subject: string, onRecords: SubjectRecordPages, page: number): Promise<void> {
  for (let after: { position: string; id: string } | undefined; ;) {
    const rows = await db.query<ExportedRow & { position: string; id: string }>(
      `SELECT record, received_at, client_net, ${POSITION}, id FROM candor_records
       WHERE subject = $1 AND ($2::timestamptz IS NULL OR (issued_at, id) > ($2::timestamptz, $3::text))
       ORDER BY issued_at, id LIMIT $4`,
      [subject, after?.position ?? null, after?.id ?? null, page],
    );
    if (rows.length) await onRecords(rows.map(exported));
    if (rows.length < page) return;
    after = rows[rows.length - 1];
  }
}

/** Everything stored of one subject (its records page by page to `onRecords` when given, none in the answer). */
async function exportOf(
  db: SqlQuery,
  subject: string,
  [limit, page]: readonly [number, number],
  onRecords?: SubjectRecordPages,
): Promise<SubjectExport> {
  let records: Exported[] = [];
  if (onRecords) await recordPages(db, subject, onRecords, page);
  else {
    // One query, so the admin API's answer is one snapshot; it is bounded by `fits` instead.
    await fits(db, subject, limit);
    records = (
      await db.query<ExportedRow>(
        'SELECT record, received_at, client_net FROM candor_records WHERE subject = $1 ORDER BY issued_at, id',
        [subject],
      )
    ).map(exported);
  }
  const erasures = await db.query<{ erased_at: unknown; records: number; request_id: string | number | null }>(
    `SELECT erased_at, records, request_id FROM candor_erasures
     WHERE subject_digest = candor_subject_digest($1) ORDER BY seq`,
    [subject],
  );
  // Stored under the subject too (an erasure moves them to its token with the records): part of "everything stored".
  const events = await db.query<{
    kind: IntegrityEvent['kind'];
    record_id: string;
    detail: Record<string, unknown>;
    detected_at: unknown;
  }>('SELECT kind, record_id, detail, detected_at FROM candor_integrity_events WHERE subject = $1 ORDER BY seq', [
    subject,
  ]);
  return {
    records,
    requests: await requestsOfSubject(db, subject),
    erasures: erasures.map((e) => ({
      erasedAt: iso(e.erased_at),
      records: e.records,
      requestId: e.request_id === null ? null : Number(e.request_id),
    })),
    integrityEvents: events.map((e) => ({
      kind: e.kind,
      recordId: e.record_id,
      detail: e.detail,
      detectedAt: iso(e.detected_at),
    })),
  };
}

/** One subject's chain, checked link by link and (for records not erased) by content. */
async function verifyChainOf(db: SqlQuery, subject: string, limit: number): Promise<ChainReport> {
  await fits(db, subject, limit);
  const rows = await db.query<{
    id: string;
    hash: string;
    record: ConsentRecord;
    erased: boolean;
    linked: boolean;
  }>(
    `SELECT id, hash, record, erased_at IS NOT NULL AS erased, candor_has_previous(subject, prev_hash) AS linked
     FROM candor_records WHERE subject = $1 ORDER BY issued_at, id`,
    [subject],
  );
  const breaks: ChainReport['breaks'][number][] = [];
  for (const r of rows) {
    // An erased record's content no longer hashes to its hash (its personal parts are gone): its links still count.
    if (!r.erased && hashRecord(r.record) !== r.hash) breaks.push({ recordId: r.id, reason: 'altered' });
    if (!r.linked) breaks.push({ recordId: r.id, reason: 'missing-previous' });
  }
  return { verified: breaks.length === 0, records: rows.length, breaks };
}

/**
 * The store's admin-side readers (and the two appends that hold no subject: impressions and the
 * audit log); `limit`: MAX_SUBJECT_BYTES, `page`: EXPORT_PAGE (tests give less).
 */
export function adminReadersOf(
  db: SqlQuery,
  limit = MAX_SUBJECT_BYTES,
  page = EXPORT_PAGE,
): Pick<ConsentStore, 'addImpressions' | 'stats' | 'search' | 'exportSubject' | 'verifyChain' | 'audit' | 'auditLog'> {
  return {
    async addImpressions(counts) {
      if (!counts.length) return;
      // Summed per key first: one statement may not update the same aggregate row twice.
      await db.query(
        `INSERT INTO candor_stats_impressions AS s (day, policy_revision, locale, shown, answered)
         SELECT (e->>'day')::date, (e->>'policyRevision')::numeric, e->>'locale',
                sum((e->>'shown')::bigint), sum((e->>'answered')::bigint)
         FROM jsonb_array_elements($1::jsonb) AS t(e) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
         ON CONFLICT (day, policy_revision, locale)
         DO UPDATE SET shown = s.shown + EXCLUDED.shown, answered = s.answered + EXCLUDED.answered`,
        [JSON.stringify(counts)],
      );
    },
    stats: ({ from, to }) => statsOf(db, from, to),
    search: (query) => searchOf(db, query),
    exportSubject: (subject, onRecords) => exportOf(db, subject, [limit, page], onRecords),
    verifyChain: (subject) => verifyChainOf(db, subject, limit),
    async audit(entry) {
      const [row] = await db.query<AuditRow>(
        `INSERT INTO candor_admin_audit (action, method, status, subject_digest, detail)
         VALUES ($1, $2, $3, candor_subject_digest($4), $5::jsonb) RETURNING ${AUDIT_COLUMNS}`,
        [entry.action, entry.method, entry.status, entry.subject, JSON.stringify(entry.detail)],
      );
      return toAudit(row!);
    },
    async auditLog(limit) {
      const rows = await db.query<AuditRow>(
        `SELECT ${AUDIT_COLUMNS} FROM candor_admin_audit ORDER BY seq DESC LIMIT $1`,
        [limit],
      );
      return rows.map(toAudit);
    },
  };
}

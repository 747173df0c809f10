/**
 * The only two changes ever made to stored records, each in one transaction that declares itself
 * to the database (`candor.maintenance`), whose triggers allow exactly this change (migration-2.ts):
 * an erasure replaces a subject's personal parts (its subject becomes `erased:<random uuid>`), and
 * the retention purge removes records long expired, keeping an anchor for each hash a remaining or
 * later record names; chains still verify after both. docs/server.md says what each keeps and why.
 */
import { randomUUID } from 'node:crypto';
import { iso, type SqlDriver, type SqlQuery } from './sql';
import type { ConsentStore, PurgeResult } from './store';

// An arbitrary constant: the advisory lock that makes purges of several app servers run one at a time.
const PURGE_LOCK = 0x63616e65;

/** Whether the record (of the table alias `r`) expired before the cutoff `$1`. */
const expired = (r: string): string => `(${r}.record->>'expiresAt')::timestamptz < $1::timestamptz`;

/** Keeps the hashes a purge must not lose (docs/server.md, "Chains stay verifiable"); returns how many anchors it added. */
async function anchor(tx: SqlQuery, cutoff: string): Promise<number> {
  const [row] = await tx.query<{ n: number }>(
    `WITH old AS (
       SELECT id, subject, hash, issued_at, erased_at FROM candor_records r WHERE ${expired('r')}
     ), last_left AS (
       SELECT DISTINCT ON (subject) subject, hash, issued_at, erased_at FROM old o
       WHERE NOT EXISTS (SELECT 1 FROM candor_records k WHERE k.subject = o.subject AND NOT ${expired('k')}
                           AND (k.issued_at, k.id) > (o.issued_at, o.id))
       ORDER BY subject, issued_at DESC, id DESC
     ), named AS (
       SELECT subject, hash, issued_at, erased_at FROM old o
       WHERE EXISTS (SELECT 1 FROM candor_records n
                     WHERE n.prev_hash = o.hash AND (n.subject = o.subject OR o.erased_at IS NOT NULL)
                       AND NOT ${expired('n')})
     ), wanted AS (
       SELECT DISTINCT CASE WHEN erased_at IS NULL THEN candor_subject_digest(subject) END AS digest, hash, issued_at
       FROM (SELECT * FROM last_left UNION SELECT * FROM named) AS a
     ), added AS (
       INSERT INTO candor_chain_anchors (subject_digest, hash, issued_at)
       SELECT digest, hash, issued_at FROM wanted w WHERE NOT EXISTS (
         SELECT 1 FROM candor_chain_anchors x WHERE x.hash = w.hash AND x.subject_digest IS NOT DISTINCT FROM w.digest)
       RETURNING 1
     )
     SELECT count(*)::int AS n FROM added`,
    [cutoff],
  );
  return row?.n ?? 0;
}

/** The store's erase and purge. */
export function maintenanceOf(db: SqlDriver): Pick<ConsentStore, 'erase' | 'purge'> {
  return {
    erase: (subject, requestId) =>
      db.transaction(async (tx) => {
        // The subject's lock, as `append` takes it: no record of it arrives half-way.
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [subject]);
        const token = `erased:${randomUUID()}`;
        await tx.query(
          `SELECT set_config('candor.maintenance', 'erase', true), set_config('candor.erase_subject', $1, true),
                  set_config('candor.erase_token', $2, true)`,
          [subject, token],
        );
        // Not erased yet: an erasure token named as the subject has nothing left to erase (erased: 0).
        const erased = await tx.query<{ id: string }>(
          `UPDATE candor_records SET subject = $2, client_net = NULL, erased_at = now(),
             record = record || jsonb_build_object('subject', $2::text, 'preferences', '{}'::jsonb)
           WHERE subject = $1 AND erased_at IS NULL RETURNING id`,
          [subject, token],
        );
        await tx.query(
          'UPDATE candor_integrity_events SET subject = $2 WHERE subject = $1 AND record_id = ANY($3::text[])',
          [subject, token, erased.map((r) => r.id)],
        );
        // The subject's anchors (a purge's, a view's) hold for its records under the token too.
        if (erased.length)
          await tx.query(
            `INSERT INTO candor_chain_anchors (subject_digest, hash, issued_at) SELECT candor_subject_digest($2), hash, issued_at
           FROM candor_chain_anchors WHERE subject_digest = candor_subject_digest($1)`,
            [subject, token],
          );
        const [log] = await tx.query<{ erased_at: unknown }>(
          `INSERT INTO candor_erasures (subject_digest, records, request_id)
           VALUES (candor_subject_digest($1), $2, $3) RETURNING erased_at`,
          [subject, erased.length, requestId],
        );
        return { erased: erased.length, erasedAt: iso(log!.erased_at) };
      }),
    purge: (retentionDays, source) =>
      db.transaction(async (tx): Promise<PurgeResult> => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [PURGE_LOCK]);
        const [at] = await tx.query<{ cutoff: string }>(
          `SELECT to_char((now() - make_interval(days => $1::int)) AT TIME ZONE 'UTC',
                          'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cutoff`,
          [retentionDays],
        );
        const cutoff = at!.cutoff;
        await tx.query(
          `SELECT set_config('candor.maintenance', 'purge', true), set_config('candor.purge_before', $1, true)`,
          [cutoff],
        );
        const anchors = await anchor(tx, cutoff);
        const [gone] = await tx.query<{ n: number }>(
          `WITH gone AS (DELETE FROM candor_records r WHERE ${expired('r')} RETURNING 1) SELECT count(*)::int AS n FROM gone`,
          [cutoff],
        );
        await tx.query(
          `DELETE FROM candor_integrity_events e WHERE NOT EXISTS (SELECT 1 FROM candor_records r WHERE r.id = e.record_id)`,
        );
        const purged = gone?.n ?? 0;
        const [log] = await tx.query<{ purged_at: unknown }>(
          `INSERT INTO candor_purges (retention_days, cutoff, records, anchors, source)
           VALUES ($1, $2::timestamptz, $3, $4, $5) RETURNING purged_at`,
          [retentionDays, cutoff, purged, anchors, source],
        );
        return { purged, purgedAt: iso(log!.purged_at), retentionDays, cutoff: iso(cutoff), anchors };
      }),
  };
}

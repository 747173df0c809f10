/**
 * Schema version 3: a purge anchor keeps its record's `issuedAt`, so a subject's newest record is
 * never one older than a purged one (sql-store.ts `newest`). Earlier anchors have none: links only.
 */
import type { Migration } from './migrations';

export const MIGRATION_3: Migration = {
  version: 3,
  name: 'purge anchors keep their issuedAt',
  sql: `
ALTER TABLE candor_chain_anchors ADD COLUMN issued_at timestamptz;
CREATE INDEX candor_chain_anchors_subject ON candor_chain_anchors (subject_digest, issued_at);
`,
};

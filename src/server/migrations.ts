/**
 * The SQL schema of candor/server, as numbered migrations (the same SQL on PGlite and
 * PostgreSQL). `migrate` applies the missing ones in order, each in its own transaction, under an
 * advisory lock so that several app servers starting at once migrate once. A database whose schema
 * is newer than this version of candor/server knows is never touched: `migrate` and
 * `checkSchema` refuse with a `SchemaError` (downgrading would lose columns, or write rows the
 * newer code cannot read). Migrations are only ever added, never edited.
 */
import { MIGRATION_2 } from './migration-2';
import { MIGRATION_3 } from './migration-3';
import type { SqlDriver, SqlQuery } from './sql';

/** One step of the schema. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Every migration, in order. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'records, requests, integrity events (append-only)',
    sql: `
CREATE TABLE candor_records (
  id text PRIMARY KEY,
  subject text NOT NULL,
  issued_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  hash char(64) NOT NULL,
  prev_hash char(64),
  record jsonb NOT NULL,
  client_net text
);
CREATE INDEX candor_records_newest ON candor_records (subject, issued_at DESC, id DESC);
CREATE INDEX candor_records_chain ON candor_records (subject, hash);
CREATE TABLE candor_requests (
  seq bigserial PRIMARY KEY,
  type text NOT NULL CHECK (type IN ('access', 'correction', 'deletion', 'do-not-sell')),
  subject text NOT NULL,
  message text,
  received_at timestamptz NOT NULL DEFAULT now(),
  client_net text
);
CREATE TABLE candor_integrity_events (
  seq bigserial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('chain-break', 'id-conflict')),
  record_id text NOT NULL,
  subject text NOT NULL,
  detail jsonb NOT NULL,
  detected_at timestamptz NOT NULL DEFAULT now()
);
CREATE FUNCTION candor_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'candor: % is append-only', TG_TABLE_NAME;
END $$;
CREATE TRIGGER candor_records_append_only BEFORE UPDATE OR DELETE ON candor_records
  FOR EACH ROW EXECUTE FUNCTION candor_append_only();
CREATE TRIGGER candor_integrity_events_append_only BEFORE UPDATE OR DELETE ON candor_integrity_events
  FOR EACH ROW EXECUTE FUNCTION candor_append_only();
`,
  },
  MIGRATION_2,
  MIGRATION_3,
];

/** The schema version this candor/server writes and reads. */
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

/** The database's schema does not fit this candor/server (newer, or older without migrating). */
export class SchemaError extends Error {
  override readonly name = 'SchemaError';
  constructor(
    readonly code: 'schema/newer' | 'schema/older',
    message: string,
  ) {
    super(message);
  }
}

// An arbitrary constant: the advisory lock that serialises migrations across app servers.
const MIGRATION_LOCK = 0x63616e64;
const TABLE = `CREATE TABLE IF NOT EXISTS candor_schema (
  version integer PRIMARY KEY,
  name text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

/** The database's schema version (0 when candor never migrated it). */
export async function schemaVersion(db: SqlQuery): Promise<number> {
  const [table] = await db.query<{ t: string | null }>(`SELECT to_regclass('candor_schema')::text AS t`);
  if (!table?.t) return 0;
  const [row] = await db.query<{ v: number | null }>('SELECT max(version) AS v FROM candor_schema');
  return Number(row?.v ?? 0);
}

const newer = (found: number): SchemaError =>
  new SchemaError(
    'schema/newer',
    `candor/server: the database schema is version ${found}, newer than this candor/server knows (${LATEST_VERSION}). ` +
      'Refusing to start: a newer schema is never downgraded. Upgrade the candor package (or point to the right database).',
  );

/** Applies the missing migrations; returns the versions before and after. Refuses a newer schema. */
export async function migrate(
  db: SqlDriver,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<{ from: number; to: number }> {
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  const from = await schemaVersion(db);
  if (from > latest) throw newer(from);
  for (const m of migrations) {
    // Each step checks again under the lock: another server may have applied it meanwhile.
    await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      // Under the lock: two servers creating the table at once would collide (CREATE … IF NOT EXISTS is not atomic).
      await tx.exec(TABLE);
      const now = await schemaVersion(tx);
      if (now > latest) throw newer(now);
      if (now >= m.version) return;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO candor_schema (version, name) VALUES ($1, $2)', [m.version, m.name]);
    });
  }
  return { from, to: await schemaVersion(db) };
}

/** Refuses a schema this candor/server cannot use as it is (for `migrate: false`). */
export async function checkSchema(db: SqlQuery): Promise<void> {
  const found = await schemaVersion(db);
  if (found > LATEST_VERSION) throw newer(found);
  if (found < LATEST_VERSION)
    throw new SchemaError(
      'schema/older',
      `candor/server: the database schema is version ${found}, this candor/server needs ${LATEST_VERSION}. Run \`npx candor-server migrate\` (or start with migrate: true).`,
    );
}

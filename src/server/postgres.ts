/**
 * The PostgreSQL store, for production that grows past one machine: any number of stateless app
 * servers in front of one PostgreSQL (managed, or a cluster), through the `pg` driver. The same
 * schema and SQL as the embedded store.
 */
import type { Pool, PoolClient } from 'pg';
import { importDriver } from './optional-import';
import type { SqlDriver, SqlQuery } from './sql';
import { createSqlStore, type SqlStoreOptions } from './sql-store';
import type { ConsentStore } from './store';

/** @see createPostgresStore */
export interface PostgresStoreOptions extends SqlStoreOptions {
  /** A connection string such as `postgres://candor@db.internal/candor`. @default process.env.DATABASE_URL */
  readonly connectionString?: string;
  /** Other pool settings (`max`, `ssl`, `host`, …), passed to `pg`'s Pool as they are. @default {} */
  readonly pool?: { readonly host?: string; readonly max?: number; readonly [setting: string]: unknown };
}

const wrap = (client: Pool | PoolClient): SqlQuery => ({
  query: async <T>(text: string, params: readonly unknown[] = []) =>
    (await client.query(text, [...params])).rows as T[],
  exec: async (text) => void (await client.query(text)),
});

/** Adapts a `pg` pool to the SQL store's driver: each transaction on one pooled connection. */
export function postgresDriver(pool: Pool): SqlDriver {
  return {
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      // A connection that breaks while checked out (a database restart mid-transaction) emits
      // 'error' on the client, which pg's pool does not listen to then: unheard, it would crash
      // the app. Its query rejects as well, which rolls back and reports below.
      const broken = (e: Error): void => console.error('candor/server: PostgreSQL connection error:', e.message);
      client.on('error', broken);
      try {
        await client.query('BEGIN');
        const out = await fn(wrap(client));
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        client.off('error', broken);
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** Connects to PostgreSQL and migrates the database (or checks its schema, with `migrate: false`). */
export async function createPostgresStore(options: PostgresStoreOptions = {}): Promise<ConsentStore> {
  const pg = await importDriver('pg', () => import('pg'), 'the PostgreSQL store');
  const connectionString = options.connectionString ?? process.env['DATABASE_URL'];
  if (!connectionString && !options.pool?.host)
    throw new Error('candor/server: the PostgreSQL store needs a connectionString (or DATABASE_URL)');
  const pool = new pg.default.Pool({ ...options.pool, ...(connectionString ? { connectionString } : {}) });
  // An idle connection that breaks (a database restart) must not crash the app: the next query reconnects.
  pool.on('error', (e) => console.error('candor/server: PostgreSQL connection error:', e.message));
  try {
    return await createSqlStore(postgresDriver(pool), options);
  } catch (e) {
    await pool.end().catch(() => {});
    throw e;
  }
}

/**
 * The embedded store, the default: PGlite (PostgreSQL compiled to WebAssembly) with its data in a
 * directory. Nothing to install or run beside the app; one process owns the directory. The same SQL
 * as the PostgreSQL store, so a site can move its data with `pg_dump` when it outgrows one machine.
 */
import { mkdirSync } from 'node:fs';
import { lockDataDir } from './dir-lock';
import { importDriver } from './optional-import';
import type { SqlDriver, SqlQuery } from './sql';
import { createSqlStore, type SqlStoreOptions } from './sql-store';
import type { ConsentStore } from './store';

/** @see createPGliteStore */
export interface PGliteStoreOptions extends SqlStoreOptions {
  /** The data directory (created when missing); `memory://` keeps everything in memory (tests). @default '.candor-data' */
  readonly dataDir?: string;
}

/** What the store uses of PGlite and of its transactions. */
interface PGliteLike {
  query<T>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(text: string): Promise<unknown>;
}

/** Adapts a PGlite instance to the SQL store's driver. */
export function pgliteDriver(
  db: PGliteLike & {
    transaction<T>(fn: (tx: PGliteLike) => Promise<T>): Promise<T>;
    close(): Promise<void>;
  },
): SqlDriver {
  const wrap = (q: PGliteLike): SqlQuery => ({
    query: async <T>(text: string, params: readonly unknown[] = []) => (await q.query<T>(text, [...params])).rows,
    exec: async (text) => void (await q.exec(text)),
  });
  return { ...wrap(db), transaction: (fn) => db.transaction((tx) => fn(wrap(tx))), close: () => db.close() };
}

/** Opens (and migrates) the embedded store in `dataDir`. */
export async function createPGliteStore(options: PGliteStoreOptions = {}): Promise<ConsentStore> {
  const { PGlite } = await importDriver(
    '@electric-sql/pglite',
    () => import('@electric-sql/pglite'),
    'the embedded store',
  );
  const dataDir = options.dataDir ?? '.candor-data';
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const unlock = inMemory ? () => {} : lockDataDir(dataDir);
  let db;
  try {
    db = await PGlite.create(dataDir);
    const store = await createSqlStore(pgliteDriver(db), options);
    return { ...store, close: () => store.close().finally(unlock) };
  } catch (e) {
    await db?.close().catch(() => {});
    unlock();
    throw e;
  }
}

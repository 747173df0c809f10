/**
 * The little the SQL store needs from a database driver, so one store serves PGlite and `pg`:
 * parameterised queries, multi-statement scripts (migrations), transactions, close.
 */

/** Runs SQL. */
export interface SqlQuery {
  /** One statement with `$1…` parameters; the rows it returns. */
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** A script of several statements, without parameters. */
  exec(text: string): Promise<void>;
}

/** A database connection (or pool) that can run transactions. */
export interface SqlDriver extends SqlQuery {
  /** Runs `fn` in a transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlQuery) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A timestamp the driver returned (a Date from pg, a Date or text from PGlite) as ISO 8601. */
export const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

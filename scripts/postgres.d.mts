// Types of postgres.mjs (the TypeScript tests import it).

/** The command that installs PostgreSQL on Debian. */
export const INSTALL_HINT: string;

/** The directory of initdb and pg_ctl: PG_BIN, else the newest `<root>/<version>/bin`; throws with INSTALL_HINT when there is none. */
export function postgresBin(root?: string, env?: Readonly<Record<string, string | undefined>>): string;

/** A running PostgreSQL: its connection string, and how to stop it. */
export interface TestPostgres {
  readonly url: string;
  /** Stops the server: `immediate` is a crash (no checkpoint), `fast` a clean shutdown. */
  stop(mode?: 'fast' | 'immediate'): void;
  /** Starts it again on the same data directory and port. */
  start(): void;
  /** Stops it and removes its data. */
  destroy(): void;
}

/** Starts a throwaway PostgreSQL (user `candor`, database `postgres`, trust auth on 127.0.0.1 only). */
export function startPostgres(): Promise<TestPostgres>;

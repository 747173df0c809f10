/**
 * `npx candor-server <command>`: `migrate` brings the database's schema up to date (and refuses a
 * newer one), `start` runs the endpoint on node:http. The database is PostgreSQL when
 * `--database-url` (or `DATABASE_URL`) is given, else the embedded store in `--data-dir` (or
 * `CANDOR_DATA_DIR`, default `.candor-data`).
 */
import { parseArgs } from 'node:util';
import { parseOrigins } from './cors';
import { createConsentServer } from './handler';
import { listen } from './node-http';
import { createPGliteStore } from './pglite';
import { createPostgresStore } from './postgres';
import type { ConsentStore } from './store';

const USAGE = `Usage: candor-server <command> [options]

Commands:
  migrate               apply missing schema migrations, then exit
  start                 run the consent endpoint (migrates first)

Options:
  --database-url URL    PostgreSQL (default: $DATABASE_URL; without it, the embedded store)
  --data-dir DIR        the embedded store's directory (default: $CANDOR_DATA_DIR or .candor-data)
  --port N              start: the port (default: $PORT or 8787)
  --host HOST           start: the address (default: $HOST or 127.0.0.1)
  --base-path PATH      start: the endpoint's path (default: /api/consent)
  --origins LIST        start: other origins allowed, comma-separated (default: $CANDOR_ALLOWED_ORIGINS)
  --rate-limit N        start: requests per client and minute, 0 for none (default: 300)
  --trust-proxy         start: read X-Forwarded-For / -Proto (only behind your own proxy)`;

/** Where the CLI writes and which environment it reads (parameters, so tests pass their own). */
export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

const defaultIo: CliIo = {
  env: process.env,
  out: (l) => void process.stdout.write(`${l}\n`),
  err: (l) => console.error(l),
};

/** Runs the CLI with `argv` (without node and the script); resolves to the exit code. `start` resolves only when stopped. */
export async function runCli(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        'database-url': { type: 'string' },
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        'base-path': { type: 'string' },
        origins: { type: 'string' },
        'trust-proxy': { type: 'boolean' },
        'rate-limit': { type: 'string' },
        help: { type: 'boolean' },
      },
    });
  } catch (e) {
    io.err(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (values.help || (command !== 'migrate' && command !== 'start')) {
    (values.help ? io.out : io.err)(USAGE);
    return values.help ? 0 : 2;
  }
  const rate = Number(values['rate-limit'] ?? 300);
  if (!Number.isInteger(rate) || rate < 0) {
    io.err(`--rate-limit: a whole number of requests per minute (0 for none)\n\n${USAGE}`);
    return 2;
  }
  const databaseUrl = values['database-url'] ?? io.env['DATABASE_URL'];
  const dataDir = values['data-dir'] ?? io.env['CANDOR_DATA_DIR'] ?? '.candor-data';
  const where = databaseUrl ? 'PostgreSQL' : `the embedded store in ${dataDir}`;
  let store: ConsentStore;
  try {
    store = await (databaseUrl
      ? createPostgresStore({ connectionString: databaseUrl })
      : createPGliteStore({ dataDir }));
  } catch (e) {
    io.err((e as Error).message);
    return 1;
  }
  if (command === 'migrate') {
    io.out(`candor-server: ${where} is at schema version ${await store.schemaVersion()}`);
    await store.close();
    return 0;
  }
  try {
    const handler = createConsentServer({
      store,
      origins: parseOrigins(values.origins ?? io.env['CANDOR_ALLOWED_ORIGINS']),
      trustProxy: values['trust-proxy'] === true,
      rateLimit: rate === 0 ? false : { requests: rate, windowSeconds: 60 },
      ...(values['base-path'] ? { basePath: values['base-path'] } : {}),
    });
    const running = await listen(handler, {
      port: Number(values.port ?? io.env['PORT'] ?? 8787),
      host: values.host ?? io.env['HOST'] ?? '127.0.0.1',
      trustProxy: values['trust-proxy'] === true,
    });
    io.out(`candor-server: ${running.url}${values['base-path'] ?? '/api/consent'} (${where})`);
    await new Promise<void>((ok) => {
      const stop = (): void => void running.close().then(ok);
      process.once('SIGINT', stop).once('SIGTERM', stop);
    });
    return 0;
  } catch (e) {
    io.err((e as Error).message);
    await store.close().catch(() => {});
    return 1;
  }
}

/**
 * `npx candor-server <command>`: `migrate` brings the database's schema up to date (and refuses a
 * newer one), `start` runs the endpoint on node:http (with the admin API and page when
 * `CANDOR_ADMIN_TOKEN` is set, and the retention job with `--retention-days`), `purge` runs one
 * retention purge, `export` writes one subject's stored data as JSON to stdout (its records page by
 * page, however many: an access request the admin API answers 413 for). The database is
 * PostgreSQL when `--database-url` (or `DATABASE_URL`) is given, else the embedded store in
 * `--data-dir` (or `CANDOR_DATA_DIR`, default `.candor-data`).
 */
import { parseArgs } from 'node:util';
import { didYouMean } from '../core/config-messages';
import { assertToken } from './admin-auth';
import { parseOrigins } from './cors';
import { createConsentServer } from './handler';
import { listen } from './node-http';
import { createPGliteStore } from './pglite';
import { createPostgresStore } from './postgres';
import { MAX_RETENTION_DAYS } from './retention';
import type { ConsentStore, SubjectExport } from './store';
import { subjectReasons } from './validate';

const USAGE = `Usage: candor-server <command> [options]

Commands:
  migrate               apply missing schema migrations, then exit
  start                 run the consent endpoint (migrates first)
  purge                 remove the records past retention once (needs --retention-days), then exit
  export                write everything stored of one visitor (--subject) as JSON to stdout, then exit

Options:
  --database-url URL    PostgreSQL (default: $DATABASE_URL; without it, the embedded store)
  --data-dir DIR        the embedded store's directory (default: $CANDOR_DATA_DIR or .candor-data)
  --port N              start: the port (default: $PORT or 8787)
  --host HOST           start: the address (default: $HOST or 127.0.0.1)
  --base-path PATH      start: the endpoint's path (default: /api/consent)
  --origins LIST        start: other origins allowed, comma-separated (default: $CANDOR_ALLOWED_ORIGINS)
  --rate-limit N        start: requests per client and minute, 0 for none (default: 300)
  --trust-proxy         start: read X-Forwarded-For / -Proto (only behind your own proxy)
  --retention-days N    start, purge: remove records N days after they expire (start: once a day)
  --admin-path PATH     start: where the admin API and page are (default: /candor-admin)
  --subject ID          export: the visitor's subject, exactly as stored (spaces count)

Environment:
  CANDOR_ADMIN_TOKEN    start: turns on the admin API and page, with this bearer token (at least
                        32 characters; never pass it on the command line, where ps shows it)`;

/** Where the CLI writes, which environment it reads, and when `start` stops (parameters, so tests pass their own). */
export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Writes part of `export`'s answer; resolves when more may be written. @default to stdout, waiting for it to drain */
  readonly write?: (text: string) => Promise<void>;
  /** Resolves when `start` should stop. @default on SIGINT or SIGTERM */
  readonly stopped?: () => Promise<void>;
}

const defaultIo: CliIo = {
  env: process.env,
  out: (l) => void process.stdout.write(`${l}\n`),
  err: (l) => console.error(l),
};

/** Writes to stdout; when its buffer is full, resolves once it drained (a large export stays out of memory). */
const toStdout = (text: string): Promise<void> =>
  new Promise((ok, fail) => {
    const onError = (e: Error): void => fail(e);
    process.stdout.once('error', onError);
    const done = (): void => void (process.stdout.off('error', onError), ok());
    if (process.stdout.write(text)) done();
    else process.stdout.once('drain', done);
  });

const untilSignal = (): Promise<void> =>
  new Promise<void>((ok) => {
    process.once('SIGINT', () => ok()).once('SIGTERM', () => ok());
  });

const OPTIONS = {
  'database-url': { type: 'string' },
  'data-dir': { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  'base-path': { type: 'string' },
  origins: { type: 'string' },
  'trust-proxy': { type: 'boolean' },
  'rate-limit': { type: 'string' },
  'retention-days': { type: 'string' },
  'admin-path': { type: 'string' },
  subject: { type: 'string' },
  help: { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

/** The numbers of the command line. */
interface Numbers {
  readonly port: number;
  readonly rate: number;
  readonly retentionDays: number | null;
}

/** The checked numbers of the command line, or the usage error. */
function numbersOf(command: string, values: Values, env: CliIo['env']): Numbers | string {
  const port = values.port ?? (env['PORT'] || '8787');
  if (command === 'start' && (!/^\d{1,5}$/.test(port) || Number(port) > 65535))
    return `${values.port === undefined ? 'PORT' : '--port'}: a port number from 0 to 65535 (0: any free port), not "${port}"`;
  // Digits only: Number('') is 0 (an unset `--rate-limit "$RATE"` turned the limit off).
  const rate = Number(values['rate-limit'] ?? 300);
  if (!/^\d+$/.test(values['rate-limit'] ?? '0') || !Number.isSafeInteger(rate))
    return '--rate-limit: a whole number of requests per minute (0 for none)';
  // Empty (an unset `--database-url "$URL"`) would take the embedded store unseen.
  if (values['database-url'] === '') return '--database-url: empty (give a PostgreSQL URL, or leave the option out)';
  const given = values['retention-days'];
  const retentionDays = given === undefined ? null : /^\d{1,5}$/.test(given) ? Number(given) : NaN;
  if (Number.isNaN(retentionDays) || (retentionDays ?? 0) > MAX_RETENTION_DAYS)
    return `--retention-days: a whole number of days from 0 to ${MAX_RETENTION_DAYS}`;
  if (command === 'purge' && retentionDays === null)
    return 'purge: --retention-days N is required (records are removed N days after they expire)';
  if (command === 'export' && subjectReasons(values.subject).length)
    return `export: --subject ID is required: the visitor's subject, 1 to 256 characters, exactly as stored`;
  return { port: Number(port), rate, retentionDays };
}

/** What to do when the server cannot listen (Node's own message names neither option). */
function listenProblem(e: NodeJS.ErrnoException, host: string, port: number, hostFrom: string): string {
  const at = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (e.code === 'EADDRINUSE')
    return `candor-server: ${at} is in use by another program: stop it, or pass another --port`;
  if (e.code === 'EACCES')
    return `candor-server: not allowed to listen on ${at} (ports below 1024 need privileges): pass --port 8787 or another above 1023`;
  if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN')
    return `candor-server: ${hostFrom} ${host} is no address of this machine (127.0.0.1 for this machine only, 0.0.0.0 for every interface)`;
  return e.message;
}

/**
 * `export`: the admin API's export answer (`GET …/api/export`), written as it is read: the records
 * page by page, then the requests, erasures and integrity events. Audited as the API's is (method
 * "CLI"). Pages are read one after the other, not as one snapshot: a record stored meanwhile may or
 * may not be in it. Resolves to how many records it wrote.
 */
async function writeExport(
  store: ConsentStore,
  subject: string,
  write: (text: string) => Promise<void>,
): Promise<number> {
  await write(`{"subject":${JSON.stringify(subject)},"exportedAt":"${new Date().toISOString()}","records":[`);
  let count = 0;
  const each = async (records: SubjectExport['records']): Promise<void> => {
    for (const r of records) await write(`${count++ ? ',' : ''}\n${JSON.stringify(r)}`);
  };
  const { records, ...rest } = await store.exportSubject(subject, each);
  await each(records); // a store that ignores the pages lists every record here
  // `rest` is the requests, erasures and integrity events: `{"requests":…}` goes on after the records.
  await write(`${count ? '\n' : ''}],${JSON.stringify(rest).slice(1)}\n`);
  const detail = {
    records: count,
    requests: rest.requests.length,
    erasures: rest.erasures.length,
    integrityEvents: rest.integrityEvents.length,
  };
  await store.audit({ action: 'export', method: 'CLI', status: 200, subject, detail });
  return count;
}

/** Runs the endpoint until `io.stopped` resolves. */
async function start(store: ConsentStore, values: Values, io: CliIo, where: string, numbers: Numbers): Promise<void> {
  const token = io.env['CANDOR_ADMIN_TOKEN'];
  const adminPath = values['admin-path'] ?? '/candor-admin';
  const handler = createConsentServer({
    store,
    origins: parseOrigins(values.origins ?? io.env['CANDOR_ALLOWED_ORIGINS']),
    trustProxy: values['trust-proxy'] === true,
    rateLimit: numbers.rate === 0 ? false : { requests: numbers.rate, windowSeconds: 60 },
    ...(values['base-path'] ? { basePath: values['base-path'] } : {}),
    ...(token ? { admin: { token, path: adminPath } } : {}),
    ...(numbers.retentionDays === null ? {} : { retention: { days: numbers.retentionDays } }),
  });
  // Empty (a .env line `HOST=`) is unset, as for PORT: Node would listen on every interface.
  const host = values.host || io.env['HOST'] || '127.0.0.1';
  const running = await listen(handler, { port: numbers.port, host, trustProxy: values['trust-proxy'] === true }).catch(
    (e: NodeJS.ErrnoException) => {
      throw new Error(listenProblem(e, host, numbers.port, values.host ? '--host' : 'HOST'), {
        cause: e,
      });
    },
  );
  io.out(`candor-server: ${running.url}${values['base-path'] ?? '/api/consent'} (${where})`);
  if (token) io.out(`candor-server: site-owner page and admin API at ${running.url}${adminPath.replace(/\/+$/, '')}/`);
  if (numbers.retentionDays !== null)
    io.out(`candor-server: records are purged ${numbers.retentionDays} days after they expire (checked daily)`);
  await (io.stopped ?? untilSignal)();
  await running.close();
}

/** Runs the CLI with `argv` (without node and the script); resolves to the exit code. `start` resolves only when stopped. */
export async function runCli(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: OPTIONS });
  } catch (e) {
    // An unknown option: the nearest one, not parseArgs's hint.
    const name = /^Unknown option '([^']*)/.exec((e as Error).message)?.[1];
    const known = Object.keys(OPTIONS).map((o) => `--${o}`);
    io.err(`${name ? `Unknown option '${name}'${didYouMean(name, known)}` : (e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const command = positionals[0] ?? '';
  const commands = ['migrate', 'start', 'purge', 'export'];
  if (values.help || !commands.includes(command)) {
    if (values.help) io.out(USAGE);
    else io.err(`${command ? `Unknown command "${command}"${didYouMean(command, commands)}\n\n` : ''}${USAGE}`);
    return values.help ? 0 : 2;
  }
  const numbers = numbersOf(command, values, io.env);
  if (typeof numbers === 'string') {
    io.err(`${numbers}\n\n${USAGE}`);
    return 2;
  }
  const token = io.env['CANDOR_ADMIN_TOKEN'];
  try {
    // Before the database opens: a weak token stops the command at once.
    if (command === 'start' && token) assertToken(token);
  } catch (e) {
    io.err((e as Error).message);
    return 1;
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
  try {
    if (command === 'migrate') io.out(`candor-server: ${where} is at schema version ${await store.schemaVersion()}`);
    else if (command === 'purge') {
      const r = await store.purge(numbers.retentionDays as number, 'cli');
      io.out(
        `candor-server: purged ${r.purged} records that expired before ${r.cutoff} (retention ${r.retentionDays} days; ${r.anchors} chain anchors kept) in ${where}`,
      );
    } else if (command === 'export') {
      const count = await writeExport(store, values.subject as string, io.write ?? toStdout);
      io.err(`candor-server: exported ${count} records of this subject from ${where}`);
    } else return await start(store, values, io, where, numbers).then(() => 0);
    await store.close();
    return 0;
  } catch (e) {
    io.err((e as Error).message);
    await store.close().catch(() => {});
    return 1;
  }
}

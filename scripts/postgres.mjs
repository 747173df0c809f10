// A real PostgreSQL for candor/server's tests and load figures (bench/server-load.mjs), plain
// JavaScript so both can use it (postgres.d.mts types it).
/**
 * A real PostgreSQL for the server tests: `initdb` in a temporary directory and `pg_ctl start` on
 * 127.0.0.1 at a free port, stopped and removed afterwards. PostgreSQL refuses to run as root, so
 * as root the server runs as the `postgres` user (`runuser`). Missing binaries fail the test with
 * the command that installs them: the PostgreSQL tests are never skipped.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const INSTALL_HINT = 'apt-get install -y postgresql';

/** The directory of initdb and pg_ctl (PG_BIN, else the newest <root>/<version>/bin). */
export function postgresBin(root = '/usr/lib/postgresql', env = process.env) {
  const fromEnv = env['PG_BIN'];
  if (fromEnv && existsSync(join(fromEnv, 'initdb'))) return fromEnv;
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions.length)
    throw new Error(
      `PostgreSQL is not installed (no initdb under ${root}/*/bin, and PG_BIN is not set): the server tests need it. Install it with: ${INSTALL_HINT}`,
    );
  return join(root, versions[0], 'bin');
}

const freePort = () =>
  new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail).listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });

/** Starts a throwaway PostgreSQL (user `candor`, database `postgres`, trust auth on 127.0.0.1 only). */
export async function startPostgres() {
  const bin = postgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'candor-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const run = (tool, args) => {
    const [cmd, all] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]]
      : [join(bin, tool), args];
    execFileSync(cmd, all, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
  };
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-U', 'candor', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=40`;
  const start = () => run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']);
  start();
  const stop = (mode = 'fast') => run('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
  return {
    url: `postgres://candor@127.0.0.1:${port}/postgres`,
    stop,
    start,
    destroy() {
      try {
        stop('immediate');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

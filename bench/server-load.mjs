// Load figures for candor/server (issue 19): `npm run build`, then `node bench/server-load.mjs`.
// For each store (the embedded PGlite, a PostgreSQL this script starts in a temporary directory)
// it runs `candor-server start` as its own process on loopback and posts batches of 20 new
// records (valid, anonymous subjects, new ids) with autocannon (bench/node_modules: `npm ci
// --prefix bench`) for a fixed time; it prints records/s, latency and the machine's load.
// Options: --duration=<s> (default 10), --connections=<n> (default 10).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { createConsent, createMemoryStorage } from '../dist/index.mjs';
import { startPostgres } from '../scripts/postgres.mjs';

const arg = (name, fallback) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const DURATION = arg('duration', 10);
const CONNECTIONS = arg('connections', 10);
const BATCH = 20;

const consent = createConsent(
  { policy: { revision: 1 }, purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }] },
  { storage: createMemoryStorage() },
);
const template = await consent.acceptAll();
/** A body of BATCH new records, each its own anonymous subject's first. */
const body = () =>
  JSON.stringify({
    records: Array.from({ length: BATCH }, () => ({ ...template, id: randomUUID(), subject: randomUUID() })),
  });

/** Runs the CLI on a free port; resolves with its URL and the child. */
function startServer(args) {
  const child = spawn(
    process.execPath,
    ['bin/candor-server.mjs', 'start', '--port', '0', '--rate-limit', '0', ...args],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((ok, fail) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const url = /candor-server: (http:\/\/[^\s]+)/.exec(out)?.[1];
      if (url) ok({ child, url });
    });
    child.on('exit', (code) => fail(new Error(`candor-server exited (${code}): ${out}`)));
  });
}

async function measure(name, args) {
  const { child, url } = await startServer(args);
  try {
    await fetch(url, { method: 'POST', body: body(), headers: { 'content-type': 'application/json' } }); // warm up
    const r = await autocannon({
      url,
      method: 'POST',
      connections: CONNECTIONS,
      duration: DURATION,
      headers: { 'content-type': 'application/json' },
      requests: [{ setupRequest: (req) => ({ ...req, body: body() }) }],
    });
    const ok = r['2xx'];
    return {
      name,
      recordsPerSecond: Math.round((ok * BATCH) / DURATION),
      requestsPerSecond: Math.round(ok / DURATION),
      p50: r.latency.p50,
      p99: r.latency.p99,
      failed: r.non2xx + r.errors + r.timeouts,
    };
  } finally {
    child.kill('SIGTERM');
  }
}

const dir = mkdtempSync(join(tmpdir(), 'candor-load-'));
const postgres = await startPostgres();
const rows = [];
try {
  rows.push(await measure('PGlite (embedded)', ['--data-dir', join(dir, 'pglite')]));
  rows.push(await measure('PostgreSQL 15 (pg)', ['--database-url', postgres.url]));
} finally {
  postgres.destroy();
  rmSync(dir, { recursive: true, force: true });
}
console.log(
  `\ncandor/server on loopback, ${CONNECTIONS} connections, ${DURATION} s each, batches of ${BATCH} records; ` +
    `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}, Node ${process.version}\n`,
);
console.log('| store | records/s | requests/s | p50 latency | p99 latency | failed requests |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows)
  console.log(
    `| ${r.name} | ${r.recordsPerSecond} | ${r.requestsPerSecond} | ${r.p50} ms | ${r.p99} ms | ${r.failed} |`,
  );

// The store contract, run against both stores: the embedded one (PGlite, data in a directory) and a
// real PostgreSQL started for this file (test/server/postgres.ts). Same schema, same SQL, same answers.
import { PGlite } from '@electric-sql/pglite';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockDataDir } from '../../src/server/dir-lock';
import { LATEST_VERSION, migrate, MIGRATIONS, SchemaError } from '../../src/server/migrations';
import { createPGliteStore, pgliteDriver } from '../../src/server/pglite';
import { createPostgresStore, postgresDriver } from '../../src/server/postgres';
import type { SqlDriver } from '../../src/server/sql';
import { createSqlStore } from '../../src/server/sql-store';
import type { ConsentStore } from '../../src/server/store';
import type { ConsentRecord } from '../../src/core/record';
import { decisions, hashed, hashOf, sample, withFields } from './records';
import { createConsent } from '../../src/instance/create-consent';
import { createMemoryStorage } from '../../src/store/memory';
import { ownerSideTests } from './store-owner';
import { INSTALL_HINT, postgresBin, startPostgres, type TestPostgres } from '../../scripts/postgres.mjs';

/** A database to test on: a driver for raw SQL, and fresh empty databases of the same kind. */
interface Kind {
  driver(): Promise<SqlDriver>;
  fresh(): Promise<SqlDriver>;
  /** A second store on the same database (another app server; for PGlite the same instance). */
  second(): Promise<ConsentStore>;
  /** Another connection pool to the database of a driver `fresh()` made (PostgreSQL only). */
  again(db: SqlDriver): Promise<SqlDriver>;
  cleanup(): Promise<void>;
}

let postgres: TestPostgres | null = null;
/** Databases made by `fresh()`, counted across kinds: one server for the file. */
let freshDatabases = 0;
const tmp = mkdtempSync(join(tmpdir(), 'candor-stores-'));
afterAll(() => {
  postgres?.destroy();
  rmSync(tmp, { recursive: true, force: true });
});

const kinds: Record<string, () => Promise<Kind>> = {
  pglite: async () => {
    const opened: PGlite[] = [];
    const open = async (name: string) => {
      const db = await PGlite.create(join(tmp, name));
      opened.push(db);
      return pgliteDriver(db);
    };
    const main = await open('main');
    // Empty databases from one more instance: a new schema each, first on the search path (an
    // embedded database takes seconds to create, a schema none).
    const spare = await open('spare');
    let n = 0;
    return {
      driver: async () => main,
      fresh: async () => {
        const schema = `fresh_${n++}`;
        await spare.exec(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}`);
        return spare;
      },
      second: () => createSqlStore(main),
      again: async (db) => db,
      cleanup: async () => void (await Promise.all(opened.map((db) => db.close().catch(() => {})))),
    };
  },
  postgres: async () => {
    postgres ??= await startPostgres();
    const pools: pg.Pool[] = [];
    const pool = (database = 'postgres') => {
      const p = new pg.Pool({ connectionString: postgres!.url.replace(/\/postgres$/, `/${database}`) });
      pools.push(p);
      return p;
    };
    const main = postgresDriver(pool());
    const names = new Map<SqlDriver, string>();
    return {
      driver: async () => main,
      fresh: async () => {
        const name = `fresh_${freshDatabases++}`;
        await main.query(`CREATE DATABASE ${name}`);
        const driver = postgresDriver(pool(name));
        names.set(driver, name);
        return driver;
      },
      again: async (db) => postgresDriver(pool(names.get(db))),
      second: () => createPostgresStore({ connectionString: postgres!.url }),
      cleanup: async () => void (await Promise.all(pools.map((p) => p.end().catch(() => {})))),
    };
  },
};

describe.each(Object.keys(kinds))('the %s store', (name) => {
  let kind: Kind;
  let db: SqlDriver;
  let store: ConsentStore;
  beforeAll(async () => {
    kind = await kinds[name]!();
    db = await kind.driver();
    store = await createSqlStore(db);
  }, 120_000);
  afterAll(() => kind.cleanup());

  it('migrates to the latest schema, and migrating again changes nothing', async () => {
    expect(await store.schemaVersion()).toBe(LATEST_VERSION);
    expect(await migrate(db)).toEqual({ from: LATEST_VERSION, to: LATEST_VERSION });
    expect(await db.query('SELECT version, name FROM candor_schema ORDER BY version')).toHaveLength(LATEST_VERSION);
  });

  it('appends, acknowledges duplicates (also within one batch), checks chains, and answers the newest', async () => {
    const [a, b, c] = await decisions(3);
    const h = (r: typeof a) => ({ record: r!, hash: hashOf(r!) });
    expect(await store.append([h(a), h(a)], { clientNet: null })).toEqual({
      accepted: [a!.id],
      duplicates: [a!.id],
      chainBreaks: [],
    });
    // b is late: c arrives first and names a record not stored (a break); within one batch the order does not matter.
    expect(await store.append([h(c)], { clientNet: null })).toEqual({
      accepted: [c!.id],
      duplicates: [],
      chainBreaks: [c!.id],
    });
    expect(await store.append([h(b)], { clientNet: null })).toEqual({
      accepted: [b!.id],
      duplicates: [],
      chainBreaks: [],
    });
    const [x, y] = await decisions(2);
    expect(await store.append([h(y), h(x)], { clientNet: null })).toEqual({
      accepted: [y!.id, x!.id],
      duplicates: [],
      chainBreaks: [],
    });
    expect(await store.newest(a!.subject)).toEqual(c);
    expect(await store.get(b!.id)).toEqual(b);
    expect((await store.records({ subject: a!.subject })).map((r) => r.id)).toEqual([c!.id, b!.id, a!.id]);
    expect((await store.chainBreaks()).filter((x) => x.subject === a!.subject)).toEqual([]);
    expect((await store.integrityEvents()).filter((e) => e.subject === a!.subject)).toMatchObject([
      { kind: 'chain-break', recordId: c!.id },
    ]);
  });

  it('a record that names its previous one as the SDK read it under a config with fewer ids links (no false chain-break); a hash of nothing held still breaks', async () => {
    // The visitor accepts under the config before a deploy; the site then removes a service.
    const storage = createMemoryStorage();
    const before = createConsent(sample, { storage });
    const granted = (await before.acceptAll())!;
    before.destroy();
    const after = createConsent({ ...sample, services: sample.services.slice(0, 3) }, { storage });
    await after.ready; // the stored record, read with this config's ids: a copy the server never held
    const refused = (await after.rejectAll())!;
    after.destroy();
    expect(refused.prevHash).not.toBe(hashOf(granted));
    expect(Object.keys(granted.services).length).toBeGreaterThan(Object.keys(refused.services).length);
    expect(await store.append(hashed(granted), { clientNet: null })).toMatchObject({ chainBreaks: [] });
    expect(await store.append(hashed(refused), { clientNet: null })).toMatchObject({ chainBreaks: [] });
    expect((await store.chainBreaks()).filter((x) => x.subject === granted.subject)).toEqual([]);
    expect((await store.integrityEvents()).filter((e) => e.subject === granted.subject)).toEqual([]);
    // A record of the same subject naming a record not held (no view of one held matches): a break,
    // healed once that record arrives (the store is shared: no break may stay).
    const named = withFields(granted, { id: 'named-view-0001', services: {} });
    const forged = withFields(refused, {
      id: 'forged-view-0001',
      issuedAt: new Date(Date.parse(refused.issuedAt) + 1000).toISOString(),
      prevHash: hashOf(named),
    });
    expect(await store.append(hashed(forged), { clientNet: null })).toMatchObject({ chainBreaks: [forged.id] });
    await store.append(hashed(named), { clientNet: null });
    expect((await store.chainBreaks()).filter((x) => x.subject === granted.subject)).toEqual([]);
    // Erased, the subject's chain still verifies: the anchor follows its records to the erasure's token.
    await store.erase(granted.subject, null);
    expect((await store.chainBreaks()).filter((x) => [granted.id, refused.id, forged.id].includes(x.recordId))).toEqual(
      [],
    );
    const [{ subject: token } = { subject: '' }] = await db.query<{ subject: string }>(
      'SELECT subject FROM candor_records WHERE id = $1',
      [refused.id],
    );
    expect(await store.verifyChain(token)).toEqual({ verified: true, records: 4, breaks: [] });
  });

  it("a batch of records naming hashes not held reads a subject's earlier records for their views once, not once per record", async () => {
    // Anyone may post: 16 large records of one subject, then one batch of 100 small ones issued
    // at one time after them, each naming a record not held yet.
    const [r, late] = await decisions(2);
    const at = Date.parse(r!.issuedAt) - 60_000;
    const large = Array.from({ length: 16 }, (_, i) =>
      withFields(r!, {
        id: `large-view-${i}`,
        issuedAt: new Date(at + i).toISOString(),
        preferences: { note: 'x'.repeat(20_000) },
      }),
    );
    await store.append(hashed(...large), { clientNet: null });
    let bytes = 0;
    const counting: SqlDriver = {
      ...db,
      transaction: (fn) =>
        db.transaction((tx) =>
          fn({
            exec: (text) => tx.exec(text),
            query: async (text, params) => {
              const rows = await tx.query(text, params);
              bytes += JSON.stringify(rows).length;
              return rows as never;
            },
          }),
        ),
    };
    const small = Array.from({ length: 100 }, (_, i) =>
      withFields(r!, {
        id: `small-view-${String(i).padStart(3, '0')}`,
        issuedAt: new Date(at + 1000).toISOString(),
        prevHash: hashOf(late!),
      }),
    );
    const result = await (
      await createSqlStore(counting, { migrate: false })
    ).append(hashed(...small), { clientNet: null });
    expect(result.chainBreaks).toHaveLength(100);
    // At most the 16 earlier records, once (100 × 16 × 20 KB = 32 MB before).
    expect(bytes).toBeLessThan(17 * 20_000 + 50_000);
    await store.append(hashed(r!, late!), { clientNet: null }); // the store is shared: no break may stay
    expect((await store.chainBreaks()).filter((x) => x.subject === r!.subject)).toEqual([]);
  });

  it('ties on issuedAt are broken by id, as the client does', async () => {
    const [r] = await decisions(1);
    const x = withFields(r!, { id: 'zzzzzzzz-tie', prevHash: null });
    const y = withFields(r!, { id: 'aaaaaaaa-tie', prevHash: null });
    await store.append(
      [
        { record: y, hash: hashOf(y) },
        { record: x, hash: hashOf(x) },
      ],
      { clientNet: null },
    );
    expect((await store.newest(r!.subject))?.id).toBe('zzzzzzzz-tie');
  });

  it('a batch is all or nothing: when one record cannot be stored, none of it is', async () => {
    const [a, b] = await decisions(2);
    const broken = withFields(b!, { issuedAt: 'not a date' });
    await expect(
      store.append(
        [
          { record: a!, hash: hashOf(a!) },
          { record: broken, hash: hashOf(broken) },
        ],
        { clientNet: null },
      ),
    ).rejects.toThrow();
    expect(await store.get(a!.id)).toBeNull();
  });

  it('is append-only in the database too: UPDATE and DELETE of a record are refused', async () => {
    const [r] = await decisions(1);
    await store.append([{ record: r!, hash: hashOf(r!) }], { clientNet: null });
    await expect(db.query(`UPDATE candor_records SET subject = 'x' WHERE id = $1`, [r!.id])).rejects.toThrow(
      /append-only/,
    );
    await expect(db.query('DELETE FROM candor_records WHERE id = $1', [r!.id])).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM candor_integrity_events')).rejects.toThrow(/append-only/);
    expect(await store.newest(r!.subject)).toEqual(r);
  });

  it('two app servers receiving the same record at once store it once', async () => {
    const other = await kind.second();
    const [r] = await decisions(1);
    const results = await Promise.all(
      [store, other, store, other].map((s) => s.append([{ record: r!, hash: hashOf(r!) }], { clientNet: null })),
    );
    expect(results.flatMap((x) => x.accepted)).toEqual([r!.id]);
    expect(results.flatMap((x) => x.duplicates)).toHaveLength(3);
    expect(await db.query('SELECT count(*)::int AS n FROM candor_records WHERE id = $1', [r!.id])).toEqual([{ n: 1 }]);
    if (name === 'postgres') await other.close();
  });

  it('several app servers starting at once on a new database migrate it once', async () => {
    const fresh = await kind.fresh();
    const others =
      name === 'postgres' ? await Promise.all([1, 2, 3].map(() => kind.again(fresh))) : [fresh, fresh, fresh];
    await Promise.all([fresh, ...others].map((db) => createSqlStore(db)));
    expect(await fresh.query('SELECT version FROM candor_schema ORDER BY version')).toEqual(
      MIGRATIONS.map((m) => ({ version: m.version })),
    );
  }, 120_000);

  it('refuses to start on a newer schema, and leaves that database untouched', async () => {
    const newer = await kind.fresh();
    await newer.exec(
      `CREATE TABLE candor_schema (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
       INSERT INTO candor_schema (version, name) VALUES (${LATEST_VERSION + 1}, 'from a newer candor')`,
    );
    const refused = await createSqlStore(newer).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SchemaError);
    expect(refused).toMatchObject({ code: 'schema/newer' });
    expect((refused as Error).message).toMatch(
      new RegExp(
        `schema is version ${LATEST_VERSION + 1}, newer than this candor/server knows \\(${LATEST_VERSION}\\)\\. Refusing to start`,
      ),
    );
    expect(await newer.query(`SELECT to_regclass('candor_records')::text AS t`)).toEqual([{ t: null }]);
    expect(await newer.query('SELECT max(version) AS v FROM candor_schema')).toEqual([{ v: LATEST_VERSION + 1 }]);
  }, 120_000); // a fresh embedded database starts in seconds (initdb in WebAssembly)

  it('with migrate: false, refuses an older schema with the command that migrates it', async () => {
    const empty = await kind.fresh();
    await expect(createSqlStore(empty, { migrate: false })).rejects.toMatchObject({
      code: 'schema/older',
      message: expect.stringContaining('npx candor-server migrate'),
    });
    await createSqlStore(empty);
    await expect(createSqlStore(empty, { migrate: false })).resolves.toBeDefined();
  }, 120_000); // a fresh embedded database starts in seconds (initdb in WebAssembly)

  it('migration 2 keeps the records of a version 1 database and counts them in the aggregates', async () => {
    const old = await kind.fresh();
    await migrate(old, MIGRATIONS.slice(0, 1));
    const [a, b] = await decisions(2);
    // A record a version 1 server took from anyone: an identifier in its locale and a purpose key.
    const [c0] = await decisions(1);
    const c = { ...c0!, locale: 'jane-doe-mail', purposes: { ...c0!.purposes, 'jane@example.com': true } };
    for (const r of [a!, b!, c])
      await old.query(
        `INSERT INTO candor_records (id, subject, issued_at, hash, prev_hash, record) VALUES ($1, $2, $3, $4, $5, $6)`,
        [r.id, r.subject, r.issuedAt, hashOf(r), r.prevHash, JSON.stringify(r)],
      );
    const upgraded = await createSqlStore(old);
    expect(await upgraded.schemaVersion()).toBe(LATEST_VERSION);
    expect(await upgraded.records({ subject: a!.subject })).toEqual([b, a]);
    const all = await upgraded.stats({ from: '2000-01-01', to: '2100-01-01' });
    expect(all.decisions.reduce((n, d) => n + d.count, 0)).toBe(3);
    expect(all.decisions.map((d) => d.locale)).not.toContain('jane-doe-mail');
    expect(all.decisions.filter((d) => d.locale === 'und').reduce((n, d) => n + d.count, 0)).toBe(1);
    expect(all.purposes.map((p) => p.purpose)).not.toContain('jane@example.com');
    expect(all.purposes.find((p) => p.purpose === 'necessary')).toMatchObject({ granted: 3, total: 3 });
    expect(await upgraded.verifyChain(a!.subject)).toEqual({ verified: true, records: 2, breaks: [] });
    await expect(old.query('DELETE FROM candor_records')).rejects.toThrow(/append-only/);
  }, 120_000);

  it('migration 3 keeps the anchors of a version 2 database: without a date, they still link', async () => {
    const old = await kind.fresh();
    await migrate(old, MIGRATIONS.slice(0, 2));
    const [a, b] = await decisions(2);
    // What a version 2 purge kept of a removed record.
    await old.query('INSERT INTO candor_chain_anchors (subject_digest, hash) VALUES (candor_subject_digest($1), $2)', [
      a!.subject,
      hashOf(a!),
    ]);
    const upgraded = await createSqlStore(old);
    expect(await upgraded.schemaVersion()).toBe(3);
    expect(await old.query('SELECT issued_at FROM candor_chain_anchors')).toEqual([{ issued_at: null }]);
    expect((await upgraded.append([{ record: b!, hash: hashOf(b!) }], { clientNet: null })).chainBreaks).toEqual([]);
    expect(await upgraded.newest(b!.subject)).toEqual(b);
  }, 120_000);

  ownerSideTests(() => ({ store, db }));
});

/**
 * A fresh PostgreSQL database with its store and two more connections: `holder` (another app
 * server's transaction, which waits for `released`) and `watcher` (reads the locks). `release()`
 * also runs at the end, whatever happened.
 */
async function withHeldTransaction(
  run: (c: {
    db: SqlDriver;
    store: ConsentStore;
    holder: SqlDriver;
    watcher: SqlDriver;
    released: Promise<void>;
    release: () => void;
  }) => Promise<void>,
): Promise<void> {
  const kind = await kinds['postgres']!();
  let release = (): void => {};
  const released = new Promise<void>((go) => (release = go));
  try {
    const db = await kind.fresh();
    const store = await createSqlStore(db);
    const [holder, watcher] = [await kind.again(db), await kind.again(db)];
    await run({ db, store, holder, watcher, released, release });
  } finally {
    release();
    await kind.cleanup();
  }
}

describe('the PostgreSQL store, two batches at once', () => {
  // Each batch locks its subjects (sql-store.ts). Two subjects can share a lock key (a 32-bit hash of
  // the subject): taken in the order of the subjects, a batch {a, b} and a batch {c, d} whose keys
  // run the other way (a's key is d's, b's is c's) each held one key and waited for the other (a
  // deadlock: PostgreSQL aborts one, a 500 the SDK retries). In the order of the keys, no two
  // batches can wait for each other. Shown with two subjects whose text order is not their keys' order.
  it(
    "locks a batch's subjects in the order of their lock keys, not of the subjects",
    () =>
      withHeldTransaction(async ({ db, store, holder, watcher, released, release }) => {
        let pair: [ConsentRecord, ConsentRecord] | undefined;
        while (!pair) {
          const [[a], [b]] = await Promise.all([decisions(1), decisions(1)]);
          const rows = await db.query<{ s: string; k: number }>(
            'SELECT s, hashtext(s) AS k FROM unnest($1::text[]) AS s ORDER BY s',
            [[a!.subject, b!.subject]],
          );
          // Before by text, after by key.
          if (rows[0]!.k > rows[1]!.k) pair = rows[0]!.s === a!.subject ? [a!, b!] : [b!, a!];
        }
        const [first, second] = pair;
        let holds!: (pid: number) => void;
        const holderPid = new Promise<number>((r) => (holds = r));
        // Another app server's batch holds the first subject's key.
        const holding = holder.transaction(async (tx) => {
          await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [first.subject]);
          holds((await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))[0]!.pid);
          await released;
        });
        const pid = await holderPid;
        const appending = store.append(
          [first, second].map((r) => ({ record: r, hash: hashOf(r) })),
          { clientNet: null },
        );
        const advisory = (granted: boolean) =>
          watcher.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted = $1 AND pid <> $2",
            [granted, pid],
          );
        // The batch now waits for the held key...
        await expect.poll(async () => (await advisory(false))[0]!.n, { timeout: 10_000 }).toBe(1);
        // ...holding the second subject's, the lower key, taken first.
        expect(await advisory(true)).toEqual([{ n: 1 }]);
        release();
        await holding;
        expect((await appending).accepted).toEqual([first.id, second.id]);
      }),
    120_000,
  );
});

describe('the PostgreSQL store, two batches that share ids', () => {
  // Each batch inserted its records in its own order. Two batches that share ids under different
  // subjects (different subject locks), in opposite orders, each held an id's index entry the other
  // waited for (a deadlock: PostgreSQL aborts one, a 500). Inserted in id order, the first waits
  // for the second on the lowest shared id, holding none the second needs. Shown with a batch
  // [high, low] held up at `high` by another transaction: it has taken `low` already.
  it(
    'inserts a batch in the order of its ids, not of the batch',
    () =>
      withHeldTransaction(async ({ store, holder, watcher, released, release }) => {
        const [r] = await decisions(1);
        const subject = crypto.randomUUID();
        const at = (id: string) => withFields(r!, { id, subject, prevHash: null });
        const [low, high] = [at('00000000-0000-4000-8000-000000000001'), at('ffffffff-ffff-4fff-bfff-ffffffffffff')];
        const row = (id: string) =>
          `INSERT INTO candor_records (id, subject, issued_at, hash, record) VALUES ('${id}', 'other', now(), repeat('0', 64), '{}')`;
        let holds!: () => void;
        const holding = new Promise<void>((go) => (holds = go));
        // Another batch holds `high`, uncommitted (then rolls back).
        const held = holder
          .transaction(async (tx) => {
            await tx.query(row(high.id));
            holds();
            await released;
            throw new Error('rolled back');
          })
          .catch(() => {});
        await holding;
        const appending = store.append(
          [high, low].map((x) => ({ record: x, hash: hashOf(x) })),
          { clientNet: null },
        );
        await expect
          .poll(
            async () =>
              (
                await watcher.query<{ n: number }>(
                  "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO candor_records%'",
                )
              )[0]!.n,
            { timeout: 10_000 },
          )
          .toBe(1);
        // The batch, waiting at `high`, has `low` already: another insert of it waits too (and gives up).
        const second = await watcher
          .transaction(async (tx) => {
            await tx.query("SET LOCAL lock_timeout = '300ms'");
            await tx.query(row(low.id));
            return 'inserted';
          })
          .catch((e: { code?: string }) => e.code);
        expect(second).toBe('55P03'); // lock_not_available
        release();
        await held;
        expect((await appending).accepted).toEqual([high.id, low.id]);
      }),
    120_000,
  );
});

describe('the embedded store', () => {
  it('keeps its data in its directory across a close and a reopen; one process per directory (a lock left by a process that is gone is taken over)', async () => {
    const dataDir = join(tmp, 'reopen');
    const lock = join(dataDir, 'candor-server.lock');
    const [r] = await decisions(1);
    const first = await createPGliteStore({ dataDir });
    await expect(createPGliteStore({ dataDir })).rejects.toThrow(
      `candor/server: the embedded store in ${dataDir} is open in process ${process.pid} on ${hostname()}: one process per data directory`,
    );
    await first.append([{ record: r!, hash: hashOf(r!) }], { clientNet: null });
    await first.close();
    expect(existsSync(lock)).toBe(false);
    // A crash (SIGKILL) leaves the lock behind, naming a process that no longer runs.
    const gone = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout.trim();
    writeFileSync(lock, `${gone} ${hostname()}`);
    const again = await createPGliteStore({ dataDir });
    expect(readFileSync(lock, 'utf8')).toBe(`${process.pid} ${hostname()}`);
    expect(await again.newest(r!.subject)).toEqual(r);
    await again.close();
    expect(existsSync(lock)).toBe(false);
  }, 120_000);
});

describe('the data directory lock', () => {
  it('takes over a lock naming this very process that it does not hold (a restarted container: node is PID 1 again, on the same hostname), never one it holds, however the directory is named', () => {
    const dir = mkdtempSync(join(tmp, 'own-pid-'));
    const lock = join(dir, 'candor-server.lock');
    writeFileSync(lock, `${process.pid} ${hostname()}`); // what the run before the crash left
    const release = lockDataDir(dir);
    expect(readFileSync(lock, 'utf8')).toBe(`${process.pid} ${hostname()}`);
    expect(() => lockDataDir(join(dir, '..', dir.split('/').pop()!, '.'))).toThrow(
      `is open in process ${process.pid} on ${hostname()}`,
    );
    release();
    expect(existsSync(lock)).toBe(false);
    lockDataDir(dir)(); // free again
  });
});

describe('the code changes or removes records only by erasure and purge', () => {
  it('src/server has no UPDATE or DELETE statement but those of sql-maintenance.ts and closing a request, and no TRUNCATE or DROP TABLE', () => {
    const dir = join(__dirname, '../../src/server');
    const found = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) =>
        [
          ...readFileSync(join(dir, f), 'utf8').matchAll(
            /\b(UPDATE\s+\w+\s+SET|DELETE\s+FROM\s+\w+|TRUNCATE\s+(?!ON\b)\w+|DROP\s+TABLE|ON\s+CONFLICT\s*\([^)]*\)\s*DO\s+UPDATE)\b/gi,
          ),
        ].map((m) => `${f}: ${m[0].replace(/\s+/g, ' ')}`),
      );
    expect(found.sort()).toEqual([
      // The aggregates are counters, not records (they hold no subject).
      'sql-admin.ts: ON CONFLICT (day, policy_revision, locale) DO UPDATE',
      'sql-maintenance.ts: DELETE FROM candor_integrity_events',
      'sql-maintenance.ts: DELETE FROM candor_records',
      'sql-maintenance.ts: UPDATE candor_integrity_events SET',
      'sql-maintenance.ts: UPDATE candor_records SET',
      'sql-requests.ts: UPDATE candor_requests SET',
      'sql-store.ts: ON CONFLICT (day, policy_revision, locale, method) DO UPDATE',
      'sql-store.ts: ON CONFLICT (day, policy_revision, purpose) DO UPDATE',
    ]);
    expect(readFileSync(join(dir, 'sql-store.ts'), 'utf8')).toMatch(/INSERT INTO candor_records/); // the scan reads the SQL it means to
  });
});

describe('the PostgreSQL test helper', () => {
  it('fails, never skips, when PostgreSQL is missing, with the command that installs it', () => {
    const empty = mkdtempSync(join(tmp, 'no-postgres-'));
    expect(() => postgresBin(empty, { PG_BIN: join(empty, 'nowhere') })).toThrow(
      `PostgreSQL is not installed (no initdb under ${empty}/*/bin, and PG_BIN is not set): the server tests need it. Install it with: ${INSTALL_HINT}`,
    );
    expect(INSTALL_HINT).toBe('apt-get install -y postgresql');
  });
});

// The site owner's side of the store (issue 20), run by stores.test.ts against both stores:
// aggregates, impressions that hold no identifier, export, erasure, the retention purge, requests
// and the audit log, and the database's own guard around the two changes it allows.
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import type { ConsentRecord } from '../../src/core/record';
import type { SqlDriver } from '../../src/server/sql';
import type { ConsentStore, Stats } from '../../src/server/store';
import { decisions, hashed, hashOf, rechain } from './records';

const DAY_MS = 86_400_000;
const at = (ms: number) => new Date(ms).toISOString();

/** `n` decisions of one new visitor issued from `issuedAt` on (a minute apart), each lasting `lifeDays`. */
async function issued(n: number, issuedAt: number, lifeDays = 182, fields: Record<string, unknown> = {}) {
  return rechain(await decisions(n), (_, i) => ({
    ...fields,
    issuedAt: at(issuedAt + i * 60_000),
    expiresAt: at(issuedAt + i * 60_000 + lifeDays * DAY_MS),
  }));
}

/** Rows per table of every candor_ table: what a write touched. */
async function rowCounts(db: SqlDriver): Promise<Record<string, number>> {
  const tables = await db.query<{ t: string }>(
    `SELECT table_name AS t FROM information_schema.tables
     WHERE table_name LIKE 'candor\\_%' AND table_schema = current_schema() ORDER BY 1`,
  );
  const out: Record<string, number> = {};
  for (const { t } of tables) out[t] = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`))[0]!.n;
  return out;
}

/** The decision and purpose aggregates `records` should make, sorted as the store answers. */
function expectedStats(records: readonly ConsentRecord[]): Pick<Stats, 'decisions' | 'purposes'> {
  const decisions = new Map<
    string,
    { day: string; policyRevision: number; locale: string; method: string; count: number }
  >();
  const purposes = new Map<
    string,
    { day: string; policyRevision: number; purpose: string; granted: number; total: number }
  >();
  for (const r of records) {
    const day = r.issuedAt.slice(0, 10);
    const d = `${day}|${r.policyRevision}|${r.locale}|${r.method}`;
    const row = decisions.get(d) ?? {
      day,
      policyRevision: r.policyRevision,
      locale: r.locale,
      method: r.method,
      count: 0,
    };
    decisions.set(d, { ...row, count: row.count + 1 });
    for (const [purpose, granted] of Object.entries(r.purposes)) {
      const p = `${day}|${r.policyRevision}|${purpose}`;
      const prow = purposes.get(p) ?? { day, policyRevision: r.policyRevision, purpose, granted: 0, total: 0 };
      purposes.set(p, { ...prow, granted: prow.granted + (granted ? 1 : 0), total: prow.total + 1 });
    }
  }
  const key = (x: object) => JSON.stringify(Object.values(x).slice(0, 4));
  const sorted = <T extends object>(m: Map<string, T>) => [...m.values()].sort((a, b) => key(a).localeCompare(key(b)));
  return { decisions: sorted(decisions), purposes: sorted(purposes) };
}

const sortedStats = (s: Stats) => {
  const key = (x: object) => JSON.stringify(Object.values(x).slice(0, 4));
  const sort = <T extends object>(l: readonly T[]) => [...l].sort((a, b) => key(a).localeCompare(key(b)));
  return { decisions: sort(s.decisions), purposes: sort(s.purposes), impressions: sort(s.impressions) };
};

/** The tests; `get` gives the store under test and a driver on its database. */
export function ownerSideTests(get: () => { store: ConsentStore; db: SqlDriver }): void {
  it('counts each accepted record once in the decision and purpose aggregates (duplicates add nothing)', async () => {
    const { store } = get();
    const day = Date.parse('2025-01-15T08:00:00Z');
    const a = await issued(3, day);
    const b = await issued(2, day + 3_600_000);
    await store.append(hashed(...a, a[0]!), { clientNet: null });
    await store.append(hashed(...b, a[1]!), { clientNet: null });
    const stats = await store.stats({ from: '2025-01-15', to: '2025-01-15' });
    const want = expectedStats([...a, ...b]);
    expect(sortedStats(stats)).toEqual({ ...want, impressions: [] });
    expect(want.decisions.reduce((n, d) => n + d.count, 0)).toBe(5);
    expect(await store.stats({ from: '2025-01-16', to: '2025-02-16' })).toEqual({
      decisions: [],
      purposes: [],
      otherPurposes: 0,
      impressions: [],
    });
  });

  it("the aggregates take a record's locale only as a language tag and count only id-shaped purposes (the config's, when given); the record is stored as sent", async () => {
    const { store } = get();
    const day = Date.parse('2025-01-17T08:00:00Z');
    const email = 'alice@example.com';
    const long = `p${'x'.repeat(64)}`; // 65 characters of an id's form
    const purposes = { necessary: true, analytics: true, [email]: true, [long]: false, 'x-1': true };
    const [free] = await issued(1, day, 182, { locale: email, purposes });
    const [cased] = await issued(1, day + 60_000, 182, { locale: 'pt-br', purposes });
    const [configured] = await issued(1, day + 120_000, 182, { locale: 'en-x-alice', purposes });
    await store.append(hashed(free!, cased!), { clientNet: null });
    await store.append(hashed(configured!), { clientNet: null, countPurposes: ['necessary', 'analytics'] });
    expect(await store.get(free!.id)).toEqual(free); // the proof keeps what was sent
    const stats = await store.stats({ from: '2025-01-17', to: '2025-01-17' });
    expect(stats.decisions.map((d) => [d.locale, d.count])).toEqual([
      ['pt-BR', 1],
      ['und', 2],
    ]);
    expect(stats.purposes.map((p) => [p.purpose, p.granted, p.total])).toEqual([
      ['analytics', 3, 3],
      ['necessary', 3, 3],
      ['x-1', 2, 2],
    ]);
    expect(JSON.stringify(stats)).not.toMatch(/alice|example|xxxx/);
  });

  it('impressions are summed into one aggregate row per day, revision and locale; nothing else is written, and that table has no column that could name anyone', async () => {
    const { store, db } = get();
    const before = await rowCounts(db);
    await store.addImpressions([
      { day: '2025-01-20', policyRevision: 3, locale: 'de', shown: 2, answered: 1 },
      { day: '2025-01-20', policyRevision: 3, locale: 'de', shown: 1, answered: 0 },
      { day: '2025-01-20', policyRevision: 3, locale: 'fr', shown: 4, answered: 4 },
    ]);
    await store.addImpressions([{ day: '2025-01-20', policyRevision: 3, locale: 'de', shown: 5, answered: 5 }]);
    const after = await rowCounts(db);
    expect(Object.keys(after).filter((t) => after[t] !== before[t])).toEqual(['candor_stats_impressions']);
    expect(after['candor_stats_impressions']! - before['candor_stats_impressions']!).toBe(2);
    expect((await store.stats({ from: '2025-01-20', to: '2025-01-20' })).impressions).toEqual([
      { day: '2025-01-20', policyRevision: 3, locale: 'de', shown: 8, answered: 6 },
      { day: '2025-01-20', policyRevision: 3, locale: 'fr', shown: 4, answered: 4 },
    ]);
    // Every aggregate table: counts by day, revision and a locale, method or purpose; no subject, id, address or time of day.
    const columns = await db.query<{ t: string; c: string }>(
      `SELECT table_name AS t, string_agg(column_name, ',' ORDER BY ordinal_position) AS c
       FROM information_schema.columns WHERE table_name LIKE 'candor\\_stats\\_%' AND table_schema = current_schema()
       GROUP BY 1 ORDER BY 1`,
    );
    expect(columns).toEqual([
      { t: 'candor_stats_decisions', c: 'day,policy_revision,locale,method,count' },
      { t: 'candor_stats_impressions', c: 'day,policy_revision,locale,shown,answered' },
      { t: 'candor_stats_purposes', c: 'day,policy_revision,purpose,granted,total' },
    ]);
  });

  it('exports exactly one subject: its records oldest first, its requests, its erasures', async () => {
    const { store } = get();
    const mine = await issued(2, Date.now() - DAY_MS, 182, { subject: 'user:1' });
    const other = await issued(1, Date.now() - DAY_MS, 182, { subject: 'user:10' });
    await store.append(hashed(...other, ...mine), { clientNet: '203.0.113.0' });
    await store.addRequest({ type: 'access', subject: 'user:1', message: 'all of it' }, { clientNet: null });
    await store.addRequest({ type: 'access', subject: 'user:10', message: null }, { clientNet: null });
    const exported = await store.exportSubject('user:1');
    expect(exported.records).toEqual(
      mine.map((record) => ({ record, receivedAt: expect.any(String), clientNet: '203.0.113.0' })),
    );
    expect(exported.requests).toMatchObject([
      { type: 'access', subject: 'user:1', message: 'all of it', closedAt: null },
    ]);
    expect(exported.erasures).toEqual([]);
    expect(exported.integrityEvents).toEqual([]);
    expect((await store.exportSubject('user:')).records).toEqual([]);
  });

  it('searches newest first by subject, days and method, page by page', async () => {
    const { store } = get();
    const mine = await issued(5, Date.parse('2025-02-10T09:00:00Z'));
    await store.append(hashed(...mine), { clientNet: null });
    const subject = mine[0]!.subject;
    const ids: string[] = [];
    let before: Awaited<ReturnType<ConsentStore['search']>>['next'] = null;
    do {
      const page: Awaited<ReturnType<ConsentStore['search']>> = await store.search({
        subject,
        limit: 2,
        ...(before ? { before } : {}),
      });
      ids.push(...page.hits.map((h) => h.record.id));
      before = page.next;
    } while (before);
    expect(ids).toEqual([...mine].reverse().map((r) => r.id));
    const oneDay = await store.search({ subject, from: '2025-02-10', to: '2025-02-10', limit: 10 });
    expect(oneDay.hits).toHaveLength(5);
    expect((await store.search({ subject, from: '2025-02-11', limit: 10 })).hits).toEqual([]);
    const method = mine[1]!.method;
    expect((await store.search({ subject, method, limit: 10 })).hits.map((h) => h.record.id)).toEqual(
      [...mine]
        .reverse()
        .filter((r) => r.method === method)
        .map((r) => r.id),
    );
  });

  it('erasure replaces the personal parts, keeps hashes and decisions, keeps every chain verifiable, and is logged; the database still refuses any other change', async () => {
    const { store, db } = get();
    const subject = crypto.randomUUID();
    const mine = await issued(3, Date.now() - DAY_MS, 182, {
      subject,
      preferences: { newsletter: true, note: 'free text the visitor typed' },
    });
    const other = await issued(1, Date.now() - DAY_MS);
    // The second record arrives first: a chain break is logged under the subject.
    await store.append(hashed(mine[1]!), { clientNet: '198.51.100.0' });
    await store.append(hashed(mine[0]!, mine[2]!, ...other), { clientNet: '198.51.100.0' });
    await store.addRequest({ type: 'deletion', subject, message: 'forget me' }, { clientNet: null });
    const request = (await store.requests()).find((r) => r.subject === subject)!;
    const stats = await store.stats({ from: '2000-01-01', to: '2100-01-01' });
    // Before the erasure the access export holds the chain break too: it is stored under the subject.
    expect((await store.exportSubject(subject)).integrityEvents).toEqual([
      {
        kind: 'chain-break',
        recordId: mine[1]!.id,
        detail: { prevHash: mine[1]!.prevHash, hash: hashOf(mine[1]!) },
        detectedAt: expect.any(String),
      },
    ]);

    const result = await store.erase(subject, request.id);
    expect(result).toEqual({ erased: 3, erasedAt: expect.any(String) });

    const ids = mine.map((r) => r.id);
    const rows = await db.query<{
      id: string;
      subject: string;
      hash: string;
      prev_hash: string | null;
      client_net: string | null;
      record: ConsentRecord;
      erased: boolean;
    }>(
      `SELECT id, subject, hash, prev_hash, client_net, record, erased_at IS NOT NULL AS erased
       FROM candor_records WHERE id = ANY($1::text[]) ORDER BY issued_at`,
      [ids],
    );
    const token = rows[0]!.subject;
    expect(token).toMatch(/^erased:[0-9a-f-]{36}$/);
    expect(rows).toEqual(
      mine.map((r) => ({
        id: r.id,
        subject: token,
        hash: hashOf(r),
        prev_hash: r.prevHash,
        client_net: null,
        record: { ...r, subject: token, preferences: {} },
        erased: true,
      })),
    );
    expect(JSON.stringify(await db.query('SELECT * FROM candor_records'))).not.toContain(subject);
    expect(JSON.stringify(await db.query('SELECT * FROM candor_integrity_events'))).not.toContain(subject);
    expect(
      await db.query('SELECT count(*)::int AS n FROM candor_integrity_events WHERE subject = $1', [token]),
    ).toEqual([{ n: 1 }]);
    expect(await store.verifyChain(token)).toEqual({ verified: true, records: 3, breaks: [] });
    expect(await store.verifyChain(subject)).toEqual({ verified: true, records: 0, breaks: [] });
    expect((await store.chainBreaks()).filter((b) => ids.includes(b.recordId))).toEqual([]);
    expect(await store.get(other[0]!.id)).toEqual(other[0]);
    expect(await store.stats({ from: '2000-01-01', to: '2100-01-01' })).toEqual(stats);

    const exported = await store.exportSubject(subject);
    expect(exported.records).toEqual([]);
    expect(exported.erasures).toEqual([{ erasedAt: result.erasedAt, records: 3, requestId: request.id }]);
    expect(exported.requests).toMatchObject([{ type: 'deletion', subject }]);
    expect(exported.integrityEvents).toEqual([]); // gone with the records, to the erasure's token
    // The visitor's browser goes on: its next record names an erased one, which is not a break.
    const [later] = rechain([mine[2]!, (await decisions(1))[0]!], () => ({ subject })).slice(1);
    expect((await store.append(hashed(later!), { clientNet: null })).chainBreaks).toEqual([]);
    expect(await store.verifyChain(subject)).toEqual({ verified: true, records: 1, breaks: [] });
    // Erasing again finds only the new record; then nothing.
    expect((await store.erase(subject, null)).erased).toBe(1);
    expect((await store.erase(subject, null)).erased).toBe(0);
    expect((await store.exportSubject(subject)).erasures.map((e) => e.records)).toEqual([3, 1, 0]);

    // Plain changes are refused, and a declared erasure or purge may do only its own change.
    const refused = /append-only/;
    const id = other[0]!.id;
    await expect(db.query(`UPDATE candor_records SET subject = 'x' WHERE id = $1`, [id])).rejects.toThrow(refused);
    await expect(db.query('DELETE FROM candor_records WHERE id = $1', [id])).rejects.toThrow(refused);
    await expect(db.query('TRUNCATE candor_records')).rejects.toThrow(refused);
    const erasing = (sql: string) =>
      db.transaction(async (tx) => {
        await tx.query(
          `SELECT set_config('candor.maintenance', 'erase', true), set_config('candor.erase_subject', $1, true),
                  set_config('candor.erase_token', 'erased:x', true)`,
          [other[0]!.subject],
        );
        await tx.query(sql, [id]);
      });
    await expect(
      erasing(
        `UPDATE candor_records SET subject = 'erased:x', client_net = NULL, erased_at = now(), hash = repeat('0', 64),
         record = record || '{"subject":"erased:x","preferences":{}}' WHERE id = $1`,
      ),
    ).rejects.toThrow(refused);
    await expect(
      erasing(
        `UPDATE candor_records SET subject = 'erased:x', client_net = NULL, erased_at = now(),
         record = record || '{"subject":"erased:x","preferences":{},"method":"banner:accept-all"}' WHERE id = $1`,
      ),
    ).rejects.toThrow(refused);
    await expect(erasing('DELETE FROM candor_records WHERE id = $1')).rejects.toThrow(refused);
    await expect(
      db.transaction(async (tx) => {
        await tx.query(
          `SELECT set_config('candor.maintenance', 'purge', true), set_config('candor.purge_before', $1, true)`,
          [at(Date.now())],
        );
        await tx.query('DELETE FROM candor_records WHERE id = $1', [id]); // it has not expired
      }),
    ).rejects.toThrow(refused);
    await expect(db.query('DELETE FROM candor_erasures')).rejects.toThrow(refused);
    expect(await store.get(id)).toEqual(other[0]);
  });

  it('erasing an erasure token (an erased subject as the search shows it) erases nothing and changes nothing', async () => {
    const { store, db } = get();
    const subject = crypto.randomUUID();
    const mine = await issued(2, Date.now() - DAY_MS, 182, { subject });
    await store.append(hashed(mine[1]!), { clientNet: null }); // arrives first: a chain-break event
    await store.append(hashed(mine[0]!), { clientNet: null });
    await store.erase(subject, null);
    const [row] = await db.query<{ token: string }>('SELECT subject AS token FROM candor_records WHERE id = $1', [
      mine[0]!.id,
    ]);
    const token = row!.token;
    const stored = () =>
      Promise.all([
        db.query('SELECT id, subject, record, erased_at FROM candor_records WHERE id = ANY($1::text[]) ORDER BY id', [
          mine.map((r) => r.id),
        ]),
        db.query('SELECT seq, subject FROM candor_integrity_events WHERE subject = $1', [token]),
      ]);
    const before = await stored();
    expect(before[1]).toHaveLength(1);
    expect(await store.erase(token, null)).toEqual({ erased: 0, erasedAt: expect.any(String) });
    expect(await stored()).toEqual(before);
    expect(await store.verifyChain(token)).toEqual({ verified: true, records: 2, breaks: [] });
  });

  it('closes a request once; the database refuses any other change to a request', async () => {
    const { store, db } = get();
    const subject = crypto.randomUUID();
    await store.addRequest({ type: 'correction', subject, message: 'my email changed' }, { clientNet: null });
    const open = (await store.requests({ status: 'open' })).find((r) => r.subject === subject)!;
    expect(open).toMatchObject({ type: 'correction', closedAt: null, closeNote: null });
    expect(await store.request(open.id)).toEqual(open);
    const closed = await store.closeRequest(open.id, 'done by phone');
    expect(closed).toEqual({ ...open, closedAt: expect.any(String), closeNote: 'done by phone' });
    expect(await store.closeRequest(open.id, 'again')).toBe('closed');
    expect(await store.closeRequest(999_999, null)).toBe('unknown');
    expect(await store.request(999_999)).toBeNull();
    expect((await store.requests({ status: 'open' })).some((r) => r.id === open.id)).toBe(false);
    expect((await store.requests({ status: 'closed' })).find((r) => r.id === open.id)).toEqual(closed);
    await expect(db.query(`UPDATE candor_requests SET message = 'x' WHERE seq = $1`, [open.id])).rejects.toThrow(
      /append-only/,
    );
    await expect(db.query('DELETE FROM candor_requests WHERE seq = $1', [open.id])).rejects.toThrow(/append-only/);
  });

  it('the audit log keeps a keyed digest of a subject, never the subject, newest first', async () => {
    const { store, db } = get();
    const subject = 'customer-42@example.com';
    const first = await store.audit({ action: 'export', method: 'GET', status: 200, subject, detail: { records: 2 } });
    const second = await store.audit({ action: 'stats', method: 'GET', status: 401, subject: null, detail: {} });
    const third = await store.audit({ action: 'chain', method: 'GET', status: 200, subject, detail: {} });
    expect(first).toMatchObject({ action: 'export', method: 'GET', status: 200, detail: { records: 2 } });
    expect(first.subjectDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(first.subjectDigest).not.toBe(createHash('sha256').update(subject).digest('hex')); // keyed: not a plain hash
    expect(third.subjectDigest).toBe(first.subjectDigest);
    expect(second.subjectDigest).toBeNull();
    expect((await store.auditLog(3)).map((e) => e.id)).toEqual([third.id, second.id, first.id]);
    expect(JSON.stringify(await db.query('SELECT * FROM candor_admin_audit'))).not.toContain(subject);
    await expect(db.query('DELETE FROM candor_admin_audit')).rejects.toThrow(/append-only/);
  });

  it('the retention purge removes the records past retention and nothing else, keeps every chain verifiable, and is logged', async () => {
    const { store, db } = get();
    const now = Date.now();
    // A: two old decisions, then a recent one that names the second. B: two old ones only. C: expired 8 days ago.
    const [a1, a2, a3] = rechain(await issued(3, now - 400 * DAY_MS), (_, i) =>
      i === 2 ? { issuedAt: at(now - DAY_MS), expiresAt: at(now + 181 * DAY_MS) } : {},
    );
    const b = await issued(2, now - 400 * DAY_MS);
    const c = await issued(1, now - 190 * DAY_MS);
    await store.append(hashed(b[1]!), { clientNet: null }); // a logged break, about a record that will be purged
    await store.append(hashed(a1!, a2!, a3!, b[0]!, ...c), { clientNet: null });
    const stats = await store.stats({ from: '2000-01-01', to: '2100-01-01' });
    const before = await db.query<{ id: string; expires: string }>(
      `SELECT id, record->>'expiresAt' AS expires FROM candor_records`,
    );

    const result = await store.purge(30, 'admin');
    expect(result).toMatchObject({ retentionDays: 30, purgedAt: expect.any(String) });
    const cutoff = Date.parse(result.cutoff);
    expect(Math.abs(cutoff - (now - 30 * DAY_MS))).toBeLessThan(60_000);
    const left = new Set((await db.query<{ id: string }>('SELECT id FROM candor_records')).map((r) => r.id));
    const kept = before.filter((r) => Date.parse(r.expires) >= cutoff).map((r) => r.id);
    expect([...left].sort()).toEqual(kept.sort());
    expect(result.purged).toBe(before.length - kept.length);
    for (const gone of [a1!, a2!, ...b]) expect(left.has(gone.id)).toBe(false);
    for (const stays of [a3!, ...c]) expect(left.has(stays.id)).toBe(true);

    expect(await store.stats({ from: '2000-01-01', to: '2100-01-01' })).toEqual(stats);
    // A's remaining record names a purged one; B's next record will name its last: anchors, not breaks.
    expect(await store.verifyChain(a3!.subject)).toEqual({ verified: true, records: 1, breaks: [] });
    expect(await store.chainBreaks()).toEqual([]);
    const [bNext] = rechain([b[1]!, (await decisions(1))[0]!], () => ({ subject: b[0]!.subject })).slice(1);
    expect((await store.append(hashed(bNext!), { clientNet: null })).chainBreaks).toEqual([]);
    expect(await store.verifyChain(b[0]!.subject)).toEqual({ verified: true, records: 1, breaks: [] });
    // The anchors hold a keyed digest, not the subject.
    expect(JSON.stringify(await db.query('SELECT * FROM candor_chain_anchors'))).not.toContain(b[0]!.subject);

    expect((await store.integrityEvents()).filter((e) => !left.has(e.recordId))).toEqual([]);
    expect(
      await db.query('SELECT retention_days, records, source FROM candor_purges ORDER BY seq DESC LIMIT 1'),
    ).toEqual([{ retention_days: 30, records: result.purged, source: 'admin' }]);
    expect((await store.purge(30, 'cli')).purged).toBe(0);
  });

  it("the purge anchors a subject's newest record when an older one with a later expiry stays: the next record links, and the older one is never answered as the newest", async () => {
    const { store, db } = get();
    const now = Date.now();
    // A: made under a long lifetime; B, a month later, after the site shortened it: B expires first.
    const [a, b] = rechain(await decisions(2), (_, i) =>
      i === 0
        ? { issuedAt: at(now - 400 * DAY_MS), expiresAt: at(now + 300 * DAY_MS) }
        : { issuedAt: at(now - 370 * DAY_MS), expiresAt: at(now - 340 * DAY_MS) },
    );
    await store.append(hashed(a!, b!), { clientNet: null });
    expect((await store.newest(a!.subject))?.id).toBe(b!.id);
    await store.purge(30, 'schedule');
    expect([await store.get(a!.id), await store.get(b!.id)]).toEqual([a, null]);
    expect(await store.newest(a!.subject)).toBeNull(); // A was superseded by B
    // The visitor decides again: the record names B, the head of its chain.
    const [c] = rechain([b!, (await decisions(1))[0]!], () => ({ subject: a!.subject })).slice(1);
    expect((await store.append(hashed(c!), { clientNet: null })).chainBreaks).toEqual([]);
    expect(await store.newest(a!.subject)).toEqual(c);
    expect(await store.verifyChain(a!.subject)).toEqual({ verified: true, records: 2, breaks: [] });
    // Erased, C still links: the purge's anchor holds for the erasure's token.
    await store.erase(a!.subject, null);
    const token = (await store.get(c!.id))!.subject;
    expect(await store.verifyChain(token)).toEqual({ verified: true, records: 2, breaks: [] });
    expect((await store.chainBreaks()).filter((x) => x.recordId === c!.id)).toEqual([]);
    // Erasing the token erases nothing and adds nothing.
    const anchors = () => db.query('SELECT count(*)::int AS n FROM candor_chain_anchors');
    const before = await anchors();
    expect((await store.erase(token, null)).erased).toBe(0);
    expect(await anchors()).toEqual(before);
  });
}

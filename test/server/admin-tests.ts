// The site owner's side of createConsentServer (issue 20), run by handler.test.ts on its embedded
// store (one PGlite for both: each takes seconds to start): the impressions route, the admin API's
// token, its separation from the visitor-facing endpoint and its CORS, every action, the audit
// log, the page's files, and the retention job.
import type { PGlite } from '@electric-sql/pglite';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { parseConfig } from '../../src/core/parse-config';
import { toDecision, type ConsentRecord } from '../../src/core/record';
import { PAGE_HEADERS } from '../../src/server/admin-page';
import { createConsentServer } from '../../src/server/handler';
import type { ConsentServerOptions } from '../../src/server/options';
import { FIRST_PURGE_DELAY_MS } from '../../src/server/retention';
import type { AuditEntry, ConsentStore } from '../../src/server/store';
import { encodeDecision, idsOf } from '../../src/store/cookie';
import { batch, decisions, hashed, rechain, sample } from './records';

let db: PGlite;
let store: ConsentStore;
const tmp = mkdtempSync(join(tmpdir(), 'candor-admin-'));
const pageDir = join(tmp, 'page');
const rows = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
  (await db.query<T>(sql, params)).rows;

const SITE = 'https://shop.example';
const TOKEN = 'c2VjcmV0LXRva2VuLWZvci10aGUtdGVzdHMtb25seQ';
const audited: AuditEntry[] = [];
/** A handler on the shared store (whose close() leaves the store open: it is the file's). */
const server = (options: Omit<ConsentServerOptions, 'store'> = {}) =>
  createConsentServer({
    store: { ...store, close: async () => {} },
    rateLimit: false,
    onError: () => {},
    admin: { token: TOKEN, pageDir, onAudit: (e) => void audited.push(e) },
    ...options,
  });
let handle: ReturnType<typeof server>;

/** An admin API call (GET unless a body is given) with the token, or with `token` (null: none). */
const call = (
  path: string,
  init: { body?: unknown; token?: string | null; headers?: Record<string, string>; via?: typeof handle } = {},
) => {
  const token = init.token === undefined ? TOKEN : init.token;
  return (init.via ?? handle)(
    new Request(`${SITE}/candor-admin/api/${path}`, {
      method: init.body === undefined ? 'GET' : 'POST',
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      headers: { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...init.headers },
    }),
  );
};
const okJson = async (res: Promise<Response> | Response) => {
  const r = await res;
  expect(r.status).toBe(200);
  return r.json();
};
const visitor = (path: string, body: unknown, headers: Record<string, string> = {}, via = handle) =>
  via(
    new Request(`${SITE}/api/consent${path}`, {
      method: 'POST',
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...headers },
    }),
  );
const today = () => new Date().toISOString().slice(0, 10);
const hasCors = (res: Response) => [...res.headers.keys()].some((k) => k.startsWith('access-control-') || k === 'vary');

/** The tests, on the store and database `get` gives (shared with the caller; left open). */
export function adminTests(get: () => { db: PGlite; store: ConsentStore }): void {
  beforeAll(() => {
    ({ db, store } = get());
    mkdirSync(pageDir);
    writeFileSync(join(pageDir, 'index.html'), '<!doctype html><title>Consent</title>');
    writeFileSync(join(pageDir, 'admin.js'), 'console.log(1)');
    writeFileSync(join(pageDir, 'admin.css'), 'body{}');
    writeFileSync(join(pageDir, 'secret.txt'), 'not for the web');
    handle = server();
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  describe('POST {base}/impressions', () => {
    it('adds the counts to the aggregates (202) and stores nothing that names or could be joined to anyone, even with storeClientAddress, a cookie and a subject in sight', async () => {
      const config = parseConfig(sample);
      if (!config.ok) throw new Error('sample config');
      const [r] = await decisions(1);
      const cookie = `__Host-candor=${encodeDecision(idsOf(config.config), toDecision(r!), '1a2b3c4d')}`;
      const h = server({ storeClientAddress: true, config: sample, trustProxy: true });
      expect((await h(new Request(`${SITE}/api/consent`, { method: 'POST', body: batch(r) }))).status).toBe(200);
      const snapshot = async () => {
        const tables = await rows<{ t: string }>(
          `SELECT table_name AS t FROM information_schema.tables WHERE table_name LIKE 'candor\\_%' ORDER BY 1`,
        );
        const out: Record<string, string> = {};
        for (const { t } of tables)
          out[t] = JSON.stringify(await rows(`SELECT * FROM ${t} ORDER BY 1`), (_, v: unknown) =>
            typeof v === 'bigint' ? String(v) : v,
          );
        return out;
      };
      const before = await snapshot();
      const send = (locale: string, address: string) =>
        h(
          new Request(`${SITE}/api/consent/impressions`, {
            method: 'POST',
            body: JSON.stringify({
              impressions: [{ day: today(), policyRevision: 3, locale, shown: 2, answered: 1 }],
            }),
            headers: {
              'sec-fetch-site': 'same-origin',
              cookie,
              'x-forwarded-for': address,
              'x-candor-subject': r!.subject,
            },
          }),
          { clientAddress: address },
        );
      const first = await send('tlh-Latn-AQ', '203.0.113.77');
      expect(first.status).toBe(202);
      expect(await first.json()).toEqual({ received: 1 });
      expect(first.headers.getSetCookie()).toEqual([]);
      expect((await send('tlh-Latn-AQ', '198.51.100.9')).status).toBe(202); // another visitor, same day, revision and locale
      const after = await snapshot();
      expect(Object.keys(after).filter((t) => after[t] !== before[t])).toEqual(['candor_stats_impressions']);
      const stored = await rows(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, policy_revision::int AS revision, locale, shown::int, answered::int
       FROM candor_stats_impressions WHERE locale = 'tlh-Latn-AQ'`,
      );
      // One row for both visitors: nothing tells them apart, nothing points to a subject, an address or a time of day.
      expect(stored).toEqual([{ day: today(), revision: 3, locale: 'tlh-Latn-AQ', shown: 4, answered: 2 }]);
      for (const trace of [r!.subject, '203.0.113', '198.51.100', '1a2b3c4d'])
        expect(after['candor_stats_impressions']).not.toContain(trace);
    });

    it("adds only counts of revisions 0 to the config's (to 99 without one); the others are received, not added", async () => {
      const locale = 'kl-GL'; // a locale no other test counts
      const send = (h: typeof handle, revisions: number[]) =>
        visitor(
          '/impressions',
          {
            impressions: revisions.map((policyRevision) => ({
              day: today(),
              policyRevision,
              locale,
              shown: 1,
              answered: 0,
            })),
          },
          {},
          h,
        );
      const configured = await send(server({ config: sample }), [0, 3, 4, 1_000_000]);
      expect([configured.status, await configured.json()]).toEqual([202, { received: 4 }]);
      expect((await send(server(), [99, 100])).status).toBe(202);
      const stored = await rows(
        `SELECT policy_revision::float8 AS revision FROM candor_stats_impressions WHERE locale = $1 ORDER BY 1`,
        [locale],
      );
      expect(stored).toEqual([{ revision: 0 }, { revision: 3 }, { revision: 99 }]);
    });

    it('refuses bad counts with every reason, and writes nothing', async () => {
      const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
      const impressions = [
        { day: day(2), policyRevision: -1, locale: 'de_DE', shown: 1.5, answered: -1 },
        { day: day(-36), policyRevision: 1, locale: 'de', shown: 1, answered: 0, subject: 'x' },
        { day: '2026-02-30', policyRevision: '1', locale: 'x'.repeat(36), shown: 100_001, answered: 0 },
        'nope',
      ];
      const res = await visitor('/impressions', { impressions, id: 'abc' });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        error: 'invalid impression counts',
        code: 'impressions/invalid',
        reasons: ['id: not allowed'],
      });
      const bad = await visitor('/impressions', { impressions });
      const range = `from ${day(-35)} to ${day(1)}`;
      expect((await bad.json()).reasons).toEqual([
        `impressions[0].day: required, a UTC date (YYYY-MM-DD) ${range}`,
        'impressions[0].policyRevision: required, a whole number, at least 0',
        'impressions[0].locale: required, a language tag language[-Script][-REGION] such as en or pt-BR, or und',
        'impressions[0].shown: required, a whole number from 0 to 100000',
        'impressions[0].answered: required, a whole number from 0 to 100000',
        'impressions[1].subject: not allowed',
        `impressions[1].day: required, a UTC date (YYYY-MM-DD) ${range}`,
        `impressions[2].day: required, a UTC date (YYYY-MM-DD) ${range}`,
        'impressions[2].policyRevision: required, a whole number, at least 0',
        'impressions[2].locale: required, a language tag language[-Script][-REGION] such as en or pt-BR, or und',
        'impressions[2].shown: required, a whole number from 0 to 100000',
        'impressions[3]: must be an object with day, policyRevision, locale, shown, answered',
      ]);
      const many = Array.from({ length: 101 }, () => ({
        day: today(),
        policyRevision: 1,
        locale: 'de',
        shown: 1,
        answered: 1,
      }));
      expect((await (await visitor('/impressions', { impressions: many })).json()).reasons).toEqual([
        'impressions: more than 100 in one request',
      ]);
      expect((await (await visitor('/impressions', [])).json()).reasons).toEqual([
        'impressions: required, a list of at most 100 counts',
      ]);
      expect((await visitor('/impressions', '{"impressions": [')).status).toBe(400);
      expect(await rows(`SELECT count(*)::int AS n FROM candor_stats_impressions WHERE locale = 'de'`)).toEqual([
        { n: 0 },
      ]);
    });

    it('takes a locale only as language[-Script][-REGION] in canonical case: a tag that could carry an identifier is refused', async () => {
      const one = (locale: string) => ({
        impressions: [{ day: today(), policyRevision: 1, locale, shown: 1, answered: 0 }],
      });
      for (const locale of ['en-x-alice', 'alice-example-com', 'bob42', 'de-DE-1996', 'pt-br'])
        expect((await visitor('/impressions', one(locale))).status, locale).toBe(400);
      for (const locale of ['en', 'pt-BR', 'zh-Hant-TW', 'es-419', 'und'])
        expect((await visitor('/impressions', one(locale))).status, locale).toBe(202);
      const odd = await rows(
        `SELECT locale FROM candor_stats_impressions WHERE locale !~ '^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$'`,
      );
      expect(odd).toEqual([]);
    });

    it('follows the records route rules: CORS for listed origins only, the rate limit, GET refused', async () => {
      const h = server({ origins: ['https://www.example.com'], rateLimit: { requests: 2 } });
      const body = JSON.stringify({ impressions: [] });
      const send = (origin: string) =>
        h(new Request(`${SITE}/api/consent/impressions`, { method: 'POST', body, headers: { origin } }), {
          clientAddress: '192.0.2.1',
        });
      const listed = await send('https://www.example.com');
      expect(listed.status).toBe(202);
      expect(listed.headers.get('access-control-allow-origin')).toBe('https://www.example.com');
      expect((await send('https://evil.example')).status).toBe(403); // refused before the rate limit counts it
      expect((await send('https://www.example.com')).status).toBe(202);
      expect((await send('https://www.example.com')).status).toBe(429);
      const get = await handle(new Request(`${SITE}/api/consent/impressions`));
      expect(get.status).toBe(405);
      expect(get.headers.get('allow')).toBe('POST, OPTIONS');
    });
  });

  describe('the admin API: token, separation, CORS', () => {
    it('refuses a missing or wrong token with 401 and WWW-Authenticate, accepts the right one (any case of Bearer)', async () => {
      const missing = await call('stats', { token: null });
      expect(missing.status).toBe(401);
      expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="candor-admin"');
      expect(await missing.json()).toEqual({
        error: 'this call needs the admin token (Authorization: Bearer …)',
        code: 'admin/unauthorized',
      });
      const wrong = `${TOKEN.slice(0, -1)}x`;
      for (const token of [wrong, `${TOKEN}x`, 'short', TOKEN.toUpperCase()]) {
        const res = await call('stats', { token });
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toBe('Bearer realm="candor-admin", error="invalid_token"');
      }
      const basic = await call('stats', { token: null, headers: { authorization: `Basic ${btoa(`admin:${TOKEN}`)}` } });
      expect(basic.status).toBe(401);
      expect((await call('stats', { token: null, headers: { authorization: `bearer ${TOKEN}` } })).status).toBe(200);
      expect((await call('stats')).status).toBe(200);
    });

    it('refuses a weak token and an admin path inside the endpoint at creation; without admin every admin path is a 404', async () => {
      for (const token of ['', 'x'.repeat(31), `${'x'.repeat(31)} y`, 'é'.repeat(40)])
        expect(() => server({ admin: { token } })).toThrow(
          /admin\.token must be a secret of at least 32 visible ASCII/,
        );
      for (const [path, basePath] of [
        ['/api/consent/admin', '/api/consent'],
        ['/api', '/api/consent'],
        ['/api/consent', '/api/consent'],
        ['/requests', '/'],
        ['/impressions/x', '/'],
      ] as const)
        expect(() => server({ basePath, admin: { token: TOKEN, path } })).toThrow(/overlaps the visitor-facing/);
      for (const path of ['admin', '/', '/a b', '/x?y'])
        expect(() => server({ admin: { token: TOKEN, path } })).toThrow(/admin\.path .* is not a path/);
      expect(() => server({ basePath: '/', admin: { token: TOKEN, path: '/owner/' } })).not.toThrow();
      const none = server({ admin: null });
      const res = await none(
        new Request(`${SITE}/candor-admin/api/stats`, { headers: { authorization: `Bearer ${TOKEN}` } }),
      );
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ code: 'request/not-found' });
    });

    it('nothing of it is reachable under basePath; no admin answer carries CORS headers, not even for a listed origin or a preflight', async () => {
      const h = server({ origins: ['https://www.example.com'] });
      for (const path of ['/api/consent/candor-admin/api/stats', '/api/consent/api/stats', '/api/consent/stats']) {
        const res = await h(new Request(`${SITE}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } }));
        expect(res.status).toBe(404);
        expect(await res.json()).toMatchObject({ code: 'request/not-found' });
      }
      for (const origin of ['https://www.example.com', 'https://evil.example', SITE]) {
        const headers = {
          origin,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        };
        const preflight = await h(new Request(`${SITE}/candor-admin/api/stats`, { method: 'OPTIONS', headers }));
        expect(preflight.status).toBe(405);
        expect(preflight.headers.get('allow')).toBe('GET');
        expect(hasCors(preflight)).toBe(false);
        const read = await h(
          new Request(`${SITE}/candor-admin/api/stats`, { headers: { origin, authorization: `Bearer ${TOKEN}` } }),
        );
        expect(read.status).toBe(200);
        expect(hasCors(read)).toBe(false);
        const page = await h(new Request(`${SITE}/candor-admin/`, { headers: { origin } }));
        expect(hasCors(page)).toBe(false);
      }
    });

    it('audits every call with the token, failed ones too, and calls without it once a minute, with their number; the action and outcome, never a subject; onAudit gets each entry', async () => {
      let now = Date.now();
      const via = server({ now: () => now });
      const before = audited.length;
      const subject = 'customer-7@example.com';
      await call('stats', { token: null, via });
      await call('stats', { token: 'wrong'.repeat(8), via }); // within the minute: counted, not written
      await call(`chain?subject=${encodeURIComponent(subject)}`, { token: null, via });
      await call('nothing-here', { via });
      await call('erase', { via });
      await call(`chain?subject=${encodeURIComponent(subject)}`, { via });
      await call('stats?from=yesterday', { via });
      now += 60_000;
      // A method of the caller's choosing is logged as `other`.
      await via(new Request(`${SITE}/candor-admin/api/x`, { method: 'ERASE-ALL-DONE' }));
      const log = (await okJson(call('audit?limit=7', { via }))).entries as AuditEntry[];
      expect(log.map((e) => [e.action, e.method, e.status, e.detail])).toEqual([
        ['unknown', 'other', 404, { refused: 3 }],
        ['stats', 'GET', 400, expect.anything()],
        ['chain', 'GET', 200, { verified: true, records: 0 }],
        ['erase', 'GET', 405, {}],
        ['unknown', 'GET', 404, {}],
        ['stats', 'GET', 401, { refused: 1 }],
        expect.anything(),
      ]);
      expect(log[2]!.subjectDigest).toMatch(/^[0-9a-f]{64}$/);
      expect(audited.slice(before).map((e) => e.id)).toEqual([
        ...log
          .slice(0, 6)
          .map((e) => e.id)
          .reverse(),
        expect.any(Number), // the audit call's own entry
      ]);
      expect(JSON.stringify(await rows('SELECT * FROM candor_admin_audit'))).not.toContain(subject);
    });

    it('a flood of calls without the token, from many addresses and with any method, adds one audit row a minute', async () => {
      let now = Date.now();
      const via = server({ now: () => now });
      const count = async () => (await rows<{ n: number }>('SELECT count(*)::int AS n FROM candor_admin_audit'))[0]!.n;
      const before = await count();
      for (let i = 0; i < 200; i++) {
        const res = await via(
          new Request(`${SITE}/candor-admin/api/x${i}`, { method: i % 2 ? 'ERASE-ALL-DONE' : 'GET' }),
          {
            clientAddress: `203.0.113.${i}`,
          },
        );
        expect(res.status).toBe(404);
      }
      expect(await count()).toBe(before + 1);
      now += 60_000;
      await call('stats', { token: null, via });
      expect(await count()).toBe(before + 2);
      const [latest] = (await okJson(call('audit?limit=1', { via }))).entries as AuditEntry[];
      expect([latest!.status, latest!.detail]).toEqual([401, { refused: 200 }]);
    });

    it('a call that fails inside is audited too (500, its action), and the error goes to onError only', async () => {
      const errors: unknown[] = [];
      const failing = { ...store, close: async () => {}, stats: () => Promise.reject(new Error('disk on fire')) };
      const via = createConsentServer({
        store: failing,
        rateLimit: false,
        onError: (e) => void errors.push(e),
        admin: { token: TOKEN, pageDir },
      });
      onTestFinished(() => via.close());
      const res = await call('stats', { via });
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: 'internal error', code: 'server/internal' });
      expect(errors).toEqual([new Error('disk on fire')]);
      const [entry] = (await okJson(call('audit?limit=2'))).entries as AuditEntry[];
      expect([entry!.action, entry!.method, entry!.status]).toEqual(['stats', 'GET', 500]);
    });
  });

  describe('the admin API: actions', () => {
    it('stats: decisions, purposes and impressions of a day range (default the last 30 days); bad ranges refused', async () => {
      const day = today();
      const start = await okJson(call(`stats?from=${day}&to=${day}`));
      const [a, b] = await decisions(2);
      expect((await visitor('', { records: [a, b] })).status).toBe(200);
      const counts = [{ day, policyRevision: 3, locale: 'qaa-Zzzz-ZZ', shown: 5, answered: 3 }];
      expect((await visitor('/impressions', { impressions: counts })).status).toBe(202);
      const now = await okJson(call(`stats?from=${day}&to=${day}`));
      expect(now.from).toBe(day);
      const total = (s: { decisions: { count: number }[] }) => s.decisions.reduce((n, d) => n + d.count, 0);
      expect(total(now) - total(start)).toBe(2);
      for (const r of [a!, b!])
        expect(now.decisions).toContainEqual(
          expect.objectContaining({ day, policyRevision: 3, method: r.method, locale: r.locale }),
        );
      // Summed over the day's rows (one per policy revision; the store's order is not the same every time).
      const necessary = (s: { purposes: { purpose: string; granted: number }[] }) =>
        s.purposes.filter((p) => p.purpose === 'necessary').reduce((n, p) => n + p.granted, 0);
      expect(necessary(now) - necessary(start)).toBe(2);
      expect(now.impressions).toContainEqual(counts[0]);
      const fallback = await okJson(call('stats'));
      expect(fallback.to).toBe(day);
      expect((Date.parse(fallback.to) - Date.parse(fallback.from)) / 86_400_000).toBe(29);
      const bad = await call('stats?from=2026-01-10&to=2026-01-01&x=1');
      expect(bad.status).toBe(400);
      expect((await bad.json()).reasons).toEqual(['x: not allowed', 'from: must not be after to']);
      expect((await (await call('stats?from=2024-01-01&to=2026-01-01')).json()).reasons).toEqual([
        'from: at most 366 days before to',
      ]);
      expect((await (await call('stats?to=2026-02-30&to=2026-01-01')).json()).reasons).toEqual([
        'to: given more than once',
        'to: a date such as 2026-11-30 (YYYY-MM-DD, UTC)',
      ]);
      // Year 0000 is a day to JavaScript, not to PostgreSQL (no year 0): refused here, not a 500 there.
      expect((await (await call('stats?from=0000-01-01&to=0000-12-31')).json()).reasons).toEqual([
        'to: a date such as 2026-11-30 (YYYY-MM-DD, UTC)',
        'from: a date such as 2026-11-30 (YYYY-MM-DD, UTC)',
      ]);
      // Nor as the default start of a range that ends in the first 29 days of year 0001 (it was a 500).
      for (const [to, from] of [
        ['0001-01-01', '0001-01-01'],
        ['0001-01-29', '0001-01-01'],
        ['0001-01-30', '0001-01-01'],
        ['0001-01-31', '0001-01-02'],
      ])
        expect(await okJson(call(`stats?to=${to}`))).toMatchObject({ from, to });
    });

    it('records: newest first, by subject, method and days, paged by an opaque cursor', async () => {
      const base = Date.parse('2024-06-10T12:00:00Z');
      const mine = rechain(await decisions(5), (_, i) => ({
        issuedAt: new Date(base + i * 86_400_000).toISOString(),
        expiresAt: new Date(base + (i + 400) * 86_400_000).toISOString(),
      }));
      await store.append(hashed(...mine), { clientNet: null });
      const subject = mine[0]!.subject;
      const newestFirst = [...mine].reverse();
      const all = await okJson(call(`records?subject=${subject}`));
      expect(all.records).toEqual(
        newestFirst.map((record) => ({ record, receivedAt: expect.any(String), erased: false })),
      );
      expect(all.next).toBeNull();
      const seen: string[] = [];
      let next: string | null = null;
      do {
        const page: { records: { record: ConsentRecord }[]; next: string | null } = await okJson(
          call(`records?subject=${subject}&limit=2${next ? `&before=${next}` : ''}`),
        );
        expect(page.records.length).toBeLessThanOrEqual(2);
        seen.push(...page.records.map((r) => r.record.id));
        next = page.next;
      } while (next);
      expect(seen).toEqual(newestFirst.map((r) => r.id));
      const days = await okJson(call(`records?subject=${subject}&from=2024-06-11&to=2024-06-12`));
      expect(days.records.map((r: { record: ConsentRecord }) => r.record.id)).toEqual([mine[2]!.id, mine[1]!.id]);
      const method = mine[1]!.method;
      const byMethod = await okJson(call(`records?subject=${subject}&method=${encodeURIComponent(method)}`));
      expect(byMethod.records.map((r: { record: ConsentRecord }) => r.record.id)).toEqual(
        newestFirst.filter((r) => r.method === method).map((r) => r.id),
      );
      const latest = await okJson(call('records?limit=1'));
      expect(latest.records).toHaveLength(1);
      expect(typeof latest.next).toBe('string');
      const bad = await call('records?limit=501&method=email&before=abc&subject=');
      expect((await bad.json()).reasons).toEqual([
        'subject: required, a text of 1 to 256 characters (no NUL character)',
        'method: one of banner:accept-all, banner:reject-all, panel:save, api, gpc, withdraw, placeholder',
        'limit: a whole number from 1 to 500',
        'before: not a cursor this server gave (use `next` as it is)',
      ]);
      // A forged cursor of the right shape but no real time is refused like any other, never a 500.
      const forge = (issuedAt: string) => Buffer.from(JSON.stringify([issuedAt, 'abcdefgh'])).toString('base64url');
      for (const at of ['2026-02-30T00:00:00.000000Z', '0000-01-01T00:00:00.000000Z', '2026-01-01T24:00:00.000000Z']) {
        const forged = await call(`records?before=${forge(at)}`);
        expect(forged.status).toBe(400);
        expect((await forged.json()).reasons).toEqual(['before: not a cursor this server gave (use `next` as it is)']);
      }
      expect((await call(`records?before=${forge('2026-01-01T00:00:00.000000Z')}`)).status).toBe(200);
    });

    it('export, erase, export again: exactly one subject, then its personal parts gone, the chain verifiable, and the export says so', async () => {
      const subject = crypto.randomUUID();
      const mine = rechain(await decisions(3), () => ({ subject, preferences: { newsletter: true } }));
      const [other] = await decisions(1);
      expect((await visitor('', { records: [...mine, other] })).status).toBe(200);
      expect((await visitor('/requests', { type: 'deletion', subject, message: 'please delete' })).status).toBe(202);
      expect((await visitor('/requests', { type: 'access', subject: other!.subject })).status).toBe(202);

      const exported = await okJson(call(`export?subject=${subject}`));
      expect(exported).toEqual({
        subject,
        exportedAt: expect.any(String),
        records: mine.map((record) => ({ record, receivedAt: expect.any(String), clientNet: null })),
        requests: [expect.objectContaining({ type: 'deletion', subject, message: 'please delete', closedAt: null })],
        erasures: [],
        integrityEvents: [],
      });
      const requestId: number = exported.requests[0].id;
      const otherRequest = (await store.requests()).find((r) => r.subject === other!.subject)!;
      const wrong = await call('erase', { body: { subject, requestId: otherRequest.id } });
      expect(wrong.status).toBe(400);
      expect((await wrong.json()).reasons).toEqual([`requestId: no request ${otherRequest.id} of this subject`]);
      expect((await (await call('erase', { body: { subject: '', requestId: 0, x: 1 } })).json()).reasons).toEqual([
        'x: not allowed',
      ]);
      expect((await (await call('erase', { body: { subject: '', requestId: 0 } })).json()).reasons).toEqual([
        'subject: required, a text of 1 to 256 characters (no NUL character)',
        'requestId: a request number (a whole number from 1)',
      ]);

      const erased = await okJson(call('erase', { body: { subject, requestId } }));
      expect(erased).toEqual({ erased: 3, erasedAt: expect.any(String) });
      expect(await okJson(call('erase', { body: { subject } }))).toEqual({ erased: 0, erasedAt: expect.any(String) });
      const again = await okJson(call(`export?subject=${subject}`));
      expect(again.records).toEqual([]);
      expect(again.erasures).toEqual([
        { erasedAt: erased.erasedAt, records: 3, requestId },
        { erasedAt: expect.any(String), records: 0, requestId: null },
      ]);
      expect((await okJson(call(`export?subject=${other!.subject}`))).records).toHaveLength(1);

      // The erased records are still there, without their personal parts, and their chain verifies.
      const found = await okJson(call(`records?from=${today()}&limit=500`));
      const hits = found.records.filter((h: { record: ConsentRecord }) => mine.some((r) => r.id === h.record.id));
      expect(hits).toHaveLength(3);
      const token: string = hits[0].record.subject;
      expect(token).toMatch(/^erased:/);
      for (const h of hits) {
        expect(h.erased).toBe(true);
        expect(h.record.preferences).toEqual({});
        expect(h.record.subject).toBe(token);
      }
      expect(await okJson(call(`chain?subject=${encodeURIComponent(token)}`))).toEqual({
        subject: token,
        verified: true,
        records: 3,
        breaks: [],
      });
      expect(await okJson(call(`chain?subject=${subject}`))).toEqual({
        subject,
        verified: true,
        records: 0,
        breaks: [],
      });
      // The token as the search shows it, erased again: nothing to erase, as for the subject.
      expect(await okJson(call('erase', { body: { subject: token } }))).toEqual({
        erased: 0,
        erasedAt: expect.any(String),
      });
      expect((await okJson(call(`chain?subject=${encodeURIComponent(token)}`))).records).toBe(3);
      expect((await store.chainBreaks()).filter((b) => mine.some((r) => r.id === b.recordId))).toEqual([]);
      await expect(
        db.query(`UPDATE candor_records SET subject = $1 WHERE subject = $2`, [subject, token]),
      ).rejects.toThrow(/append-only/);
      await expect(db.query(`DELETE FROM candor_records WHERE subject = $1`, [token])).rejects.toThrow(/append-only/);
    });

    it('chain: an altered record is reported', async () => {
      const [a, b] = await decisions(2);
      const altered = { ...a!, purposes: { ...a!.purposes, marketing: !a!.purposes['marketing'] } };
      await store.append([{ record: altered, hash: hashed(a!)[0]!.hash }, ...hashed(b!)], { clientNet: null });
      expect(await okJson(call(`chain?subject=${a!.subject}`))).toEqual({
        subject: a!.subject,
        verified: false,
        records: 2,
        breaks: [{ recordId: a!.id, reason: 'altered' }],
      });
      expect((await call('chain')).status).toBe(400);
    });

    it('requests: the open inbox, closing with a note once (404, 409), the closed list', async () => {
      const subject = crypto.randomUUID();
      expect((await visitor('/requests', { type: 'correction', subject, message: 'typo in my name' })).status).toBe(
        202,
      );
      const open = await okJson(call('requests'));
      const mine = open.requests.find((r: { subject: string }) => r.subject === subject);
      expect(mine).toEqual({
        id: expect.any(Number),
        type: 'correction',
        subject,
        message: 'typo in my name',
        receivedAt: expect.any(String),
        closedAt: null,
        closeNote: null,
      });
      const closed = await okJson(call(`requests/${mine.id}/close`, { body: { note: 'corrected' } }));
      expect(closed.request).toEqual({ ...mine, closedAt: expect.any(String), closeNote: 'corrected' });
      const twice = await call(`requests/${mine.id}/close`, { body: {} });
      expect(twice.status).toBe(409);
      expect(await twice.json()).toMatchObject({ code: 'admin/conflict' });
      expect((await call('requests/999999/close', { body: {} })).status).toBe(404);
      expect((await call('requests/abc/close', { body: {} })).status).toBe(404);
      expect((await (await call(`requests/${mine.id}/close`, { body: { note: 5 } })).json()).reasons).toEqual([
        'note: a text of at most 5000 characters',
      ]);
      expect((await okJson(call('requests'))).requests.some((r: { id: number }) => r.id === mine.id)).toBe(false);
      expect((await okJson(call('requests?status=closed'))).requests).toContainEqual(closed.request);
      expect((await okJson(call('requests?status=all'))).requests).toContainEqual(closed.request);
      expect((await call('requests?status=done')).status).toBe(400);
      // An empty body closes too.
      expect((await visitor('/requests', { type: 'access', subject })).status).toBe(202);
      const second = (await store.requests({ status: 'open' })).find((r) => r.subject === subject)!;
      const empty = await handle(
        new Request(`${SITE}/candor-admin/api/requests/${second.id}/close`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}` },
        }),
      );
      expect(empty.status).toBe(200);
      expect((await empty.json()).request.closeNote).toBeNull();
    });

    it('requests: the inbox answers a page at a time, so a flood of requests (which stay) cannot make it unreadable', async () => {
      // Anyone may send requests for any random subject, and none is ever deleted: the inbox must stay bounded.
      const subject = crypto.randomUUID();
      await rows(
        `INSERT INTO candor_requests (type, subject, message)
         SELECT 'access', $1, repeat('x', 5000) FROM generate_series(1, 501)`,
        [subject],
      );
      const ids = (await store.requests({ status: 'open' })).filter((r) => r.subject === subject).map((r) => r.id);
      expect(ids).toHaveLength(501);
      const first = await okJson(call('requests'));
      expect(first.requests.length).toBeLessThanOrEqual(500);
      expect(first.next).toBe(first.requests.at(-1).id);
      const pageOf = async (query: string) => okJson(call(`requests?${query}`));
      const two = await pageOf(`limit=2&after=${ids[0]! - 1}`);
      expect(two.requests.map((r: { id: number }) => r.id)).toEqual(ids.slice(0, 2));
      expect(two.next).toBe(ids[1]);
      const last = await pageOf(`limit=1000&after=${ids[1]}`);
      expect(last.requests.map((r: { id: number }) => r.id)).toEqual(ids.slice(2));
      expect(last.next).toBeNull();
      for (const bad of ['limit=0', 'limit=1001', 'after=x', 'after=-1', 'limit=5&limit=6'])
        expect((await call(`requests?${bad}`)).status).toBe(400);
      // Closed, so that they leave the open inbox of the tests that follow.
      await rows(`UPDATE candor_requests SET closed_at = now() WHERE subject = $1`, [subject]);
    });

    it('purge: removes what is past retention (400 when none is configured, and stats says retention null), is logged and audited', async () => {
      const old = rechain(await decisions(2), (_, i) => ({
        issuedAt: new Date(Date.now() - (400 - i) * 86_400_000).toISOString(),
        expiresAt: new Date(Date.now() - (218 - i) * 86_400_000).toISOString(),
      }));
      await store.append(hashed(...old), { clientNet: null });
      const none = await call('purge', { body: {} });
      expect(none.status).toBe(400);
      expect(await none.json()).toMatchObject({ code: 'admin/no-retention' });
      // The stats answer tells the page whether there is a purge to offer.
      expect((await okJson(call('stats'))).retention).toBeNull();
      const via = server({ retention: { days: 30 } });
      onTestFinished(() => via.close());
      expect((await okJson(call('stats', { via }))).retention).toEqual({ days: 30, intervalHours: 24 });
      const hourly = server({ retention: { days: 0, intervalHours: 1.5 } });
      onTestFinished(() => hourly.close());
      expect((await okJson(call('stats', { via: hourly }))).retention).toEqual({ days: 0, intervalHours: 1.5 });
      const result = await okJson(call('purge', { body: {}, via }));
      expect(result).toEqual({ purged: expect.any(Number), purgedAt: expect.any(String), retentionDays: 30 });
      expect(result.purged).toBeGreaterThanOrEqual(2);
      for (const r of old) expect(await store.get(r.id)).toBeNull();
      expect((await call('purge', { body: { days: 1 }, via })).status).toBe(400);
      expect((await okJson(call('audit?limit=2'))).entries).toMatchObject([
        { action: 'purge', method: 'POST', status: 400, subjectDigest: null, detail: {} },
        {
          action: 'purge',
          method: 'POST',
          status: 200,
          detail: { purged: result.purged, anchors: expect.any(Number) },
        },
      ]);
    });
  });

  describe('the page', () => {
    it('serves index.html, admin.js and admin.css from pageDir with a strict CSP and no caching, nothing else', async () => {
      const page = (path: string, init: RequestInit = {}) => handle(new Request(`${SITE}/candor-admin${path}`, init));
      const redirect = await page('');
      expect(redirect.status).toBe(308);
      expect(redirect.headers.get('location')).toBe('/candor-admin/');
      for (const [path, type, text] of [
        ['/', 'text/html; charset=utf-8', '<!doctype html><title>Consent</title>'],
        ['/index.html', 'text/html; charset=utf-8', '<!doctype html><title>Consent</title>'],
        ['/admin.js', 'text/javascript; charset=utf-8', 'console.log(1)'],
        ['/admin.css', 'text/css; charset=utf-8', 'body{}'],
      ]) {
        const res = await page(path!);
        expect(res.status).toBe(200);
        expect(await res.text()).toBe(text);
        expect(Object.fromEntries(res.headers)).toMatchObject({ ...PAGE_HEADERS, 'content-type': type });
        expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
        expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      }
      for (const path of ['/secret.txt', '/../page/secret.txt', '/%2e%2e/page/secret.txt', '/admin.js/', '/api'])
        expect((await page(path)).status).toBe(404);
      const post = await page('/', { method: 'POST' });
      expect(post.status).toBe(405);
      expect(post.headers.get('allow')).toBe('GET');
    });

    it('without the page files the page paths answer 404 with a clear message, and the API still works', async () => {
      for (const dir of [join(tmp, 'nowhere'), null]) {
        const h = server({ admin: { token: TOKEN, pageDir: dir } });
        const res = await h(new Request(`${SITE}/candor-admin/`));
        expect(res.status).toBe(404);
        expect(await res.json()).toEqual({
          code: 'admin/page-missing',
          error: expect.stringMatching(/^the site-owner page is not installed: .*; the admin API still answers$/),
        });
        const api = await h(
          new Request(`${SITE}/candor-admin/api/stats`, { headers: { authorization: `Bearer ${TOKEN}` } }),
        );
        expect(api.status).toBe(200);
      }
    });
  });

  describe('the retention job', () => {
    it('purges shortly after the store is ready and then every intervalHours, survives errors, and stops with close()', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      try {
        let fail = false;
        const purge = vi.fn(async (days: number, source: 'schedule' | 'admin' | 'cli') => {
          if (fail) throw new Error('database away');
          return store.purge(days, source);
        });
        const errors: unknown[] = [];
        const h = createConsentServer({
          store: { ...store, purge, close: async () => {} },
          retention: { days: 30, intervalHours: 2 },
          onError: (e) => void errors.push(e),
        });
        await h.ready;
        await vi.advanceTimersByTimeAsync(FIRST_PURGE_DELAY_MS - 1);
        expect(purge).not.toHaveBeenCalled();
        await vi.advanceTimersByTimeAsync(1);
        expect(purge).toHaveBeenCalledWith(30, 'schedule');
        fail = true;
        await vi.advanceTimersByTimeAsync(2 * 3_600_000);
        expect(purge).toHaveBeenCalledTimes(2);
        expect(errors).toEqual([new Error('database away')]);
        fail = false;
        await vi.advanceTimersByTimeAsync(2 * 3_600_000);
        expect(purge).toHaveBeenCalledTimes(3);
        await h.close();
        await vi.advanceTimersByTimeAsync(10 * 3_600_000);
        expect(purge).toHaveBeenCalledTimes(3);
      } finally {
        vi.useRealTimers();
      }
    });

    it('its timer never keeps the process alive; bad settings are refused at creation', async () => {
      const planned = vi.spyOn(globalThis, 'setTimeout');
      const h = createConsentServer({ store: { ...store, close: async () => {} }, retention: { days: 1 } });
      await h.ready;
      await new Promise((ok) => setImmediate(ok));
      const first = planned.mock.calls.findIndex((c) => c[1] === FIRST_PURGE_DELAY_MS);
      expect(first).toBeGreaterThanOrEqual(0);
      expect((planned.mock.results[first]!.value as NodeJS.Timeout).hasRef()).toBe(false);
      await h.close();
      for (const retention of [{ days: -1 }, { days: 1.5 }, { days: 40_000 }])
        expect(() => server({ retention })).toThrow(/retention\.days must be a whole number of days from 0 to 36500/);
      for (const intervalHours of [0, -1, 597, Number.NaN])
        expect(() => server({ retention: { days: 1, intervalHours } })).toThrow(/retention\.intervalHours must be/);
    });
  });
}

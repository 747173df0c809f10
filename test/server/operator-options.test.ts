// Options a careless operator gives that could never work are refused at creation, not accepted to
// fail every request (the SDK drops a record refused with a 403 or 404: they would be lost); the
// admin search's cursor and the mirror cookie behind a TLS proxy keep their contracts.
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/parse-config';
import { toDecision } from '../../src/core/record';
import { decodeCursor, encodeCursor } from '../../src/server/admin-query';
import { parseOrigins } from '../../src/server/cors';
import { createConsentServer } from '../../src/server/handler';
import { pgliteDriver } from '../../src/server/pglite';
import { createRateLimiter } from '../../src/server/rate-limit';
import { adminReadersOf } from '../../src/server/sql-admin';
import { createSqlStore } from '../../src/server/sql-store';
import { SubjectTooLarge, type ConsentStore } from '../../src/server/store';
import { encodeDecision, idsOf } from '../../src/store/cookie';
import { memoryStore } from './memory-store';
import { batch, decisions, hashOf, sample, withFields } from './records';

const SITE = 'https://shop.example';
const TOKEN = 'c2VjcmV0LXRva2VuLWZvci10aGUtdGVzdHMtb25seQ';

describe('options that could never work are refused at creation', () => {
  it('an origin with a wildcard host (https://*.example.com), which no browser sends', () => {
    for (const origin of ['https://*.example.com', 'https://%2A.example.com'])
      expect(() => parseOrigins(origin)).toThrow(/CORS origin .*wildcard/);
    expect(() =>
      createConsentServer({ store: memoryStore(), origins: ['https://*.example.com'], onError: () => {} }),
    ).toThrow(/wildcard/);
    expect(parseOrigins('https://shop.example')).toEqual(['https://shop.example']);
  });

  it('a basePath or admin.path the URL parser would encode (/api/données): no request would ever match it', () => {
    const make = (o: object) => () =>
      createConsentServer({ store: memoryStore(), rateLimit: false, onError: () => {}, ...o });
    expect(make({ basePath: '/api/données' })).toThrow(/basePath "\/api\/données"/);
    expect(make({ basePath: '/api/{site}' })).toThrow(/basePath/);
    expect(make({ admin: { token: TOKEN, pageDir: null, path: '/admin/é' } })).toThrow(/admin.path/);
    expect(make({ basePath: '/api/donn%C3%A9es' })).not.toThrow(); // as the browser sends it
  });

  it('rateLimit.windowSeconds 0 (an infinite refill: NaN tokens let every request through)', () => {
    expect(() => createRateLimiter({ requests: 2, windowSeconds: 0 }, () => 1_000)).toThrow(/rateLimit/);
    const limiter = createRateLimiter({ requests: 2, windowSeconds: 1 }, () => 1_000);
    expect([1, 2, 3].map(() => limiter('198.51.100.7') > 0)).toEqual([false, false, true]);
  });

  it('rateLimit.maxClients 0 (each client forgotten as it came: no limit at all) or NaN (none ever forgotten)', () => {
    for (const maxClients of [0, -1, 0.5, Number.NaN, Infinity])
      expect(() => createRateLimiter({ requests: 2, maxClients }, () => 1_000)).toThrow(/rateLimit.maxClients/);
    const make = () =>
      createConsentServer({ store: memoryStore(), rateLimit: { requests: 2, maxClients: 0 }, onError: () => {} });
    expect(make).toThrow(/rateLimit.maxClients must be a whole number/);
    const limiter = createRateLimiter({ requests: 2, maxClients: 1 }, () => 1_000);
    expect([1, 2, 3].map(() => limiter('198.51.100.7') > 0)).toEqual([false, false, true]);
  });
});

describe('the admin search keeps its contract for any record a visitor can post', () => {
  let store: ConsentStore;
  let handle: ReturnType<typeof createConsentServer>;
  beforeAll(async () => {
    store = await createSqlStore(pgliteDriver(await PGlite.create('memory://')));
    handle = createConsentServer({
      store: { ...store, close: async () => {} },
      rateLimit: false,
      onError: () => {},
      admin: { token: TOKEN, pageDir: null },
    });
  }, 120_000);
  afterAll(() => store.close());
  const call = (path: string) =>
    handle(new Request(`${SITE}/candor-admin/api/${path}`, { headers: { authorization: `Bearer ${TOKEN}` } }));

  it('the `next` cursor it gives is taken back, also after a record dated before 1970', async () => {
    const [r] = await decisions(1);
    const subject = crypto.randomUUID();
    const at = (issuedAt: string, expiresAt: string) =>
      withFields(r!, { id: crypto.randomUUID(), subject, issuedAt, expiresAt, prevHash: null });
    const old = [
      at('1969-12-01T00:00:00.000Z', '1970-05-01T00:00:00.000Z'),
      at('1969-11-01T00:00:00.000Z', '1970-04-01T00:00:00.000Z'),
    ];
    const posted = await handle(new Request(`${SITE}/api/consent`, { method: 'POST', body: batch(...old) }));
    expect(posted.status).toBe(200);
    const first = await (await call(`records?subject=${subject}&limit=1`)).json();
    expect(first.records).toHaveLength(1);
    const second = await call(`records?subject=${subject}&limit=1&before=${first.next}`);
    expect(await second.json()).toMatchObject({ records: [{ record: { id: old[1]!.id } }] });
    // Year 0000 is still no cursor this server gave (PostgreSQL has no year 0).
    expect(decodeCursor(encodeCursor({ issuedAt: '1969-11-01T00:00:00.000000Z', id: old[1]!.id }))).not.toBeNull();
    expect(decodeCursor(encodeCursor({ issuedAt: '0000-01-01T00:00:00.000000Z', id: old[0]!.id }))).toBeNull();
  });

  it('a date with more than 6 decimals is stored on the day it names (PostgreSQL rounded it into the next)', async () => {
    const [r] = await decisions(1);
    const subject = crypto.randomUUID();
    const late = withFields(r!, {
      id: crypto.randomUUID(),
      subject,
      issuedAt: '2026-11-21T23:59:59.9999996Z',
      expiresAt: '2027-05-21T00:00:00Z',
      prevHash: null,
    });
    const posted = await handle(new Request(`${SITE}/api/consent`, { method: 'POST', body: batch(late) }));
    expect(posted.status).toBe(200);
    const on = async (day: string) =>
      (await (await call(`records?subject=${subject}&from=${day}&to=${day}`)).json()).records.map(
        (x: { record: { id: string } }) => x.record.id,
      );
    expect(await on('2026-11-21')).toEqual([late.id]);
    expect(await on('2026-11-22')).toEqual([]);
  });
});

describe('a subject too large for one answer (filled on purpose through the public endpoint)', () => {
  it('its export and chain check throw SubjectTooLarge before reading its records; a smaller one is answered', async () => {
    const db = pgliteDriver(await PGlite.create('memory://'));
    const store = await createSqlStore(db);
    try {
      const big = await decisions(3);
      const [small] = await decisions(1);
      await store.append(
        [...big, small!].map((r) => ({ record: r, hash: hashOf(r) })),
        { clientNet: null },
      );
      const one = JSON.stringify(big[0]).length;
      const readers = adminReadersOf(db, 2 * one); // room for two such records, not three
      const refused = await readers.exportSubject(big[0]!.subject).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(SubjectTooLarge);
      expect(refused).toMatchObject({ records: 3, limit: 2 * one });
      expect((refused as SubjectTooLarge).bytes).toBeGreaterThan(2 * one);
      await expect(readers.verifyChain(big[0]!.subject)).rejects.toBeInstanceOf(SubjectTooLarge);
      expect((await readers.exportSubject(small!.subject)).records).toHaveLength(1);
      expect(await readers.verifyChain(small!.subject)).toMatchObject({ verified: true, records: 1 });
    } finally {
      await store.close();
    }
  }, 120_000);

  it('given pages to fill, its export delivers every record page by page, oldest first, with no size limit', async () => {
    const db = pgliteDriver(await PGlite.create('memory://'));
    const store = await createSqlStore(db);
    try {
      const big = await decisions(5);
      await store.append(
        big.map((r) => ({ record: r, hash: hashOf(r) })),
        { clientNet: null },
      );
      const one = JSON.stringify(big[0]).length;
      const readers = adminReadersOf(db, 2 * one, 2); // room for two records in an answer, pages of two
      const pages: string[][] = [];
      const found = await readers.exportSubject(big[0]!.subject, async (page) => {
        pages.push(page.map((r) => r.record.id));
      });
      expect(pages).toEqual([[big[0]!.id, big[1]!.id], [big[2]!.id, big[3]!.id], [big[4]!.id]]);
      expect(found.records).toEqual([]);
      await expect(readers.exportSubject(big[0]!.subject)).rejects.toBeInstanceOf(SubjectTooLarge);
      const none: unknown[] = [];
      await readers.exportSubject(`${big[0]!.subject} `, async (page) => void none.push(...page));
      expect(none).toEqual([]); // exactly the subject given: a trailing space is another one
    } finally {
      await store.close();
    }
  }, 120_000);

  it('the admin API answers 413 admin/too-large with what to do, audited, and not as an internal error', async () => {
    const store = await createSqlStore(pgliteDriver(await PGlite.create('memory://')));
    try {
      const errors: unknown[] = [];
      const audited: { status: number; detail: unknown }[] = [];
      const tooLarge = () => Promise.reject(new SubjectTooLarge(1100, 550 * 2 ** 20, 64 * 2 ** 20));
      const handle = createConsentServer({
        store: { ...store, exportSubject: tooLarge, verifyChain: tooLarge, close: async () => {} },
        rateLimit: false,
        onError: (e) => errors.push(e),
        admin: { token: TOKEN, pageDir: null, onAudit: (entry) => void audited.push(entry) },
      });
      for (const path of ['export?subject=s-1', 'chain?subject=s-1']) {
        const res = await handle(
          new Request(`${SITE}/candor-admin/api/${path}`, { headers: { authorization: `Bearer ${TOKEN}` } }),
        );
        expect(res.status).toBe(413);
        expect(await res.json()).toEqual({
          code: 'admin/too-large',
          error:
            "this visitor's 1100 records hold 550 MB of JSON, more than one answer carries (64 MB): read them with npx candor-server export --subject <subject>, which reads them page by page",
        });
      }
      expect(errors).toEqual([]);
      expect(audited.map((a) => [a.status, a.detail])).toEqual([
        [413, { records: 1100, bytes: 550 * 2 ** 20 }],
        [413, { records: 1100, bytes: 550 * 2 ** 20 }],
      ]);
    } finally {
      await store.close();
    }
  }, 120_000);
});

describe('the mirror cookie behind a TLS proxy (the server sees http)', () => {
  it("an https page's pull (no Origin: a same-origin GET) never gets its Secure consent cookie back without Secure", async () => {
    const shared = { ...sample, cookie: { domain: 'shop.example' } };
    const config = parseConfig(shared);
    if (!config.ok) throw new Error('sample config');
    const handle = createConsentServer({ store: memoryStore(), config: shared, rateLimit: false, onError: () => {} });
    const [r] = await decisions(1);
    expect((await handle(new Request(`${SITE}/api/consent`, { method: 'POST', body: batch(r) }))).status).toBe(200);
    const value = encodeDecision(idsOf(config.config), toDecision(r!), '1a2b3c4d');
    const pull = new Request(`http://shop.example/api/consent?subject=${r!.subject}`, {
      headers: {
        'sec-fetch-site': 'same-origin',
        'sec-fetch-mode': 'cors',
        referer: 'https://shop.example/account',
        cookie: `candor=${value}`,
      },
    });
    const cookies = (await handle(pull)).headers.getSetCookie();
    expect(cookies.length).toBeGreaterThan(0);
    for (const c of cookies) expect(c).toMatch(/; Secure$/);
  });
});

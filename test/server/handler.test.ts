// createConsentServer as a Fetch handler on the embedded store (PGlite, in memory): the sync
// protocol, validation with every reason, integrity (duplicates, chains, append-only), who may
// write an identified subject, and the safety rules (origin, body limit, rate limit, errors).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../src/core/parse-config';
import { toDecision, type ConsentRecord } from '../../src/core/record';
import { createConsentServer } from '../../src/server/handler';
import { createSync } from '../../src/sync/sync';
import { createConsent } from '../../src/instance/create-consent';
import type { ConsentServerOptions } from '../../src/server/options';
import { PGlite } from '@electric-sql/pglite';
import { pgliteDriver } from '../../src/server/pglite';
import { createSqlStore } from '../../src/server/sql-store';
import type { ConsentStore } from '../../src/server/store';
import { cookieString, encodeDecision, idsOf } from '../../src/store/cookie';
import { adminTests } from './admin-tests';
import { batch, decisions, hashOf, sample, withFields } from './records';

let db: PGlite;
let store: ConsentStore;
beforeAll(async () => {
  db = await PGlite.create('memory://');
  store = await createSqlStore(pgliteDriver(db));
}, 120_000);
/** Rows straight from the database, for what the store does not expose. */
const rows = async (sql: string) => (await db.query(sql)).rows;
afterAll(() => store.close());

const URL_ = 'https://shop.example/api/consent';
/** A handler on the shared store (never closed by the test: the store is shared). */
const server = (options: Omit<ConsentServerOptions, 'store'> = {}) =>
  createConsentServer({ store, rateLimit: false, onError: () => {}, ...options });
const post = (body: string, headers: Record<string, string> = {}, path = '') =>
  new Request(`${URL_}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
const get = (subject: string, headers: Record<string, string> = {}) =>
  new Request(`${URL_}?subject=${encodeURIComponent(subject)}`, { headers });
/**
 * The SDK's own sync (createSync) sending the outbox `box.outbox` to `handle`; its retry is held in
 * `box.later` (after `box.wait` ms) for the test to run.
 */
function sdkSync(
  handle: (request: Request) => Promise<Response>,
  records: ConsentRecord[],
  o: { headers?: Record<string, string>; now?: () => number } = {},
) {
  const box = { outbox: records, later: null as (() => void) | null, wait: 0 };
  const sync = createSync({
    endpoint: { url: URL_, headers: o.headers ?? {}, credentials: 'omit' },
    batchSize: 10,
    outbox: {
      read: async () => box.outbox,
      remove: async (ids) => void (box.outbox = box.outbox.filter((x) => !ids.includes(x.id))),
    },
    fetch: ((url: string, init: RequestInit) => handle(new Request(url, init))) as unknown as typeof fetch,
    emit: () => {},
    onError: () => {},
    exclusive: async (fn) => (await fn(), true),
    schedule: (fn, ms) => ((box.later = fn), (box.wait = ms), () => {}),
    random: () => 0,
    ...(o.now ? { now: o.now } : {}),
  });
  return { sync, box };
}
const count = async () => (await store.records({ limit: 10_000 })).length;

describe('the sync protocol', () => {
  it('stores a batch, acknowledges a re-sent record without storing it twice, and answers GET ?subject= with the newest', async () => {
    const handle = server();
    const [a, b] = await decisions(2);
    const first = await handle(post(batch(a, b)));
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(await first.json()).toEqual({ accepted: 2, duplicates: 0, chainBreaks: [] });
    const again = await handle(post(batch(b, a, b)));
    expect(await again.json()).toEqual({ accepted: 0, duplicates: 3, chainBreaks: [] });
    expect((await store.records({ subject: a!.subject })).map((r) => r.id)).toEqual([b!.id, a!.id]);
    const newest = await handle(get(a!.subject));
    expect(newest.status).toBe(200);
    expect(await newest.json()).toEqual({ record: b });
    expect(await (await handle(get('0b0e4f9c-0000-4000-8000-000000000000'))).json()).toEqual({ record: null });
  });

  it('the default body limit takes the SDK largest batch, 500 records, in one request', async () => {
    const [r] = await decisions(1);
    const records = Array.from({ length: 500 }, () => ({
      ...r,
      id: crypto.randomUUID(),
      subject: crypto.randomUUID(),
    }));
    const body = batch(...records);
    expect(body.length).toBeGreaterThan(256 * 1024);
    const res = await server()(post(body));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 500, duplicates: 0, chainBreaks: [] });
  });

  it('stores a data-subject request (202) and refuses a malformed one with every reason', async () => {
    const handle = server();
    const subject = '6a4cbf55-3f0e-4e4c-9a4e-5b0d6c0e2f10';
    const ok = await handle(post(JSON.stringify({ type: 'deletion', subject, message: 'please' }), {}, '/requests'));
    expect(ok.status).toBe(202);
    expect((await store.requests()).filter((r) => r.subject === subject)).toMatchObject([
      { type: 'deletion', subject, message: 'please' },
    ]);
    const bad = await handle(post(JSON.stringify({ type: 'everything', message: 7, extra: 1 }), {}, '/requests'));
    expect(bad.status).toBe(400);
    expect((await bad.json()).reasons).toEqual([
      'extra: not allowed',
      'type: must be one of access, correction, deletion, do-not-sell',
      'subject: required, a text of 1 to 256 characters (no NUL character)',
      'message: a text of at most 5000 characters',
    ]);
  });

  it('answers 404 for other paths, 405 with Allow for other methods, and 400 for GET without a subject', async () => {
    const handle = server();
    expect((await handle(new Request('https://shop.example/elsewhere'))).status).toBe(404);
    const put = await handle(new Request(URL_, { method: 'PUT', body: '{}' }));
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('POST, GET, OPTIONS');
    for (const path of ['/constructor', '/__proto__', '/api/consent/constructor'])
      expect((await handle(new Request(`https://shop.example${path}`))).status).toBe(404);
    for (const method of ['constructor', 'toString', 'hasOwnProperty']) {
      const odd = await handle(new Request(URL_, { method }));
      expect(odd.status).toBe(405);
      expect(await odd.json()).toMatchObject({ code: 'request/method' });
    }
    const none = await handle(new Request(URL_));
    expect(none.status).toBe(400);
    expect(await none.json()).toMatchObject({ code: 'subject/invalid' });
  });
});

describe('bad input is answered, never crashes and never writes', () => {
  const refused = async (request: Request, status: number, options: Omit<ConsentServerOptions, 'store'> = {}) => {
    const before = await count();
    const res = await server(options)(request);
    expect(res.status).toBe(status);
    expect(await count()).toBe(before);
    const body = await res.json();
    expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/); // no stack trace
    return body as { error: string; code: string; reasons?: string[] };
  };

  it('malformed JSON', async () => {
    const body = await refused(post('{"records": [}'), 400);
    expect(body.code).toBe('request/invalid-json');
    expect(body.reasons?.[0]).toMatch(/^the body is not valid JSON/);
  });

  it('wrong types, unknown fields and a missing field: every reason, and a valid record in the same batch is not stored', async () => {
    const [good] = await decisions(1);
    const bad = { ...withFields(good!, { id: 'x', gpc: 'no', purposes: { analytics: 1 }, colour: 'red' }) } as Record<
      string,
      unknown
    >;
    delete bad['locale'];
    const body = await refused(post(batch(good, bad)), 400);
    expect(body.code).toBe('records/invalid');
    expect(body.reasons).toEqual(
      expect.arrayContaining([
        'records[1].locale: required',
        'records[1].id: shorter than 8',
        'records[1].gpc: must be boolean, got string',
        'records[1].purposes.analytics: must be boolean, got integer',
        'records[1].colour: not allowed',
      ]),
    );
    expect(await store.get(good!.id)).toBeNull();
  });

  it('a body that is not { records: [...] }, extra members, and too many records', async () => {
    expect((await refused(post('[1]'), 400)).reasons).toEqual(['records: required, a list of consent records']);
    expect((await refused(post('{"records":[],"more":1}'), 400)).reasons).toEqual(['more: not allowed']);
    const many = JSON.stringify({ records: Array.from({ length: 501 }, () => ({})) });
    expect((await refused(post(many), 400, { maxBodyBytes: 1 << 20 })).reasons).toEqual([
      'records: more than 500 in one request',
    ]);
  });

  it('a record from the future (beyond the clock skew) and one that never expires', async () => {
    const [r] = await decisions(1);
    const later = new Date(Date.now() + 10 * 60_000).toISOString();
    expect((await refused(post(batch(withFields(r!, { issuedAt: later }))), 400)).reasons).toEqual([
      "records[0].issuedAt: more than 5 minutes after the server's clock",
    ]);
    const never = withFields(r!, { expiresAt: '2999-01-01T00:00:00.000Z' });
    expect((await refused(post(batch(never)), 400)).reasons?.[0]).toMatch(/^records\[0\]\.expiresAt: /);
  });

  it("a device clock set back after a grant made while it ran 3 hours ahead: the grant never becomes the subject's newest on the server (both it and the refusal dated after it are refused as from the future, and dropped)", async () => {
    let serverNow = Date.now();
    let device = serverNow + 3 * 3_600_000;
    const consent = createConsent(sample, { now: () => device });
    await consent.ready;
    const grant = (await consent.acceptAll())!;
    const handle = server({ now: () => serverNow });
    const { sync, box } = sdkSync(handle, [grant], { now: () => device });
    await sync.flush(); // sent while the clock runs ahead
    device = serverNow; // set right
    const refusal = (await consent.rejectAll())!;
    consent.destroy();
    box.outbox = [...box.outbox, refusal];
    sync.queued([refusal]);
    await sync.flush();
    for (let i = 0; i < 5 && box.outbox.length && box.later; i++) {
      serverNow += box.wait; // the time passes
      device += box.wait;
      const run = box.later as () => void;
      box.later = null;
      run();
      await vi.waitFor(() => expect(box.later !== null || box.outbox.length === 0).toBe(true));
    }
    expect(box.outbox).toEqual([]);
    // A record dated beyond the skew ahead is refused (400) and dropped from the outbox: lost on the
    // server (docs/sync-protocol.md), never kept as a newest that the visitor has since replaced.
    expect(await store.get(grant.id)).toBeFalsy();
    expect(await store.newest(refusal.subject)).toBeFalsy();
  });

  it('dates JavaScript reads and PostgreSQL refuses (a day the month lacks, year 0000, hour 24, offset +23:59, over 9 fraction digits): 400, and the store keeps working', async () => {
    const [r] = await decisions(1);
    const errors: unknown[] = [];
    for (const [field, date] of [
      ['expiresAt', '2025-02-30T00:00:00.000Z'],
      ['issuedAt', '2025-02-29T00:00:00.000Z'],
      ['issuedAt', '0000-01-01T00:00:00.000Z'],
      ['issuedAt', '2025-01-01T24:00:00.000Z'],
      ['issuedAt', '2025-01-01T00:00:00+23:59'],
      ['issuedAt', `2025-01-01T00:00:00.${'0'.repeat(120)}Z`], // PostgreSQL: longer than 128 characters
      ['expiresAt', `2025-06-01T00:00:00.${'0'.repeat(120)}Z`], // stored as JSON: every purge cast it
      ['expiresAt', '2025-06-01T00:00:00.0000000000Z'], // ten fraction digits
    ] as const) {
      expect(Number.isNaN(Date.parse(date)) && field).toBe(false); // JavaScript alone would take it
      const body = await refused(post(batch(withFields(r!, { [field]: date }))), 400, {
        onError: (e) => void errors.push(e),
      });
      const long = date.length > 35 ? [`records[0].${field}: longer than 35`] : [];
      expect(body.reasons).toEqual([...long, `records[0].${field}: not an RFC 3339 date-time`]);
    }
    expect(errors).toEqual([]);
    // A leap day, with an offset: a real instant; the record is stored.
    const [other] = await decisions(1);
    const leap = withFields(other!, {
      issuedAt: '2024-02-29T23:00:00.000-01:00',
      expiresAt: '2024-08-29T00:00:00.000Z',
    });
    expect((await server()(post(batch(leap)))).status).toBe(200);
    expect(await store.get(leap.id)).not.toBeNull();
  });

  it('a text PostgreSQL cannot store as it is (NUL, an unpaired surrogate), as a value or a name: 400 for the whole body, never a 500', async () => {
    const [r] = await decisions(1);
    const errors: unknown[] = [];
    const onError = (e: unknown): void => void errors.push(e);
    const bodies = [
      batch(withFields(r!, { locale: 'en\u0000' })),
      batch(withFields(r!, { sdkVersion: '1.0.\ud800' })),
      batch(withFields(r!, { preferences: { 'news\udc00': true } })),
    ];
    for (const text of bodies) {
      const body = await refused(post(text), 400, { onError });
      expect(body).toMatchObject({
        code: 'request/invalid-json',
        reasons: ['a text in the body holds a NUL character or an unpaired surrogate'],
      });
    }
    const message = JSON.stringify({ type: 'access', subject: r!.subject, message: 'hello\u0000' });
    expect((await refused(post(message, {}, '/requests'), 400, { onError })).code).toBe('request/invalid-json');
    expect((await refused(get('abc\u0000def'), 400, { onError })).reasons).toEqual([
      'subject: required, a text of 1 to 256 characters (no NUL character)',
    ]);
    expect(errors).toEqual([]);
    // A pair is one character, not a problem: an emoji in a preference is stored.
    const [other] = await decisions(1);
    const paired = withFields(other!, { preferences: { topic: '\ud83c\udf6a' } });
    expect((await server()(post(batch(paired)))).status).toBe(200);
    expect((await store.get(paired.id))?.preferences).toEqual({ topic: '\ud83c\udf6a' });
  });

  it('a huge body: 413 whether it says its length or streams it', async () => {
    const big = 'x'.repeat(2048);
    expect((await refused(post(big), 413, { maxBodyBytes: 1024 })).code).toBe('request/too-large');
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 8; i++) c.enqueue(new TextEncoder().encode('y'.repeat(512)));
        c.close();
      },
    });
    const streamed = new Request(URL_, { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    expect(streamed.headers.get('content-length')).toBeNull();
    expect((await refused(streamed, 413, { maxBodyBytes: 1024 })).code).toBe('request/too-large');
  });

  it('deep nesting: 400, not a stack overflow', async () => {
    const [r] = await decisions(1);
    const deep = `{"records":[${JSON.stringify(r).slice(0, -1)},"preferences":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}]}`;
    const body = await refused(post(deep), 400, { maxBodyBytes: 1 << 20 });
    expect(body.reasons).toEqual(['the body nests deeper than 32 levels']);
  });

  it('an internal failure: 500 with a structured error, no message or stack of the exception', async () => {
    const errors: unknown[] = [];
    const broken = { ...store, append: () => Promise.reject(new Error('disk on fire at /var/lib/secret')) };
    const handle = createConsentServer({ store: broken, rateLimit: false, onError: (e) => errors.push(e) });
    const [r] = await decisions(1);
    const res = await handle(post(batch(r)));
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: 'internal error', code: 'server/internal' });
    expect(errors).toHaveLength(1);
  });

  it('a store that cannot open: 503 with Retry-After (the client retries), reported once', async () => {
    const onError = vi.fn();
    const handle = createConsentServer({ store: Promise.reject(new Error('no database')), onError, rateLimit: false });
    await expect(handle.ready).rejects.toThrow('no database');
    const res = await handle(get('6a4cbf55-3f0e-4e4c-9a4e-5b0d6c0e2f10'));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('30');
    expect(onError).toHaveBeenCalledTimes(1);
  });
});

describe('untrusted input, property-based', () => {
  it('any JSON body, and any record with one field replaced, is answered 200, 400 or 403, never 500, and only a 200 writes (one record)', async () => {
    const handle = server();
    const [template] = await decisions(1);
    const fields = Object.keys(template!);
    const anyJson = fc.jsonValue({ maxDepth: 4 });
    const mutated = fc.record({
      field: fc.constantFrom(...fields, '__proto__', 'constructor', 'extra'),
      value: anyJson,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          anyJson.map((v) => ({ raw: v })),
          mutated,
        ),
        async (input) => {
          const before = await count();
          const body =
            'raw' in input
              ? JSON.stringify(input.raw)
              : batch(
                  JSON.parse(
                    `${JSON.stringify({ ...template, id: crypto.randomUUID() }).slice(0, -1)},${JSON.stringify(input.field)}:${JSON.stringify(input.value)}}`,
                  ),
                );
          const res = await handle(post(body));
          // 403: a string subject that is not a random UUID is an identified one, and no authorize is set.
          expect([200, 400, 403]).toContain(res.status);
          expect(await count()).toBe(res.status === 200 ? before + 1 : before);
        },
      ),
      { numRuns: 200 },
    );
  }, 120_000);
});

describe('integrity', () => {
  it('checks each subject chain: a record whose prevHash names no stored record is stored, and the break recorded and reported', async () => {
    const handle = server();
    const [a, b, c] = await decisions(3);
    expect(await (await handle(post(batch(a)))).json()).toEqual({ accepted: 1, duplicates: 0, chainBreaks: [] });
    // b is lost on the way: c arrives, its prevHash (the hash of b) names nothing stored.
    expect(await (await handle(post(batch(c)))).json()).toEqual({ accepted: 1, duplicates: 0, chainBreaks: [c!.id] });
    const events = (await store.integrityEvents()).filter((e) => e.subject === a!.subject);
    expect(events).toMatchObject([{ kind: 'chain-break', recordId: c!.id, detail: { prevHash: hashOf(b!) } }]);
    expect((await store.chainBreaks()).filter((x) => x.subject === a!.subject)).toEqual([
      { recordId: c!.id, subject: a!.subject },
    ]);
    // b arrives late: the chain is whole again, and the event stays in the log.
    await handle(post(batch(b)));
    expect((await store.chainBreaks()).filter((x) => x.subject === a!.subject)).toEqual([]);
    expect((await store.integrityEvents()).filter((e) => e.subject === a!.subject)).toHaveLength(1);
  });

  it('an altered record breaks the chain of the record after it', async () => {
    const handle = server();
    const [a, b] = await decisions(2);
    const altered = withFields(a!, { purposes: { ...a!.purposes, marketing: !a!.purposes['marketing'] } });
    expect(await (await handle(post(batch(altered, b)))).json()).toEqual({
      accepted: 2,
      duplicates: 0,
      chainBreaks: [b!.id],
    });
  });

  it('a known id with other content is acknowledged, not stored, and recorded as an id conflict', async () => {
    const handle = server();
    const [a] = await decisions(1);
    await handle(post(batch(a)));
    const forged = withFields(a!, { method: 'banner:accept-all', purposes: { analytics: true, marketing: true } });
    expect(await (await handle(post(batch(forged)))).json()).toEqual({ accepted: 0, duplicates: 1, chainBreaks: [] });
    expect(await store.newest(a!.subject)).toEqual(a);
    expect((await store.integrityEvents()).filter((e) => e.recordId === a!.id)).toMatchObject([
      { kind: 'id-conflict', detail: { storedHash: hashOf(a!), receivedHash: hashOf(forged) } },
    ]);
  });
});

describe('identified subjects', () => {
  const identified = async (subject: string): Promise<ConsentRecord> =>
    withFields((await decisions(1))[0]!, {
      subject,
      prevHash: null,
      id: `id-${subject}-${Math.random().toString(36).slice(2)}`,
    });

  it('without an authorize hook, records and pulls for an identified subject are refused (403) and nothing is stored', async () => {
    const handle = server();
    const r = await identified('customer-42');
    const res = await handle(post(batch(r)));
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: 'not authorized for an identified subject',
      code: 'subject/forbidden',
      reasons: ['records[0].subject: this request may not write or read the identified subject'],
    });
    expect(await store.get(r.id)).toBeNull();
    expect((await handle(get('customer-42'))).status).toBe(403);
    const request = JSON.stringify({ type: 'access', subject: 'customer-42' });
    expect((await handle(post(request, {}, '/requests'))).status).toBe(403);
  });

  it('the hook decides per request and subject; anonymous subjects never ask it', async () => {
    const authorize = vi.fn(
      (request: Request, subject: string) => request.headers.get('x-session') === `session-of-${subject}`,
    );
    const handle = server({ authorize });
    const [anonymous] = await decisions(1);
    const r = await identified('customer-7');
    expect((await handle(post(batch(anonymous, r), { 'x-session': 'session-of-customer-8' }))).status).toBe(403);
    expect(await store.get(anonymous!.id)).toBeNull();
    expect((await handle(post(batch(anonymous, r), { 'x-session': 'session-of-customer-7' }))).status).toBe(200);
    expect(authorize.mock.calls.map(([, s]) => s)).toEqual(['customer-7', 'customer-7']);
    expect((await handle(get('customer-7', { 'x-session': 'session-of-customer-7' }))).status).toBe(200);
    expect((await handle(get('customer-7'))).status).toBe(403);
  });

  it('a hook that throws allows nothing, and the error goes to onError', async () => {
    const onError = vi.fn();
    const handle = server({
      authorize: () => {
        throw new Error('session store down');
      },
      onError,
    });
    const r = await identified('customer-9');
    const res = await handle(post(batch(r)));
    // A 5xx, never a 403: the SDK drops records a 4xx refuses, and keeps and retries them after a 5xx.
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: 'internal error', code: 'server/internal' });
    expect(await store.get(r.id)).toBeNull();
    expect(onError).toHaveBeenCalledOnce();
    expect((await handle(get('customer-9'))).status).toBe(500);
    const request = JSON.stringify({ type: 'access', subject: 'customer-9' });
    expect((await handle(post(request, {}, '/requests'))).status).toBe(500);
    expect((await store.requests()).some((q) => q.subject === 'customer-9')).toBe(false);
  });

  it("the SDK keeps an identified user's record while the hook fails, and the server stores it once the hook works again", async () => {
    let down = true;
    const handle = server({
      authorize: (request, subject) => {
        if (down) throw new Error('session store down');
        return request.headers.get('x-session') === `session-of-${subject}`;
      },
    });
    const r = await identified('customer-11');
    const { sync, box } = sdkSync(handle, [r], { headers: { 'x-session': 'session-of-customer-11' } });
    sync.queued([r]);
    await sync.flush(); // the session store is down
    expect(box.outbox).toEqual([r]); // kept for a retry, not dropped as refused
    down = false;
    const run = box.later as (() => void) | null;
    expect(run).not.toBeNull();
    run!();
    await vi.waitFor(() => expect(box.outbox).toEqual([]));
    expect(await store.get(r.id)).toEqual(r);
  });
});

describe('safety', () => {
  it('CORS: listed origins and the endpoint own origin get credentials; others get 403 and no CORS headers; never null', async () => {
    const handle = server({ origins: ['https://www.example.com'] });
    const [r] = await decisions(1);
    const listed = await handle(post(batch(r), { origin: 'https://www.example.com' }));
    expect(listed.status).toBe(200);
    expect(listed.headers.get('access-control-allow-origin')).toBe('https://www.example.com');
    expect(listed.headers.get('access-control-allow-credentials')).toBe('true');
    expect(listed.headers.get('access-control-expose-headers')).toBe('Retry-After'); // else the page cannot read it
    expect(listed.headers.get('vary')).toBe('Origin');
    const own = await handle(get(r!.subject, { origin: 'https://shop.example' }));
    expect(own.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    for (const origin of ['https://evil.example', 'null', 'https://www.example.com.evil.example']) {
      const [x] = await decisions(1);
      const res = await handle(post(batch(x), { origin, 'content-type': 'text/plain' }));
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ error: 'origin not allowed', code: 'request/origin' });
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('vary')).toBe('Origin');
      expect(await store.get(x!.id)).toBeNull();
    }
  });

  it('behind a TLS proxy without trustProxy (https pages, requests seen as http): the same host over https is the own origin, with or without Sec-Fetch-Site, and the server says so once', async () => {
    const errors: unknown[] = [];
    const handle = server({ config: sample, onError: (e) => void errors.push(e) });
    const at = (url: string, origin: string, body: string, headers: Record<string, string> = {}) =>
      handle(
        new Request(url, { method: 'POST', body, headers: { 'content-type': 'application/json', origin, ...headers } }),
      );
    const [a, b] = await decisions(2);
    const http = 'http://shop.example/api/consent';
    const chrome = await at(http, 'https://shop.example', batch(a), { 'sec-fetch-site': 'same-origin' });
    const oldSafari = await at(http, 'https://shop.example', batch(b)); // no Sec-Fetch-Site before Safari 16.4
    expect([chrome.status, oldSafari.status]).toEqual([200, 200]);
    expect(oldSafari.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(await store.get(b!.id)).toEqual(b);
    // The mirror cookie takes it for the same site too (and as https: __Host-, Secure).
    const config = parseConfig(sample);
    if (!config.ok) throw new Error('sample config');
    const value = encodeDecision(idsOf(config.config), toDecision(b!), '1a2b3c4d');
    const pulled = await handle(
      new Request(`${http}?subject=${b!.subject}`, {
        headers: { origin: 'https://shop.example', cookie: `__Host-candor=${value}` },
      }),
    );
    expect(pulled.headers.getSetCookie()).toEqual([expect.stringMatching(/^__Host-candor=.*; Secure$/)]);
    // Only the scheme may differ, and only http seen for https sent: other hosts and ports stay other origins.
    for (const [url, origin] of [
      [http, 'https://evil.example'],
      [http, 'https://shop.example:8443'],
      ['http://shop.example:8080/api/consent', 'https://shop.example'],
      ['https://shop.example/api/consent', 'http://shop.example'],
    ] as const) {
      const [x] = await decisions(1);
      expect((await at(url, origin, batch(x))).status).toBe(403);
    }
    expect(errors.map(String)).toEqual([
      'Error: candor/server: requests arrive as http from https pages (behind a TLS proxy: set trustProxy)',
    ]);
  });

  it('CORS preflight: 204 with methods and headers for a listed origin, 403 for another', async () => {
    const handle = server({ origins: ['https://www.example.com'] });
    const preflight = (origin: string) =>
      handle(new Request(URL_, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } }));
    const ok = await preflight('https://www.example.com');
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
    expect(ok.headers.get('access-control-allow-headers')).toBe('content-type, authorization');
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://www.example.com');
    expect((await preflight('https://evil.example')).status).toBe(403);
  });

  it('refuses a base path that is not a path, and a body limit below 1 KiB, at creation', () => {
    for (const basePath of ['api/consent', '/api//consent', '/api/consent?x', 'https://x.example/api'])
      expect(() => server({ basePath })).toThrow(/basePath .* is not a path such as \/api\/consent/);
    for (const maxBodyBytes of [0, 100, 1.5e3 + 0.5, Number.NaN])
      expect(() => server({ maxBodyBytes })).toThrow(/maxBodyBytes must be a whole number of bytes, at least 1024/);
    expect(() => server({ basePath: '/' })).not.toThrow();
    expect(() => server({ basePath: '/consent/' })).not.toThrow();
  });

  it('refuses origins that would weaken credentialed CORS at creation', () => {
    for (const origin of ['*', 'null', 'https://www.example.com/path', 'ftp://x.example'])
      expect(() => server({ origins: [origin] })).toThrow(/CORS origin/);
  });

  it('rate limit per client: 429 with Retry-After once the bucket is empty, other clients unaffected, refilled over time', async () => {
    let now = Date.now();
    const handle = server({ rateLimit: { requests: 3, windowSeconds: 60 }, now: () => now });
    const from = (clientAddress: string) => handle(get('6a4cbf55-3f0e-4e4c-9a4e-5b0d6c0e2f10'), { clientAddress });
    for (let i = 0; i < 3; i++) expect((await from('198.51.100.7')).status).toBe(200);
    const limited = await from('198.51.100.7');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('20');
    expect(await limited.json()).toEqual({ error: 'too many requests: retry later', code: 'request/rate-limited' });
    expect((await from('198.51.100.8')).status).toBe(200);
    now += 20_000;
    expect((await from('198.51.100.7')).status).toBe(200);
    expect((await from('198.51.100.7')).status).toBe(429);
  });

  it('at most 16 requests of one client at a time: bodies sent slowly cannot hold the memory of many more', async () => {
    // The rate limit counts requests as they start: 300 bodies of 512 KiB each, trickled in, would all be held at once.
    const handle = server({ rateLimit: { requests: 300 } });
    const streams: ReadableStreamDefaultController<Uint8Array>[] = [];
    const slow = () =>
      new Request(URL_, {
        method: 'POST',
        body: new ReadableStream<Uint8Array>({
          start(c) {
            c.enqueue(new TextEncoder().encode('{"records":['));
            streams.push(c);
          },
        }),
        duplex: 'half',
      } as RequestInit);
    const held = Array.from({ length: 16 }, () => handle(slow(), { clientAddress: '198.51.100.9' }));
    // Answered at once, or (without the cap) left reading its body: the race names which.
    const answer = await Promise.race([
      handle(slow(), { clientAddress: '198.51.100.9' }),
      new Promise<string>((ok) => setTimeout(ok, 2000, 'still reading its body')),
    ]);
    for (const c of streams.splice(16)) c.close();
    expect(answer).toBeInstanceOf(Response);
    const more = answer as Response;
    expect(more.status).toBe(429);
    expect(more.headers.get('retry-after')).toBe('1');
    expect(await more.json()).toMatchObject({ code: 'request/rate-limited' });
    expect((await handle(get('6a4cbf55-3f0e-4e4c-9a4e-5b0d6c0e2f10'), { clientAddress: '198.51.100.10' })).status).toBe(
      200,
    ); // another client
    for (const c of streams.splice(0, 16)) c.close();
    expect((await Promise.all(held)).map((r) => r.status)).toEqual(Array(16).fill(400));
    expect((await handle(get('6a4cbf55-3f0e-4e4c-9a4e-5b0d6c0e2f10'), { clientAddress: '198.51.100.9' })).status).toBe(
      200,
    ); // its requests are done: it may send again
    // The number is an option of the rate limit (a site whose visitors share an address may raise it).
    const one = server({ rateLimit: { requests: 300, concurrent: 1 } });
    const first = one(slow(), { clientAddress: '198.51.100.9' });
    expect((await one(get('6a4cbf55-3f0e-4e4c-9a4e-5b0d6c0e2f10'), { clientAddress: '198.51.100.9' })).status).toBe(
      429,
    );
    streams.pop()!.close();
    expect((await first).status).toBe(400);
    expect(() => server({ rateLimit: { concurrent: 0 } })).toThrow(/rateLimit\.concurrent/);
  });

  it('rate limit: an IPv6 client by its /64 (any of its addresses drains one bucket), an IPv4 client by its address', async () => {
    const handle = server({ rateLimit: { requests: 2 } });
    const from = (clientAddress: string) => handle(get('6a4cbf55-3f0e-4e4c-9a4e-5b0d6c0e2f10'), { clientAddress });
    expect((await from('2001:db8:85a3:8d3:1319:8a2e:370:7348')).status).toBe(200);
    expect((await from('2001:0DB8:85A3:08D3::1')).status).toBe(200); // the same /64, written otherwise
    expect((await from('2001:db8:85a3:8d3:ffff::9')).status).toBe(429);
    expect((await from('2001:db8:85a3:8d4::1')).status).toBe(200); // the next /64
    expect((await from('2001:db8::')).status).toBe(200);
    expect((await from('2001:db8:0:0:1::')).status).toBe(200); // 2001:db8::/64 as well
    expect((await from('2001:db8::2')).status).toBe(429);
    expect((await from('::ffff:198.51.100.7')).status).toBe(200); // IPv4 through an IPv6 socket
    expect((await from('198.51.100.7')).status).toBe(200);
    expect((await from('198.51.100.7')).status).toBe(429);
    expect((await from('198.51.100.8')).status).toBe(200); // a neighbour has its own
  });

  it('rate limit behind a proxy: the last X-Forwarded-For entry only with trustProxy', async () => {
    const handle = server({ rateLimit: { requests: 1 }, trustProxy: true });
    const via = (forwarded: string) =>
      handle(get('6a4cbf55-3f0e-4e4c-9a4e-5b0d6c0e2f10', { 'x-forwarded-for': forwarded }), {
        clientAddress: '10.0.0.1',
      });
    expect((await via('1.1.1.1, 203.0.113.5')).status).toBe(200);
    expect((await via('2.2.2.2, 203.0.113.5')).status).toBe(429); // a forged first entry changes nothing
    expect((await via('203.0.113.6')).status).toBe(200);
    // An entry with the port some proxies add is its address: each source port is not a new client.
    expect((await via('203.0.113.7:50001')).status).toBe(200);
    expect((await via('203.0.113.7:50002')).status).toBe(429);
    expect((await via('203.0.113.7')).status).toBe(429);
    expect((await via('[2001:db8::1]:443')).status).toBe(200);
    expect((await via('[2001:db8::2]:444')).status).toBe(429); // the same /64
    expect((await via('2001:db8::3')).status).toBe(429);
  });

  it('stores no client address by default, and only a truncated one when turned on', async () => {
    const net = async (options: Omit<ConsentServerOptions, 'store'>, clientAddress: string) => {
      const subject = crypto.randomUUID();
      const res = await server(options)(post(JSON.stringify({ type: 'access', subject }), {}, '/requests'), {
        clientAddress,
      });
      expect(res.status).toBe(202);
      return (await store.requests()).find((r) => r.subject === subject);
    };
    expect(await net({}, '203.0.113.77')).toBeDefined();
    expect(await rows('SELECT count(*)::int AS n FROM candor_requests WHERE client_net IS NOT NULL')).toEqual([
      { n: 0 },
    ]);
    await net({ storeClientAddress: true }, '203.0.113.77');
    await net({ storeClientAddress: true }, '2001:db8:85a3:8d3:1319:8a2e:370:7348');
    await net({ storeClientAddress: true }, '::ffff:198.51.100.9');
    expect(await rows('SELECT client_net FROM candor_requests WHERE client_net IS NOT NULL ORDER BY seq')).toEqual([
      { client_net: '203.0.113.0' },
      { client_net: '2001:db8:85a3::' },
      { client_net: '198.51.100.0' },
    ]);
  });
});

describe('the candor mirror cookie (docs/storage.md)', () => {
  const config = parseConfig(sample);
  if (!config.ok) throw new Error('sample config');
  const ids = idsOf(config.config);
  /** The cookie value the client writes for a record (store/cookie.ts, as cookie-mirror.ts calls it). */
  const valueOf = (r: ConsentRecord, stamp = '1a2b3c4d') => encodeDecision(ids, toDecision(r), stamp);
  const sameOrigin = (value: string) => ({
    'sec-fetch-site': 'same-origin',
    cookie: `other=1; __Host-candor=${value}`,
  });

  it('a same-site request with a valid cookie whose record the server holds gets it back unchanged, with Max-Age to its expiry', async () => {
    const now = Date.now();
    const handle = server({ config: sample, now: () => now });
    const [r] = await decisions(1);
    const value = valueOf(r!);
    const res = await handle(post(batch(r), sameOrigin(value)));
    expect(res.status).toBe(200);
    const cookieExpiry = parseInt(value.split('.')[3]!, 36) * 1000; // epoch seconds in the cookie
    const maxAge = Math.floor((cookieExpiry - now) / 1000);
    expect(res.headers.getSetCookie()).toEqual([
      `__Host-candor=${value}; Path=/; Max-Age=${maxAge}; SameSite=Lax; Secure`,
    ]);
    expect(res.headers.getSetCookie()).toEqual([cookieString({ domain: null, path: '/' }, value, maxAge, true)]);
    // Later, a pull refreshes it too (the record is stored now).
    const pulled = await handle(get(r!.subject, sameOrigin(value)));
    expect(pulled.headers.getSetCookie()).toHaveLength(1);
  });

  it('with cookie.domain the shared `candor` cookie is refreshed for the domain; on http without Secure', async () => {
    const shared = { ...sample, cookie: { domain: 'shop.example' } };
    const handle = server({ config: shared });
    const [r] = await decisions(1);
    await handle(post(batch(r)));
    const value = valueOf(r!);
    const http = new Request(`http://shop.example/api/consent?subject=${r!.subject}`, {
      headers: { 'sec-fetch-site': 'same-site', cookie: `candor=${value}` },
    });
    expect((await handle(http)).headers.getSetCookie()[0]).toMatch(
      new RegExp(`^candor=${value.replaceAll('.', '\\.')}; Path=/; Domain=shop\\.example; Max-Age=\\d+; SameSite=Lax$`),
    );
  });

  it('is never set cross-site, for a record the server does not hold or that is not its subject newest, for a non-canonical or expired value, or without a config', async () => {
    const [r] = await decisions(1);
    await server()(post(batch(r)));
    const value = valueOf(r!);
    const none = async (handle: ReturnType<typeof server>, request: Request) => {
      const res = await handle(request);
      expect(res.status).toBe(200);
      expect(res.headers.getSetCookie()).toEqual([]);
    };
    const handle = server({ config: sample, origins: ['https://www.example.com'] });
    await none(
      handle,
      get(r!.subject, {
        'sec-fetch-site': 'cross-site',
        origin: 'https://www.example.com',
        cookie: `__Host-candor=${value}`,
      }),
    );
    const [unknown] = await decisions(1);
    await none(handle, get(r!.subject, sameOrigin(valueOf(unknown!))));
    const [older, newer] = await decisions(2);
    await server()(post(batch(older, newer)));
    await none(handle, get(older!.subject, sameOrigin(valueOf(older!)))); // not its subject's newest any more
    const fields = value.split('.');
    fields[6] = fields[6]!.replace(/.$/, (d) => (parseInt(d, 16) | 8).toString(16)); // a bit beyond the last purpose
    await none(handle, get(r!.subject, sameOrigin(fields.join('.'))));
    const afterExpiry = Date.parse(r!.expiresAt) + 1000;
    await none(server({ config: sample, now: () => afterExpiry }), get(r!.subject, sameOrigin(value)));
    await none(server(), get(r!.subject, sameOrigin(value)));
  });

  it('with the config, the purpose aggregates count its purposes only (the record keeps every key)', async () => {
    const [a, b] = await decisions(2);
    const extra = 'zz-not-in-config';
    const records = [a!, b!].map((r) => withFields(r, { purposes: { ...r.purposes, [extra]: true } }));
    // Each record alone: b's prevHash then names a record of another content (a chain break, beside the point here).
    expect((await server({ config: sample })(post(batch(records[0])))).status).toBe(200);
    const day = records[0]!.issuedAt.slice(0, 10);
    const counted = async () =>
      (await store.stats({ from: day, to: day })).purposes.filter((p) => p.purpose === extra).map((p) => p.total);
    expect(await counted()).toEqual([]);
    expect((await store.get(records[0]!.id))?.purposes).toHaveProperty(extra, true);
    expect((await server()(post(batch(records[1])))).status).toBe(200); // no config: every id-shaped key counts
    expect(await counted()).toEqual([1]);
  });

  it('without the config, a record of many purpose keys: stored whole, its first 64 counted; the statistics list the 30 purposes and languages with the most decisions, the rest as otherPurposes and `other`', async () => {
    const now = Date.parse('2012-03-10T12:00:00Z'); // a day no other test counts in
    const day = '2012-03-10';
    const [r] = await decisions(1);
    const made = (fields: Record<string, unknown>) =>
      withFields(r!, {
        id: crypto.randomUUID(),
        subject: crypto.randomUUID(),
        prevHash: null,
        issuedAt: new Date(now).toISOString(),
        expiresAt: new Date(now + 182 * 86_400_000).toISOString(),
        ...fields,
      });
    const keys = Array.from({ length: 100 }, (_, i) => `p${String(i).padStart(3, '0')}`);
    const many = (locale: string) => made({ locale, purposes: Object.fromEntries(keys.map((k) => [k, true])) });
    // 35 languages, the first three times (with the record above): it and the 29 next in order are listed, 5 are `other`.
    const languages = Array.from(
      { length: 35 },
      (_, i) => `q${String.fromCharCode(97 + Math.floor(i / 26))}${String.fromCharCode(97 + (i % 26))}`,
    );
    const first = many(languages[0]!);
    const spoken = [languages[0]!, ...languages].map((locale) => made({ locale, purposes: { necessary: true } }));
    const handle = server({ now: () => now });
    expect((await handle(post(batch(first, ...spoken)))).status).toBe(200);
    expect(Object.keys((await store.get(first.id))?.purposes ?? {})).toHaveLength(100);
    const counted = await rows(
      `SELECT purpose, total FROM candor_stats_purposes WHERE day = '${day}' AND purpose LIKE 'p0%' ORDER BY purpose`,
    );
    expect(counted.map((c) => (c as { purpose: string }).purpose)).toEqual(keys.slice(0, 64));
    const stats = await store.stats({ from: day, to: day });
    expect([...new Set(stats.purposes.map((p) => p.purpose))]).toEqual(['necessary', ...keys.slice(0, 29)]);
    expect(stats.otherPurposes).toBe(65 - 30);
    const byLocale = new Map<string, number>();
    for (const d of stats.decisions) byLocale.set(d.locale, (byLocale.get(d.locale) ?? 0) + d.count);
    expect(byLocale.size).toBe(31);
    expect(byLocale.get(languages[0]!)).toBe(3);
    expect(byLocale.get('other')).toBe(5);
    expect([...byLocale.values()].reduce((a, b) => a + b, 0)).toBe(37);
  });

  it("the aggregates count revisions 0 to the config's only (to 99 without one) and records issued at most 35 days before the server's day; every record is stored as sent", async () => {
    const now = Date.parse('2023-06-15T12:00:00Z');
    const daysBack = (days: number) => new Date(now - days * 86_400_000).toISOString();
    const [r] = await decisions(1);
    const made = (policyRevision: number, days = 0) =>
      withFields(r!, {
        id: crypto.randomUUID(),
        subject: crypto.randomUUID(),
        prevHash: null,
        policyRevision,
        issuedAt: daysBack(days),
        expiresAt: daysBack(days - 182),
      });
    const configured = [made(0), made(3), made(4), made(1_000_000), made(3, 35), made(3, 36), made(3, 3650)];
    const unconfigured = [made(99), made(100)];
    expect((await server({ config: sample, now: () => now })(post(batch(...configured)))).status).toBe(200);
    expect((await server({ now: () => now })(post(batch(...unconfigured)))).status).toBe(200);
    const stats = await store.stats({ from: '2013-01-01', to: '2023-06-15' });
    expect(stats.decisions.map((d) => [d.day, d.policyRevision, d.count])).toEqual([
      ['2023-05-11', 3, 1], // 35 days before: still counted
      ['2023-06-15', 0, 1],
      ['2023-06-15', 3, 1],
      ['2023-06-15', 99, 1],
    ]);
    expect([...new Set(stats.purposes.map((p) => `${p.day} ${p.policyRevision}`))]).toEqual([
      '2023-05-11 3',
      '2023-06-15 0',
      '2023-06-15 3',
      '2023-06-15 99',
    ]);
    for (const x of [...configured, ...unconfigured]) expect(await store.get(x.id)).toEqual(x);
  });

  it('an invalid config is refused at creation with every issue', () => {
    expect(() => server({ config: { policy: { revision: -1 }, purposes: 'none' } })).toThrow(/invalid config/);
  });
});

// The site owner's side, on this file's store.
adminTests(() => ({ db, store }));

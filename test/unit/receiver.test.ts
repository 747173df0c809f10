import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { raw as rawHttp } from './raw-http';
import { createConsent } from '../../src/instance/create-consent';
import type { ConsentRecord } from '../../src/core/record';
import { validate } from '../../src/core/json-schema.mjs';
// @ts-expect-error -- plain JavaScript module of the demo
import { createReceiver, parseOrigins } from '../../demo/receiver.mjs';
import { sample } from './fixtures';

type Receiver = {
  listen: () => Promise<string>;
  close: () => Promise<void>;
  records: () => ConsentRecord[];
  requests: () => unknown[];
};
let dir: string;
let receiver: Receiver;
let url: string;
const post = (path: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(`${url}${path}`, { method: 'POST', body, headers });
const record = async (): Promise<ConsentRecord> => (await createConsent(sample).acceptAll())!;
const port = () => Number(new URL(url).port);

/** A raw request to the receiver under test. */
const raw = (text: string) => rawHttp(port(), text);
const rawGet = (target: string) => raw(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
/** A record's JSON with one more own property `key` (an object literal cannot make an own __proto__). */
const withKey = (json: string, key: string, value: string) => `${json.slice(0, -1)},${JSON.stringify(key)}:${value}}`;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'candor-receiver-'));
  receiver = createReceiver({ dir, origins: ['http://shop.example'], maxBody: 64 * 1024, faults: true });
  url = await receiver.listen();
});
afterEach(async () => {
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('reference receiver', () => {
  it('stores valid records durably, deduplicates by id, and answers the GET by subject with the newest', async () => {
    const a = await record();
    const res = await post('/consent', JSON.stringify({ records: [a, a] }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 1 });
    expect((await (await post('/consent', JSON.stringify({ records: [a] }))).json()).duplicates).toBe(1);
    expect(readFileSync(join(dir, 'records.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
    const got = await (await fetch(`${url}/consent?subject=${encodeURIComponent(a.subject)}`)).json();
    expect(got.record.id).toBe(a.id);
    expect(await (await fetch(`${url}/consent?subject=nobody`)).json()).toEqual({ record: null });
  });

  it('refuses a record dated more than a day ahead (it would answer the GET by subject for good), and keeps the first copy of an id sent twice in one batch', async () => {
    const a = await record();
    const at = (ms: number) => new Date(Date.now() + ms).toISOString();
    const ahead = { ...a, id: crypto.randomUUID(), issuedAt: at(86_400_000 + 60_000), expiresAt: at(2 * 86_400_000) };
    const refused = await post('/consent', JSON.stringify({ records: [ahead] }));
    expect(refused.status).toBe(400);
    expect((await refused.json()).reasons).toEqual(["records[0].issuedAt: more than a day after the receiver's clock"]);
    const soon = { ...ahead, issuedAt: at(3_600_000) }; // a device clock an hour fast: taken
    expect((await post('/consent', JSON.stringify({ records: [soon] }))).status).toBe(200);
    const id = crypto.randomUUID();
    const first = { ...a, id, method: 'banner:accept-all' };
    const second = { ...a, id, method: 'banner:reject-all' };
    expect(await (await post('/consent', JSON.stringify({ records: [first, second] }))).json()).toEqual({
      accepted: 1,
      duplicates: 1,
    });
    expect(receiver.records().find((r) => r.id === id)?.method).toBe('banner:accept-all');
    expect(JSON.parse(readFileSync(join(dir, 'records.jsonl'), 'utf8').trim().split('\n').pop()!).method).toBe(
      'banner:accept-all',
    );
  });

  it('keeps records across a restart', async () => {
    const a = await record();
    await post('/consent', JSON.stringify({ records: [a] }));
    await receiver.close();
    receiver = createReceiver({ dir, faults: true });
    url = await receiver.listen();
    expect(receiver.records().map((r) => r.id)).toEqual([a.id]);
  });

  it.each<[string, string, string]>([
    ['malformed JSON', '{"records": [', 'body is not valid JSON'],
    ['no records list', '{"record": {}}', 'records: required, a list'],
    ['a wrong type', 'WRONG_TYPE', 'records[0].policyRevision: must be integer, got string'],
    ['a missing field', 'MISSING', 'records[0].gpc: required'],
    ['an unknown method', 'BAD_METHOD', 'records[0].method: must be one of'],
    ['an extra field', 'EXTRA', 'records[0].ip: not allowed'],
    ['a bad date', 'BAD_DATE', 'records[0].issuedAt: not an RFC 3339 date-time'],
    ['a day the month lacks (Date.parse reads it as March 2nd)', 'FEB_30', 'records[0].expiresAt: not an RFC 3339'],
  ])('answers 400 with the reasons for %s', async (_n, body, reason) => {
    const r = await record();
    const bodies: Record<string, unknown> = {
      WRONG_TYPE: { records: [{ ...r, policyRevision: '3' }] },
      MISSING: { records: [{ ...r, gpc: undefined }] },
      BAD_METHOD: { records: [{ ...r, method: 'sneaky' }] },
      EXTRA: { records: [{ ...r, ip: '1.2.3.4' }] },
      BAD_DATE: { records: [{ ...r, issuedAt: 'yesterday' }] },
      FEB_30: { records: [{ ...r, expiresAt: '2027-02-30T00:00:00.000Z' }] },
    };
    const res = await post('/consent', body in bodies ? JSON.stringify(bodies[body]) : body);
    expect(res.status).toBe(400);
    const json = await res.json();
    expect(json.reasons.some((x: string) => x.startsWith(reason))).toBe(true);
    expect(receiver.records()).toEqual([]);
  });

  it('refuses a body over the size limit with 413: it reads the body to its end first, so the client gets the answer, not a reset', async () => {
    const res = await post('/consent', JSON.stringify({ records: [], pad: 'x'.repeat(70 * 1024) }));
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: `body larger than ${64 * 1024} bytes` });
    expect(receiver.records()).toEqual([]);
  });

  it('answers 413 at once, before any body, when Content-Length is far over the limit, and closes the connection', async () => {
    const res = await raw(
      'POST /consent HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n',
    );
    expect(res.status).toBe(413);
    expect(res.head).toContain('connection: close');
    expect(res.body).toContain(JSON.stringify({ error: `body larger than ${64 * 1024} bytes` })); // (chunked)
  });

  it.each<[string, number, string]>([
    ['/%', 400, '/%'],
    ['//[', 400, '//['],
    ['/consent?subject=a&%', 200, '/consent?subject=a&%'],
    ['/consent%', 400, '/consent%'],
    ['//evil.example/consent', 400, '//evil.example/consent'],
    ['http://[/', 400, 'http://[/'],
    ['/consent?subject=a… (9000 characters)', 414, `/consent?subject=${'a'.repeat(9000)}`],
  ])('answers the raw request target %s with %i and keeps serving', async (_label, status, target) => {
    expect((await rawGet(target)).status).toBe(status);
    const next = await fetch(`${url}/consent/records`);
    expect(next.status).toBe(200);
    expect(await next.json()).toEqual({ records: [] });
  });

  it.each([
    '/consent/../../package.json',
    '/%2e%2e/%2e%2e/package.json',
    '/consent/..%2f..%2fpackage.json',
    '/..%5c..%5cpackage.json',
    '/consent/records/../../../etc/passwd',
  ])('answers the path traversal attempt %s with 404 (the receiver serves no files)', async (target) => {
    const res = await rawGet(target);
    expect(res.status).toBe(404);
    expect(res.body).toContain('{"error":"not found"}'); // (chunked)
  });

  it('CORS: a listed origin is answered with credentials and Vary: Origin, on the preflight and on the answers', async () => {
    const pre = await fetch(`${url}/consent`, {
      method: 'OPTIONS',
      headers: { origin: 'http://shop.example', 'access-control-request-method': 'POST' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('http://shop.example');
    expect(pre.headers.get('access-control-allow-credentials')).toBe('true');
    expect(pre.headers.get('vary')).toBe('Origin');
    const res = await fetch(`${url}/consent?subject=nobody`, { headers: { origin: 'http://shop.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('http://shop.example');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-expose-headers')).toBe('Retry-After'); // else the page cannot read it
    expect(res.headers.get('vary')).toBe('Origin');
    const stored = await fetch(`${url}/consent`, {
      method: 'POST',
      body: JSON.stringify({ records: [await record()] }),
      headers: { origin: 'http://shop.example', 'content-type': 'application/json' },
    });
    expect(stored.status).toBe(200);
    expect(stored.headers.get('access-control-allow-origin')).toBe('http://shop.example');
  });

  it('CORS: a foreign origin gets no CORS headers (but Vary: Origin), and its preflight 403', async () => {
    for (const origin of [
      'http://evil.example',
      'http://shop.example.evil.example',
      'https://shop.example',
      'http://shop.example:8080',
    ]) {
      const pre = await fetch(`${url}/consent`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
      expect(pre.status).toBe(403);
      expect(pre.headers.get('access-control-allow-origin')).toBeNull();
      const res = await fetch(`${url}/consent/records`, { headers: { origin } });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
      expect(res.headers.get('vary')).toBe('Origin');
    }
  });

  it('CORS: Origin: null is never allowed (no CORS headers, preflight 403), and cannot be listed', async () => {
    const pre = await fetch(`${url}/consent`, {
      method: 'OPTIONS',
      headers: { origin: 'null', 'access-control-request-method': 'POST' },
    });
    expect(pre.status).toBe(403);
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    const res = await fetch(`${url}/consent/records`, { headers: { origin: 'null' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(() => createReceiver({ dir, origins: ['null'] })).toThrow(/never allowed/);
  });

  it('CORS: the same origin is always allowed, listed or not', async () => {
    const res = await fetch(`${url}/consent/records`, { headers: { origin: url } });
    expect(res.headers.get('access-control-allow-origin')).toBe(url);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    const pre = await fetch(`${url}/consent`, {
      method: 'OPTIONS',
      headers: { origin: url, 'access-control-request-method': 'POST' },
    });
    expect(pre.status).toBe(204);
  });

  it('CORS: the allowlist (CANDOR_ALLOWED_ORIGINS) takes exact origins; "*", "null" and URLs with a path are refused', () => {
    expect(parseOrigins(undefined)).toEqual([]);
    expect(parseOrigins('')).toEqual([]);
    expect(parseOrigins(' https://WWW.Example.com , http://localhost:3000/,https://shop.example:443 ')).toEqual([
      'https://www.example.com',
      'http://localhost:3000',
      'https://shop.example',
    ]);
    for (const bad of [
      '*',
      'null',
      'https://a.example/path',
      'https://a.example?x',
      'file:///tmp',
      'a.example',
      'https://user@a.example',
      'https://*.example.com', // no browser sends a wildcard: every page would be refused
    ]) {
      expect(() => parseOrigins(bad), bad).toThrow(/CORS origin/);
    }
    expect(() => createReceiver({ dir, origins: ['*'] })).toThrow(/never allowed/);
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
    'refuses a record with an own "%s" property (400, not allowed), and nothing is polluted',
    async (key) => {
      const body = `{"records":[${withKey(JSON.stringify(await record()), key, '{"polluted":true}')}]}`;
      const res = await post('/consent', body);
      expect(res.status).toBe(400);
      expect((await res.json()).reasons).toEqual([`records[0].${key}: not allowed`]);
      expect(receiver.records()).toEqual([]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  it('refuses "__proto__" and "constructor" as purpose ids, although purposes take any other id', async () => {
    const r = await record();
    const purposes = withKey(withKey(JSON.stringify(r.purposes), '__proto__', 'true'), 'constructor', 'true');
    const body = `{"records":[${JSON.stringify({ ...r, purposes: 'PURPOSES' }).replace('"PURPOSES"', purposes)}]}`;
    const res = await post('/consent', body);
    expect(res.status).toBe(400);
    expect((await res.json()).reasons).toEqual([
      'records[0].purposes.__proto__: not allowed',
      'records[0].purposes.constructor: not allowed',
    ]);
  });

  it('the schema check counts own properties only: inherited constructor/toString are neither present nor a schema', () => {
    expect(validate({ type: 'object', required: ['constructor', 'toString'] }, {})).toEqual([
      'constructor: required',
      'toString: required',
    ]);
    const schema = { type: 'object', additionalProperties: false, properties: { a: { type: 'string' } } };
    expect(validate(schema, JSON.parse('{"a":"x","constructor":1,"__proto__":{"a":1},"toString":"y"}'))).toEqual([
      'constructor: not allowed',
      '__proto__: not allowed',
      'toString: not allowed',
    ]);
    expect(validate(schema, { a: 'x' })).toEqual([]);
  });

  it('answers CORS preflights for the configured origin only', async () => {
    const ok = await fetch(`${url}/consent`, {
      method: 'OPTIONS',
      headers: { origin: 'http://shop.example', 'access-control-request-method': 'POST' },
    });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://shop.example');
    expect(ok.headers.get('access-control-allow-headers')).toContain('content-type');
    const other = await fetch(`${url}/consent`, { method: 'OPTIONS', headers: { origin: 'http://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('stores data-subject requests and validates them', async () => {
    expect(
      (await post('/consent/requests', JSON.stringify({ type: 'deletion', subject: 'u1', message: 'please' }))).status,
    ).toBe(202);
    const bad = await post('/consent/requests', JSON.stringify({ type: 'erase-all', subject: '' }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).reasons).toEqual([
      'type: must be one of access, correction, deletion, do-not-sell',
      'subject: required',
    ]);
    expect(receiver.requests()).toHaveLength(1);
  });

  it('injects faults: the next N fail with a status and Retry-After', async () => {
    await post('/__faults', JSON.stringify({ failNext: 2, status: 503, retryAfter: 7 }));
    const first = await post('/consent', JSON.stringify({ records: [] }));
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('7');
    expect((await post('/consent', JSON.stringify({ records: [] }))).status).toBe(503);
    expect((await post('/consent', JSON.stringify({ records: [] }))).status).toBe(200);
  });
});

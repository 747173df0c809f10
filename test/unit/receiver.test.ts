import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import type { ConsentRecord } from '../../src/core/record';
// @ts-expect-error -- plain JavaScript module of the demo
import { createReceiver } from '../../demo/receiver.mjs';
import { sample } from './fixtures';

type Receiver = { listen: () => Promise<string>; close: () => Promise<void>; records: () => ConsentRecord[]; requests: () => unknown[] };
let dir: string;
let receiver: Receiver;
let url: string;
const post = (path: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) => fetch(`${url}${path}`, { method: 'POST', body, headers });
const record = async (): Promise<ConsentRecord> => (await createConsent(sample).acceptAll())!;

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
  ])('answers 400 with the reasons for %s', async (_n, body, reason) => {
    const r = await record();
    const bodies: Record<string, unknown> = {
      WRONG_TYPE: { records: [{ ...r, policyRevision: '3' }] },
      MISSING: { records: [{ ...r, gpc: undefined }] },
      BAD_METHOD: { records: [{ ...r, method: 'sneaky' }] },
      EXTRA: { records: [{ ...r, ip: '1.2.3.4' }] },
      BAD_DATE: { records: [{ ...r, issuedAt: 'yesterday' }] },
    };
    const res = await post('/consent', body in bodies ? JSON.stringify(bodies[body]) : body);
    expect(res.status).toBe(400);
    const json = await res.json();
    expect(json.reasons.some((x: string) => x.startsWith(reason))).toBe(true);
    expect(receiver.records()).toEqual([]);
  });

  it('refuses bodies over the size limit with 413', async () => {
    const res = await post('/consent', JSON.stringify({ records: [], pad: 'x'.repeat(70 * 1024) })).catch(() => null);
    expect(res?.status ?? 413).toBe(413);
  });

  it('answers CORS preflights for the configured origin only', async () => {
    const ok = await fetch(`${url}/consent`, { method: 'OPTIONS', headers: { origin: 'http://shop.example', 'access-control-request-method': 'POST' } });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://shop.example');
    expect(ok.headers.get('access-control-allow-headers')).toContain('content-type');
    const other = await fetch(`${url}/consent`, { method: 'OPTIONS', headers: { origin: 'http://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('stores data-subject requests and validates them', async () => {
    expect((await post('/consent/requests', JSON.stringify({ type: 'deletion', subject: 'u1', message: 'please' }))).status).toBe(202);
    const bad = await post('/consent/requests', JSON.stringify({ type: 'erase-all', subject: '' }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).reasons).toEqual(['type: must be one of access, correction, deletion, do-not-sell', 'subject: required']);
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

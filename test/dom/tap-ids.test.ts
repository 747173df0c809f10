// @vitest-environment happy-dom
// One tap, one record (instance/tap-ids.ts): the script tag's engines created while a first visit's
// mark waits take the subject drawn from the tap's id, and the tap's decision the record id drawn
// from that subject, so that the tapping tab and a tab that replays the mark write the same record.
// The mark is untrusted (localStorage): a hostile one gets random ids, never one it names.
import { beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/core/canonical-json';
import { sha256 } from '../../src/core/sha256';
import type { ConsentRecord } from '../../src/core/record';
import type { Consent, DecisionOptions } from '../../src/instance/types';
import { createTapped, uuidOf } from '../../src/instance/tap-ids';
import { createMemoryStorage } from '../../src/store/memory';
import { COPY_KEY } from '../../src/store/keys';

const CONFIG = { policy: { revision: 1 }, purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }] };
const NOW = 1_764_950_000_000;
const AT = NOW - 1_000;
const TAP = '3f0c2a4e-9b1d-4c7e-8a55-2d6f1e0b7c93';
const OPTIONS = { method: 'banner:accept-all', locale: 'en', texts: { 'banner.title': 'Cookies' } } as const;
const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * The tap's record id: of the subject drawn from the tap and what the record holds that another tab
 * may not share (its config hash, which carries the mode, and its preferences).
 */
const tapId = (r: Pick<ConsentRecord, 'configHash' | 'preferences'>): string =>
  uuidOf(canonicalJson([uuidOf(TAP), r.configHash, r.preferences]));
const mark = (...m: unknown[]): void => localStorage.setItem(COPY_KEY, JSON.stringify(m));
/** An engine as a tab creates it: its own storage (the other tab's record not seen yet), a fixed clock. */
async function engine(stored: ConsentRecord[] = []): Promise<Consent> {
  const c = createTapped(CONFIG, { storage: createMemoryStorage(stored), now: () => NOW, gpc: false, locale: 'en' });
  await c.ready;
  return c;
}
const tap = (c: Consent, o: DecisionOptions = { ...OPTIONS, madeAt: AT }) => c.acceptAll(o);

beforeEach(() => localStorage.clear());

describe('a tap marked with its id', () => {
  beforeEach(() => mark('acceptAll', OPTIONS, AT, CONFIG, TAP));

  it('recorded by two tabs (the tapping one and one replaying the mark): one record, the same in both', async () => {
    const [tapping, other] = [await engine(), await engine()];
    const [a, b] = [await tap(tapping), await tap(other)];
    expect(a).toEqual(b);
    expect(a).toMatchObject({ subject: uuidOf(TAP), id: tapId(a!), issuedAt: new Date(AT).toISOString() });
    expect(a!.subject).toMatch(V4);
    expect(a!.id).toMatch(V4);
    expect(tapping.state.peek().subject).toBe(uuidOf(TAP));
  });

  it('never takes the id as it is: the subject and the record id are one-way from it and from each other', async () => {
    const r = await tap(await engine());
    expect([r!.subject, r!.id]).not.toContain(TAP);
    expect(r!.id).not.toBe(r!.subject);
    // The id is of the sha-256 of the subject with the record's config hash and preferences: knowing
    // a record id (sent to the endpoint) tells no subject.
    expect(r!.id.replace(/-/g, '').slice(0, 12)).toBe(
      sha256(canonicalJson([r!.subject, r!.configHash, r!.preferences])).slice(0, 12),
    );
  });

  it('a decision not dated at the tap (the site’s, the visitor’s later one) gets a random id', async () => {
    for (const o of [undefined, { ...OPTIONS }, { ...OPTIONS, madeAt: AT - 1 }, { ...OPTIONS, madeAt: AT + 1 }]) {
      localStorage.clear();
      mark('acceptAll', OPTIONS, AT, CONFIG, TAP);
      const r = await (await engine()).acceptAll(o);
      expect(r!.subject).toBe(uuidOf(TAP));
      expect(r!.id).not.toBe(tapId(r!));
      expect(r!.id).toMatch(V4);
    }
  });

  it('only the first record of the drawn subject: the next decision gets a random id', async () => {
    const c = await engine();
    const first = await tap(c);
    const next = await c.rejectAll({ ...OPTIONS, method: 'banner:reject-all' });
    expect(next!.id).not.toBe(first!.id);
    expect(next!.subject).toBe(first!.subject);
  });

  it('a stored decision: its subject stays, and the tap gets a random id (never deduplicated against a record)', async () => {
    const older = (await tap(await engine(), { madeAt: AT - 60_000 }))!;
    // A stored record of another subject (a returning visitor whose cookie had gone).
    const stored = {
      ...older,
      subject: '0b6a1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d',
      id: 'c1d2e3f4-0000-4000-8000-000000000001',
    };
    const c = await engine([stored]);
    expect(c.state.peek().subject).toBe(stored.subject);
    const r = await tap(c);
    expect(r!.id).not.toBe(tapId(r!));
    expect(r!.subject).toBe(stored.subject);
  });

  it('a subject identified before ready: the tap gets a random id', async () => {
    const c = createTapped(CONFIG, { storage: createMemoryStorage(), now: () => NOW, gpc: false });
    void c.identify('customer-42');
    await c.ready;
    const r = await tap(c);
    expect(r!.subject).toBe('customer-42');
    expect(r!.id).not.toBe(tapId(r!));
  });
});

describe('no usable id: random ids, as without a mark', () => {
  const hostile: [string, string | null][] = [
    ['no mark', null],
    ['a plain-http page’s tap (no crypto.randomUUID: null)', JSON.stringify(['acceptAll', OPTIONS, AT, CONFIG, null])],
    ['a mark without the id (an older first layer)', JSON.stringify(['acceptAll', OPTIONS, AT, CONFIG])],
    ['an empty id', JSON.stringify(['acceptAll', OPTIONS, AT, CONFIG, ''])],
    ['a cookie’s copy', 'v1.0123456789abcdef'],
    ['no JSON', '['],
    ['JSON null', 'null'],
    ['a number', '7'],
  ];
  it.each(hostile)('%s', async (_, value) => {
    if (value !== null) localStorage.setItem(COPY_KEY, value);
    const [a, b] = [await engine(), await engine()];
    expect(a.state.peek().subject).toMatch(V4);
    expect(a.state.peek().subject).not.toBe(b.state.peek().subject);
    const [ra, rb] = [await tap(a), await tap(b)];
    expect(ra!.id).not.toBe(rb!.id);
  });
});

describe('a hostile mark', () => {
  it('naming an existing record’s id: the tap’s record is not deduplicated against it', async () => {
    const existing = (await tap(await engine()))!;
    localStorage.clear();
    mark('acceptAll', OPTIONS, AT, CONFIG, existing.id);
    const r = await tap(await engine());
    expect(r!.id).not.toBe(existing.id);
    expect(r!.subject).not.toBe(existing.subject);
    expect(r!.id).toMatch(V4);
  });

  it('naming a subject: the drawn subject is not it', async () => {
    mark('acceptAll', OPTIONS, AT, CONFIG, '0b6a1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d');
    const c = await engine();
    expect(c.state.peek().subject).not.toBe('0b6a1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d');
    expect(c.state.peek().subject).toMatch(V4);
  });

  it('with an id that is no string (an object, a number): no throw, a well-formed subject', async () => {
    for (const id of [{ toString: 1 }, 42, ['x'], true]) {
      localStorage.clear();
      mark('acceptAll', OPTIONS, AT, CONFIG, id);
      const c = await engine();
      expect(c.state.peek().subject).toMatch(V4);
      expect((await tap(c))!.id).toMatch(V4);
    }
  });

  it('that is no array (a JSON string): a well-formed subject, and random record ids', async () => {
    // Its fifth character taken as the id: a subject known to whoever wrote it, as any mark's is
    // (see the top of instance/tap-ids.ts: a script of this origin can read the subject anyway).
    localStorage.setItem(COPY_KEY, '"acceptAll"');
    const [a, b] = [await engine(), await engine()];
    expect(a.state.peek().subject).toMatch(V4);
    const [ra, rb] = [await tap(a), await tap(b)];
    expect(ra!.id).not.toBe(rb!.id);
  });

  it('with a time that is no number: the tap gets a random id', async () => {
    mark('acceptAll', OPTIONS, String(AT), CONFIG, TAP);
    const r = await tap(await engine());
    expect(r!.id).not.toBe(tapId(r!));
  });
});

/**
 * What the browser storage may believe before its records are read by name (store/browser.ts
 * `peek`): a cookie written under another config, a shared cookie gone while IndexedDB keeps the
 * refusal, a journal left by a page whose IndexedDB never worked, and a GPC signal on a page whose
 * storage could not be read.
 */
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import { createMemoryStorage } from '../../src/store/memory';
import type { ConsentStorage } from '../../src/store/storage';
import { NOW, sample, device } from './fixtures';

const A = {
  policy: { revision: 1 },
  jurisdiction: 'opt-out',
  purposes: [{ id: 'necessary', required: true }, { id: 'marketing', saleOrSharing: true }, { id: 'analytics' }],
} as const;
/** A with a purpose inserted before marketing, the revision unchanged: the cookie's bits shift. */
const B = {
  ...A,
  purposes: [{ id: 'necessary', required: true }, { id: 'functional' }, ...A.purposes.slice(1)],
};

describe('a refusal of sale, before and after the storage is read by name', () => {
  it('a cookie written under a config whose purposes moved since grants nothing by position, before or after ready', async () => {
    const idb = new IDBFactory();
    const { page } = device(() => idb);
    const before = page(A, NOW);
    await before.ready;
    await before.update({ purposes: { marketing: false } }); // "Do not sell or share"
    await before.records();
    before.destroy();
    const after = page(B, NOW + 60_000);
    let granted = false;
    void after.whenGranted('marketing').then(() => (granted = true));
    const early = after.has('marketing');
    await after.ready;
    await new Promise((r) => setTimeout(r, 10));
    expect({ early, granted, now: after.has('marketing') }).toEqual({ early: false, granted: false, now: false });
    expect(after.state.value.purposes).toMatchObject({ analytics: true, functional: true, marketing: false });
  });

  it('with IndexedDB blocked, the cookie of another config withholds the opt-out defaults', async () => {
    const { page } = device(() => undefined);
    const before = page(A, NOW);
    await before.ready;
    await before.update({ purposes: { marketing: false } });
    before.destroy();
    const after = page(B, NOW + 60_000);
    await after.ready;
    expect(after.has('marketing')).toBe(false);
  });

  it('a shared cookie (cookie.domain) gone while IndexedDB keeps the refusal: no defaults until it is read', async () => {
    const shared = { ...A, cookie: { domain: 'example.com' } };
    const idb = new IDBFactory();
    const { page, cookies } = device(() => idb);
    const before = page(shared, NOW);
    await before.ready;
    await before.update({ purposes: { marketing: false } });
    await before.records();
    before.destroy();
    cookies.clear(); // Safari's cap on a script's cookie; no copy is kept for a shared one
    const after = page(shared, NOW + 60_000);
    const early = after.has('marketing');
    await after.ready;
    expect({ early, now: after.has('marketing'), analytics: after.has('analytics') }).toEqual({
      early: false,
      now: false,
      analytics: true,
    });
  });
});

const synced = { ...sample, sync: { endpoint: 'https://consent.example/api' } };

/** A device whose IndexedDB never works, where the visitor decided while the endpoint answered 503. */
async function decidedWhileDown(decide: 'acceptAll' | 'rejectAll') {
  const { page, journal } = device(() => undefined);
  const first = page(synced, NOW, (async () => new Response('', { status: 503 })) as typeof fetch);
  await first.ready;
  const made = (await first[decide]())!;
  first.destroy();
  return { page, journal, made };
}

/** An endpoint that takes every batch, and the ids of the records it was sent. */
function endpointUp() {
  const sent: string[] = [];
  const up = (async (_u: unknown, init?: RequestInit) => {
    if (init?.method === 'POST') {
      const body = JSON.parse(String(init.body)) as { records: { id: string }[] };
      sent.push(...body.records.map((r) => r.id));
    }
    return new Response('{}', { status: 200 });
  }) as typeof fetch;
  return { sent, up };
}

describe('records and refusals kept when the storage fails', () => {
  it('IndexedDB blocked for good: a record the endpoint could not take is sent by a later page, once', async () => {
    const { page, journal, made } = await decidedWhileDown('acceptAll');
    expect(journal.get()).toContain(made.id);
    const { sent, up } = endpointUp();
    for (const at of [NOW + 1000, NOW + 2000]) {
      const next = page(synced, at, up);
      await next.ready;
      await vi.waitFor(() => expect(sent).toContain(made.id));
      await new Promise((r) => setTimeout(r, 20));
      expect(next.has('analytics')).toBe(true);
      next.destroy();
    }
    expect(sent).toEqual([made.id]); // the second page finds it sent
  });

  it('IndexedDB blocked for good: a journal entry that says what the cookie does not is neither sent nor believed', async () => {
    const { page, journal, made } = await decidedWhileDown('rejectAll');
    // A script of the page rewrites the journal: the same record, everything granted, and a newer one.
    const forged = { ...made, purposes: { ...made.purposes, analytics: true, marketing: true } };
    const newer = {
      ...forged,
      id: 'f0f0f0f0-0000-4000-8000-000000000000',
      issuedAt: new Date(NOW + 500).toISOString(),
    };
    journal.set(
      JSON.stringify([
        [forged, true],
        [newer, true],
      ]),
    );
    const { sent, up } = endpointUp();
    const next = page(synced, NOW + 1000, up);
    await next.ready;
    await new Promise((r) => setTimeout(r, 50));
    expect({ analytics: next.has('analytics'), marketing: next.has('marketing'), sent }).toEqual({
      analytics: false,
      marketing: false,
      sent: [],
    });
  });

  it("opt-out with GPC on a page whose storage could not be read writes no refusal over the visitor's choices", async () => {
    const config = { ...sample, jurisdiction: 'opt-out' } as const;
    const storage = createMemoryStorage();
    const before = createConsent(config, { storage, now: () => NOW - 60_000, gpc: true });
    await before.ready;
    await before.update({ purposes: { 'health-personalization': true, analytics: true } });
    before.destroy();
    const failing: ConsentStorage = {
      ...storage,
      peek: () => ({ decision: null, record: null, fault: true }),
      load: () => Promise.resolve({ decision: null, record: null, fault: true }),
    };
    const broken = createConsent(config, { storage: failing, now: () => NOW, gpc: true });
    await broken.ready;
    expect(broken.has('marketing')).toBe(false); // refused by the signal all the same
    broken.destroy();
    const later = createConsent(config, { storage, now: () => NOW + 60_000, gpc: true });
    await later.ready;
    expect([later.has('health-personalization'), later.has('analytics')]).toEqual([true, true]);
  });
});

/** An IndexedDB whose every open fails a moment later, as one whose connection is closing does. */
const failingLater = {
  open() {
    const request = { error: new DOMException('The database connection is closing.', 'UnknownError') } as {
      error: DOMException;
      onerror?: () => void;
    };
    setTimeout(() => request.onerror?.(), 0);
    return request;
  },
} as unknown as IDBFactory;

describe("a visitor's preferences on the next page when IndexedDB is unavailable (the journal is the store)", () => {
  for (const [how, factory] of [
    ['missing', () => undefined],
    ['failing on its first read', () => failingLater],
  ] as const) {
    it(`IndexedDB ${how}: the saved preference, in state, records() and the next decision`, async () => {
      const { page } = device(factory);
      const first = page(sample, NOW);
      await first.ready;
      await first.rejectAll();
      const saved = (await first.update({ purposes: { analytics: true }, preferences: { newsletter: true } }))!;
      first.destroy();
      const next = page(sample, NOW + 60_000);
      await next.ready;
      expect(next.preferences.all()).toMatchObject({ newsletter: true, frequency: 'weekly' });
      expect(next.state.value.preferences['newsletter']).toBe(true);
      expect(next.has('analytics')).toBe(true);
      // The history: the records kept in the journal up to the cookie's, newest first.
      expect((await next.records()).map((r) => [r.id, r.preferences['newsletter']])).toEqual([
        [saved.id, true],
        [expect.any(String), false],
      ]);
      // A later decision on that page keeps the preference (not the defaults).
      const later = (await next.update({ purposes: { marketing: true } }))!;
      expect(later.preferences).toMatchObject({ newsletter: true });
      next.destroy();
      const third = page(sample, NOW + 120_000);
      await third.ready;
      expect([third.preferences.get('newsletter'), third.has('marketing'), (await third.records()).length]).toEqual([
        true,
        true,
        3,
      ]);
    });
  }

  it("a journal entry with the cookie's id that grants more, or is dated ahead, grants nothing beyond the cookie", async () => {
    const { page, journal } = device(() => undefined);
    const first = page(sample, NOW);
    await first.ready;
    const made = (await first.update({ purposes: { analytics: true }, preferences: { newsletter: true } }))!;
    first.destroy();
    const genuine = journal.get()!;
    const more = { ...made, purposes: { ...made.purposes, marketing: true }, preferences: { newsletter: false } };
    const ahead = { ...made, issuedAt: new Date(NOW + 3_600_000).toISOString(), preferences: { newsletter: false } };
    const forged = [
      [ahead, false],
      [more, false],
    ];
    /** The next page with `list` as the journal: what it grants and keeps. */
    const next = async (list: unknown[], at: number) => {
      journal.set(JSON.stringify(list));
      const p = page(sample, at);
      await p.ready;
      const seen = {
        analytics: p.has('analytics'), // the cookie's grant holds
        marketing: p.has('marketing'),
        newsletter: p.preferences.get('newsletter'),
        records: (await p.records()).map((r) => r.id),
      };
      p.destroy();
      return seen;
    };
    expect(await next(forged, NOW + 1000)).toEqual({
      analytics: true,
      marketing: false,
      newsletter: false,
      records: [],
    });
    expect(JSON.parse(journal.get()!)).toEqual(forged); // left as it was: nothing is written from it
    // The genuine entry among them: its record alone is believed.
    const [entry] = JSON.parse(genuine) as unknown[];
    expect(await next([forged[0], entry, forged[1]], NOW + 2000)).toEqual({
      analytics: true,
      marketing: false,
      newsletter: true,
      records: [made.id],
    });
  });
});

describe('a clock that ran ahead and was set right', () => {
  it('the cookie it dated ahead is replaced with the newest believable record, and the next page trusts that', async () => {
    const idb = new IDBFactory();
    const { page, cookies } = device(() => idb);
    const YEAR = 365 * 86_400_000;
    const first = page(sample, NOW);
    await first.ready;
    const refusal = (await first.update({ purposes: { analytics: false } }))!;
    first.destroy();
    const ahead = page(sample, NOW + YEAR); // the device's clock a year fast
    await ahead.ready;
    await ahead.update({ purposes: { analytics: true } });
    ahead.destroy();
    const dated = cookies.get();
    /** A page with the clock set right: what it grants, what the cookie holds after, and the errors. */
    const visit = async (at: number) => {
      const errors: string[] = [];
      const p = page(sample, at);
      p.on('error', (e) => errors.push(e.code));
      await p.ready;
      await new Promise((r) => setTimeout(r, 0));
      const seen = { analytics: p.has('analytics'), id: p.state.value.decision?.id, errors };
      p.destroy();
      return seen;
    };
    const set = await visit(NOW + 86_400_000);
    expect(set).toMatchObject({ analytics: false, id: refusal.id });
    expect(cookies.get()).not.toBe(dated); // the refusal, which the next page's loader can trust
    expect(await visit(NOW + 2 * 86_400_000)).toEqual({ analytics: false, id: refusal.id, errors: [] });
  });
});

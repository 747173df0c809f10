import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import type { ConsentError } from '../../src/core/errors';
import { recordHash, type ConsentRecord } from '../../src/core/record';
import { createBrowserStorage, type BrowserStorageOptions } from '../../src/store/browser';
import { createMemoryStorage } from '../../src/store/memory';
import type { TabChannel } from '../../src/store/channel';
import type { MirrorCopy } from '../../src/store/cookie-mirror';
import {
  COOKIE_NAME,
  cookieNameFor,
  decodeDecision,
  encodeDecision,
  hasConsentCookie,
  idsOf,
  readCookie,
  type CookieJar,
} from '../../src/store/cookie';
import { configHashOf, configStamp } from '../../src/core/policy';
import { sha256 } from '../../src/core/sha256';
import { DECISION_KEY } from '../../src/store/idb';
import type { ConsentStorage } from '../../src/store/storage';
import { configOf, fakeTabBus, NOW, sample } from './fixtures';

const config = configOf(sample);
const configHash = configHashOf(config, 'opt-in', sha256);
const stamp = configStamp(sample, null);
/** The harness is an https page without cookie.domain: the cookie carries the __Host- prefix. */
const HOST_COOKIE = '__Host-candor';

/** A cookie jar that behaves like document.cookie for one host (attributes parsed, Max-Age=0 deletes). */
function fakeJar(): CookieJar & { raw: Map<string, string>; lastSet: string } {
  const raw = new Map<string, string>();
  const jar = {
    raw,
    lastSet: '',
    get: () => [...raw].map(([k, v]) => `${k}=${v}`).join('; '),
    set(c: string) {
      jar.lastSet = c;
      const [pair = '', ...attrs] = c.split(';').map((s) => s.trim());
      const [name = '', value = ''] = pair.split(/=(.*)/s);
      if (attrs.some((a) => a === 'Max-Age=0')) raw.delete(name);
      else raw.set(name, value);
    },
  };
  return jar;
}
const blockedJar = (): CookieJar => ({ get: () => '', set: () => {} });
/** This origin's copy of the cookie (localStorage in a browser), kept across "pages" of one harness. */
function fakeCopy(): MirrorCopy & { value: string | null } {
  const copy = {
    value: null as string | null,
    get: () => copy.value,
    set: (v: string) => void (copy.value = v),
    remove: () => void (copy.value = null),
  };
  return copy;
}

const fakeBus = (): (() => TabChannel) => fakeTabBus().open;

interface Harness {
  errors: ConsentError[];
  make: (over?: Partial<BrowserStorageOptions>) => ConsentStorage;
}
function harness(base: Partial<BrowserStorageOptions> = {}): Harness {
  const errors: ConsentError[] = [];
  const idb = new IDBFactory();
  const jar = fakeJar();
  const copy = fakeCopy();
  const bus = fakeBus();
  return {
    errors,
    make: (over = {}) =>
      createBrowserStorage(
        {
          config,
          configHash,
          stamp,
          cookies: jar,
          copy,
          indexedDB: () => idb,
          channel: bus(),
          now: () => NOW,
          secure: true,
          timeoutMs: 2000, // fake-indexeddb on a busy machine can take longer than a short wait (a test that waits on a hang sets its own)
          ...base,
          ...over,
        },
        { onError: (e) => errors.push(e) },
      ),
  };
}

/** A harness with the cookie jar and this origin's copy the test reads and writes (a tap's mark goes into the copy). */
function withJarAndCopy(): { jar: ReturnType<typeof fakeJar>; copy: ReturnType<typeof fakeCopy>; h: Harness } {
  const jar = fakeJar();
  const copy = fakeCopy();
  return { jar, copy, h: harness({ cookies: jar, copy }) };
}

/** `real`, whose connections open only once `letIn()` is called: an open slower than the page waits. */
function lateOpen(real: IDBFactory): { indexedDB: () => IDBFactory; letIn: () => void } {
  let letIn!: () => void;
  const gate = new Promise<void>((resolve) => (letIn = resolve));
  const factory = {
    open(name: string) {
      type On = 'onsuccess' | 'onerror' | 'onupgradeneeded';
      const late: { result?: IDBDatabase; error?: DOMException | null } & Partial<Record<On, (e: Event) => void>> = {};
      void gate.then(() => {
        const r = real.open(name);
        const forward = (on: On) => (e: Event) => {
          if (on === 'onerror') late.error = r.error;
          else late.result = r.result;
          late[on]?.(e);
        };
        r.onsuccess = forward('onsuccess');
        r.onerror = forward('onerror');
        r.onupgradeneeded = forward('onupgradeneeded');
      });
      return late;
    },
  } as unknown as IDBFactory;
  return { indexedDB: () => factory, letIn };
}

const consentWith = (storage: ConsentStorage, now = () => NOW) => createConsent(sample, { storage, now });
const codes = (h: Harness): string[] => h.errors.map((e) => e.code);
/**
 * A page that decides with `decide` (IndexedDB answering), then the next page a minute later,
 * whose IndexedDB opens only at `letIn()`, after it gave up waiting (`timeoutMs`); `tick` moves
 * the clock both share.
 */
async function slowNextPage<T>(
  decide: (c: ReturnType<typeof consentWith>, tick: (ms: number) => void) => Promise<T>,
  timeoutMs: number,
) {
  const real = new IDBFactory();
  const h = harness({ indexedDB: () => real });
  let t = NOW;
  const clock = () => t;
  const tick = (ms: number) => void (t += ms);
  const before = consentWith(h.make({ now: clock }), clock);
  await before.ready;
  const made = await decide(before, tick);
  before.destroy();
  tick(60_000);
  const { indexedDB, letIn } = lateOpen(real);
  const page = consentWith(h.make({ indexedDB, timeoutMs, now: clock }), clock);
  return { h, made, page, letIn, tick };
}
/** The object stores' `put` calls of `real` go through `onPut` (to drop or hang a page's writes). */
const withPut =
  (
    real: IDBFactory,
    onPut: (
      tx: IDBTransaction,
      store: IDBObjectStore,
      value: unknown,
      key: IDBValidKey | undefined,
      put: (value: unknown, key?: IDBValidKey) => IDBRequest<IDBValidKey>,
    ) => IDBRequest<IDBValidKey>,
  ): (() => IDBFactory) =>
  () =>
    ({
      open(name: string) {
        const request = real.open(name);
        request.addEventListener('success', () => {
          const db = request.result;
          const transaction = db.transaction.bind(db);
          db.transaction = ((stores: string, mode?: IDBTransactionMode) => {
            const tx = transaction(stores, mode);
            const objectStore = tx.objectStore.bind(tx);
            tx.objectStore = (n: string) => {
              const store = objectStore(n);
              const put = store.put.bind(store);
              store.put = (value: unknown, key?: IDBValidKey) => onPut(tx, store, value, key, put);
              return store;
            };
            return tx;
          }) as typeof db.transaction;
        });
        return request;
      },
    }) as unknown as IDBFactory;
/** `record` with every purpose and service granted (as someone editing localStorage would write it). */
const allGranted = (record: ConsentRecord): ConsentRecord => ({
  ...record,
  purposes: Object.fromEntries(Object.keys(record.purposes).map((k) => [k, true])),
  services: Object.fromEntries(Object.keys(record.services).map((k) => [k, true])),
});

describe('cookie mirror', () => {
  it('finds a consent cookie of either name in document.cookie, and no other cookie', () => {
    const names = [cookieNameFor({ domain: null, path: '/' }, true), cookieNameFor({ domain: null, path: '/' }, false)];
    expect(names).toEqual([`__Host-${COOKIE_NAME}`, COOKIE_NAME]);
    for (const name of names) {
      expect(hasConsentCookie(`${name}=1.2`)).toBe(true);
      expect(hasConsentCookie(`_ga=GA1; ${name}=1.2; x=1`)).toBe(true);
      expect(readCookie(`_ga=GA1; ${name}=1.2`, name)).toBe('1.2'); // as the fast path reads it
    }
    for (const other of ['', 'xcandor=1', 'candor2=1', '_ga=candor=1', '__Host-candorx=1', 'a=1; __host-candor=1'])
      expect(hasConsentCookie(other)).toBe(false);
  });

  it('round-trips a decision and stays under 200 bytes for 6 purposes and 10 services', async () => {
    const input = {
      policy: { revision: 12 },
      purposes: ['necessary', 'analytics', 'marketing', 'functional', 'personalization', 'health'].map((id) => ({
        id,
      })),
      services: Array.from({ length: 10 }, (_, i) => ({
        id: `service-${i}`,
        purpose: i % 2 ? 'marketing' : 'analytics',
      })),
    };
    const big = configOf(input);
    const consent = createConsent(input, { now: () => NOW + 123 });
    const record = await consent.update({
      purposes: { analytics: true, health: true },
      services: { 'service-3': true },
    });
    const { toDecision } = await import('../../src/core/record');
    const d = toDecision(record!);
    const value = encodeDecision(idsOf(big), d, 'abcdef12');
    const full = `${COOKIE_NAME}=${value}`;
    expect(full.length).toBeLessThan(200);
    const { decision: back, stamp: backStamp } = decodeDecision(idsOf(big), value)!;
    expect(backStamp).toBe('abcdef12');
    expect(back.purposes).toEqual(d.purposes);
    expect(back.services).toEqual(d.services);
    expect(back).toMatchObject({
      id: d.id,
      revision: 12,
      method: 'api',
      gpc: false,
      configHash: d.configHash.slice(0, 8),
    });
    expect(back.issuedAt).toBe(d.issuedAt);
    expect(back.expiresAt).toBe(Math.floor(d.expiresAt / 1000) * 1000);
    console.log(`cookie for 6 purposes / 10 services: ${full.length} bytes: ${full}`);
  });

  it.each([
    ['garbage', 'hello'],
    ['another version', '2.1.a.b.12345678.0.1.1.0.0.00000000-0000-4000-8000-000000000001'],
    ['wrong number of purpose bits', '1.3.a.b.12345678.0.000.00.0.0.00000000-0000-4000-8000-000000000001'],
    ['bad method', '1.3.a.b.12345678.0.00.00.99.0.00000000-0000-4000-8000-000000000001'],
    ['bad hash', '1.3.a.b.XYZ45678.0.00.00.0.0.00000000-0000-4000-8000-000000000001'],
    ['bad stamp', '1.3.a.b.12345678.xyz.00.00.0.0.00000000-0000-4000-8000-000000000001'],
  ])('decodes %s as corrupt (null)', (_n, value) => {
    expect(decodeDecision(idsOf(config), value)).toBeNull();
  });

  it('reads each field whole: a loose number in one field of a valid cookie makes it corrupt (null)', async () => {
    const { toDecision } = await import('../../src/core/record');
    const made = await createConsent(sample, { now: () => NOW }).acceptAll();
    const ids = idsOf(config);
    const valid = encodeDecision(ids, toDecision(made!), '0').split('.');
    expect(decodeDecision(ids, valid.join('.'))?.decision.method).toBe('api'); // the control
    const field = { revision: 1, issuedAt: 2, expiresAt: 3, method: 8, gpc: 9 };
    for (const [name, at, loose] of [
      ['method', field.method, ''], // Number('') is 0: the first method
      ['method', field.method, '0x1'],
      ['method', field.method, '1e0'],
      ['method', field.method, ' 1'],
      ['revision', field.revision, '1e1'],
      ['revision', field.revision, ''],
      ['issuedAt', field.issuedAt, ''], // it passed with the expiry's digits: issuedAt NaN
      ['expiresAt', field.expiresAt, ''],
      ['gpc', field.gpc, '2'],
    ] as const) {
      const value = valid.map((v, i) => (i === at ? loose : v)).join('.');
      expect(decodeDecision(ids, value), `${name} "${loose}"`).toBeNull();
    }
  });

  it('reads a cookie among others, and tells absence (undefined) from corruption (null)', () => {
    expect(readCookie('a=1; candor=x%2Ey; b=2')).toBe('x.y');
    expect(decodeDecision(idsOf(config), readCookie('a=1'))).toBeUndefined();
  });
});

describe('browser storage', () => {
  it('survives a new page: cookie answers synchronously, IndexedDB confirms and keeps the history', async () => {
    const h = harness();
    const first = consentWith(h.make());
    await first.ready;
    const a = await first.acceptAll();
    const b = await first.update({ purposes: { marketing: false } });
    const second = consentWith(h.make());
    expect(second.has('analytics')).toBe(true); // before ready: from the cookie
    expect(second.has('marketing')).toBe(false);
    await second.ready;
    expect(second.state.value.ready).toBe(true);
    expect((await second.records()).map((r) => r.id)).toEqual([b!.id, a!.id]);
    const c = await second.rejectAll();
    expect(c!.prevHash).not.toBeNull(); // the chain continues from IndexedDB's record
    expect(h.errors).toEqual([]);
  });

  it('records() asked right after a decision (before its write finished) lists it: a dashboard or a test never misses the latest', async () => {
    const h = harness();
    const consent = consentWith(h.make());
    await consent.ready;
    const accepted = consent.acceptAll(); // stored after the next paint; records() seals it now
    const list = await consent.records();
    const made = await accepted;
    expect(list.map((r) => r.id)).toEqual([made!.id]);
    const refused = consent.rejectAll();
    const [newest] = await consent.records();
    expect(newest?.id).toBe((await refused)!.id);
  });

  it('writes the cookie with SameSite=Lax, Secure on https, Max-Age matching the expiry, and the configured domain and path', async () => {
    const jar = fakeJar();
    const withDomain = configOf({ ...sample, cookie: { domain: 'example.com', path: '/shop' } });
    const storage = createBrowserStorage(
      {
        config: withDomain,
        configHash,
        stamp,
        cookies: jar,
        indexedDB: () => new IDBFactory(),
        now: () => NOW,
        secure: true,
      },
      { onError: () => {} },
    );
    await createConsent(
      { ...sample, cookie: { domain: 'example.com', path: '/shop' } },
      { storage, now: () => NOW },
    ).acceptAll();
    expect(jar.lastSet).toMatch(
      /^candor=1\.3\.[^;]+; Path=\/shop; Domain=example\.com; Max-Age=15724800; SameSite=Lax; Secure$/,
    );
  });

  it('IndexedDB missing → cookie + memory, storage/unavailable, decision kept', async () => {
    const h = harness({ indexedDB: () => undefined });
    const c = consentWith(h.make());
    await c.ready;
    await c.acceptAll();
    expect(consentWith(h.make()).has('analytics')).toBe(true);
    expect(codes(h)).toContain('storage/unavailable');
  });

  it.each([
    [
      'SecurityError on open',
      () => {
        throw new DOMException('denied', 'SecurityError');
      },
    ],
    [
      'InvalidStateError on open',
      () =>
        ({
          open: () => {
            throw new DOMException('closing', 'InvalidStateError');
          },
        }) as unknown as IDBFactory,
    ],
  ])('%s → no throw, storage/unavailable, cookie still works', async (_n, factory) => {
    const h = harness({ indexedDB: factory as () => IDBFactory });
    const c = consentWith(h.make());
    await expect(c.ready).resolves.toBeUndefined();
    expect(c.has('analytics')).toBe(false);
    await c.acceptAll();
    expect(consentWith(h.make()).has('analytics')).toBe(true);
    expect(codes(h)).toContain('storage/unavailable');
  });

  it('an open that never completes does not hold `ready` beyond the timeout', async () => {
    const stuck = { open: () => ({}) as IDBOpenDBRequest } as unknown as IDBFactory;
    const h = harness({ indexedDB: () => stuck, timeoutMs: 50 });
    const c = consentWith(h.make());
    const t0 = Date.now();
    await c.ready;
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(c.has('analytics')).toBe(false);
    expect(h.errors.map((e) => e.message).join()).toContain('did not answer');
  });

  it('says whether its outbox comes from IndexedDB (durable) or, IndexedDB unavailable on this page, from memory alone', async () => {
    const stuck = { open: () => ({}) as IDBOpenDBRequest } as unknown as IDBFactory;
    const slow = harness({ indexedDB: () => stuck, timeoutMs: 50 }).make();
    await slow.load();
    expect(await slow.outbox()).toEqual([]);
    expect(slow.durable?.()).toBe(false);
    const fine = harness().make();
    await fine.load();
    expect(await fine.outbox()).toEqual([]);
    expect(fine.durable?.()).toBe(true);
  });

  it("records() after a read slower than the timeout (a restored page's lost connection, a busy device) lists what IndexedDB holds, with what this page decided since", async () => {
    const { h, made, page, letIn, tick } = await slowNextPage(async (c) => (await c.acceptAll())!, 50);
    await page.ready;
    expect(codes(h)).toContain('storage/unavailable'); // the page goes on with the cookie and memory
    expect(page.state.value.decision?.id).toBe(made.id);
    letIn();
    // The dashboard shows the decision the page follows, and where it came from.
    expect((await page.records()).map((r) => r.id)).toEqual([made.id]);
    tick(60_000);
    const refused = (await page.rejectAll())!; // into memory and the journal: IndexedDB stays dropped for writes
    expect((await page.records()).map((r) => r.id)).toEqual([refused.id, made.id]);
    expect(codes(h).filter((c) => c === 'storage/unavailable')).toHaveLength(1);
  });

  it("a page whose IndexedDB answers later than its wait takes the cookie's record once it does: its preferences, and the chain", async () => {
    const {
      made: set,
      page,
      letIn,
      tick,
    } = await slowNextPage(async (c, tick) => {
      await c.acceptAll();
      tick(1000);
      return (await c.preferences.set('newsletter', true))!;
    }, 200);
    const told = new Promise((resolve) => page.on('change', resolve));
    await page.ready;
    expect(page.state.value.decision?.id).toBe(set.id); // the cookie's
    letIn();
    await told;
    expect(page.preferences.get('newsletter')).toBe(true);
    tick(1000);
    const refused = (await page.rejectAll())!;
    expect(refused.preferences['newsletter']).toBe(true); // not the defaults: nothing the visitor set is lost
    expect(refused.prevHash).toBe(recordHash(set, sha256));
  });

  it('records() with IndexedDB dropped lists at most the newest 100, as IndexedDB keeps them', async () => {
    const real = new IDBFactory();
    const h = harness({ indexedDB: () => real });
    const made = (await consentWith(createMemoryStorage()).acceptAll())!;
    const earlier = h.make();
    await earlier.load();
    const at = (i: number) => new Date(NOW - (200 - i) * 60_000).toISOString();
    for (let i = 0; i < 100; i++) await earlier.append({ ...made, id: `earlier-${i}`, issuedAt: at(i) });
    expect(await earlier.records()).toHaveLength(100); // IndexedDB's history is full
    const { indexedDB, letIn } = lateOpen(real);
    const page = h.make({ indexedDB, timeoutMs: 50 });
    await page.load();
    expect(codes(h)).toContain('storage/unavailable');
    await page.append({ ...made, id: 'this-page', issuedAt: at(150) }); // into memory and the journal
    letIn();
    const ids = (await page.records()).map((r) => r.id);
    expect(ids).toHaveLength(100);
    expect(ids[0]).toBe('this-page');
    expect(ids).not.toContain('earlier-0'); // the oldest gives way, as in IndexedDB
  });

  it('records() puts decisions of the same date in the order of the newest-wins rule (then by id), as the decision the page follows', async () => {
    const real = new IDBFactory();
    const h = harness({ indexedDB: () => real });
    const made = (await consentWith(createMemoryStorage()).acceptAll())!;
    const [low, high] = [
      { ...made, id: 'aaaa' },
      { ...made, id: 'zzzz' },
    ]; // two tabs deciding in the same millisecond
    // IndexedDB's own history: written in either order, the decision slot keeps `high`.
    const one = h.make();
    await one.load();
    await one.append(high);
    await one.append(low);
    expect((await one.records()).map((r) => r.id)).toEqual([high.id, low.id]);
    one.close();
    // A page whose IndexedDB answered late holds `low` there, and hears `high` from the other tab.
    const elsewhere = new IDBFactory();
    const other = harness({ indexedDB: () => elsewhere });
    const bus = fakeTabBus();
    const before = other.make();
    await before.load();
    await before.append(low);
    before.close();
    const { indexedDB, letIn } = lateOpen(elsewhere);
    const page = other.make({ indexedDB, timeoutMs: 50, channel: bus.open() });
    await page.load();
    bus.deliver({ candor: 1, record: high });
    expect(page.peek().decision?.id).toBe(high.id);
    letIn();
    expect((await page.records()).map((r) => r.id)).toEqual([high.id, low.id]);
    page.close();
  });

  it.each([
    ['QuotaExceededError', 'QuotaExceededError'],
    ['the database connection is closing', 'InvalidStateError'],
  ])('a failing write (%s) → storage/unavailable, the cookie keeps the decision', async (message, name) => {
    const real = new IDBFactory();
    const failing = {
      open(...args: Parameters<IDBFactory['open']>) {
        const req = real.open(...args);
        req.addEventListener('success', () => {
          const db = req.result;
          db.transaction = () => {
            throw new DOMException(message, name);
          };
        });
        return req;
      },
    } as unknown as IDBFactory;
    const h = harness({ indexedDB: () => failing });
    const c = consentWith(h.make());
    await c.ready;
    await expect(c.acceptAll()).resolves.toBeTruthy();
    expect(codes(h)).toContain('storage/unavailable');
    expect(consentWith(h.make()).has('analytics')).toBe(true);
  });

  it('cookies blocked → memory only: the decision holds for this page, and the next visit asks again', async () => {
    const h = harness({ cookies: blockedJar(), indexedDB: () => undefined });
    const c = consentWith(h.make());
    await c.ready;
    await c.acceptAll();
    expect(c.has('analytics')).toBe(true);
    const next = consentWith(h.make());
    await next.ready;
    expect(next.has('analytics')).toBe(false);
    expect(next.needsPrompt.value).toBe(true);
    expect(codes(h)).toContain('storage/unavailable');
  });

  it('cookies blocked, IndexedDB working: the decision lasts as long as IndexedDB keeps it, as the error says', async () => {
    const h = harness({ cookies: blockedJar() });
    const c = consentWith(h.make());
    await c.ready;
    await c.acceptAll();
    expect(h.errors.map((e) => e.message)).toContain(
      'Candor: cookies are blocked; choices last only as long as IndexedDB keeps them',
    );
    const next = consentWith(h.make());
    await next.ready;
    expect(next.has('analytics')).toBe(true);
    expect(next.needsPrompt.value).toBe(false);
  });

  it("another tab's older record, heard after a newer one, goes below it in this page's history (cookies and IndexedDB gone)", async () => {
    const older = (await consentWith(createMemoryStorage()).acceptAll())!;
    const newer = (await consentWith(createMemoryStorage(), () => NOW + 60_000).rejectAll())!;
    const bus = fakeTabBus();
    const storage = harness({ cookies: blockedJar(), indexedDB: () => undefined }).make({
      channel: bus.open(),
      now: () => NOW + 120_000,
    });
    bus.deliver({ candor: 1, record: newer });
    bus.deliver({ candor: 1, record: older }); // a slow tab's message, delivered late
    expect(storage.peek().record?.id).toBe(newer.id); // the refusal's record heads: not the older grant
    expect((await storage.records()).map((r) => r.id)).toEqual([newer.id, older.id]); // newest first, as IndexedDB
    storage.close?.();
  });

  it('a cookie getter that throws (sandboxed iframe) → no throw, no grant', async () => {
    const h = harness({
      cookies: {
        get: () => {
          throw new DOMException('sandboxed', 'SecurityError');
        },
        set: () => {
          throw new DOMException('sandboxed', 'SecurityError');
        },
      },
      indexedDB: () => undefined,
    });
    const c = consentWith(h.make());
    await c.ready;
    expect(c.has('analytics')).toBe(false);
    await c.acceptAll();
    expect(codes(h)).toContain('storage/unavailable');
  });

  it('a corrupt cookie → no decision and storage/corrupt', async () => {
    const jar = fakeJar();
    jar.raw.set(HOST_COOKIE, '1.3.zz.zz.nothex.0.1.1.0.0.id');
    const h = harness({ cookies: jar, indexedDB: () => undefined });
    const c = consentWith(h.make());
    await c.ready;
    expect(c.has('analytics')).toBe(false);
    expect(c.needsPrompt.value).toBe(true);
    expect(codes(h).sort()).toEqual(['storage/corrupt', 'storage/unavailable']);
  });

  describe("a cookie that differs from this origin's copy (another tab half-way through its write, or not written here)", () => {
    /** A page whose cookie holds a decision made here, and whose copy holds an older one (or none). */
    async function cookieAheadOfCopy(): Promise<{
      h: Harness;
      copy: MirrorCopy & { value: string | null };
      cookie: string;
    }> {
      const { jar, copy, h } = withJarAndCopy();
      const c = consentWith(h.make());
      await c.ready;
      await c.rejectAll();
      const older = copy.value;
      await c.acceptAll();
      c.destroy();
      const cookie = jar.raw.get(HOST_COOKIE)!;
      expect(copy.value).toBe(cookie);
      copy.value = older; // the other tab's copy has not reached this page yet
      h.errors.length = 0;
      return { h, copy, cookie };
    }
    const corrupt = (h: Harness): ConsentError[] => h.errors.filter((e) => e.code === 'storage/corrupt');
    /** Runs `fn` with a fake `setTimeout` (the report's delay), then with real timers again. */
    const withFakeTimeout = (fn: () => void): void => {
      vi.useFakeTimers({ toFake: ['setTimeout'] });
      try {
        fn();
      } finally {
        vi.useRealTimers();
      }
    };

    it('trusts nothing from it, and says nothing once the copy catches up', async () => {
      const { h, copy, cookie } = await cookieAheadOfCopy();
      withFakeTimeout(() => {
        const storage = h.make({ indexedDB: () => undefined });
        expect(storage.peek().decision).toBeNull(); // fail closed while they differ
        copy.value = cookie;
        vi.advanceTimersByTime(10_000);
        expect(corrupt(h)).toEqual([]);
      });
    });

    it("withholds the opt-out defaults meanwhile: the cookie may be another tab's refusal (fail closed)", async () => {
      const jar = fakeJar();
      const other = consentWith(harness({ cookies: jar }).make());
      await other.ready;
      await other.rejectAll(); // another tab: its cookie has reached this page, its copy and record not yet
      other.destroy();
      const h = harness({ cookies: jar, copy: fakeCopy() });
      const optOut = createConsent(
        { ...sample, jurisdiction: 'opt-out' },
        { storage: h.make(), now: () => NOW, gpc: false },
      );
      expect(optOut.has('analytics')).toBe(false);
      await optOut.ready;
      expect(optOut.has('analytics')).toBe(false);
      expect(optOut.needsPrompt.value).toBe(true);
      optOut.destroy();
    });

    it('reports it when the copy still differs a moment later, once', async () => {
      const { h } = await cookieAheadOfCopy();
      withFakeTimeout(() => {
        const storage = h.make({ indexedDB: () => undefined });
        expect(storage.peek().decision).toBeNull();
        expect(corrupt(h)).toEqual([]);
        vi.advanceTimersByTime(1499);
        expect(corrupt(h)).toEqual([]);
        vi.advanceTimersByTime(1);
        expect(corrupt(h).map((e) => e.message)).toEqual([
          'Candor: the consent cookie was not written by Candor on this site; treated as no decision',
        ]);
        vi.advanceTimersByTime(10_000);
        expect(corrupt(h)).toHaveLength(1);
      });
    });

    /** A first visit's tap marked in the copy by a page whose engine has not recorded it yet (dom/pending-mark.ts). */
    const tapMark = (at = NOW): string => JSON.stringify(['acceptAll', { method: 'banner' }, at, config]);

    it("says nothing while the copy holds another page's tap, not yet recorded (the newer decision, on its way), and trusts nothing from the cookie", async () => {
      const { h, copy } = await cookieAheadOfCopy();
      copy.value = tapMark();
      withFakeTimeout(() => {
        const storage = h.make({ indexedDB: () => undefined });
        vi.advanceTimersByTime(10_000);
        expect(corrupt(h)).toEqual([]);
        expect(storage.peek().decision).toBeNull(); // fail closed until the tap is recorded
      });
    });

    it("does not write the stored decision back over another page's tap (only the tap's record replaces it); the page follows what is stored meanwhile", async () => {
      const { jar, copy, h } = withJarAndCopy();
      let t = NOW;
      const c = consentWith(h.make(), () => t);
      await c.ready;
      await c.rejectAll();
      const older = jar.raw.get(HOST_COOKIE)!;
      t += 60_000;
      await c.acceptAll(); // stored; a tab of it wrote its cookie and copy
      c.destroy();
      jar.raw.set(HOST_COOKIE, older); // the cookie disagrees with what is stored…
      const mark = tapMark(t + 1);
      copy.value = mark; // …and a first-visit page has tapped since, its engine still on its way
      const next = consentWith(h.make(), () => t);
      await next.ready;
      expect(next.has('analytics')).toBe(true); // what IndexedDB holds
      expect(copy.value).toBe(mark); // the tap stays for its page, or the next one, to record
      expect(jar.raw.get(HOST_COOKIE)).toBe(older);
      t += 1;
      await next.rejectAll(); // a record replaces the mark, and the cookie is vouched for again
      expect(copy.value).toBe(jar.raw.get(HOST_COOKIE));
      next.destroy();
    });

    it('nor stamps a trusted cookie for this config over a tap made while IndexedDB answered', async () => {
      const { copy, h } = withJarAndCopy();
      const edited = stamp.replace(/.$/, (ch) => (ch === '0' ? '1' : '0'));
      const c = consentWith(h.make({ stamp: edited }));
      await c.ready;
      await c.acceptAll(); // its cookie stamped for the config before the site's edit
      c.destroy();
      const next = consentWith(h.make());
      expect(next.has('analytics')).toBe(true); // the cookie is trusted: its copy agrees
      const mark = tapMark(NOW + 1);
      copy.value = mark; // another page's tap, before this page's IndexedDB has answered
      await next.ready;
      expect(copy.value).toBe(mark);
      next.destroy();
    });

    it('nor writes over a tap a decision dated before it (madeAt, or a record identify() pulls), while a later one replaces it', async () => {
      const { jar, copy, h } = withJarAndCopy();
      let t = NOW;
      const c = consentWith(h.make({ now: () => t }), () => t);
      await c.ready;
      await c.rejectAll(); // decided at NOW, cookie and copy written
      t = NOW + 3000;
      const mark = tapMark(NOW + 2000);
      copy.value = mark; // a first-visit page taps Accept all at NOW + 2 s, its engine on its way
      const before = jar.raw.get(HOST_COOKIE);
      const between = await c.acceptAll({ madeAt: NOW + 1000 }); // a choice made before the tap, applied now
      expect(between).not.toBeNull(); // recorded…
      expect(copy.value).toBe(mark); // …but the newer tap stays for its page, or the next one, to record
      expect(jar.raw.get(HOST_COOKIE)).toBe(before);
      const later = await c.rejectAll(); // made after the tap: it stands, and vouches for its cookie
      expect(later).not.toBeNull();
      expect(copy.value).toBe(jar.raw.get(HOST_COOKIE));
      c.destroy();
    });

    it('a mark dated in the future (a clock set back, or forged) holds no decision back', async () => {
      const { jar, copy, h } = withJarAndCopy();
      const c = consentWith(h.make());
      await c.ready;
      await c.rejectAll();
      copy.value = tapMark(NOW + 3_600_000);
      await c.acceptAll({ madeAt: NOW - 1000 });
      expect(copy.value).toBe(jar.raw.get(HOST_COOKIE)); // written over: the mark said nothing believable
      c.destroy();
    });

    it('with a shared cookie (cookie.domain: no copy) a mark left in the copy does not stop a stale cookie from being rewritten', async () => {
      const shared = configOf({ ...sample, cookie: { domain: 'example.com', path: '/' } });
      const jar = fakeJar();
      const copy = fakeCopy();
      const h = harness({ config: shared, cookies: jar, copy });
      let t = NOW;
      const make = () =>
        createConsent({ ...sample, cookie: { domain: 'example.com', path: '/' } }, { storage: h.make(), now: () => t });
      const c = make();
      await c.ready;
      await c.rejectAll();
      const older = jar.raw.get(COOKIE_NAME)!;
      t += 60_000;
      await c.acceptAll();
      const newer = jar.raw.get(COOKIE_NAME)!;
      c.destroy();
      jar.raw.set(COOKIE_NAME, older);
      copy.value = tapMark();
      const next = make();
      await next.ready;
      expect(next.has('analytics')).toBe(true);
      expect(jar.raw.get(COOKIE_NAME)).toBe(newer);
      next.destroy();
    });

    it('reports a cookie that this page replaced from IndexedDB meanwhile (an older decision put back by hand)', async () => {
      const jar = fakeJar();
      const h = harness({ cookies: jar });
      const c = consentWith(h.make());
      await c.ready;
      await c.rejectAll();
      const older = jar.raw.get(HOST_COOKIE)!;
      await c.acceptAll();
      c.destroy();
      jar.raw.set(HOST_COOKIE, older); // e.g. a cookie restored by a browser extension
      h.errors.length = 0;
      vi.useFakeTimers({ toFake: ['setTimeout'] });
      try {
        const next = consentWith(h.make());
        await next.ready;
        expect(next.has('analytics')).toBe(true); // IndexedDB's newer decision…
        expect(jar.raw.get(HOST_COOKIE)).not.toBe(older); // …written over the older one
        vi.advanceTimersByTime(1500);
        expect(corrupt(h)).toHaveLength(1); // the copy holds what this page wrote, not that cookie
        next.destroy();
      } finally {
        vi.useRealTimers();
      }
    });

    /** This origin's stored decision (an accept), and another tab's newer refusal whose cookie alone has reached this page. */
    async function refusedInAnotherTab(bus = fakeTabBus()) {
      const jar = fakeJar();
      const copy = fakeCopy();
      const journal = fakeCopy(); // this origin's record journal (localStorage)
      const h = harness({ cookies: jar, copy, journal });
      const here = consentWith(h.make());
      await here.ready;
      await here.acceptAll();
      here.destroy();
      let message: unknown;
      bus.open().subscribe((m) => (message = m));
      // The other tab: the same cookie jar, its copy and its record not visible here yet.
      const there = consentWith(harness({ cookies: jar, channel: bus.open() }).make(), () => NOW + 60_000);
      await there.ready;
      await there.rejectAll();
      const [record] = await there.records();
      there.destroy();
      const refusal = jar.raw.get(HOST_COOKIE)!;
      /** That tab's record reaching this page's IndexedDB (another page of this origin writes it; this page's copy stays). */
      const stored = async () =>
        void (await h.make({ copy: fakeCopy(), channel: fakeTabBus().open() }).append(record!));
      return { h, jar, copy, journal, refusal, message, record: record!, stored };
    }

    it("says nothing when IndexedDB already has that tab's record (the page writes the same cookie)", async () => {
      const { h, stored } = await refusedInAnotherTab();
      await stored();
      vi.useFakeTimers({ toFake: ['setTimeout'] });
      try {
        const page = consentWith(h.make(), () => NOW + 60_000);
        await page.ready;
        expect(page.has('analytics')).toBe(false);
        vi.advanceTimersByTime(1500);
        expect(corrupt(h)).toEqual([]);
        expect(h.errors.length).toBe(0);
        page.destroy();
      } finally {
        vi.useRealTimers();
      }
    });

    it("follows that tab's cookie once its copy comes while IndexedDB answers", async () => {
      const { h, copy, refusal } = await refusedInAnotherTab();
      const page = consentWith(h.make(), () => NOW + 60_000);
      copy.value = refusal; // after the page read the cookie, before IndexedDB answered
      await page.ready;
      expect(page.has('analytics')).toBe(false);
      page.destroy();
    });

    /** A page ready on its stored accept; `arrive` brings that tab's write here; 1.5 s later the page follows the refusal, quietly. */
    async function followsOnceArrived(h: Harness, arrive: () => Promise<void>): Promise<void> {
      vi.useFakeTimers({ toFake: ['setTimeout'] });
      try {
        const page = consentWith(h.make(), () => NOW + 60_000);
        await page.ready;
        expect(page.has('analytics')).toBe(true); // this page's stored decision, until that tab's reaches it
        await arrive();
        vi.advanceTimersByTime(1500);
        await vi.waitFor(() => expect(page.has('analytics')).toBe(false), { timeout: 4000 });
        expect(corrupt(h)).toEqual([]);
        page.destroy();
      } finally {
        vi.useRealTimers();
      }
    }

    it("follows that tab's record once its copy and record come after the page is ready", async () => {
      const { h, copy, refusal, stored } = await refusedInAnotherTab();
      await followsOnceArrived(h, async () => {
        copy.value = refusal;
        await stored();
      });
    });

    it("keeps that tab's journal entry (its record may not be stored yet) while its cookie is untrusted", async () => {
      const { h, journal, record } = await refusedInAnotherTab();
      journal.value = JSON.stringify([[record, false]]);
      const page = consentWith(h.make(), () => NOW + 60_000);
      await page.ready;
      expect(journal.value).toContain(record.id);
      page.destroy();
    });

    it("never writes over that tab's cookie when it arrives while IndexedDB answers, even with no cookie at start", async () => {
      const { h, jar, journal, refusal, record } = await refusedInAnotherTab();
      jar.raw.delete(HOST_COOKIE); // e.g. cookies cleared, localStorage kept
      const page = consentWith(h.make(), () => NOW + 60_000);
      jar.raw.set(HOST_COOKIE, refusal); // that tab's cookie, its copy and its record not here yet
      journal.value = JSON.stringify([[record, false]]);
      await page.ready;
      expect(jar.raw.get(HOST_COOKIE)).toBe(refusal);
      expect(journal.value).toContain(record.id);
      page.destroy();
    });

    it('never writes over a cookie replaced while IndexedDB answers by a still newer decision', async () => {
      const { h, jar, refusal } = await refusedInAnotherTab();
      const ids = idsOf(config);
      const d = decodeDecision(ids, refusal)!.decision;
      const newer = encodeDecision(ids, { ...d, id: 'zz-second', issuedAt: d.issuedAt + 1000 }, stamp);
      const page = consentWith(h.make(), () => NOW + 60_000);
      jar.raw.set(HOST_COOKIE, newer);
      await page.ready;
      expect(jar.raw.get(HOST_COOKIE)).toBe(newer);
      page.destroy();
    });

    it("follows that tab's journal entry when its copy comes but its record never reached IndexedDB (that tab closed)", async () => {
      const { h, copy, journal, refusal, record } = await refusedInAnotherTab();
      journal.value = JSON.stringify([[record, false]]);
      await followsOnceArrived(h, async () => void (copy.value = refusal));
    });

    it('hands the instance what the tab channel heard before it listened: the newest 16, then only while it listens', async () => {
      const { record } = await refusedInAnotherTab();
      const bus = fakeTabBus();
      const storage = harness().make({ channel: bus.open(), now: () => NOW + 60_000 });
      for (let i = 0; i < 20; i++) bus.deliver({ candor: 1, record });
      const got: string[] = [];
      const stop = storage.subscribe?.((r) => got.push(r.id));
      expect(got).toEqual(Array(16).fill(record.id));
      stop?.();
      bus.deliver({ candor: 1, record });
      expect(got).toHaveLength(16);
      storage.close?.();
    });

    it("never writes this page's older stored decision over another tab's newer cookie", async () => {
      const { h, jar, refusal } = await refusedInAnotherTab(fakeTabBus());
      const page = consentWith(h.make(), () => NOW + 60_000);
      await page.ready;
      expect(jar.raw.get(HOST_COOKIE)).toBe(refusal); // the next page's loader reads the refusal, not the older grant
      page.destroy();
    });

    it("follows that tab's message heard while it reads IndexedDB, before it is ready", async () => {
      const bus = fakeTabBus();
      const { h, jar, refusal, message } = await refusedInAnotherTab(bus);
      const page = consentWith(h.make({ channel: bus.open() }), () => NOW + 60_000);
      bus.deliver(message); // the other tab's post, heard before this page listens
      await page.ready;
      expect(page.has('analytics')).toBe(false);
      expect(jar.raw.get(HOST_COOKIE)).toBe(refusal);
      page.destroy();
    });

    it('says nothing after the storage is closed (the instance was destroyed)', async () => {
      const { h } = await cookieAheadOfCopy();
      withFakeTimeout(() => {
        const storage = h.make({ indexedDB: () => undefined });
        storage.close?.();
        vi.advanceTimersByTime(10_000);
        expect(corrupt(h)).toEqual([]);
      });
    });
  });

  it('on an opt-out site, a corrupt cookie withholds the opt-out defaults until the visitor decides (fail closed)', async () => {
    const jar = fakeJar();
    jar.raw.set(HOST_COOKIE, '1.3.zz.zz.nothex.0.1.1.0.0.id');
    const storage = harness({ cookies: jar, indexedDB: () => undefined }).make();
    const optOut = createConsent({ ...sample, jurisdiction: 'opt-out' }, { storage, now: () => NOW, gpc: false });
    // Before and after the full read: a lost refusal must not turn into the defaults' grants.
    expect(optOut.has('analytics')).toBe(false);
    await optOut.ready;
    expect(optOut.has('analytics')).toBe(false);
    expect(optOut.state.value.purposes).toMatchObject({ necessary: true, analytics: false, marketing: false });
    await optOut.update({ purposes: { analytics: true } });
    expect(optOut.has('analytics')).toBe(true);
    await optOut.rejectAll();
    expect(optOut.has('analytics')).toBe(false);
    // With storage that reads cleanly the same site grants its defaults.
    const clean = createConsent(
      { ...sample, jurisdiction: 'opt-out' },
      { storage: harness().make(), now: () => NOW, gpc: false },
    );
    expect(clean.has('analytics')).toBe(true);
  });

  it('a corrupt IndexedDB value → no decision and storage/corrupt', async () => {
    const idb = new IDBFactory();
    const { set, promisifyRequest } = await import('idb-keyval');
    const req = idb.open('candor');
    req.onupgradeneeded = () => req.result.createObjectStore('kv');
    const db = await promisifyRequest(req);
    await set(DECISION_KEY, { id: 'x', purposes: 'all' }, (mode, cb) =>
      Promise.resolve(cb(db.transaction('kv', mode).objectStore('kv'))),
    );
    db.close();
    const h = harness({ indexedDB: () => idb });
    const c = consentWith(h.make());
    await c.ready;
    expect(c.has('analytics')).toBe(false);
    expect(c.needsPrompt.value).toBe(true);
    expect(codes(h)).toContain('storage/corrupt');
  });

  it('a decision made while IndexedDB is still being read (the first-visit banner does not wait) survives the read', async () => {
    const jar = fakeJar();
    const h = harness({ cookies: jar });
    const first = consentWith(h.make()); // a first visit: nothing stored yet
    const record = await first.rejectAll(); // before ready: the read is still under way
    await first.ready;
    expect(first.state.value.decision?.id).toBe(record!.id);
    expect(jar.raw.get(HOST_COOKIE)).toBeTruthy(); // not taken for "a cookie without a record"
    expect(codes(h)).toEqual([]);
    // A returning visitor decides again before the read of the older record has finished.
    let t = NOW + 60_000;
    const next = consentWith(h.make(), () => t);
    const newer = await next.acceptAll();
    await next.ready;
    expect(next.state.value.decision?.id).toBe(newer!.id); // not replaced by the older stored record
    expect(next.has('analytics')).toBe(true);
    t += 1;
    const third = consentWith(h.make(), () => t);
    await third.ready;
    expect(third.has('analytics')).toBe(true);
  });

  it('cookie and IndexedDB disagree: the newest decision wins and a stale cookie is rewritten', async () => {
    const jar = fakeJar();
    const h = harness({ cookies: jar });
    let t = NOW;
    const c = consentWith(h.make(), () => t);
    await c.ready;
    await c.rejectAll();
    const staleCookie = jar.raw.get(HOST_COOKIE)!;
    t += 60_000;
    await c.acceptAll();
    jar.raw.set(HOST_COOKIE, staleCookie); // e.g. a cookie restored by a browser extension
    const next = consentWith(h.make(), () => t);
    expect(next.has('analytics')).toBe(false); // the stale cookie is not trusted: it is not the copy this origin wrote…
    await next.ready;
    expect(next.has('analytics')).toBe(true); // …IndexedDB corrects it
    expect(jar.raw.get(HOST_COOKIE)).not.toBe(staleCookie);
  });

  it('cross-tab: a decision in one tab applies in the other; near-simultaneous decisions converge on the newest', async () => {
    const h = harness();
    let t = NOW;
    const tabA = consentWith(h.make(), () => t);
    const tabB = consentWith(h.make(), () => t);
    await Promise.all([tabA.ready, tabB.ready]);
    await tabA.acceptAll();
    expect(tabB.has('marketing')).toBe(true);
    t += 5;
    const older = tabA.rejectAll(); // decided first
    t += 5;
    const newer = tabB.update({ purposes: { analytics: true, marketing: false } }); // decided 5 ms later
    await Promise.all([older, newer]);
    for (const tab of [tabA, tabB]) {
      expect(tab.has('analytics')).toBe(true);
      expect(tab.has('marketing')).toBe(false);
    }
    const fresh = consentWith(h.make(), () => t);
    expect(fresh.has('analytics')).toBe(true);
    await fresh.ready;
    expect(fresh.has('analytics')).toBe(true);
  });

  it('ignores foreign or invalid cross-tab messages', async () => {
    const bus = fakeBus();
    const sender = bus();
    const h = harness({ indexedDB: () => undefined });
    const c = consentWith(h.make({ channel: bus() }));
    await c.ready;
    sender.post({ candor: 1, record: { id: 'x', purposes: { analytics: true } } });
    sender.post('hello');
    sender.post({
      candor: 1,
      record: { ...((await createConsent(sample, { now: () => NOW }).acceptAll()) as ConsentRecord), schemaVersion: 2 },
    });
    expect(c.has('analytics')).toBe(false);
  });
});

describe('sync lease (where Web Locks are missing)', () => {
  it('lets one tab run at a time, frees the lease after, and an expired lease can be taken over', async () => {
    let t = NOW;
    const idb = new IDBFactory();
    const make = () =>
      createBrowserStorage(
        { config, configHash, stamp, cookies: fakeJar(), indexedDB: () => idb, now: () => t, timeoutMs: 500 },
        { onError: () => {} },
      );
    const a = make();
    const b = make();
    let release: () => void = () => {};
    const held = new Promise<void>((r) => (release = r));
    let inside = false;
    const first = a.exclusive!(async () => {
      inside = true;
      await held;
    });
    await vi.waitFor(() => expect(inside).toBe(true));
    expect(await b.exclusive!(async () => {})).toBe(false); // tab A holds it
    release();
    expect(await first).toBe(true);
    expect(await b.exclusive!(async () => {})).toBe(true); // released
    // A tab that died while holding the lease: after it expires, another takes over.
    let dying = false;
    void a.exclusive!(() => ((dying = true), new Promise(() => {})));
    await vi.waitFor(() => expect(dying).toBe(true)); // A holds the lease and never gives it back
    expect(await b.exclusive!(async () => {})).toBe(false);
    t += 16_000;
    expect(await b.exclusive!(async () => {})).toBe(true);
  });
  it('a lease that ends later than a lease can (a forged entry, a clock set back) or cannot be read holds nothing', async () => {
    const idb = new IDBFactory();
    const plant = (value: unknown) =>
      new Promise<void>((done, failed) => {
        const open = idb.open('candor');
        open.onsuccess = () => {
          const tx = open.result.transaction('kv', 'readwrite');
          tx.objectStore('kv').put(value, 'lease:v1');
          tx.oncomplete = () => (open.result.close(), done());
          tx.onerror = () => failed(tx.error);
        };
      });
    const make = () =>
      createBrowserStorage(
        { config, configHash, stamp, cookies: fakeJar(), indexedDB: () => idb, now: () => NOW, timeoutMs: 500 },
        { onError: () => {} },
      );
    const s = make();
    await s.load();
    for (const planted of [
      { owner: 'x', until: NOW + 86_400_000 },
      { owner: 'x', until: 'never' },
    ]) {
      await plant(planted);
      let ran = false;
      expect(await s.exclusive!(async () => void (ran = true))).toBe(true);
      expect(ran).toBe(true);
    }
    // A live lease of another tab, within its 15 s, still holds.
    await plant({ owner: 'x', until: NOW + 10_000 });
    expect(await s.exclusive!(async () => {})).toBe(false);
  });
});

describe('the record journal (IndexedDB drops the writes of a page that closes)', () => {
  /** A fake IndexedDB that reads but whose writes never land, as in a page unloaded mid-write. */
  const dropsWrites = (): IDBFactory => {
    const real = new IDBFactory();
    return {
      open(name: string) {
        const request = real.open(name);
        request.addEventListener('success', () => {
          const db = request.result;
          const transaction = db.transaction.bind(db);
          db.transaction = ((stores: string, mode?: IDBTransactionMode) => {
            const tx = transaction(stores, mode);
            if (mode === 'readwrite') tx.abort();
            return tx;
          }) as typeof db.transaction;
        });
        return request;
      },
    } as unknown as IDBFactory;
  };

  it('keeps a record in localStorage while it is written, and drops it once IndexedDB has it', async () => {
    const journal = fakeCopy();
    const jar = fakeJar();
    const storage = harness({ cookies: jar }).make({ journal });
    const record = (await createConsent(sample, { now: () => NOW }).acceptAll())!;
    const done = storage.append(record, { outbox: true });
    expect(journal.value).toBe(JSON.stringify([[record, true]])); // at once: before any await
    // The cookie too: the next page keeps the journal's entry only for the decision it names, and
    // a page left right after the decision (sealed in its pagehide) may run nothing after this task.
    expect(decodeDecision(idsOf(config), readCookie(jar.get(), HOST_COOKIE))?.decision.id).toBe(record.id);
    await done;
    expect(journal.value).toBeNull();
  });

  it('the next page writes what the last one could not, when its cookie names that record', async () => {
    const h = harness();
    const journal = fakeCopy();
    const first = consentWith(h.make({ journal, indexedDB: dropsWrites }));
    await first.ready;
    const made = await first.acceptAll();
    expect(codes(h)).toContain('storage/unavailable'); // the write did not land
    expect(JSON.parse(journal.value!)[0][0].id).toBe(made!.id);
    const second = consentWith(h.make({ journal }));
    // Asked at once (a dashboard opened as the page loads): answered once that record is written again.
    expect((await second.records()).map((r) => r.id)).toEqual([made!.id]);
    expect(second.has('analytics')).toBe(true); // without it, a cookie with no record would be dropped
    expect(journal.value).toBeNull();
    const third = consentWith(h.make({ journal }));
    await third.ready;
    expect((await third.records()).map((r) => r.id)).toEqual([made!.id]); // in IndexedDB now
  });

  it('a page whose IndexedDB failed (an open slower than the timeout) journals its decision, and the next page keeps it', async () => {
    const stuck = { open: () => ({}) as IDBOpenDBRequest } as unknown as IDBFactory;
    const h = harness();
    const journal = fakeCopy();
    // Only the stuck page times out early; the next one's real open gets the usual time (under load, 50 ms is short).
    const first = consentWith(h.make({ journal, indexedDB: () => stuck, timeoutMs: 50 }));
    await first.ready;
    expect(codes(h)).toContain('storage/unavailable'); // this page goes on with the cookie and memory
    const made = await first.acceptAll();
    expect(JSON.parse(journal.value!)[0][0].id).toBe(made!.id);
    const second = consentWith(h.make({ journal })); // IndexedDB answers again
    await second.ready;
    // Without the journal, a cookie with no stored record is dropped: the choice would be lost.
    expect(second.has('analytics')).toBe(true);
    expect((await second.records()).map((r) => r.id)).toEqual([made!.id]);
    expect(journal.value).toBeNull();
  });

  it('keeps every record a closing page could not write, and the next page writes them in order', async () => {
    const h = harness();
    const journal = fakeCopy();
    let t = NOW;
    const first = consentWith(h.make({ journal, indexedDB: dropsWrites }), () => t);
    await first.ready;
    // Two decisions at once (e.g. a decision, then identify(), as the page is left): both are
    // being written when the first write fails.
    const decided = [first.acceptAll()];
    t += 1000;
    decided.push(first.rejectAll());
    const [accepted, refused] = (await Promise.all(decided)) as [ConsentRecord, ConsentRecord];
    expect((JSON.parse(journal.value!) as [ConsentRecord][]).map(([r]) => r.id)).toEqual([accepted.id, refused.id]);
    t += 1000;
    const second = consentWith(h.make({ journal }), () => t);
    await second.ready;
    expect(second.has('analytics')).toBe(false); // the newest decision stands
    expect((await second.records()).map((r) => r.id)).toEqual([refused.id, accepted.id]); // newest first
    expect(journal.value).toBeNull();
  });

  it('keeps the journal when the next page cannot write it either, for the page after', async () => {
    const h = harness();
    const journal = fakeCopy();
    const first = consentWith(h.make({ journal, indexedDB: dropsWrites }));
    await first.ready;
    const made = (await first.acceptAll())!;
    const second = consentWith(h.make({ journal, indexedDB: dropsWrites }));
    await second.ready;
    expect(JSON.parse(journal.value!)[0][0].id).toBe(made.id);
    const third = consentWith(h.make({ journal }));
    await third.ready;
    expect((await third.records()).map((r) => r.id)).toEqual([made.id]);
    expect(journal.value).toBeNull();
  });

  /** A first-visit page's tap on Reject all (dom/pending-mark.ts), made after the decisions above, its engine on its way. */
  const refusalTapped = (): string => JSON.stringify(['rejectAll', { method: 'banner' }, NOW + 1, config]);

  it("writes the journal's record again, but not its cookie over a tap another page made while IndexedDB answered", async () => {
    const { jar, copy, h } = withJarAndCopy();
    const journal = fakeCopy();
    const first = consentWith(h.make({ journal, indexedDB: dropsWrites }));
    await first.ready;
    const made = (await first.acceptAll())!;
    first.destroy();
    const second = consentWith(h.make({ journal }), () => NOW + 2);
    expect(second.has('analytics')).toBe(true); // the cookie, vouched for by its copy
    const mark = refusalTapped();
    copy.value = mark;
    await second.ready;
    expect((await second.records()).map((r) => r.id)).toEqual([made.id]); // the record is kept
    expect(journal.value).toBeNull();
    expect(copy.value).toBe(mark); // the newer tap stays for its page, or the next one, to record
    expect(codes(h)).not.toContain('storage/corrupt');
    await second.rejectAll(); // a newer decision's record replaces the mark and vouches for its cookie
    expect(copy.value).not.toBe(mark);
    expect(copy.value).toBe(jar.raw.get(HOST_COOKIE));
    second.destroy();
  });

  it('drops a cookie that has no record, but not a tap another page made while IndexedDB answered', async () => {
    const { jar, copy, h } = withJarAndCopy();
    const first = consentWith(h.make({ journal: fakeCopy(), indexedDB: dropsWrites }));
    await first.ready;
    await first.acceptAll(); // neither its record nor (another journal) its journal entry reaches the next page
    first.destroy();
    const second = consentWith(h.make({ journal: fakeCopy() }));
    expect(second.has('analytics')).toBe(true);
    const mark = refusalTapped();
    copy.value = mark;
    await second.ready;
    expect(h.errors.map((e) => e.message)).toContain(
      'Candor: the consent cookie has no stored record; treated as no decision',
    );
    expect(second.has('analytics')).toBe(false);
    expect(jar.raw.has(HOST_COOKIE)).toBe(false);
    expect(copy.value).toBe(mark);
    second.destroy();
  });

  it("writes a record again that IndexedDB holds as the decision but not in its history (a closing page's second transaction dropped)", async () => {
    const real = new IDBFactory();
    // Like a page unloaded between the decision's transaction and the history's: the history is not written.
    const dropsHistory = withPut(real, (tx, _store, value, key, put) => {
      if (key === 'history:v1') tx.abort();
      return put(value, key);
    });
    const h = harness();
    const journal = fakeCopy();
    const first = consentWith(h.make({ journal, indexedDB: dropsHistory }));
    await first.ready;
    const made = (await first.acceptAll())!;
    expect(JSON.parse(journal.value!)[0][0].id).toBe(made.id); // not confirmed: the history failed
    const second = consentWith(h.make({ journal, indexedDB: () => real }));
    await second.ready;
    expect(second.has('analytics')).toBe(true);
    expect((await second.records()).map((r) => r.id)).toEqual([made.id]);
    expect(journal.value).toBeNull();
  });

  it('writes no older entry unless the entry of the decision the cookie names follows it (edited in localStorage)', async () => {
    const h = harness();
    const journal = fakeCopy();
    const first = consentWith(h.make({ journal, indexedDB: dropsWrites }));
    await first.ready;
    const refused = (await first.rejectAll())!;
    // An older decision granting everything, alone: it would become the stored decision.
    const forged = { ...allGranted(refused), id: crypto.randomUUID(), issuedAt: new Date(NOW - 60_000).toISOString() };
    journal.value = JSON.stringify([[forged, false]]);
    const second = consentWith(h.make({ journal }));
    await second.ready;
    expect(second.has('analytics')).toBe(false);
    expect(await second.records()).toEqual([]);
    expect(journal.value).toBeNull();
  });

  it("keeps an entry newer than the cookie's decision: another tab may still be writing it", async () => {
    const h = harness();
    const journal = fakeCopy();
    const first = consentWith(h.make({ journal }));
    await first.ready;
    const refused = (await first.rejectAll())!;
    const newer = { ...refused, id: crypto.randomUUID(), issuedAt: new Date(NOW + 1000).toISOString() };
    journal.value = JSON.stringify([[newer, true]]);
    const second = consentWith(h.make({ journal }), () => NOW + 2000);
    await second.ready;
    expect((await second.records()).map((r) => r.id)).toEqual([refused.id]);
    expect(JSON.parse(journal.value!)[0][0].id).toBe(newer.id);
  });

  it('queues it for sync again when it was queued', async () => {
    const h = harness();
    const journal = fakeCopy();
    const record = (await createConsent(sample, { now: () => NOW }).acceptAll())!;
    await h.make({ journal, indexedDB: dropsWrites }).append(record, { outbox: true });
    const next = h.make({ journal });
    await next.load();
    expect((await next.outbox()).map((r) => r.id)).toEqual([record.id]);
  });

  it("ignores and drops a journal entry with the cookie's id that says something else (edited in localStorage)", async () => {
    const h = harness();
    const journal = fakeCopy();
    const first = consentWith(h.make({ journal, indexedDB: dropsWrites }));
    await first.ready;
    const made = (await first.rejectAll())!;
    const [[record]] = JSON.parse(journal.value!) as [[ConsentRecord, boolean]];
    expect(record.id).toBe(made.id);
    // Same id, every purpose granted: the cookie says Reject all.
    journal.value = JSON.stringify([[allGranted(record), true]]);
    const second = consentWith(h.make({ journal }));
    await second.ready;
    expect(second.has('analytics')).toBe(false);
    expect(await second.records()).toEqual([]);
    expect(journal.value).toBeNull();
  });

  it('ignores a journal the cookie does not name, and one that is not a record', async () => {
    const h = harness();
    const other = (await createConsent(sample, { now: () => NOW }).acceptAll())!;
    const values = [
      JSON.stringify([[other, false]]),
      JSON.stringify([other, false]), // one entry, not in a list
      '{not json',
      JSON.stringify([[{ id: 'x' }, true]]),
      JSON.stringify({ 0: [other, false] }),
    ];
    for (const value of values) {
      const journal = fakeCopy();
      journal.value = value;
      const c = consentWith(h.make({ journal }));
      await c.ready;
      expect(c.has('analytics')).toBe(false);
      expect(await c.records()).toEqual([]);
    }
    expect(h.errors).toEqual([]);
  });
});

describe('the record journal of a tab closed mid-write, when another tab decided after it (the cookie names the later one)', () => {
  /** A fake IndexedDB that reads but whose writes never land, as in a page unloaded mid-write. */
  const dropsWrites = (): IDBFactory =>
    withPut(new IDBFactory(), (tx, _store, value, key, put) => {
      const request = put(value, key);
      tx.abort();
      return request;
    })();
  /**
   * Tab 1 accepts and closes at once (its record in the journal only); tab 2 follows it, then
   * refuses, and `then` (a second decision: the chain to tab 1's record then runs through a record
   * IndexedDB holds).
   */
  async function twoTabs(
    h: Harness,
    open: (storage: ConsentStorage, clock: () => number) => ReturnType<typeof consentWith>,
    then?: (tab: ReturnType<typeof consentWith>) => Promise<unknown>,
  ) {
    const journal = fakeCopy();
    let t = NOW;
    const clock = () => t;
    const tab2 = open(h.make({ journal, now: clock }), clock);
    await tab2.ready;
    const tab1 = open(h.make({ journal, indexedDB: dropsWrites, now: clock }), clock);
    await tab1.ready;
    const accepted = (await tab1.acceptAll())!;
    tab1.destroy();
    expect(JSON.parse(journal.value!)[0][0].id).toBe(accepted.id);
    await vi.waitFor(() => expect(tab2.state.value.decision?.id).toBe(accepted.id));
    t += 60_000;
    const refused = (await tab2.rejectAll())!; // into IndexedDB, chained to the acceptance
    expect(refused.prevHash).not.toBeNull();
    t += 60_000;
    await then?.(tab2);
    tab2.destroy();
    t += 1000;
    return { journal, clock, accepted, refused };
  }

  it("keeps the closed tab's record in the history, and no journal entry the chain does not name", async () => {
    const h = harness();
    const { journal, clock, accepted, refused } = await twoTabs(h, (s, now) => consentWith(s, now));
    // A forged entry beside it (believable, the acceptance under another id): not this device's.
    const entries = JSON.parse(journal.value!) as [ConsentRecord, boolean][];
    journal.value = JSON.stringify([[{ ...accepted, id: '0b1d5b2e-7c1a-4c3e-9a57-2f6f3d1e8a90' }, false], ...entries]);
    const next = consentWith(h.make({ journal, now: clock }), clock);
    await next.ready;
    expect((await next.records()).map((r) => r.id)).toEqual([refused.id, accepted.id]);
    expect(next.has('analytics')).toBe(false);
  });

  it("keeps the closed tab's record when the other tab decided twice since (the chain runs through IndexedDB)", async () => {
    const h = harness();
    let changed: ConsentRecord | null = null;
    const { journal, clock, accepted, refused } = await twoTabs(
      h,
      (s, now) => consentWith(s, now),
      async (tab) => (changed = await tab.update({ purposes: { analytics: true } })),
    );
    expect(JSON.parse(journal.value!).map((e: [{ id: string }]) => e[0].id)).toEqual([accepted.id]);
    const next = consentWith(h.make({ journal, now: clock }), clock);
    await next.ready;
    expect((await next.records()).map((r) => r.id)).toEqual([changed!.id, refused.id, accepted.id]);
  });

  it("keeps the closed tab's queued record in the sync outbox", async () => {
    const synced = { ...sample, sync: { endpoint: 'https://example.com/api/consent' } };
    const offline = (() => Promise.reject(new TypeError('offline'))) as typeof fetch;
    const h = harness();
    const open = (storage: ConsentStorage, clock: () => number) =>
      createConsent(synced, { storage, now: clock, fetch: offline });
    const { journal, clock, accepted, refused } = await twoTabs(h, open);
    const storage = h.make({ journal, now: clock });
    const next = open(storage, clock);
    await next.ready;
    expect((await storage.outbox()).map((r) => r.id).sort()).toEqual([accepted.id, refused.id].sort());
    next.destroy();
  });
});

describe('identify() pulls a record with the id of the local one', () => {
  /** A page that refuses, and the endpoint's altered copy of that record (dated later, all granted). */
  async function refusedThenAltered() {
    let reply: unknown = { record: null };
    const fetchFn = (async (_url: string, init: RequestInit) =>
      new Response(init.method === 'POST' ? '{}' : JSON.stringify(reply))) as unknown as typeof fetch;
    const synced = { ...sample, sync: { endpoint: 'https://example.com/consent', pull: true } };
    const h = harness();
    const page = (at: number, over: Partial<BrowserStorageOptions> = {}) =>
      createConsent(synced, { storage: h.make({ now: () => at, ...over }), now: () => at, fetch: fetchFn });
    const c = page(NOW);
    await c.identify('user 1');
    const refused = (await c.rejectAll())!;
    c.destroy();
    reply = {
      record: {
        ...refused,
        issuedAt: new Date(NOW + 60_000).toISOString(),
        purposes: { ...refused.purposes, analytics: true, marketing: true },
      },
    };
    return page;
  }

  it('on a page whose IndexedDB does not answer (the decision from the cookie alone), it replaces nothing', async () => {
    const page = await refusedThenAltered();
    const later = page(NOW + 120_000, { indexedDB: () => undefined });
    await later.ready;
    expect(later.has('marketing')).toBe(false); // the cookie's refusal
    await later.identify('user 1');
    expect(later.has('marketing')).toBe(false); // still the visitor's refusal
  });

  it('the next page does not grant what the visitor refused on this device', async () => {
    const page = await refusedThenAltered();
    const later = page(NOW + 120_000);
    await later.identify('user 1');
    expect(later.has('marketing')).toBe(false); // this page: the refusal stands…
    later.destroy();
    const next = page(NOW + 180_000);
    await next.ready;
    expect(next.has('marketing')).toBe(false); // …and the next one
  });
});

describe('the record journal against whoever else writes localStorage (review)', () => {
  /** A fake IndexedDB that reads but whose writes never land, as in a page unloaded mid-write. */
  const dropsWrites = (): IDBFactory => {
    const real = new IDBFactory();
    return {
      open(name: string) {
        const request = real.open(name);
        request.addEventListener('success', () => {
          const db = request.result;
          const transaction = db.transaction.bind(db);
          db.transaction = ((stores: string, mode?: IDBTransactionMode) => {
            const tx = transaction(stores, mode);
            if (mode === 'readwrite') tx.abort();
            return tx;
          }) as typeof db.transaction;
        });
        return request;
      },
    } as unknown as IDBFactory;
  };
  /** A page that closed right after deciding: `record` is in the journal and the cookie, not in IndexedDB. */
  async function closedAfter(h: Harness, journal: MirrorCopy, decide: (c: ReturnType<typeof consentWith>) => unknown) {
    const first = consentWith(h.make({ journal, indexedDB: dropsWrites }));
    await first.ready;
    return (await decide(first)) as ConsentRecord;
  }
  const listed = (journal: { value: string | null }): [ConsentRecord, unknown][] =>
    JSON.parse(journal.value ?? '[]') as [ConsentRecord, unknown][];

  it("keeps another tab's record that reaches the journal while this page writes the last page's again", async () => {
    const h = harness();
    const journal = fakeCopy();
    const accepted = await closedAfter(h, journal, (c) => c.acceptAll());
    // Another tab refuses while this page writes `accepted` again, and closes before its own
    // write lands: only the journal holds the refusal.
    const refused = (await createConsent(sample, { now: () => NOW + 1000 }).rejectAll())!;
    const otherTab = h.make({ journal, indexedDB: dropsWrites, now: () => NOW + 1000 });
    let theirs: Promise<void> | undefined;
    const thisTab = h.make({
      now: () => NOW + 1000,
      journal: {
        get: journal.get,
        remove: journal.remove,
        set(v) {
          journal.set(v);
          theirs ??= otherTab.append(refused, { outbox: true });
        },
      },
    });
    await thisTab.load();
    await theirs;
    expect(listed(journal).map(([r]) => r.id)).toEqual([refused.id]);
    const next = consentWith(h.make({ journal }), () => NOW + 2000);
    await next.ready;
    expect(next.has('analytics')).toBe(false); // the older acceptance must not come back
    expect(next.state.value.decision?.id).toBe(refused.id);
    expect((await next.records()).map((r) => r.id)).toEqual([refused.id, accepted.id]);
  });

  it("keeps a decision made on this page while it writes the last page's records again", async () => {
    const h = harness();
    const journal = fakeCopy();
    const accepted = await closedAfter(h, journal, (c) => c.acceptAll());
    // The visitor refuses while the replay is under way; that write never lands (the page closes).
    const refused = (await createConsent(sample, { now: () => NOW + 1000 }).rejectAll())!;
    // An IndexedDB whose writes of the refusal never finish, as in a page that closes meanwhile.
    const real = new IDBFactory();
    const hangs = withPut(real, (tx, store, value, key, put) => {
      if (!JSON.stringify(value).includes(refused.id)) return put(value, key);
      tx.abort();
      Object.defineProperty(store, 'transaction', { value: {} }); // never completes
      return {} as IDBRequest<IDBValidKey>;
    })();
    let decided = false;
    let mine: Promise<void> | undefined;
    const page: ConsentStorage = h.make({
      indexedDB: () => hangs,
      timeoutMs: 200, // the hung write's wait
      now: () => NOW + 1000,
      journal: {
        get: journal.get,
        remove: journal.remove,
        set(v) {
          journal.set(v);
          if (decided) return;
          decided = true; // (append writes the journal too)
          mine = page.append(refused, { outbox: true });
        },
      },
    });
    await page.load();
    await mine; // timed out: IndexedDB does not hold the refusal
    expect(listed(journal).map(([r]) => r.id)).toContain(refused.id);
    const next = h.make({ journal, indexedDB: () => real, now: () => NOW + 2000 });
    const loaded = await next.load();
    expect(loaded.decision?.id).toBe(refused.id); // not the older acceptance IndexedDB holds
    expect(loaded.decision?.purposes['analytics']).toBe(false);
    expect((await next.records()).map((r) => r.id)).toEqual([refused.id, accepted.id]);
  });

  it("does not queue for sync an edited entry with the cookie's id placed before the real one", async () => {
    const h = harness();
    const journal = fakeCopy();
    const refused = (await createConsent(sample, { now: () => NOW }).rejectAll())!;
    await h.make({ journal, indexedDB: dropsWrites }).append(refused, { outbox: true });
    journal.value = JSON.stringify([[allGranted(refused), true], ...listed(journal)]);
    const next = h.make({ journal });
    expect((await next.load()).decision?.purposes['analytics']).toBe(false);
    // The server would receive this as the visitor's receipt: it must say what they chose.
    expect((await next.outbox()).map((r) => r.purposes)).toEqual([refused.purposes]);
    expect((await next.records()).map((r) => r.purposes)).toEqual([refused.purposes]);
  });

  it("does not let an edited entry with the cookie's id and grants make the decision last longer", async () => {
    const h = harness();
    const journal = fakeCopy();
    const refused = await closedAfter(h, journal, (c) => c.rejectAll());
    const [record, outbox] = listed(journal)[0]!;
    // Ten years instead of the config's lifetime, and issued later: a decision that never expires.
    const later = new Date(NOW + 60_000).toISOString();
    const forever = new Date(NOW + 60_000 + 3649 * 86_400_000).toISOString();
    for (const forged of [
      { ...record, expiresAt: forever },
      { ...record, issuedAt: later, expiresAt: forever },
    ]) {
      journal.value = JSON.stringify([[forged, outbox]]);
      const next = h.make({ journal, now: () => NOW + 120_000 });
      const loaded = await next.load();
      expect(loaded.decision?.expiresAt ?? 0).toBeLessThanOrEqual(Date.parse(refused.expiresAt));
      expect((await next.records()).map((r) => r.expiresAt)).not.toContain(forever);
    }
  });

  it('writes again no more than the 16 entries the journal keeps (one edited to hold thousands)', async () => {
    const h = harness();
    const journal = fakeCopy();
    const refused = await closedAfter(h, journal, (c) => c.rejectAll());
    const older = (i: number) => [
      { ...allGranted(refused), id: crypto.randomUUID(), issuedAt: new Date(NOW - 1_000_000 + i).toISOString() },
      true,
    ];
    journal.value = JSON.stringify([...Array.from({ length: 300 }, (_, i) => older(i)), ...listed(journal)]);
    const next = h.make({ journal });
    expect((await next.load()).decision?.id).toBe(refused.id);
    expect((await next.outbox()).length).toBeLessThanOrEqual(16);
    expect(journal.value).toBeNull();
  });

  it('safe: reordered, foreign, __proto__ and non-list entries never change the decision or throw', async () => {
    const h = harness();
    const journal = fakeCopy();
    let t = NOW;
    const first = consentWith(h.make({ journal, indexedDB: dropsWrites }), () => t);
    await first.ready;
    const decided = [first.acceptAll()];
    t += 1000;
    decided.push(first.rejectAll()); // both being written when the first write fails
    const [accepted, refused] = (await Promise.all(decided)) as [ConsentRecord, ConsentRecord];
    const entries = listed(journal);
    expect(entries.map(([r]) => r.id)).toEqual([accepted.id, refused.id]);
    const protoRecord = JSON.parse(
      JSON.stringify(allGranted(refused)).replace('"purposes":{', '"purposes":{"__proto__":{"analytics":true},'),
    ) as unknown;
    const foreign = { ...allGranted(accepted), id: crypto.randomUUID(), purposes: { other: true } };
    for (const value of [
      JSON.stringify([...entries].reverse()), // the refusal first, then the older acceptance
      JSON.stringify([[protoRecord, true], ...entries]),
      `[["__proto__", true], {"__proto__": [1]}, 7, null, "x", ${JSON.stringify([foreign, true])}, ${JSON.stringify(entries[1])}]`,
    ]) {
      journal.value = value;
      const c = consentWith(h.make({ journal }), () => t + 1000);
      await c.ready;
      expect(c.has('analytics')).toBe(false);
      expect(c.state.value.decision?.id).toBe(refused.id);
      expect((await c.records()).some((r) => r.purposes['analytics'])).toBe(
        (await c.records()).some((r) => r.id === accepted.id),
      );
    }
  });
});

describe('an opt-out site whose cookie is gone while this origin still holds the decision (Safari keeps a script’s cookie 7 days)', () => {
  const optOut = { ...sample, jurisdiction: 'opt-out' as const };
  const optOutConfig = configOf(optOut);
  const setup = () => {
    const idb = new IDBFactory();
    const jar = fakeJar();
    const copy = fakeCopy();
    const make = (over: Partial<BrowserStorageOptions> = {}) =>
      createBrowserStorage(
        {
          config: optOutConfig,
          configHash: configHashOf(optOutConfig, 'opt-out', sha256),
          stamp: configStamp(optOut, null),
          cookies: jar,
          copy,
          indexedDB: () => idb,
          channel: fakeBus()(),
          now: () => NOW,
          secure: true,
          timeoutMs: 2000,
          ...over,
        },
        { onError: () => {} },
      );
    const consent = (storage: ConsentStorage) => createConsent(optOut, { storage, now: () => NOW, gpc: false });
    return { jar, copy, make, consent };
  };

  it('grants nothing by default until IndexedDB has answered, then follows the refusal it holds', async () => {
    const { jar, copy, make, consent } = setup();
    const first = consent(make());
    await first.ready;
    await first.rejectAll();
    await first.records();
    first.destroy();
    jar.raw.clear(); // the cookie expired; the copy and IndexedDB remain
    expect(copy.value).not.toBeNull();
    const again = consent(make());
    expect(again.has('marketing')).toBe(false); // not the opt-out default: it may be (it is) a refusal
    await again.ready;
    expect(again.has('marketing')).toBe(false);
    expect(again.state.peek().decision?.method).toBe('api');
    again.destroy();
  });

  it('once IndexedDB has answered with no decision, the opt-out defaults apply again', async () => {
    const { copy, make, consent } = setup();
    copy.value = 'a copy left from a decision whose record is gone';
    const c = consent(make({ indexedDB: () => new IDBFactory() }));
    expect(c.has('marketing')).toBe(false);
    await c.ready;
    expect(c.has('marketing')).toBe(true);
    c.destroy();
  });

  it('a first visit (no copy) has the opt-out defaults at once, as before', () => {
    const { make, consent } = setup();
    const c = consent(make());
    expect(c.has('marketing')).toBe(true);
    c.destroy();
  });
});

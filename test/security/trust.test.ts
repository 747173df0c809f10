// Trust boundaries of stored decisions: nothing from the future is accepted on any entry path
// (cookie, IndexedDB, another tab, the endpoint), a decision made on this device is never undone
// on reload by one it did not make, and a cookie without its stored record is no decision.
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { ConsentError } from '../../src/core/errors';
import { hasGrant } from '../../src/core/grants';
import { configHashOf, configStamp } from '../../src/core/policy';
import type { ConsentRecord } from '../../src/core/record';
import { sha256 } from '../../src/core/sha256';
import { createConsent } from '../../src/instance/create-consent';
import { createBrowserStorage, type BrowserStorageOptions } from '../../src/store/browser';
import type { TabChannel } from '../../src/store/channel';
import { encodeDecision, idsOf } from '../../src/store/cookie';
import { DECISION_KEY } from '../../src/store/idb';
import { createMemoryStorage } from '../../src/store/memory';
import { configOf, DAY, fakeTabBus, NOW, sample } from '../unit/fixtures';

const config = configOf(sample);
const HOUR = 3_600_000;

/** One device: a cookie jar, this origin's copy, IndexedDB and a tab bus that outlive a page. */
function device(base: Partial<BrowserStorageOptions> = {}) {
  const cookies = new Map<string, string>();
  let copy: string | null = null;
  const idb = new IDBFactory();
  const errors: ConsentError[] = [];
  const bus = fakeTabBus();
  const channel = (): TabChannel => bus.open();
  const storage = (now: () => number) =>
    createBrowserStorage(
      {
        config,
        configHash: configHashOf(config, 'opt-in', sha256),
        stamp: configStamp(sample, null),
        cookies: {
          get: () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          set(c) {
            const [pair = ''] = c.split(';');
            const [k = '', v = ''] = pair.split(/=(.*)/s);
            if (/Max-Age=0(;|$)/.test(c)) cookies.delete(k.trim());
            else cookies.set(k.trim(), v);
          },
        },
        copy: { get: () => copy, set: (v) => void (copy = v), remove: () => void (copy = null) },
        indexedDB: () => idb,
        channel: channel(),
        now,
        secure: true,
        timeoutMs: 500,
        ...base,
      },
      { onError: (e) => errors.push(e) },
    );
  /** A page load at `now`. */
  const open = (now: number) => createConsent(sample, { storage: storage(() => now), now: () => now });
  /** Writes IndexedDB's decision slot (store/idb.ts) directly, as an older release or a script of the origin could. */
  const putDecision = async (record: ConsentRecord): Promise<void> => {
    const request = idb.open('candor');
    const db = await new Promise<IDBDatabase>((ok, no) => {
      request.onsuccess = () => ok(request.result);
      request.onerror = () => no(request.error);
    });
    const tx = db.transaction('kv', 'readwrite');
    tx.objectStore('kv').put(record, DECISION_KEY);
    await new Promise((ok) => (tx.oncomplete = ok));
    db.close();
  };
  return {
    cookies,
    errors,
    open,
    putDecision,
    post: bus.deliver,
    setCopy: (v: string | null) => void (copy = v),
  };
}

/** A record made by a real engine elsewhere (another device, or forged by hand) at `at`. */
async function recordAt(
  at: number,
  decide: 'acceptAll' | 'rejectAll' = 'acceptAll',
  subject?: string,
): Promise<ConsentRecord> {
  const c = createConsent(sample, { storage: createMemoryStorage(), now: () => at });
  if (subject) void c.identify(subject);
  const r = (await c[decide]())!;
  c.destroy();
  return r;
}

/** A device whose clock ran two hours ahead when the visitor accepted, and its next page at the right time. */
async function acceptedAhead() {
  const d = device();
  const ahead = d.open(NOW + 2 * HOUR);
  await ahead.ready;
  await ahead.acceptAll();
  return { d, corrected: d.open(NOW) };
}

/** Pages opened at each of `times` stand on the refusal made at NOW: no prompt, nothing granted. */
async function refusalStands(d: ReturnType<typeof device>, times: number[]): Promise<void> {
  for (const at of times) {
    const reload = d.open(at);
    await reload.ready;
    expect(reload.needsPrompt.value).toBe(false);
    expect(reload.has('analytics')).toBe(false);
    expect(reload.state.peek().decision?.issuedAt).toBe(NOW);
  }
}

describe('no decision from the future', () => {
  it('a device clock running ahead: the decision it stored is refused once the clock is right again, and the visitor is asked again', async () => {
    const { d, corrected } = await acceptedAhead();
    expect(corrected.has('analytics')).toBe(false);
    await corrected.ready;
    expect(corrected.has('analytics')).toBe(false);
    expect(corrected.needsPrompt.value).toBe(true);
    expect(d.errors.map((e) => e.code)).toContain('storage/corrupt');
  });

  it('a device clock running ahead cannot pin consent: the refusal made after it holds on every later page, also once that date has come', async () => {
    const { d, corrected } = await acceptedAhead();
    await corrected.ready;
    await corrected.rejectAll();
    expect(corrected.has('analytics')).toBe(false);
    // Reloads: the refusal is the stored decision, not a prompt (before, the future record kept
    // IndexedDB's decision, and the refusal's cookie, without a record behind it, was dropped).
    await refusalStands(d, [NOW + 60_000, NOW + 3 * HOUR]);
  });

  it('a future-dated decision already stored (before this fix) gives way to the newest believable one in the history', async () => {
    const d = device();
    const page = d.open(NOW);
    await page.ready;
    await page.rejectAll();
    // IndexedDB's decision slot overwritten with an acceptance dated a day ahead, as an old release
    // kept it (or a script of the origin wrote it); the refusal is in the history.
    await d.putDecision(await recordAt(NOW + DAY));
    // Also once its date has come: the refusal went back to the slot.
    await refusalStands(d, [NOW + 60_000, NOW + 2 * DAY]);
  });

  it('a clock a little ahead (within the allowed skew) is accepted', async () => {
    const d = device();
    const ahead = d.open(NOW + 60_000);
    await ahead.ready;
    await ahead.acceptAll();
    const next = d.open(NOW);
    await next.ready;
    expect(next.has('analytics')).toBe(true);
  });

  it('a record from another tab dated in the future is ignored', async () => {
    const d = device();
    const page = d.open(NOW);
    await page.ready;
    await page.rejectAll();
    d.post({ candor: 1, record: await recordAt(NOW + DAY) });
    expect(page.has('analytics')).toBe(false);
  });

  it('a pulled record dated in the future is not applied by identify()', async () => {
    const future = await recordAt(NOW + DAY, 'acceptAll', 'user-1');
    const fetch = async () =>
      new Response(JSON.stringify({ record: future }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    const c = createConsent(
      { ...sample, sync: { endpoint: 'https://example.com/consent', pull: true } },
      { storage: createMemoryStorage(), now: () => NOW, fetch },
    );
    await c.ready;
    await c.rejectAll();
    await c.identify('user-1');
    expect(c.has('analytics')).toBe(false);
    c.destroy();
  });
});

describe("the visitor's own decision stands", () => {
  it('Reject all after a grant dated slightly ahead (another device, within the skew): the refusal holds after reload', async () => {
    const d = device();
    const first = d.open(NOW + 4 * 60_000); // the grant, dated 4 minutes ahead of the visitor's clock
    await first.ready;
    await first.acceptAll();
    const page = d.open(NOW);
    await page.ready;
    expect(page.has('analytics')).toBe(true);
    await page.rejectAll();
    const reloaded = d.open(NOW + 1000);
    expect(reloaded.has('analytics')).toBe(false); // the cookie
    await reloaded.ready;
    expect(reloaded.has('analytics')).toBe(false); // IndexedDB
    expect(reloaded.state.value.decision?.method).toBe('api');
  });
});

describe('forged cookies', () => {
  it('a hand-written cookie this origin has no copy of grants nothing, before or after IndexedDB answers', async () => {
    const d = device();
    const forged = await recordAt(NOW);
    const value = encodeDecision(
      idsOf(config),
      {
        id: forged.id,
        issuedAt: NOW,
        expiresAt: NOW + DAY,
        revision: 3,
        configHash: configHashOf(config, 'opt-in', sha256),
        method: 'api',
        purposes: { necessary: true, analytics: true, marketing: true },
        services: {},
        gpc: false,
      },
      configStamp(sample, null),
    );
    d.cookies.set('__Host-candor', value);
    const page = d.open(NOW);
    expect(page.has('marketing')).toBe(false);
    await page.ready;
    expect(page.has('marketing')).toBe(false);
    expect(page.needsPrompt.value).toBe(true);
  });

  it('a cookie with a copy but without a stored record is dropped once IndexedDB answers', async () => {
    const d = device();
    const value = encodeDecision(
      idsOf(config),
      {
        id: 'abcdefgh-1',
        issuedAt: NOW,
        expiresAt: NOW + DAY,
        revision: 3,
        configHash: configHashOf(config, 'opt-in', sha256),
        method: 'api',
        purposes: { necessary: true, marketing: true },
        services: {},
        gpc: false,
      },
      configStamp(sample, null),
    );
    d.cookies.set('__Host-candor', value);
    d.setCopy(value);
    const page = d.open(NOW);
    expect(page.has('marketing')).toBe(true); // the synchronous fast path cannot know yet
    await page.ready;
    expect(page.has('marketing')).toBe(false);
    expect(d.cookies.has('__Host-candor')).toBe(false);
  });
});

describe('stored preferences that no longer fit the config', () => {
  it('a record with a preference the site has since removed (or an invalid value) restores without it, and Save still works', async () => {
    const old = await recordAt(NOW);
    const stored = {
      ...old,
      preferences: { ...old.preferences, removed: 'weekly', newsletter: 'not a boolean', frequency: 'daily' },
    };
    const c = createConsent(sample, { storage: createMemoryStorage([stored as ConsentRecord]), now: () => NOW });
    await c.ready;
    expect(c.preferences.all()).not.toHaveProperty('removed');
    expect(c.preferences.get('newsletter')).toBe(false); // the default, not the invalid stored value
    expect(c.preferences.get('frequency')).toBe('daily');
    const saved = await c.update({ purposes: { analytics: true }, preferences: c.preferences.all() });
    expect(saved?.preferences).not.toHaveProperty('removed');
    c.destroy();
  });
});

describe('a polluted Object.prototype', () => {
  it('grants no id, in the engine and in the grants the cookie gives (own entries only)', async () => {
    const c = createConsent(sample, { storage: createMemoryStorage(), now: () => NOW });
    await c.acceptAll();
    const proto = Object.prototype as Record<string, unknown>;
    proto['tiktok'] = true; // as `?__proto__[tiktok]=true` through a page's own query parsing
    try {
      expect(({} as Record<string, unknown>)['tiktok']).toBe(true); // polluted indeed
      expect(c.has('tiktok' as never)).toBe(false);
      expect(c.has('analytics,tiktok' as never)).toBe(false);
      expect(c.has('analytics')).toBe(true);
      expect(hasGrant({ purposes: {}, services: {} }, 'tiktok')).toBe(false);
    } finally {
      delete proto['tiktok'];
    }
  });
});

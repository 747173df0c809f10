import { describe, expect, it, vi } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import { canonicalJson } from '../../src/core/canonical-json';
import { ConsentError } from '../../src/core/errors';
import { sha256 } from '../../src/core/sha256';
import type { ConsentRecord } from '../../src/core/record';
import type { ConsentEvents } from '../../src/instance/types';
import { createMemoryStorage } from '../../src/store/memory';
import type { ConsentStorage } from '../../src/store/storage';
import { DEFAULT_EXPIRES_AFTER_DAYS } from '../../src/core/defaults';
import { DAY, NOW, sample } from './fixtures';

const clock = () => {
  let t = NOW;
  return { now: () => t, move: (ms: number) => (t += ms) };
};

describe('createConsent', () => {
  it('is fail-closed before a decision, grants after acceptAll, and re-asks after a revision bump or expiry', async () => {
    const c = clock();
    const storage = createMemoryStorage();
    const consent = createConsent(sample, { now: c.now, storage });
    await consent.ready;
    expect(consent.has('analytics')).toBe(false);
    expect(consent.needsPrompt.value).toBe(true);
    const record = await consent.acceptAll();
    expect(record?.method).toBe('api');
    expect(consent.has('analytics')).toBe(true);
    expect(consent.state.value.purposes.analytics).toBe(true);
    expect(consent.needsPrompt.value).toBe(false);

    const bumped = createConsent({ ...sample, policy: { revision: 4 } }, { now: c.now, storage });
    await bumped.ready;
    expect(bumped.has('analytics')).toBe(false);
    expect(bumped.state.value.promptReason).toBe('revision');

    c.move(182 * DAY);
    expect(consent.has('analytics')).toBe(false);
    await Promise.resolve(); // state follows the clock on the next microtask (has() writes no signal)
    expect(consent.state.value.promptReason).toBe('expired');
    consent.destroy();
    bumped.destroy();
  });

  it('rejectAll denies every optional purpose and service', async () => {
    const consent = createConsent(sample);
    await consent.acceptAll();
    await consent.rejectAll();
    for (const p of ['analytics', 'marketing', 'functional', 'health-personalization', 'ga4', 'youtube'] as const)
      expect(consent.has(p)).toBe(false);
    expect(consent.has('necessary')).toBe(true);
    expect(consent.has('cdn')).toBe(true);
  });

  it('throws ConsentError("config/invalid") listing every issue with its path', () => {
    let error: unknown;
    try {
      createConsent({
        policy: { revision: -1 },
        purposes: [{ id: 'analytics' }],
        services: [{ id: 'x', purpose: 'analytic' }],
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConsentError);
    const e = error as ConsentError;
    expect(e.code).toBe('config/invalid');
    expect(e.message).toContain('policy.revision: expected a whole number');
    expect(e.message).toContain('purposes: a purpose { "id": "necessary"');
    expect(e.message).toContain('services[0].purpose: unknown purpose "analytic" (did you mean "analytics"?)');
    expect(e.issues).toHaveLength(3);
  });

  it('prints unknown config keys once as a development warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    // `as never`: the typo is deliberate (the types reject it; a plain-JavaScript site would not).
    createConsent({ ...sample, ui: { layot: 'box' } } as never).destroy();
    createConsent({ ...sample, ui: { layot: 'box' } } as never).destroy();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toContain('config ui.layot: unknown key, ignored (did you mean "layout"?)');
  });

  it('warns once in development for each id in has() that is no purpose or service, never for a known one', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const consent = createConsent(sample);
      expect(consent.has('necessary, analytics')).toBe(false);
      expect(warn).not.toHaveBeenCalled();
      // `as never`: the typo is deliberate (the types reject it; a plain-JavaScript site would not).
      expect(consent.has('necessary,analytcs' as never)).toBe(false);
      expect(consent.has('necessary,analytcs' as never)).toBe(false);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toBe(
        '[candor] has("necessary,analytcs"): "analytcs" is not a purpose or service in the config, so it is never granted',
      );
      consent.destroy();
    } finally {
      warn.mockRestore();
    }
  });

  it('warns once in development when has() or whenGranted() is given no string, or an id the config lacks (never granted)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const consent = createConsent(sample);
      await consent.acceptAll();
      // Plain JavaScript: an array of ids, or a value that is no condition at all. Never granted (fail closed).
      const has = consent.has as (expr: unknown) => boolean;
      expect(has(['analytics'])).toBe(false);
      expect(has(['analytics'])).toBe(false);
      expect(has(123)).toBe(false);
      let resolved = false;
      void (consent.whenGranted as (expr: unknown) => Promise<void>)(undefined).then(() => (resolved = true));
      void consent.whenGranted('analytcs' as never).then(() => (resolved = true));
      await Promise.resolve();
      expect(resolved).toBe(false);
      expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([
        '[candor] has(): the condition must be a string such as "analytics,ga4" (got object), so it is never granted',
        '[candor] has(): the condition must be a string such as "analytics,ga4" (got number), so it is never granted',
        '[candor] whenGranted(): the condition must be a string such as "analytics,ga4" (got undefined), so it is never granted',
        '[candor] whenGranted("analytcs"): "analytcs" is not a purpose or service in the config, so it is never granted',
      ]);
      consent.destroy();
    } finally {
      warn.mockRestore();
    }
  });

  it('warns once in development when on() is given a name that is no event, and the listener never runs', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const consent = createConsent(sample);
      const fn = vi.fn();
      consent.on('change', () => {}); // a real event: nothing said
      expect(warn).not.toHaveBeenCalled();
      // `as never`: the typos are deliberate (the types reject them; a plain-JavaScript site would not).
      consent.on('chnage' as never, fn);
      consent.on('chnage' as never, fn);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toBe(
        '[candor] on("chnage"): no such event (did you mean "change"?); the listener never runs ' +
          '(events: ready, change, prompt, error, sync)',
      );
      // Inherited names are no events either; a name that is not a string is said as its type.
      consent.on('toString' as never, fn);
      consent.on(42 as never, fn);
      consent.on('onChange' as never, fn);
      expect(String(warn.mock.calls[1]?.[0])).toContain('on("toString"): no such event;');
      expect(String(warn.mock.calls[2]?.[0])).toContain('on(a number): no such event;');
      expect(String(warn.mock.calls[3]?.[0])).toContain('on("onChange"): no such event (did you mean "change"?)');
      await consent.acceptAll();
      expect(fn).not.toHaveBeenCalled();
      consent.destroy();
    } finally {
      warn.mockRestore();
    }
  });

  it('emits change with the record and previous state, ready once, and prompt when a decision is needed', async () => {
    const consent = createConsent(sample);
    const seen: string[] = [];
    consent.on('ready', (s) => seen.push(`ready:${s.ready}`));
    consent.on('prompt', (p) => seen.push(`prompt:${p.reason}`));
    consent.on('change', (e) =>
      seen.push(
        `change:${e.source}:${e.record?.method}:${e.previous.purposes.analytics}->${e.state.purposes.analytics}`,
      ),
    );
    await consent.ready;
    await consent.update({ purposes: { analytics: true } }, { method: 'panel:save' });
    expect(seen).toEqual(['ready:true', 'prompt:none', 'change:local:panel:save:false->true']);
  });

  it('keeps calling other listeners when one throws and reports it as an error event', async () => {
    const consent = createConsent(sample);
    const errors: ConsentEvents['error'][] = [];
    const later = vi.fn();
    consent.on('change', () => {
      throw new Error('site bug');
    });
    consent.on('change', later);
    consent.on('error', (e) => errors.push(e));
    consent.on('error', () => {
      throw new Error('error listener bug'); // must not loop or escape
    });
    await expect(consent.acceptAll()).resolves.toBeTruthy();
    expect(later).toHaveBeenCalledTimes(1);
    expect(errors.map((e) => e.code)).toEqual(['listener/failed']);
    expect((errors[0]?.cause as Error).message).toBe('site bug');
  });

  it('on() returns an unsubscribe', async () => {
    const consent = createConsent(sample);
    const fn = vi.fn();
    const off = consent.on('change', fn);
    off();
    await consent.acceptAll();
    expect(fn).not.toHaveBeenCalled();
  });

  it('whenGranted resolves when the condition becomes granted, and at once if it already is', async () => {
    const consent = createConsent(sample);
    let resolved = false;
    const p = consent.whenGranted('analytics,ga4').then(() => (resolved = true));
    await consent.update({ purposes: { marketing: true } });
    await Promise.resolve();
    expect(resolved).toBe(false);
    await consent.update({ purposes: { analytics: true } });
    await p;
    expect(resolved).toBe(true);
    await expect(consent.whenGranted('marketing')).resolves.toBeUndefined();
  });

  it('update rejects unknown ids with ConsentError("action/invalid") and keeps the state', async () => {
    const consent = createConsent(sample);
    // `as never`: a deliberately unknown id, which the types reject, to test the run-time check.
    expect(() => consent.update({ purposes: { analitycs: true } as never })).toThrow(ConsentError);
    expect(consent.state.value.decision).toBeNull();
  });

  it('update without an object of choices (none, null, a string, an array) throws and records nothing', async () => {
    // JavaScript callers, or `as never`: `update()` recorded the current grants again as a decision
    // the visitor never made (on a first visit: a refusal), and `update('analytics')` spread its letters.
    const records: unknown[] = [];
    const consent = createConsent(sample);
    consent.on('change', (r) => records.push(r));
    for (const bad of [undefined, null, 'analytics', ['analytics'], true, 1])
      expect(() => (consent.update as (c?: unknown) => unknown)(bad)).toThrow(
        new ConsentError('action/invalid', 'Candor: update() takes an object: { purposes?, services?, preferences? }'),
      );
    await consent.ready;
    expect(records).toEqual([]);
    expect(consent.state.value.decision).toBeNull();
    expect(await consent.records()).toEqual([]);
    // An empty object still records the grants of the moment, as before.
    expect(await consent.update({})).toMatchObject({ method: 'api', purposes: { analytics: false } });
  });

  it('update is an update whatever its object holds: a stray `type` key makes it no other action', async () => {
    const consent = createConsent(sample);
    const record = await consent.update({ type: 'accept-all', purposes: { analytics: true } } as never);
    expect(record).toMatchObject({ method: 'api', purposes: { analytics: true, marketing: false } });
  });

  it('preferences: get, set (validated), all; stored in the next record', async () => {
    const consent = createConsent(sample);
    expect(consent.preferences.get('frequency')).toBe('weekly');
    await consent.preferences.set('newsletter', true);
    expect(() => consent.preferences.set('frequency', 'hourly')).toThrow(
      expect.objectContaining({ code: 'preference/invalid' }),
    );
    const record = await consent.rejectAll();
    expect(record?.preferences).toMatchObject({ newsletter: true, frequency: 'weekly' });
    expect(consent.preferences.all()).toMatchObject({ newsletter: true });
    const again = await consent.preferences.set('topics', ['bread']);
    expect(again?.preferences['topics']).toEqual(['bread']);
  });

  it('records() lists the local history newest first, chained by prevHash', async () => {
    const consent = createConsent(sample);
    const a = await consent.acceptAll();
    const b = await consent.withdraw();
    const list = await consent.records();
    expect(list.map((r) => r.id)).toEqual([b?.id, a?.id]);
    expect(list[0]?.method).toBe('withdraw');
    expect(list[0]?.prevHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("records() right after a decision lists it, with a storage of the site's own whose writes take time", async () => {
    const inner = createMemoryStorage();
    const slow: ConsentStorage = {
      ...inner,
      append: (record, options) => new Promise((r) => setTimeout(r, 20)).then(() => inner.append(record, options)),
    };
    const consent = createConsent(sample, { storage: slow });
    await consent.ready;
    const accepted = consent.acceptAll(); // stored after the next paint; records() seals it at once
    const list = await consent.records();
    expect(list.map((r) => r.id)).toEqual([(await accepted)!.id]);
  });

  it("records() answers within 3 s when a site's own storage never finishes a write", async () => {
    vi.useFakeTimers();
    try {
      const inner = createMemoryStorage();
      const stuck: ConsentStorage = { ...inner, append: () => new Promise<void>(() => {}) };
      const consent = createConsent(sample, { storage: stuck });
      await consent.ready;
      void consent.acceptAll();
      let answered: ConsentRecord[] | undefined;
      void consent.records().then((list) => (answered = list));
      await vi.advanceTimersByTimeAsync(2900);
      expect(answered).toBeUndefined(); // still waiting for the write
      await vi.advanceTimersByTimeAsync(200);
      expect(answered).toEqual([]); // what the storage holds: the write never landed
    } finally {
      vi.useRealTimers();
    }
  });

  it("a site's storage whose append gives a thenable (not a Promise): decisions and records() work", async () => {
    const inner = createMemoryStorage();
    const thenable: ConsentStorage = {
      ...inner,
      append: (record, options) =>
        ({ then: (ok: () => void, no: () => void) => inner.append(record, options).then(ok, no) }) as Promise<void>,
    };
    const consent = createConsent(sample, { storage: thenable });
    await consent.ready;
    const made = await consent.acceptAll();
    expect((await consent.records()).map((r) => r.id)).toEqual([made!.id]);
  });

  it('identify() sets the subject of later records and validates its input', async () => {
    const consent = createConsent(sample);
    await consent.identify('customer-42');
    expect((await consent.acceptAll())?.subject).toBe('customer-42');
    expect(() => consent.identify('')).toThrow(ConsentError);
  });

  it('restores a stored decision synchronously from peek() (first line of <head>)', () => {
    const storage = createMemoryStorage();
    const first = createConsent(sample, { storage });
    void first.acceptAll();
    const second = createConsent(sample, { storage });
    expect(second.has('analytics')).toBe(true); // before `ready`
  });

  it('applies records from another tab when newer, ignores older ones', async () => {
    let push: (r: ConsentRecord) => void = () => {};
    const inner = createMemoryStorage();
    const storage: ConsentStorage = { ...inner, subscribe: (fn) => ((push = fn), () => {}) };
    const c = clock();
    const consent = createConsent(sample, { storage, now: c.now });
    await consent.ready;
    const other = createConsent(sample, { now: () => NOW + 1000 });
    const newer = await other.acceptAll();
    const sources: string[] = [];
    consent.on('change', (e) => sources.push(e.source));
    push(newer!);
    expect(consent.has('marketing')).toBe(true);
    expect(sources).toEqual(['tab']);
    const older = createConsent(sample, { now: () => NOW - 1000 });
    push((await older.rejectAll())!);
    expect(consent.has('marketing')).toBe(true);
  });

  it('honours GPC in opt-out mode with a gpc record, and records it in opt-in mode', async () => {
    const optOut = createConsent({ ...sample, jurisdiction: 'opt-out' }, { gpc: true });
    await optOut.ready;
    expect(optOut.has('marketing')).toBe(false);
    expect(optOut.has('analytics')).toBe(true);
    const [record] = await optOut.records();
    expect(record).toMatchObject({ method: 'gpc', gpc: true, jurisdiction: 'opt-out' });

    const optIn = createConsent(sample, { gpc: true });
    await optIn.ready;
    expect(await optIn.records()).toEqual([]);
    expect((await optIn.acceptAll())?.gpc).toBe(true);
  });

  it('a new GPC signal refuses sale and sharing at once in opt-out mode, before the store has answered', async () => {
    const config = { ...sample, jurisdiction: 'opt-out' } as const;
    const storage = createMemoryStorage();
    const before = createConsent(config, { storage, now: () => NOW - 1000, gpc: false });
    await before.acceptAll();
    before.destroy();
    // The store answers late, as IndexedDB does: until then the cookie (peek) holds the decision.
    const slow: ConsentStorage = {
      ...storage,
      load: () => new Promise((r) => setTimeout(() => r(storage.load()), 20)),
    };
    const c = createConsent(config, { storage: slow, now: () => NOW, gpc: true });
    const seen = [c.has('marketing'), c.has('meta-pixel'), c.has('analytics'), c.state.peek().ready];
    expect(seen).toEqual([false, false, true, false]); // the sale (and its service) refused, the rest as decided
    await c.ready;
    expect([c.has('marketing'), c.has('analytics')]).toEqual([false, true]);
    expect((await c.records())[0]).toMatchObject({ method: 'gpc', gpc: true, purposes: { marketing: false } });
    // A decision made while GPC was on stands: the visitor opted in to the sale themselves.
    await c.update({ purposes: { marketing: true } });
    const again = createConsent(config, { storage, now: () => NOW + 1000, gpc: true });
    expect(again.has('marketing')).toBe(true);
    await again.ready;
    expect(again.has('marketing')).toBe(true);
    // In opt-in mode GPC is recorded, and an earlier opt-in stands (nothing is granted without one).
    const optIn = createMemoryStorage();
    await createConsent(sample, { storage: optIn, now: () => NOW - 1000, gpc: false }).acceptAll();
    expect(createConsent(sample, { storage: optIn, now: () => NOW, gpc: true }).has('marketing')).toBe(true);
  });

  it('picks the jurisdiction from the region map', () => {
    const config = { ...sample, jurisdiction: { default: 'opt-in', 'US-CA': 'opt-out' } } as const;
    expect(createConsent(config, { region: 'US-CA', gpc: false }).has('analytics')).toBe(true);
    expect(createConsent(config, { region: 'FR' }).has('analytics')).toBe(false);
  });

  it('a region that is no ISO 3166 code gets opt-in, with one development warning naming it', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const config = { ...sample, jurisdiction: { default: 'opt-out', DE: 'opt-in' } } as const;
      expect(createConsent(config, { region: 'de', gpc: false }).has('analytics')).toBe(false); // DE: opt-in
      expect(createConsent(config, { region: 'FR', gpc: false }).has('analytics')).toBe(true); // the default
      expect(warn).not.toHaveBeenCalled();
      expect(createConsent(config, { region: 'Germany', gpc: false }).has('analytics')).toBe(false);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toContain('region "Germany" is no ISO 3166 code');
      // A mode that does not depend on the region: nothing to say, and the mode stands.
      const fixed = { ...sample, jurisdiction: 'opt-out' } as const;
      expect(createConsent(fixed, { region: 'Bavaria', gpc: false }).has('analytics')).toBe(true);
      expect(warn).toHaveBeenCalledTimes(1);
      // Not a string (a header read as a list): no code either, and no throw.
      expect(createConsent(config, { region: ['DE'] as never, gpc: false }).has('analytics')).toBe(false);
      for (const odd of [Object.create(null), Symbol('DE'), 42])
        expect(createConsent(config, { region: odd as never, gpc: false }).has('analytics')).toBe(false);
      expect(String(warn.mock.calls.at(-1)?.[0])).toContain('region "(a number)" is no ISO 3166 code');
    } finally {
      warn.mockRestore();
    }
  });

  it('after destroy, actions are ignored and listeners are gone', async () => {
    const consent = createConsent(sample);
    const fn = vi.fn();
    consent.on('change', fn);
    consent.destroy();
    await expect(consent.acceptAll()).resolves.toBeNull();
    expect(fn).not.toHaveBeenCalled();
    expect(consent.has('analytics')).toBe(false);
  });

  it('refreshes state when a decision expires on the real clock', async () => {
    vi.useFakeTimers({ now: NOW });
    try {
      const consent = createConsent({ ...sample, expiresAfterDays: 1 });
      await consent.acceptAll();
      const changes: string[] = [];
      consent.on('change', (e) => changes.push(e.source));
      consent.on('prompt', (p) => changes.push(`prompt: ${p.reason}`));
      vi.advanceTimersByTime(DAY + 2);
      expect(consent.state.value.promptReason).toBe('expired');
      expect(changes).toEqual(['expiry', 'prompt: expired']); // the UI (and candor:prompt) hear it too
      await consent.acceptAll();
      expect(changes).toHaveLength(3); // a decision asks for nothing
    } finally {
      vi.useRealTimers();
    }
  });

  it("tells the expiry even when a change that tells nothing (identify's) re-read the clock before the timer woke", async () => {
    vi.useFakeTimers({ now: NOW });
    try {
      const consent = createConsent({ ...sample, expiresAfterDays: 1 });
      await consent.acceptAll();
      const changes: string[] = [];
      consent.on('change', (e) =>
        changes.push(`${e.source}: ${e.previous.purposes.analytics}→${e.state.purposes.analytics}`),
      );
      consent.on('prompt', (p) => changes.push(`prompt: ${p.reason}`));
      vi.setSystemTime(NOW + DAY + 2); // the clock is past the expiry; the timer has not woken yet
      consent.identify('customer-1'); // no pull configured: a note, which re-reads the state
      expect(consent.state.value.promptReason).toBe('expired');
      await Promise.resolve(); // the wake, on a microtask: the timer was due already
      expect(changes).toEqual(['expiry: true→false', 'prompt: expired']);
      vi.advanceTimersByTime(DAY + 2);
      expect(changes).toHaveLength(2); // told once
    } finally {
      vi.useRealTimers();
    }
  });

  describe("records that renew no consent keep the decision's expiry", () => {
    const expiry = (r: ConsentRecord | null | undefined) => Date.parse(r!.expiresAt);
    it('a preference set 181 days after Accept all: every grant still ends when the decision does', async () => {
      let now = NOW;
      const storage = createMemoryStorage();
      const consent = createConsent(sample, { storage, now: () => now });
      const decided = expiry(await consent.acceptAll());
      now += 181 * DAY;
      const pref = await consent.preferences.set('newsletter', true);
      expect(pref).toMatchObject({ method: 'api', purposes: { marketing: true }, preferences: { newsletter: true } });
      expect(expiry(pref)).toBe(decided);
      now = decided + 1;
      const later = createConsent(sample, { storage, now: () => now });
      await later.ready;
      expect([later.has('marketing'), later.state.peek().promptReason]).toEqual([false, 'expired']);
    });

    it('update({ preferences }) alone is a preference: the expiry kept, and before a valid decision no record (as preferences.set)', async () => {
      let now = NOW;
      const storage = createMemoryStorage();
      const first = createConsent(sample, { storage, now: () => now });
      await first.ready;
      // A first visit: nothing recorded, the banner still asks (a preference is not consent).
      expect(await first.update({ preferences: { newsletter: true } })).toBeNull();
      expect([first.needsPrompt.value, await first.records()]).toEqual([true, []]);
      const decided = expiry(await first.acceptAll());
      now += 181 * DAY;
      const pref = await first.update({ preferences: { newsletter: false } });
      expect(pref).toMatchObject({ purposes: { marketing: true }, preferences: { newsletter: false } });
      expect(expiry(pref)).toBe(decided);
      first.destroy();
      now = decided + 1; // expired: asked again, and a preference renews nothing
      const later = createConsent(sample, { storage, now: () => now });
      await later.ready;
      expect(await later.update({ preferences: { newsletter: true } })).toBeNull();
      expect(later.state.peek().promptReason).toBe('expired');
    });

    it("GPC's refusal keeps the rest of the decision's lifetime, sensitive grants too (opt-out mode)", async () => {
      const config = { ...sample, jurisdiction: 'opt-out' } as const;
      let now = NOW;
      const storage = createMemoryStorage();
      const before = createConsent(config, { storage, now: () => now, gpc: false });
      const decided = expiry(await before.update({ purposes: { 'health-personalization': true } }));
      before.destroy();
      now += 181 * DAY;
      const c = createConsent(config, { storage, now: () => now, gpc: true });
      await c.ready;
      const gpc = (await c.records())[0];
      expect(gpc).toMatchObject({ method: 'gpc', purposes: { 'health-personalization': true, marketing: false } });
      expect(expiry(gpc)).toBe(decided);
    });

    it("a second placeholder's grant before any decision carries the first one's service, and its end", async () => {
      let now = NOW;
      const consent = createConsent(sample, { now: () => now });
      const first = await consent.update({ services: { youtube: true } }, { method: 'placeholder' });
      now += 100 * DAY;
      const second = await consent.update({ services: { 'meta-pixel': true } }, { method: 'placeholder' });
      expect(second?.services).toMatchObject({ youtube: true, 'meta-pixel': true });
      expect(expiry(second)).toBe(expiry(first)); // else every new embed would renew the old ones
      expect(consent.state.peek().promptReason).toBe('none'); // still asked about everything else
    });

    it("a placeholder's service under a valid decision keeps its expiry; before any decision it starts a lifetime of its own", async () => {
      let now = NOW;
      const consent = createConsent(sample, { now: () => now });
      const first = await consent.update({ services: { youtube: true } }, { method: 'placeholder' });
      expect(expiry(first)).toBe(now + DEFAULT_EXPIRES_AFTER_DAYS * DAY);
      const decided = expiry(await consent.rejectAll());
      now += 100 * DAY;
      const video = await consent.update({ services: { 'meta-pixel': true } }, { method: 'placeholder' });
      expect(video?.services['meta-pixel']).toBe(true);
      expect(expiry(video)).toBe(decided);
      // A decision in the panel is the visitor's new consent: a lifetime of its own.
      const saved = await consent.update({ purposes: { analytics: true } }, { method: 'panel:save' });
      expect(expiry(saved)).toBe(Date.parse(saved!.issuedAt) + DEFAULT_EXPIRES_AFTER_DAYS * DAY);
    });
  });

  it('records the hash of the texts a UI passes (or the textHash it gives), not that of the config texts', async () => {
    const consent = createConsent(sample, { storage: createMemoryStorage(), now: () => NOW });
    await consent.ready;
    const texts = { 'banner.title': 'Cookies', 'banner.acceptAll': 'Accept all' };
    const shown = await consent.acceptAll({ method: 'banner:accept-all', texts });
    expect(shown?.textHash).toBe(sha256(canonicalJson(texts)));
    const given = await consent.rejectAll({ texts, textHash: 'a'.repeat(64) });
    expect(given?.textHash).toBe('a'.repeat(64));
    const none = await consent.acceptAll();
    expect(none?.textHash).toBe(sha256(canonicalJson({})));
  });

  it('refuses a textHash that is not sha-256 in 64 lowercase hex digits (action/invalid): the record schema and candor/server would refuse it, and the SDK drop it unsent', async () => {
    const consent = createConsent(sample, { storage: createMemoryStorage(), now: () => NOW });
    await consent.ready;
    for (const textHash of ['banner-v3', 'A'.repeat(64), 'a'.repeat(63), '', 42])
      expect(() => consent.acceptAll({ textHash } as never)).toThrow(
        expect.objectContaining({ code: 'action/invalid' }) as Error,
      );
    expect(consent.state.peek().decision).toBeNull();
    expect((await consent.acceptAll({ textHash: 'f'.repeat(64) }))?.textHash).toBe('f'.repeat(64));
  });
});

describe('DecisionOptions.madeAt: a choice applied after it was made (the banner before its engine)', () => {
  /** A decision stored by another tab's instance whose clock reads `at`; then this page's instance, at NOW. */
  async function storedElsewhere(at: number) {
    const storage = createMemoryStorage();
    const other = createConsent(sample, { storage, now: () => at });
    await other.ready;
    const theirs = await other.acceptAll();
    other.destroy();
    const consent = createConsent(sample, { storage, now: () => NOW });
    await consent.ready;
    return { consent, theirs: theirs! };
  }

  it('yields to a decision made after it elsewhere: records nothing, resolves null, the newer one stands', async () => {
    const { consent, theirs } = await storedElsewhere(NOW - 1_000);
    const changes: unknown[] = [];
    consent.on('change', (e) => void changes.push(e));
    expect(await consent.rejectAll({ madeAt: NOW - 5_000 })).toBeNull();
    expect(consent.state.value.decision?.id).toBe(theirs.id);
    expect(consent.has('analytics')).toBe(true);
    expect(changes).toEqual([]);
    expect((await consent.records()).map((r) => r.id)).toEqual([theirs.id]);
  });

  it('yields to a decision made elsewhere at the same moment (this one, recorded by a later page from the banner’s mark)', async () => {
    const { consent, theirs } = await storedElsewhere(NOW - 5_000);
    expect(await consent.acceptAll({ madeAt: NOW - 5_000 })).toBeNull();
    expect((await consent.records()).map((r) => r.id)).toEqual([theirs.id]);
  });

  it('is dated when it was made, and recorded, when the stored decision is older', async () => {
    const { consent, theirs } = await storedElsewhere(NOW - 10_000);
    const mine = await consent.rejectAll({ madeAt: NOW - 5_000 });
    expect(mine?.issuedAt).toBe(new Date(NOW - 5_000).toISOString());
    expect(mine?.prevHash).not.toBeNull(); // chained to theirs
    expect(consent.has('analytics')).toBe(false);
    expect((await consent.records()).map((r) => r.id)).toEqual([mine!.id, theirs.id]);
  });

  it('is recorded over a decision dated ahead of this clock (another device’s), just after it', async () => {
    const { consent, theirs } = await storedElsewhere(NOW + 60_000);
    const mine = await consent.rejectAll({ madeAt: NOW - 5_000 });
    expect(Date.parse(mine!.issuedAt)).toBe(Date.parse(theirs.issuedAt) + 1);
    expect(consent.has('analytics')).toBe(false);
  });

  it('does not yield to a decision made here after it (those apply in the order they were made)', async () => {
    const consent = createConsent(sample, { storage: createMemoryStorage(), now: () => NOW });
    await consent.ready;
    await consent.acceptAll(); // a call made before the banner's click, applied first (dated now)
    const mine = await consent.rejectAll({ madeAt: NOW - 5_000 });
    expect(mine).not.toBeNull();
    expect(consent.has('analytics')).toBe(false);
    expect(Date.parse(mine!.issuedAt)).toBe(NOW + 1); // still the newest: just after the one it replaces
  });

  it('does not yield to a later decision that does not count now (a placeholder’s grant of one service)', async () => {
    const storage = createMemoryStorage();
    const other = createConsent(sample, { storage, now: () => NOW - 1_000 });
    await other.ready;
    await other.update({ services: { youtube: true } }, { method: 'placeholder' });
    other.destroy();
    const consent = createConsent(sample, { storage, now: () => NOW });
    await consent.ready;
    expect(consent.state.value.promptReason).not.toBeNull(); // still asked: a services-only grant
    const mine = await consent.rejectAll({ madeAt: NOW - 5_000 });
    expect(mine?.method).toBe('api');
    expect(consent.state.value.promptReason).toBeNull();
    expect(consent.has('analytics')).toBe(false);
  });

  it('a page’s careless madeAt (an event’s timeStamp) never drops a refusal of a stored acceptance', async () => {
    const { consent } = await storedElsewhere(NOW - 60_000); // Accept all, on an earlier page
    const mine = await consent.rejectAll({ madeAt: 5_234 });
    expect(mine?.issuedAt).toBe(new Date(NOW).toISOString());
    expect(consent.has('analytics')).toBe(false);
  });

  it.each([NaN, -Infinity, Infinity, NOW + 60_000, -5, 5_234, NOW - 600_001, '1' as unknown as number])(
    'is ignored when %s (not a time in the last 10 minutes): dated now, never thrown',
    async (madeAt) => {
      const consent = createConsent(sample, { storage: createMemoryStorage(), now: () => NOW });
      await consent.ready;
      const mine = await consent.acceptAll({ madeAt });
      expect(mine?.issuedAt).toBe(new Date(NOW).toISOString());
    },
  );
});

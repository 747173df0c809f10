import { describe, expect, it, vi } from 'vitest';
import type { ConsentConfigInput } from '../../src/core/config-types';
import { configHashOf, configStamp, resolveMode } from '../../src/core/policy';
import { fnv1a } from '../../src/core/fnv';
import { sha256 } from '../../src/core/sha256';
import { createConsent } from '../../src/instance/create-consent';
import { createFacade, type EngineModule } from '../../src/loader/facade';
import { FAST_METHODS, METHODS } from '../../src/core/record';
import { readFastGrants, type FastGrants, type FastPathInput } from '../../src/loader/fast-path';
import { decodeDecision, idsOf } from '../../src/store/cookie';
import { createBrowserStorage } from '../../src/store/browser';
import { analyticsGrants, configOf, cookieGrants, DAY, NOW, sample } from './fixtures';

/** What the engine leaves behind on a page: the cookie header and this origin's copy. */
interface Written {
  readonly cookies: string;
  /** This origin's copy in localStorage. */
  readonly copy: string | null;
}

/** The cookie header and copy the engine writes for `input` after `decide`. */
async function writtenAfter(
  input: ConsentConfigInput,
  decide: 'acceptAll' | 'rejectAll' | ((c: ReturnType<typeof createConsent>) => Promise<unknown>),
  o: { region?: string | null; gpc?: boolean; secure?: boolean; stamp?: string } = {},
): Promise<Written> {
  let cookie = '';
  let copy: string | null = null;
  const config = configOf(input);
  const storage = createBrowserStorage(
    {
      config,
      configHash: configHashOf(config, resolveMode(config, o.region ?? null), sha256),
      stamp: o.stamp ?? configStamp(input, o.region ?? null),
      cookies: { get: () => cookie, set: (c) => (cookie = c.split(';')[0]!) },
      copy: { get: () => copy, set: (v) => void (copy = v), remove: () => void (copy = null) },
      indexedDB: () => undefined,
      now: () => NOW,
      secure: o.secure ?? false,
    },
    { onError: () => {} },
  );
  const consent = createConsent(input, {
    storage,
    now: () => NOW,
    gpc: o.gpc ?? false,
    ...(o.region ? { region: o.region } : {}),
  });
  await (typeof decide === 'function' ? decide(consent) : consent[decide]());
  return { cookies: cookie, copy };
}
const page = (w: Written, over: Partial<FastPathInput> = {}): FastPathInput => ({
  region: null,
  cookies: `other=1; ${w.cookies}`,
  copy: w.copy,
  secure: false,
  now: NOW + DAY,
  gpc: false,
  ...over,
});

describe('loader fast path (the cookie before the engine loads)', () => {
  it('does not trust a cookie stamped under the rules before (a region that is no code then took the map’s default)', async () => {
    const before = fnv1a(`Germany|${JSON.stringify(sample)}`); // the stamp of the release before
    const old = await writtenAfter(sample, 'acceptAll', { region: 'Germany', stamp: before });
    expect(readFastGrants(sample, page(old, { region: 'Germany' }))).toBeNull(); // the engine checks it first
    const now = await writtenAfter(sample, 'acceptAll', { region: 'Germany' });
    expect(readFastGrants(sample, page(now, { region: 'Germany' }))?.purposes['analytics']).toBe(true);
  });

  it('trusts the cookie the engine wrote for the config it validated', async () => {
    const g = readFastGrants(sample, page(await writtenAfter(sample, 'acceptAll')));
    expect(g?.purposes).toMatchObject({ analytics: true, marketing: true, 'health-personalization': false });
    expect(g?.services).toMatchObject({ ga4: true, 'symptom-tracker': false });
  });

  it('a placeholder grant alone answers for its service but says the visitor decided nothing else', async () => {
    const placeholder = (c: ReturnType<typeof createConsent>) =>
      c.update({ services: { ga4: true } }, { method: 'placeholder' });
    const only = readFastGrants(sample, page(await writtenAfter(sample, placeholder)));
    expect(only?.services['ga4']).toBe(true);
    expect(only?.purposes['analytics']).toBe(false);
    expect(only?.servicesOnly).toBe(true); // the loader then starts the engine, which asks
    expect(readFastGrants(sample, page(await writtenAfter(sample, 'rejectAll')))?.servicesOnly).toBe(false);
  });

  it('reads the method field as the engine does without carrying every method name', async () => {
    // FAST_METHODS is METHODS (the cookie holds an index into it) with only the name the loader needs.
    expect(FAST_METHODS).toHaveLength(METHODS.length);
    METHODS.forEach((m, i) => expect(FAST_METHODS[i]).toBe(m === 'placeholder' ? m : ''));
    const w = await writtenAfter(sample, 'acceptAll');
    const withMethod = (index: string): Written => {
      const fields = w.copy!.split('.');
      fields[8] = index;
      const value = fields.join('.');
      return { cookies: `candor=${value}`, copy: value };
    };
    const ids = idsOf(configOf(sample));
    for (const [index, engine] of [
      ['0', 'banner:accept-all'],
      ['6', 'placeholder'],
      ['7', undefined],
      ['x', undefined],
    ]) {
      const fast = readFastGrants(sample, page(withMethod(index!)));
      expect(decodeDecision(ids, withMethod(index!).copy!)?.decision.method).toBe(engine);
      // Refused alike (nothing granted); a placeholder's method with `necessary` granted decided purposes too.
      expect(fast === null).toBe(engine === undefined);
      if (fast) expect(fast.servicesOnly).toBe(false);
    }
  });

  it('on https the cookie is __Host-candor, and a plain candor cookie is not read', async () => {
    const w = await writtenAfter(sample, 'acceptAll', { secure: true });
    expect(w.cookies).toMatch(/^__Host-candor=1\./);
    expect(readFastGrants(sample, page(w, { secure: true }))?.purposes['analytics']).toBe(true);
    expect(
      readFastGrants(sample, page({ ...w, cookies: w.cookies.replace('__Host-candor', 'candor') }, { secure: true })),
    ).toBeNull();
  });

  it.each<[string, (w: Written) => [unknown, FastPathInput]]>([
    [
      'an edited config (maybe invalid) until the engine validates it',
      (w) => [{ ...sample, ui: { layout: 'popup' } }, page(w)],
    ],
    ['a raised policy revision', (w) => [{ ...sample, policy: { revision: 4 } }, page(w)]],
    ['another region', (w) => [sample, page(w, { region: 'US-CA' })]],
    ['an expired decision', (w) => [sample, page(w, { now: NOW + 182 * DAY })]],
    ['a config that is not an object', (w) => ['nonsense', page(w)]],
    ['a corrupt cookie', (w) => [sample, page({ ...w, cookies: 'candor=1.2.3' })]],
    ['no cookie', (w) => [sample, page({ ...w, cookies: '' })]],
    [
      'a cookie this origin has no copy of (written by a sibling subdomain or a network attacker)',
      (w) => [sample, page({ ...w, copy: null })],
    ],
    ['a cookie that differs from the copy', (w) => [sample, page({ ...w, copy: '1.3.x' })]],
    [
      'a decision dated in the future (a clock ahead, a forged date)',
      (w) => [sample, page(w, { now: NOW - 10 * 60_000 })],
    ],
  ])('does not trust it for %s', async (_n, args) => {
    expect(readFastGrants(...args(await writtenAfter(sample, 'acceptAll')))).toBeNull();
  });

  describe('a GPC signal the decision did not see', () => {
    const optOut = { ...sample, jurisdiction: 'opt-out' } as const;
    const regional = { ...sample, jurisdiction: { default: 'opt-in', 'US-CA': 'opt-out' } } as const;

    it('in opt-out mode is a fresh look: nothing is trusted until the engine has recorded the refusal of sale', async () => {
      const w = await writtenAfter(optOut, 'acceptAll');
      expect(readFastGrants(optOut, page(w))?.purposes['marketing']).toBe(true);
      expect(readFastGrants(optOut, page(w, { gpc: true }))).toBeNull();
      // A decision made while GPC was on (the engine's record of it, or the visitor's own) answers again.
      const recorded = await writtenAfter(
        optOut,
        (c) => c.update({ purposes: { analytics: true, marketing: false } }),
        { gpc: true },
      );
      expect(readFastGrants(optOut, page(recorded, { gpc: true }))?.purposes).toMatchObject({
        analytics: true,
        marketing: false,
      });
    });

    it('with a jurisdiction map the loader cannot tell the mode: the engine decides, for every region', async () => {
      for (const region of ['DE', 'US-CA']) {
        const w = await writtenAfter(regional, 'acceptAll', { region });
        expect(readFastGrants(regional, page(w, { region }))).not.toBeNull();
        expect(readFastGrants(regional, page(w, { region, gpc: true }))).toBeNull();
      }
    });

    it.each<[string, ConsentConfigInput]>([
      ['without a jurisdiction', sample],
      ['"opt-in"', { ...sample, jurisdiction: 'opt-in' }],
    ])('in opt-in mode (%s) changes no grant: the cookie answers as the engine does', async (_n, input) => {
      const w = await writtenAfter(input, 'acceptAll');
      const fast = readFastGrants(input, page(w, { gpc: true }));
      const engine = createConsent(input, {
        now: () => NOW + DAY,
        gpc: true,
        storage: (ctx) =>
          createBrowserStorage(
            {
              config: configOf(input),
              configHash: configHashOf(configOf(input), 'opt-in', sha256),
              stamp: configStamp(input, null),
              cookies: { get: () => w.cookies, set: () => {} },
              copy: { get: () => w.copy, set: () => {}, remove: () => {} },
              indexedDB: () => undefined,
              now: () => NOW + DAY,
              secure: false,
            },
            ctx,
          ),
      });
      await engine.ready;
      expect(fast?.purposes).toEqual(engine.state.value.purposes);
      expect(fast?.purposes['marketing']).toBe(true);
    });
  });

  describe('read again on a page that read them before (another tab decides)', () => {
    const optOut = { ...sample, jurisdiction: 'opt-out' } as const;
    /** What a page read at boot from `at`, and what the other tab's accept and refusal leave behind. */
    const setUp = async (at: 'accepted' | 'refused', input: ConsentConfigInput = sample) => {
      const accepted = await writtenAfter(input, 'acceptAll');
      const refused = await writtenAfter(input, 'rejectAll');
      const was = readFastGrants(input, page(at === 'accepted' ? accepted : refused));
      expect(was).not.toBeNull();
      return { accepted, refused, was };
    };

    it('keeps what it read while neither the cookies nor the copy changed', async () => {
      const { accepted, was } = await setUp('accepted');
      expect(readFastGrants(sample, page(accepted, { now: NOW + 2 * DAY }), was)).toBe(was);
    });

    it("reads a changed copy alone: the other tab's cookie may not have reached this page yet", async () => {
      const { accepted, refused, was } = await setUp('accepted');
      const racing = page({ cookies: accepted.cookies, copy: refused.copy });
      expect(readFastGrants(sample, racing)).toBeNull(); // the boot rule: a cookie that differs from the copy
      expect(readFastGrants(sample, racing, was)?.purposes['analytics']).toBe(false);
    });

    it('a wider grant read from the copy first is no withdrawal', async () => {
      const { accepted, refused, was } = await setUp('refused');
      const racing = page({ cookies: refused.cookies, copy: accepted.copy });
      expect(readFastGrants(sample, racing, was)?.purposes['analytics']).toBe(true);
    });

    it('a changed cookie is held to the copy: a refusal seen first in the cookie grants nothing', async () => {
      const { accepted, refused, was } = await setUp('accepted');
      const racing = page({ cookies: refused.cookies, copy: accepted.copy });
      expect(readFastGrants(sample, racing, was)).toBeNull(); // not the grant the visitor just replaced
      expect(readFastGrants(sample, page(refused), was)?.purposes['analytics']).toBe(false); // the copy agrees
    });

    it("another of the page's cookies (a tag's) changes nothing, also while the copy is ahead of the cookie", async () => {
      const { accepted, refused, was } = await setUp('accepted');
      expect(readFastGrants(sample, page({ ...accepted, cookies: `${accepted.cookies}; _ga=1` }), was)).toBe(was);
      const ahead = readFastGrants(sample, page({ cookies: accepted.cookies, copy: refused.copy }), was);
      const tagged = page({ cookies: `_ga=2; ${accepted.cookies}`, copy: refused.copy });
      expect(readFastGrants(sample, tagged, ahead)).toBe(ahead); // not held to the old cookie again
      expect(ahead?.purposes['analytics']).toBe(false);
    });

    it('a new GPC signal (opt-out mode) is a fresh look: what was read before is not kept, and grants nothing the signal refuses', async () => {
      const { accepted, was } = await setUp('accepted', optOut);
      expect(readFastGrants(optOut, page(accepted, { gpc: true }), was)).toBeNull();
    });

    it('a GPC signal the copy did not see (opt-out mode) grants nothing from it either', async () => {
      const { accepted, refused, was } = await setUp('refused', optOut);
      const racing = page({ cookies: refused.cookies, copy: accepted.copy }, { gpc: true });
      expect(readFastGrants(optOut, racing, was)).toBeNull();
    });

    it.each<[string, (w: { accepted: Written; refused: Written; other: Written }) => [unknown, FastPathInput]]>([
      ['a copy removed (the cookie alone is not trusted)', (w) => [sample, page({ ...w.accepted, copy: null })]],
      ["another config's copy (its stamp)", (w) => [sample, page({ ...w.other, cookies: w.accepted.cookies })]],
      ['an expired copy', (w) => [sample, page(w.refused, { now: NOW + 182 * DAY })]],
      ['a corrupt copy', (w) => [sample, page({ ...w.accepted, copy: '1.2.3' })]],
      ['a copy dated in the future', (w) => [sample, page(w.refused, { now: NOW - 10 * 60_000 })]],
    ])('trusts nothing for %s', async (_n, args) => {
      const { was, ...written } = await setUp('accepted');
      // Written for another region (same ids, another stamp).
      const other = await writtenAfter(sample, 'rejectAll', { region: 'US-CA' });
      expect(readFastGrants(...args({ ...written, other }), was)).toBeNull();
    });
  });

  it("a first visit's tap on its way in the copy (another tab's Accept all before its engine) vouches for no cookie, at boot or read again", async () => {
    const accepted = await writtenAfter(sample, 'acceptAll');
    const was = readFastGrants(sample, page(accepted));
    expect(was?.purposes['analytics']).toBe(true); // the control
    const tap = JSON.stringify(['acceptAll', {}, NOW, configOf(sample), 'id']);
    expect(readFastGrants(sample, page({ ...accepted, copy: tap }))).toBeNull();
    expect(readFastGrants(sample, page({ ...accepted, copy: tap }), was)).toBeNull();
  });

  it('a page library that pollutes Object.prototype before the loader widens nothing and lengthens nothing', async () => {
    const proto = Object.prototype as Record<string, unknown>;
    const refused = await writtenAfter(sample, 'rejectAll');
    const control = readFastGrants(sample, page(refused));
    expect(control?.purposes['analytics']).toBe(false);
    const polluted = {
      expiresAfterDays: 10_000,
      jurisdiction: 'opt-in',
      services: [{ id: 'ga4' }],
      cookie: { domain: 'example.com' },
    };
    Object.assign(proto, polluted);
    try {
      for (const now of [NOW + DAY, NOW + 200 * DAY]) {
        const g = readFastGrants(sample, page(refused, { now }));
        expect(g && { purposes: g.purposes, services: g.services, until: g.until }).toEqual(
          now < control!.until
            ? { purposes: control!.purposes, services: control!.services, until: control!.until }
            : null,
        );
      }
      // An inherited `cookie.domain` would trust a cookie without this origin's copy (a sibling's).
      expect(readFastGrants(sample, page({ ...refused, copy: null }))).toBeNull();
    } finally {
      for (const k of Object.keys(polluted)) delete proto[k];
    }
  });

  it('with cookie.domain the shared cookie is trusted without a copy (every subdomain may decide)', async () => {
    const shared = { ...sample, cookie: { domain: 'example.com' } };
    const w = await writtenAfter(shared, 'acceptAll');
    expect(readFastGrants(shared, page({ ...w, copy: null }))?.purposes['analytics']).toBe(true);
  });

  it('a decision that is no longer valid for the config is written without a stamp', async () => {
    const w = await writtenAfter(sample, 'acceptAll');
    const bumped = { ...sample, policy: { revision: 4 } };
    // The engine of the bumped config restores the old decision and rewrites the cookie: it must
    // not carry the new config's stamp.
    const config = configOf(bumped);
    let jar = w.cookies;
    let copy = w.copy;
    const storage = createBrowserStorage(
      {
        config,
        configHash: configHashOf(config, 'opt-in', sha256),
        stamp: configStamp(bumped, null),
        cookies: { get: () => jar, set: (c) => (jar = c.split(';')[0]!) },
        copy: { get: () => copy, set: (v) => void (copy = v), remove: () => void (copy = null) },
        indexedDB: () => undefined,
        now: () => NOW,
        secure: false,
      },
      { onError: () => {} },
    );
    const old = createConsent(sample, { now: () => NOW });
    await storage.append((await old.acceptAll())!);
    expect(
      readFastGrants(bumped, { region: null, cookies: jar, copy, secure: false, now: NOW, gpc: false }),
    ).toBeNull();
  });
});

describe('window.Candor before the engine', () => {
  const engine: EngineModule = { createConsent: createConsent as EngineModule['createConsent'] };

  it('answers from trusted cookie grants until the engine refuses the config, then never again', async () => {
    const fast = analyticsGrants(NOW + DAY);
    let release: (m: EngineModule) => void = () => {};
    const invalid = { policy: {}, purposes: [{ id: 'analytics' }] };
    const facade = createFacade(
      () => new Promise((r) => (release = r)),
      () => invalid,
      {},
      vi.fn(),
      fast,
      () => NOW,
    ).candor;
    expect(facade.has('analytics')).toBe(true); // the cookie, before the engine has answered
    const ready = facade.ready; // loads the engine
    release(engine);
    await ready;
    expect(facade.has('analytics')).toBe(false);
  });

  it('stops answering from the cookie when the engine chunk cannot load', async () => {
    const fast = cookieGrants({ analytics: true });
    const facade = createFacade(
      () => Promise.reject(new Error('net::ERR_FAILED')),
      () => sample,
      {},
      vi.fn(),
      fast,
      () => NOW,
    ).candor;
    await facade.ready;
    expect(facade.has('analytics')).toBe(false);
  });

  it('reads the cookie grants again at every answer; a change brings in the engine, and one not trusted grants nothing', () => {
    vi.stubGlobal('addEventListener', () => {}); // the back/forward cache's pageshow, not used here
    try {
      const grants = (analytics: boolean): FastGrants => cookieGrants({ analytics });
      let then: FastGrants | null = null; // what the page says when read again, if it changed
      const reread = vi.fn((was?: FastGrants | null) => then ?? was ?? null);
      const load = vi.fn(() => new Promise<EngineModule>(() => {}));
      const atBoot = grants(true);
      const facade = createFacade(
        load,
        () => sample,
        {},
        vi.fn(),
        atBoot,
        () => NOW,
        reread,
      ).candor;
      expect(facade.has('analytics')).toBe(true);
      expect(reread).toHaveBeenLastCalledWith(atBoot); // compared with what was read
      expect(load).not.toHaveBeenCalled(); // nothing changed
      then = grants(false); // another tab (or a sibling subdomain) refused, before this page listened for it
      expect(facade.has('analytics')).toBe(false); // the gate releases nothing refused
      // The engine brings the change to the rest (change events, whenGranted, state), as a tab message does.
      expect(load).toHaveBeenCalledTimes(1);
      then = grants(true); // and granted again: not reported as a revocation
      expect(facade.has('analytics')).toBe(true);
      reread.mockImplementation(() => null); // what the loader cannot trust: nothing, and the engine decides
      expect(facade.has('analytics')).toBe(false);
      expect(facade.has('analytics')).toBe(false);
      expect(load).toHaveBeenCalledTimes(1); // one engine
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('answers has() for something not a string with false, as the engine does, instead of throwing into the page', () => {
    const facade = createFacade(
      () => new Promise<EngineModule>(() => {}),
      () => sample,
      {},
      vi.fn(),
      cookieGrants({ analytics: true }),
      () => NOW,
    ).candor;
    expect(facade.has('analytics')).toBe(true);
    for (const odd of [undefined, null, 42, ['analytics'], { toString: () => 'analytics' }])
      expect(facade.has(odd as never)).toBe(false);
  });
});

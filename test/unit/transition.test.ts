import { describe, expect, it } from 'vitest';
import { ConsentError } from '../../src/core/errors';
import { grantsOf, hasGrant } from '../../src/core/grants';
import { isServicesOnly, promptReason, regionCodeOf, resolveMode } from '../../src/core/policy';
import { recordHash, toDecision } from '../../src/core/record';
import { sha256 } from '../../src/core/sha256';
import { initialState, transition, type Action, type TransitionResult } from '../../src/core/transition';
import { decodeDecision, encodeDecision, idsOf } from '../../src/store/cookie';
import { configOf, DAY, envOf, NOW, sample } from './fixtures';

const config = configOf(sample);
const env = envOf(config);
const start = initialState(config, 'subject-1');
const run = (actions: Action[], e = env): TransitionResult =>
  actions.reduce<TransitionResult>((acc, a) => transition(config, acc.state, a, e), { state: start, record: null });
const granted = (actions: Action[], e = env): string[] => {
  const g = grantsOf(config, run(actions, e).state, e);
  return [
    ...Object.keys(g.purposes).filter((k) => g.purposes[k]),
    ...Object.keys(g.services).filter((k) => g.services[k]),
  ];
};

describe('transitions (opt-in)', () => {
  it.each<[string, Action[], string[]]>([
    ['nothing decided: only necessary', [], ['necessary', 'cdn']],
    [
      'accept-all: everything but sensitive',
      [{ type: 'accept-all' }],
      ['necessary', 'analytics', 'marketing', 'functional', 'ga4', 'meta-pixel', 'youtube', 'cdn'],
    ],
    ['reject-all: only necessary', [{ type: 'accept-all' }, { type: 'reject-all' }], ['necessary', 'cdn']],
    ['withdraw: only necessary', [{ type: 'accept-all' }, { type: 'withdraw' }], ['necessary', 'cdn']],
    [
      'update one purpose: its services follow',
      [{ type: 'update', purposes: { analytics: true } }],
      ['necessary', 'analytics', 'ga4', 'cdn'],
    ],
    [
      'update purpose with one service refused',
      [{ type: 'update', purposes: { marketing: true }, services: { youtube: false } }],
      ['necessary', 'marketing', 'meta-pixel', 'cdn'],
    ],
    [
      'a service alone (placeholder)',
      [{ type: 'update', services: { youtube: true }, method: 'placeholder' }],
      ['necessary', 'youtube', 'cdn'],
    ],
    [
      'services kept when another purpose changes',
      [
        { type: 'update', services: { youtube: true } },
        { type: 'update', purposes: { analytics: true } },
      ],
      ['necessary', 'analytics', 'ga4', 'youtube', 'cdn'],
    ],
    [
      'refusing a purpose refuses its services',
      [{ type: 'accept-all' }, { type: 'update', purposes: { marketing: false } }],
      ['necessary', 'analytics', 'functional', 'ga4', 'cdn'],
    ],
    [
      'sensitive needs its own opt-in',
      [{ type: 'update', purposes: { 'health-personalization': true } }],
      ['necessary', 'health-personalization', 'cdn', 'symptom-tracker'],
    ],
    [
      'accept-all keeps an explicit sensitive grant',
      [{ type: 'update', purposes: { 'health-personalization': true } }, { type: 'accept-all' }],
      [
        'necessary',
        'analytics',
        'marketing',
        'functional',
        'health-personalization',
        'ga4',
        'meta-pixel',
        'youtube',
        'cdn',
        'symptom-tracker',
      ],
    ],
    [
      'reject-all drops sensitive too',
      [{ type: 'update', purposes: { 'health-personalization': true } }, { type: 'reject-all' }],
      ['necessary', 'cdn'],
    ],
    [
      'gpc in opt-in: sale/sharing stays denied',
      [{ type: 'accept-all' }, { type: 'gpc' }],
      ['necessary', 'analytics', 'functional', 'ga4', 'cdn'],
    ],
  ])('%s', (_name, actions, expected) => {
    expect(granted(actions).sort()).toEqual(expected.sort());
  });

  it('records carry every PRODUCT.md field', () => {
    const { record } = transition(config, start, { type: 'accept-all', method: 'banner:accept-all' }, envOf(config));
    expect(record).toEqual({
      id: '00000000-0000-4000-8000-000000000001',
      subject: 'subject-1',
      issuedAt: '2026-11-22T10:00:00.000Z',
      policyRevision: 3,
      configHash: env.configHash,
      jurisdiction: 'opt-in',
      method: 'banner:accept-all',
      purposes: {
        necessary: true,
        analytics: true,
        marketing: true,
        functional: true,
        'health-personalization': false,
      },
      services: { ga4: true, 'meta-pixel': true, youtube: true, cdn: true, 'symptom-tracker': false },
      preferences: { newsletter: false, frequency: 'weekly', topics: [], channels: {} },
      gpc: false,
      locale: 'en',
      textHash: env.textHash,
      sdkVersion: '0.1.0',
      expiresAt: '2027-05-23T10:00:00.000Z',
      schemaVersion: 1,
      prevHash: null,
    });
  });

  it.each<[Action['type'], string]>([
    ['accept-all', 'api'],
    ['reject-all', 'api'],
    ['update', 'api'],
    ['withdraw', 'withdraw'],
    ['gpc', 'gpc'],
  ])('%s defaults to method %s', (type, method) => {
    expect(transition(config, start, { type } as Action, env).record?.method).toBe(method);
  });

  it('chains records of a subject by prevHash', () => {
    const a = transition(config, start, { type: 'accept-all' }, env);
    const b = transition(config, a.state, { type: 'reject-all' }, env);
    expect(b.record?.prevHash).toBe(recordHash(a.record!, sha256));
    const c = transition(
      config,
      transition(config, b.state, { type: 'identify', subject: 'user-9' }, env).state,
      { type: 'withdraw' },
      env,
    );
    expect(c.record?.subject).toBe('user-9');
    expect(c.record?.prevHash).toBeNull();
  });

  it.each<[string, Action, string, string]>([
    // Each action also carries a valid change (marketing on, the newsletter on), which must not apply either.
    [
      'unknown purpose',
      { type: 'update', purposes: { marketing: true, analitycs: true } },
      'action/invalid',
      'purposes.analitycs: unknown purpose (did you mean "analytics"?)',
    ],
    [
      'unknown service',
      { type: 'update', purposes: { marketing: true }, services: { ga5: true } },
      'action/invalid',
      'services.ga5: unknown service (did you mean "ga4"?)',
    ],
    // A deliberately wrong type: a string where the action type says boolean, as plain JavaScript could pass.
    [
      'non-boolean',
      { type: 'update', purposes: { marketing: true, analytics: 'yes' as never } },
      'action/invalid',
      'purposes.analytics: expected true or false',
    ],
    [
      'refusing necessary',
      { type: 'update', purposes: { marketing: true, necessary: false } },
      'action/invalid',
      'purposes.necessary: a required purpose cannot be refused',
    ],
    [
      'bad preference',
      { type: 'preferences', values: { newsletter: true, frequency: 'hourly' } },
      'preference/invalid',
      'preferences.frequency: expected one of "daily", "weekly" or "monthly", got "hourly"',
    ],
    [
      'misspelt preference',
      { type: 'preferences', values: { newsletter: true, frequncy: 'daily' } },
      'preference/invalid',
      'preferences.frequncy: unknown preference (did you mean "frequency"?)',
    ],
    [
      'unknown preference',
      { type: 'preferences', values: { newsletter: true, nope: true } },
      'preference/invalid',
      'preferences.nope: unknown preference',
    ],
  ])('rejects %s without changing state', (_n, action, code, message) => {
    const decided = transition(config, start, { type: 'reject-all' }, env).state;
    const before = structuredClone(decided);
    let error: unknown;
    let result: TransitionResult | undefined;
    try {
      result = transition(config, decided, action, env);
    } catch (e) {
      error = e;
    }
    expect(result).toBeUndefined(); // no next state
    expect(decided).toEqual(before); // and the given one is untouched (nothing applied in place)
    expect(error).toBeInstanceOf(ConsentError);
    expect((error as ConsentError).code).toBe(code);
    expect((error as ConsentError).issues.map((i) => `${i.path}: ${i.message}`)).toContain(message);
  });

  describe("a placeholder's grant decides that service only", () => {
    const youtube: Action = { type: 'update', services: { youtube: true }, method: 'placeholder' };
    const reason = (r: TransitionResult, e = env) => promptReason(config, r.state.decision, e.now, e.configHash);

    it('before any decision: a record of that service alone, and the visitor is still asked', () => {
      const r = run([youtube]);
      expect(r.record).toMatchObject({ method: 'placeholder', purposes: {}, services: { youtube: true } });
      expect(reason(r)).toBe('none');
      expect(granted([youtube]).sort()).toEqual(['cdn', 'necessary', 'youtube']);
    });

    it('a second placeholder adds its service to the first; the grants lapse with the record', () => {
      const pixel: Action = { type: 'update', services: { 'meta-pixel': true }, method: 'placeholder' };
      const r = run([youtube, pixel]);
      expect(r.record?.services).toEqual({ youtube: true, 'meta-pixel': true });
      expect(reason(r)).toBe('none');
      const later = grantsOf(config, r.state, { ...env, now: NOW + 183 * DAY });
      expect([later.services['youtube'], later.services['meta-pixel']]).toEqual([false, false]);
    });

    it('the banner decision that follows decides everything: Reject all refuses the service too, Accept all keeps it', () => {
      expect(granted([youtube, { type: 'reject-all' }]).sort()).toEqual(['cdn', 'necessary']);
      const accepted = run([youtube, { type: 'accept-all' }]);
      expect(reason(accepted)).toBeNull();
      expect(accepted.record?.services['youtube']).toBe(true);
    });

    it('after a decision: the service is added to it and nothing else changes', () => {
      const rejected = run([{ type: 'reject-all' }]);
      const r = transition(config, rejected.state, youtube, env);
      expect(reason(r)).toBeNull();
      expect(r.record?.purposes).toEqual(rejected.record?.purposes);
      expect(r.record?.services).toEqual({ ...rejected.record?.services, youtube: true });
      // A day later: it renews no consent, so it ends when the decision it adds to does.
      const later = transition(config, rejected.state, youtube, { ...env, now: NOW + DAY });
      expect(later.record?.expiresAt).toBe(rejected.record?.expiresAt);
    });

    it('after a decision that has expired: that service alone, nothing of the lapsed decision carried, and the visitor is asked', () => {
      const pixel: Action = { type: 'update', services: { 'meta-pixel': true }, method: 'placeholder' };
      const later = { ...env, now: NOW + 183 * DAY };
      for (const before of [[{ type: 'accept-all' } as const], [pixel]]) {
        const r = transition(config, run(before).state, youtube, later);
        expect(r.record).toMatchObject({ method: 'placeholder', purposes: {}, services: { youtube: true } });
        expect(Date.parse(r.record!.expiresAt)).toBe(later.now + 182 * DAY); // its own, not the lapsed one's
        expect(reason(r, later)).toBe('none');
      }
    });

    it('stays a grant of services only through the cookie', () => {
      const ids = idsOf(config);
      const d = toDecision(run([youtube]).record!);
      const back = decodeDecision(ids, encodeDecision(ids, d, '0'))!.decision;
      expect([isServicesOnly(d), isServicesOnly(back)]).toEqual([true, true]);
      const full = toDecision(run([{ type: 'reject-all' }, youtube]).record!);
      expect(isServicesOnly(decodeDecision(ids, encodeDecision(ids, full, '0'))!.decision)).toBe(false);
    });
  });

  it('keeps preferences set before a decision in memory without deciding', () => {
    const r = transition(config, start, { type: 'preferences', values: { newsletter: true } }, env);
    expect(r.record).toBeNull();
    expect(r.state.decision).toBeNull();
    const d = transition(config, r.state, { type: 'reject-all' }, env);
    expect(d.record?.preferences['newsletter']).toBe(true);
    const later = transition(config, d.state, { type: 'preferences', values: { topics: ['cakes'] } }, env);
    expect(later.record?.preferences).toMatchObject({ newsletter: true, topics: ['cakes'] });
    expect(later.record?.purposes['analytics']).toBe(false);
  });

  it('restore takes a stored decision, which stops counting once expired; fault sets failClosed, which a decision or a restore clears', () => {
    const { record } = transition(config, start, { type: 'accept-all' }, env);
    const restored = transition(config, start, { type: 'restore', decision: toDecision(record!), record }, env).state;
    expect(hasGrant(grantsOf(config, restored, env), 'analytics')).toBe(true);
    expect(hasGrant(grantsOf(config, restored, { ...env, now: NOW + 200 * DAY }), 'analytics')).toBe(false);
    const faulted = transition(config, start, { type: 'fault' }, env);
    expect(faulted).toEqual({ state: { ...start, failClosed: true }, record: null });
    expect(transition(config, faulted.state, { type: 'reject-all' }, env).state.failClosed).toBe(false);
    expect(
      transition(config, faulted.state, { type: 'restore', decision: toDecision(record!), record }, env).state
        .failClosed,
    ).toBe(false);
  });
});

describe('opt-out mode and GPC', () => {
  const optOut = envOf(config, { mode: 'opt-out' });
  it('grants non-sensitive purposes by default', () => {
    expect(granted([], optOut).sort()).toEqual(
      ['necessary', 'analytics', 'marketing', 'functional', 'ga4', 'meta-pixel', 'youtube', 'cdn'].sort(),
    );
  });
  it('GPC denies sale/sharing by default, before any record', () => {
    expect(granted([], { ...optOut, gpc: true })).not.toContain('marketing');
  });
  it('the gpc transition records method gpc and denies sale/sharing and their services', () => {
    const r = run([{ type: 'gpc' }], { ...optOut, gpc: true });
    expect(r.record).toMatchObject({
      method: 'gpc',
      gpc: true,
      jurisdiction: 'opt-out',
      purposes: { marketing: false, analytics: true },
    });
    expect(r.record?.services).toMatchObject({ youtube: false, 'meta-pixel': false, ga4: true });
  });
  it('after a storage fault the opt-out defaults are withheld: only required purposes and their services', () => {
    expect(granted([{ type: 'fault' }], optOut)).toEqual(['necessary', 'cdn']);
  });
  describe('an opt-out of sale or sharing holds once the decision no longer counts (CCPA regulations §7026)', () => {
    const optedOut = run([{ type: 'update', purposes: { marketing: false } }], optOut).state;
    const grantedIn = (c: typeof config, e: typeof optOut): string[] => {
      const g = grantsOf(c, optedOut, e);
      return [...Object.keys(g.purposes), ...Object.keys(g.services)].filter((k) => g.purposes[k] || g.services[k]);
    };
    const defaultsLess = (...refused: string[]) =>
      ['necessary', 'analytics', 'marketing', 'functional', 'ga4', 'meta-pixel', 'youtube', 'cdn']
        .filter((k) => !refused.includes(k))
        .sort();
    it('expired: the refused sale stays refused (and its services), the other defaults apply', () => {
      const later = { ...optOut, now: NOW + 400 * DAY };
      expect(promptReason(config, optedOut.decision, later.now, later.configHash)).toBe('expired');
      expect(grantedIn(config, later).sort()).toEqual(defaultsLess('marketing', 'meta-pixel', 'youtube'));
    });
    it('a raised policy revision: the same', () => {
      const raised = configOf({ ...sample, policy: { ...sample.policy, revision: 4 } });
      const e = envOf(raised, { mode: 'opt-out' });
      expect(promptReason(raised, optedOut.decision, e.now, e.configHash)).toBe('revision');
      expect(grantedIn(raised, e).sort()).toEqual(defaultsLess('marketing', 'meta-pixel', 'youtube'));
    });
    it('a sale the decision granted, or one it did not name (a new purpose), gets the default', () => {
      const accepted = run([{ type: 'accept-all' }], optOut).state;
      const later = { ...optOut, now: NOW + 400 * DAY };
      expect(grantsOf(config, accepted, later).purposes['marketing']).toBe(true);
      const added = configOf({ ...sample, purposes: [...sample.purposes, { id: 'resale', saleOrSharing: true }] });
      const e = { ...envOf(added, { mode: 'opt-out' }), now: NOW + 400 * DAY };
      const g = grantsOf(added, optedOut, e);
      expect([g.purposes['resale'], g.purposes['marketing']]).toEqual([true, false]);
    });
    it('only in opt-out mode: in opt-in mode nothing is granted without a decision anyway', () => {
      const later = { ...env, now: NOW + 400 * DAY };
      expect(grantsOf(config, optedOut, later).purposes).toMatchObject({ analytics: false, marketing: false });
    });
  });
});

describe('promptReason', () => {
  const { record } = transition(config, start, { type: 'accept-all' }, env);
  const d = toDecision(record!);
  it.each<[string, Parameters<typeof promptReason>, ReturnType<typeof promptReason>]>([
    ['no decision', [config, null, NOW, env.configHash], 'none'],
    ['valid', [config, d, NOW + DAY, env.configHash], null],
    ['older revision', [configOf({ ...sample, policy: { revision: 4 } }), d, NOW, env.configHash], 'revision'],
    [
      'newer revision (rollback)',
      [configOf({ ...sample, policy: { revision: 2 } }), d, NOW, env.configHash],
      'revision',
    ],
    ['expired at the second', [config, d, NOW + 182 * DAY, env.configHash], 'expired'],
    ['one ms before expiry', [config, d, NOW + 182 * DAY - 1, env.configHash], null],
    [
      'config shortened the lifetime',
      [configOf({ ...sample, expiresAfterDays: 30 }), d, NOW + 31 * DAY, env.configHash],
      'expired',
    ],
    ['unparseable expiry', [config, { ...d, expiresAt: Number.NaN }, NOW, env.configHash], 'expired'],
    ['purposes changed', [config, d, NOW, 'f'.repeat(64)], 'config'],
    [
      'cookie prefix of the hash',
      [config, { ...d, configHash: env.configHash.slice(0, 8) }, NOW, env.configHash],
      null,
    ],
    ['too short a prefix', [config, { ...d, configHash: env.configHash.slice(0, 4) }, NOW, env.configHash], 'config'],
  ])('%s', (_n, args, expected) => {
    expect(promptReason(...args)).toBe(expected);
  });

  it('texts do not change the consent-relevant hash; purposes do', async () => {
    const { configHashOf } = await import('../../src/core/policy');
    const withTexts = configOf({
      ...sample,
      texts: { de: { 'banner.title': 'Hallo' } },
      policy: { revision: 3, url: '/datenschutz' },
    });
    expect(configHashOf(withTexts, 'opt-in', sha256)).toBe(env.configHash);
    const more = configOf({ ...sample, purposes: [...sample.purposes, { id: 'ads' }] });
    expect(configHashOf(more, 'opt-in', sha256)).not.toBe(env.configHash);
  });
});

describe('resolveMode and hasGrant', () => {
  const regional = configOf({ ...sample, jurisdiction: { default: 'opt-in', US: 'opt-out', 'US-TX': 'opt-in' } });
  it.each([
    ['US-CA', 'opt-out'],
    ['US-TX', 'opt-in'],
    ['us', 'opt-out'],
    ['DE', 'opt-in'],
    [null, 'opt-in'],
  ])('region %s → %s', (region, mode) => {
    expect(resolveMode(regional, region)).toBe(mode);
  });
  it.each(['California', 'Germany', 'UK', 'EU', 'US-', 'us_ca', 'U S', ' US', 'XX', 'ZZ', 'AP', 'QZ', 'xa', 'ß', 'ſe'])(
    'a region that is no ISO 3166 code (%s) gets opt-in, even where the default is opt-out (fail closed)',
    (region) => {
      const optOutByDefault = configOf({ ...sample, jurisdiction: { default: 'opt-out', DE: 'opt-in' } });
      expect(resolveMode(optOutByDefault, region)).toBe('opt-in');
      expect(resolveMode(optOutByDefault, 'FR')).toBe('opt-out'); // a real code without its own entry: the default
      expect(resolveMode(optOutByDefault, '')).toBe('opt-out'); // none given
    },
  );
  it('reads real codes in any case, and only strings', () => {
    expect(regionCodeOf('us-ca')).toBe('US-CA');
    expect(regionCodeOf('XK')).toBe('XK'); // Kosovo: user-assigned, but a country
    expect(regionCodeOf('GB')).toBe('GB');
    expect(regionCodeOf(undefined)).toBeNull();
    expect(regionCodeOf('')).toBeNull();
    expect(regionCodeOf(['DE'])).toBe(false); // a header read as a list
    expect(regionCodeOf(42)).toBe(false);
  });
  it.each([
    ['analytics', true],
    ['ga4', true],
    ['analytics,ga4', true],
    [' analytics , ga4 ', true],
    ['analytics,marketing', false],
    ['', false],
    ['analytics,', false],
    ['__proto__', false],
    ['constructor', false],
  ])('hasGrant(%j) → %s', (expr, expected) => {
    expect(hasGrant({ purposes: { analytics: true, marketing: false }, services: { ga4: true } }, expr)).toBe(expected);
  });
});

describe('preference requires', () => {
  it('a field applies only when the boolean preference or purpose it requires is on', async () => {
    const { isPreferenceActive } = await import('../../src/core/preference-active');
    const frequency = config.preferences.find((f) => f.id === 'frequency')!;
    const topics = config.preferences.find((f) => f.id === 'topics')!;
    expect(isPreferenceActive(frequency, { newsletter: false }, () => true)).toBe(false);
    expect(isPreferenceActive(frequency, { newsletter: true }, () => false)).toBe(true);
    expect(isPreferenceActive(topics, {}, () => false)).toBe(true);
    const onPurpose = { ...frequency, requires: 'marketing' };
    expect(isPreferenceActive(onPurpose, {}, (p) => p === 'marketing')).toBe(true);
    expect(isPreferenceActive(onPurpose, {}, () => false)).toBe(false);
  });
});

describe("the visitor's decision is the newest", () => {
  it('a decision made while the current one is dated a little ahead is dated just after it', () => {
    const ahead = transition(config, start, { type: 'accept-all' }, { ...env, now: NOW + 120_000 });
    const refused = transition(config, ahead.state, { type: 'reject-all' }, env).record!;
    expect(Date.parse(refused.issuedAt)).toBe(NOW + 120_001);
    expect(Date.parse(refused.expiresAt) - Date.parse(refused.issuedAt)).toBe(config.expiresAfterDays * DAY);
    // Without a decision ahead, the clock's own time.
    expect(transition(config, start, { type: 'reject-all' }, env).record!.issuedAt).toBe(new Date(NOW).toISOString());
  });
});

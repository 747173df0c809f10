/**
 * Own properties only: ids that name Object.prototype's members (valid ids: `constructor`,
 * `toString`) and a polluted Object.prototype (a page library's merge of `?__proto__[x]=…`) grant
 * nothing the visitor did not.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { grantsOf, hasGrant } from '../../src/core/grants';
import { parseRecordFor } from '../../src/core/parse-record';
import { toDecision } from '../../src/core/record';
import { initialState, transition, type Action } from '../../src/core/transition';
import { configOf, envOf, sample } from './fixtures';

const odd = configOf({
  policy: { revision: 1 },
  purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }, { id: 'marketing' }, { id: 'toString' }],
  services: [
    { id: 'constructor', purpose: 'marketing', name: 'Ctor Ads' },
    { id: 'pixel', purpose: 'marketing', name: 'Pixel' },
    { id: 'chat', purpose: 'toString', name: 'Chat' },
  ],
});
const oddEnv = envOf(odd);
const run = (actions: Action[]) =>
  actions.reduce((s, a) => transition(odd, s, a, oddEnv).state, initialState(odd, 's'));

describe('ids that name Object.prototype members', () => {
  it('a refused service named "constructor" stays refused when another purpose changes', () => {
    const s = run([
      { type: 'update', purposes: { marketing: true }, services: { constructor: false } },
      { type: 'update', purposes: { analytics: true } },
    ]);
    expect(hasGrant(grantsOf(odd, s, oddEnv), 'constructor')).toBe(false);
  });
  it("a placeholder's grant of another service does not grant the refused 'constructor' service", () => {
    const s = run([
      { type: 'update', purposes: { marketing: true }, services: { constructor: false, pixel: false } },
      { type: 'update', services: { pixel: true }, method: 'placeholder' },
    ]);
    expect(hasGrant(grantsOf(odd, s, oddEnv), 'constructor')).toBe(false);
  });
  it('a refused service under purpose "toString" stays refused when another purpose changes', () => {
    const s = run([
      { type: 'update', purposes: { toString: true }, services: { chat: false } },
      { type: 'update', purposes: { analytics: true } },
    ]);
    expect(hasGrant(grantsOf(odd, s, oddEnv), 'chat')).toBe(false);
  });
});

const config = configOf(sample);
const env = envOf(config);
const proto = Object.prototype as Record<string, unknown>;
afterEach(() => {
  delete proto['ga4'];
  delete proto['necessary'];
  delete proto['analytics'];
});

describe('a polluted Object.prototype grants nothing (grants.ts hasGrant doc)', () => {
  // A placeholder's grant of youtube alone, as stored and read back through the boundary parser.
  const placeholder = () => {
    const r = transition(
      config,
      initialState(config, 's'),
      { type: 'update', services: { youtube: true }, method: 'placeholder' },
      env,
    ).record!;
    const stored = parseRecordFor(config, JSON.parse(JSON.stringify(r)), env.now)!;
    return { ...initialState(config, 's'), decision: toDecision(stored), last: stored };
  };
  it('services-only decision + Object.prototype.ga4 = true', () => {
    const s = placeholder();
    proto['ga4'] = true;
    expect(hasGrant(grantsOf(config, s, env), 'ga4')).toBe(false);
  });
  it('services-only decision + Object.prototype.necessary/analytics = true', () => {
    const s = placeholder();
    proto['necessary'] = true;
    proto['analytics'] = true;
    expect(hasGrant(grantsOf(config, s, env), 'analytics')).toBe(false);
  });
});

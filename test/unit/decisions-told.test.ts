// What the state holder tells its listeners when a decision is told after it was made (the engine
// stores it after the click's next frame): the state as it is by then, against what was told last.
// And what a restore never brings back: a decision another restore replaced.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../src/core/parse-config';
import type { ConsentEvents } from '../../src/instance/types';
import { toDecision } from '../../src/core/record';
import { createDecisions } from '../../src/instance/decisions';
import { DAY, NOW, sample } from './fixtures';

beforeEach(() => void vi.useFakeTimers({ now: NOW }));
afterEach(() => void vi.useRealTimers());

function holder() {
  const parsed = parseConfig({ ...sample, expiresAfterDays: 1 });
  if (!parsed.ok) throw new Error('sample config');
  let id = 0;
  const told: string[] = [];
  const events: ConsentEvents['change'][] = [];
  const show = (s: ConsentEvents['change']['state']) => `${s.promptReason ?? 'valid'}/${s.purposes.analytics}`;
  const d = createDecisions(
    parsed.config,
    {
      now: () => Date.now(),
      newId: () => `r${++id}`,
      hash: () => '',
      locale: 'en',
      textHash: '',
      sdkVersion: '0.0.0',
      configHash: 'abcdef12',
      mode: 'opt-in',
      gpc: false,
    },
    'visitor',
    {
      onChange: (e) => void (told.push(`${e.source}: ${show(e.previous)} → ${show(e.state)}`), events.push(e)),
      onError: (e) => {
        throw e; // no subscriber here throws
      },
    },
  );
  d.markReady();
  return { d, told, events };
}

describe('a decision told after the expiry it keeps has passed', () => {
  it('is told as it is then (expired), against the expiry already told: no event says a spent grant still holds', () => {
    const { d, told } = holder();
    d.apply({ type: 'accept-all' });
    d.seal();
    vi.setSystemTime(NOW + DAY - 100);
    // A preference keeps the decision's end; its record waits for the next frame to be told.
    d.apply({ type: 'preferences', values: { newsletter: true } });
    vi.advanceTimersByTime(200); // the expiry's timer wakes first
    d.seal();
    expect(told).toEqual([
      'local: none/false → valid/true',
      'expiry: valid/true → expired/false',
      'local: expired/false → expired/false',
    ]);
    expect(d.state.peek().promptReason).toBe('expired');
  });
});

describe('a decision read first without its record (the cookie), then with it', () => {
  // Another tab's preference saved with the same grants: a new decision, whose cookie this page may
  // read (the visitor comes back to it, a back/forward restore) before its record comes (the tab's
  // message, IndexedDB). The cookie holds no preferences; the record's must be told too.
  it('tells the preferences its record brings, though its grants are the same; the same record again tells nothing', () => {
    const { d, events } = holder();
    const mine = d.apply({ type: 'accept-all' })!;
    d.seal();
    const elsewhere = { ...mine, id: 'elsewhere', issuedAt: new Date(NOW + 1000).toISOString() };
    const theirs = { ...elsewhere, preferences: { ...mine.preferences, newsletter: true } };
    vi.setSystemTime(NOW + 2000);
    events.length = 0; // from here on
    const told = events;
    d.restore(null, toDecision(theirs), 'storage'); // the cookie: the new decision, without preferences
    expect(told.map((e) => [e.record?.id ?? null, e.state.preferences['newsletter']])).toEqual([[null, false]]);
    d.restore(theirs, undefined, 'tab'); // its record
    expect(told.map((e) => [e.record?.id ?? null, e.source, e.state.preferences['newsletter']])).toEqual([
      [null, 'storage', false],
      ['elsewhere', 'tab', true],
    ]);
    d.restore(theirs, undefined, 'tab');
    d.restore({ ...theirs, preferences: { ...theirs.preferences, newsletter: false } }, undefined, 'tab');
    expect(told).toHaveLength(2); // its record held, another with its id says nothing new
    expect(d.state.peek().preferences['newsletter']).toBe(true);
  });

  it('tells nothing when the record brings nothing the page does not show already', () => {
    const { d, events } = holder();
    const mine = d.apply({ type: 'accept-all' })!;
    d.seal();
    const theirs = { ...mine, id: 'elsewhere', issuedAt: new Date(NOW + 1000).toISOString() };
    vi.setSystemTime(NOW + 2000);
    events.length = 0; // from here on
    const told = events;
    d.restore(null, toDecision(theirs), 'storage');
    d.restore(theirs, undefined, 'tab');
    expect(told.map((e) => e.record?.id ?? null)).toEqual([null]);
  });
});

describe('a decision a restore replaced', () => {
  it('never comes back: a grant dated ahead of a clock set back since stays replaced by the refusal told meanwhile, once the clock reaches its date', () => {
    const ahead = NOW + 3 * 3_600_000;
    vi.setSystemTime(ahead); // the device clock runs 3 hours ahead
    const grant = { ...holder().d.apply({ type: 'accept-all' })!, id: 'ahead' };
    vi.setSystemTime(NOW); // set right: another tab refuses
    const refusal = holder().d.apply({ type: 'reject-all' })!;
    const { d, told } = holder();
    vi.setSystemTime(ahead);
    d.restore(grant);
    vi.setSystemTime(NOW);
    d.restore(refusal, undefined, 'tab'); // the grant is dated beyond the skew ahead: the refusal replaces it
    vi.setSystemTime(ahead + 60_000);
    d.restore(grant); // shown again: read from storage, the grant is now believable and dated later
    expect([d.state.peek().decision?.id, d.has('analytics')]).toEqual([refusal.id, false]);
    expect(told).toEqual(['storage: none/false → valid/true', 'tab: valid/true → valid/false']);
  });
});

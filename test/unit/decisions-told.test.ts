// What the state holder tells its listeners when a decision is told after it was made (the engine
// stores it after the click's next frame): the state as it is by then, against what was told last.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../src/core/parse-config';
import type { ConsentEvents } from '../../src/instance/types';
import { createDecisions } from '../../src/instance/decisions';
import { DAY, NOW, sample } from './fixtures';

beforeEach(() => void vi.useFakeTimers({ now: NOW }));
afterEach(() => void vi.useRealTimers());

function holder() {
  const parsed = parseConfig({ ...sample, expiresAfterDays: 1 });
  if (!parsed.ok) throw new Error('sample config');
  let id = 0;
  const told: string[] = [];
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
    { onChange: (e) => void told.push(`${e.source}: ${show(e.previous)} → ${show(e.state)}`) },
  );
  d.markReady();
  return { d, told };
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

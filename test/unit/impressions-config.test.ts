import { describe, expect, it } from 'vitest';
import { checkConfig } from '../../src/core/check-config';
import { parseConfig } from '../../src/core/parse-config';
import { parsePreferences } from '../../src/core/preferences';

const base = {
  policy: { revision: 1 },
  purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }],
};
const lines = (list: readonly { path: string; message: string }[]): string[] =>
  list.map((i) => `${i.path}: ${i.message}`);

describe('sync.analytics in the config', () => {
  it('is off by default', () => {
    const r = parseConfig({ ...base, sync: { endpoint: '/consent' } });
    expect(r.ok && r.config.sync?.analytics).toBe(false);
  });

  it('is on when set, without warnings', () => {
    const r = parseConfig({ ...base, sync: { endpoint: '/consent', analytics: true } });
    expect(r.ok && r.config.sync?.analytics).toBe(true);
    expect(r.warnings).toEqual([]);
  });

  it('without an endpoint is an error that says where the counts go', () => {
    const r = parseConfig({ ...base, sync: { analytics: true } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(lines(r.issues)).toEqual([
      'sync.endpoint: required: an https URL or a same-origin path (sync.analytics sends its counts to {endpoint}/impressions)',
    ]);
  });

  it('with an endpoint that is not text, the message names analytics too', () => {
    const r = parseConfig({ ...base, sync: { analytics: true, endpoint: 5 } });
    expect(r.ok ? [] : lines(r.issues)).toEqual([
      'sync.endpoint: expected an https URL or a same-origin path (sync.analytics sends its counts to {endpoint}/impressions), got 5',
    ]);
  });

  it('keeps the plain message for a sync without analytics', () => {
    const r = parseConfig({ ...base, sync: { analytics: false } });
    expect(r.ok ? [] : lines(r.issues)).toEqual(['sync.endpoint: required: an https URL or a same-origin path']);
  });

  it.each([['yes'], [1], [null], [{}]])('refuses %j', (value) => {
    const r = parseConfig({ ...base, sync: { endpoint: '/consent', analytics: value } });
    expect(r.ok ? [] : lines(r.issues)).toEqual([
      `sync.analytics: expected true or false, got ${value === null ? 'null' : typeof value === 'object' ? 'an object' : JSON.stringify(value)}`,
    ]);
  });

  it('is a known key: a typo of it gets a suggestion, the key itself no warning', () => {
    const r = parseConfig({ ...base, sync: { endpoint: '/consent', analytic: true } });
    expect(r.ok).toBe(true);
    expect(lines(r.warnings)).toEqual(['sync.analytic: unknown key, ignored (did you mean "analytics"?)']);
    expect(parseConfig({ ...base, sync: { endpoint: '/consent', analytics: true } }).warnings).toEqual([]);
  });

  it('the first layer’s check (codes, no words) refuses the same config', () => {
    const r = checkConfig({ ...base, sync: { analytics: true } }, parsePreferences);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual([{ path: 'sync.endpoint', code: 'required', args: ['analytics'] }]);
  });
});

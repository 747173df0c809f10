// @vitest-environment happy-dom
// The script tag's public surface (window.Candor, Consent Mode, dataLayer) against a hostile or
// careless page, before and while the engine loads: boot() as the script tag runs it, its chunks
// imported from the sources.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bootLoader } from './loader-chunks';

vi.mock('../../src/loader/chunks', async (orig) => (await import('./loader-chunks')).fromSources(await orig()));

const config = {
  policy: { revision: 1, contact: 'privacy@example.com' },
  purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }, { id: 'marketing' }],
  services: [{ id: 'ga4', purpose: 'analytics', name: 'GA4' }],
  ui: { launcher: false },
};

const proto = Object.prototype as Record<string, unknown>;
const updates = (): Record<string, string>[] =>
  ((window as unknown as { dataLayer: unknown[] }).dataLayer ?? [])
    .map((a) => Array.from(a as ArrayLike<unknown>))
    .filter((a) => a[0] === 'consent' && a[1] === 'update')
    .map((a) => a[2] as Record<string, string>);

beforeEach(() => {
  delete (window as { Candor?: unknown }).Candor;
  delete (window as { dataLayer?: unknown }).dataLayer;
  delete (window as { gtag?: unknown }).gtag;
  localStorage.clear();
  document.head.innerHTML = '';
  document.body.innerHTML = '';
});
afterEach(() => {
  delete proto['gcm'];
  vi.unstubAllGlobals();
});

describe('a URL config (data-config="/candor.json") and a page library that pollutes Object.prototype meanwhile', () => {
  it('Object.prototype.gcm (a careless merge of ?__proto__[gcm][]=ad_storage) grants Google no consent type the visitor refused', async () => {
    let answer!: (v: unknown) => void;
    vi.stubGlobal(
      'fetch',
      vi.fn(() => new Promise((r) => (answer = r))),
    );
    const candor = await bootLoader('/candor.json');
    // A page library, after the loader, before the config has arrived.
    proto['gcm'] = ['ad_storage', 'ad_user_data', 'ad_personalization', 'analytics_storage'];
    answer({ ok: true, json: () => Promise.resolve(structuredClone(config)) });
    await candor.ready;
    await candor.rejectAll();
    await new Promise((r) => setTimeout(r)); // Consent Mode hears a decision a task later (engine-events.ts)
    const last = updates().at(-1);
    expect(candor.has('marketing')).toBe(false);
    expect(candor.has('analytics')).toBe(false);
    expect(last).toBeDefined();
    expect([last!['ad_storage'], last!['analytics_storage']]).toEqual(['denied', 'denied']);
  });
});

describe('a page that declares the name before the loader', () => {
  it('`var Candor;` in an earlier classic script (an own, undefined window property) is no first copy: Consent Mode defaults are still set, window.Candor answers', async () => {
    // What `var Candor;` at a classic script's top level makes: an own property of window, undefined.
    Object.defineProperty(window, 'Candor', { value: undefined, writable: true, enumerable: true, configurable: true });
    await bootLoader('#candor-config', config);
    const defaults = ((window as unknown as { dataLayer?: unknown[] }).dataLayer ?? [])
      .map((a) => Array.from(a as ArrayLike<unknown>))
      .filter((a) => a[0] === 'consent' && a[1] === 'default');
    expect(defaults.length).toBeGreaterThan(0);
    expect(typeof window.Candor?.has).toBe('function');
  });
});

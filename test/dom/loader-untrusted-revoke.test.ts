// @vitest-environment happy-dom
// @vitest-environment-options {"url":"https://shop.example/"}
// A returning visitor's page, answered by the loader from the trusted cookie, whose copy in
// localStorage goes away under it (the site's own logout calls localStorage.clear(), in this tab or
// another): the cookie is no longer trusted and the engine loads to decide. The visitor revoked
// nothing, and the engine finds their decision in IndexedDB: nothing is revoked on the page.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import { bootLoader } from './loader-chunks';

vi.mock('../../src/loader/chunks', async (orig) => (await import('./loader-chunks')).fromSources(await orig()));

const config = {
  policy: { revision: 1, contact: 'privacy@example.com' },
  purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }, { id: 'marketing' }],
  services: [{ id: 'ga4', purpose: 'analytics', name: 'GA4', cookies: ['_ga'] }],
  ui: { launcher: false },
  reloadOnRevoke: true,
};
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

afterEach(() => vi.unstubAllGlobals());

describe('a copy of the cookie gone under a returning visitor’s page (the site’s localStorage.clear())', () => {
  it('deletes no cookie of a service the visitor granted, tells no candor:revoke and does not reload the page (reloadOnRevoke): the engine restores the decision', async () => {
    // An earlier page: the visitor accepted analytics (cookie, copy and IndexedDB record).
    const earlier = createConsent(structuredClone(config) as never);
    await earlier.ready;
    await earlier.update({ purposes: { analytics: true } });
    await vi.waitFor(() => expect(document.cookie).toMatch(/candor=1\./)); // the decision kept
    earlier.destroy();
    document.cookie = '_ga=GA1.1.123; Path=/';

    document.body.innerHTML = '<script type="text/plain" data-consent="analytics">window.__ran = 1</script>';
    const reload = vi.fn();
    vi.spyOn(location, 'reload').mockImplementation(reload);
    const candor = await bootLoader('#candor-config', config);
    expect(candor.has('analytics')).toBe(true); // the loader's fast path
    await vi.waitFor(() => expect(document.body.innerHTML).toContain(`data-candor="ran"`)); // the tag ran, as granted

    const revokes: unknown[] = [];
    document.addEventListener('candor:revoke', (e) => revokes.push((e as CustomEvent).detail));
    localStorage.clear(); // the site's logout, no decision of the visitor's
    window.dispatchEvent(new Event('focus')); // back on the tab
    await candor.ready;
    // What is asserted is an absence (no cookie deleted, nothing told), which no event marks: the
    // engine's revocation path (the engine chunk's import, then its judgement) has had its time.
    await tick(300);

    expect(candor.has('analytics')).toBe(true); // the engine found the decision: it stands
    expect([document.cookie.includes('_ga='), revokes, reload.mock.calls.length]).toEqual([true, [], 0]);
  });
});

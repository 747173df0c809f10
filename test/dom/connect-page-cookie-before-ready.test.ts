// @vitest-environment happy-dom
// @vitest-environment-options {"url":"https://shop.example/"}
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { connectPage } from '../../src/entries/page';
import { createConsent } from '../../src/instance/create-consent';
import { config, w } from './connect-page-setup';

describe('connectPage, the browser storage', () => {
  it('a returning visitor: a marked tag runs only after Consent Mode update and candor_consent_update told its grant', async () => {
    const earlier = createConsent(config);
    await earlier.ready;
    await earlier.update({ purposes: { analytics: true } });
    await vi.waitFor(() => expect(document.cookie).toMatch(/candor=1\./));
    earlier.destroy();
    // IndexedDB answers late on this page (a busy device): `ready` comes late.
    const open = indexedDB.open.bind(indexedDB);
    vi.spyOn(indexedDB, 'open').mockImplementation((...a: Parameters<typeof open>) => {
      const req = open(...a);
      const fire = req.dispatchEvent.bind(req);
      req.dispatchEvent = (e: Event) => (setTimeout(() => fire(e), 200), true);
      return req;
    });
    const consent = createConsent(config);
    expect(consent.has('analytics')).toBe(true); // the cookie, read synchronously
    document.body.innerHTML = '<script type="text/plain" data-consent="analytics" id="a">1</script>';
    const released = (): string => String(document.querySelector('#a')?.getAttribute('data-candor'));
    const atNews: string[] = [];
    w.dataLayer = [];
    const push = w.dataLayer.push.bind(w.dataLayer);
    w.dataLayer.push = (...items: unknown[]) => {
      for (const x of items) {
        const o = x as Record<string, unknown>;
        if (o['event'] === 'candor_consent_update') atNews.push(`pushed:${released()}`);
        if (o[0] === 'consent' && o[1] === 'update') atNews.push(`update:${released()}`);
      }
      return push(...items);
    };
    const disconnect = connectPage(consent);
    await consent.ready;
    await vi.waitFor(() => expect(released()).toBe('ran'));
    await vi.waitFor(() => expect(atNews.length).toBeGreaterThanOrEqual(2));
    disconnect();
    expect(atNews.slice(0, 2)).not.toContain('update:ran');
    expect(atNews.slice(0, 2)).not.toContain('pushed:ran');
  });
});

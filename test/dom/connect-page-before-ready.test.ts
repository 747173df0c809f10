// @vitest-environment happy-dom
// candor/page: a returning visitor's instance answers has() from its synchronous read before
// `ready`; connectPage then must not release a marked tag before Consent Mode and the dataLayer
// have heard the grant that releases it (docs/events.md).
import { describe, expect, it, vi } from 'vitest';
import { connectPage } from '../../src/entries/page';
import { createConsent } from '../../src/instance/create-consent';
import { createMemoryStorage } from '../../src/store/memory';
import { cleanedPage, config, w } from './connect-page-setup';

const disconnects = cleanedPage();

describe('connectPage before the instance is ready', () => {
  it('a tag granted by the stored decision runs only after Consent Mode update and candor_consent_update told the grant', async () => {
    const storage = createMemoryStorage();
    const first = createConsent(config, { storage });
    await first.ready;
    await first.acceptAll();
    first.destroy?.();
    // The next page: its instance reads the decision synchronously (has() answers), ready comes later.
    // Its full read takes a while, as IndexedDB's does on a real page.
    const slow = { ...storage, load: () => new Promise((r) => setTimeout(r, 50)).then(() => storage.load()) };
    const consent = createConsent(config, { storage: slow as typeof storage });
    expect(consent.has('analytics')).toBe(true);
    document.body.innerHTML = '<script type="text/plain" data-consent="analytics" id="a">1</script>';
    // At the first Consent Mode update and the first candor_consent_update: was the tag released yet?
    const atNews: string[] = [];
    const released = (): string => String(document.querySelector('#a')?.getAttribute('data-candor'));
    w.gtag = function gtag(...a: unknown[]) {
      if (a[0] === 'consent' && a[1] === 'update') atNews.push(`update:${released()}`);
    };
    w.dataLayer = [];
    const push = w.dataLayer.push.bind(w.dataLayer);
    w.dataLayer.push = (...items: unknown[]) => {
      for (const x of items)
        if ((x as { event?: string }).event === 'candor_consent_update') atNews.push(`pushed:${released()}`);
      return push(...items);
    };
    disconnects.push(connectPage(consent));
    await consent.ready;
    await vi.waitFor(() => expect(released()).toBe('ran'));
    await vi.waitFor(() => expect(atNews.length).toBeGreaterThanOrEqual(2));
    // Both told the grant before the tag went out (it is still queued, or was never looked at).
    expect(atNews.slice(0, 2)).not.toContain('update:ran');
    expect(atNews.slice(0, 2)).not.toContain('pushed:ran');
  });
});

// @vitest-environment happy-dom
/**
 * A frame the site marked with a purpose (PRODUCT.md's `<iframe data-consent="marketing" data-src=…>`)
 * on a host two services of that purpose share (Google Ads and Floodlight on www.googletagmanager.com):
 * the gate grants it through the first service of that purpose serving the URL (embeds.ts offerOf),
 * which is what its placeholder's button grants. Once that one is granted, the gate's activation must
 * go through auto-blocking (gate/autoblock.ts `ownIds`), not be held again behind a new placeholder.
 */
import { describe, expect, it, vi } from 'vitest';
import { toSiteView } from '../../src/core/site-view';
import { autoBlockedPage } from './autoblock-page';

const view = toSiteView({
  policy: { revision: 1 },
  autoBlock: true,
  purposes: [{ id: 'necessary', required: true }, { id: 'marketing' }],
  services: [
    { id: 'gads', purpose: 'marketing', name: 'Google Ads', hosts: ['www.googletagmanager.com'] },
    { id: 'floodlight', purpose: 'marketing', name: 'Floodlight', hosts: ['www.googletagmanager.com'] },
  ],
});
const granted = new Set<string>();
const has = (c: string): boolean => c.split(',').every((id) => granted.has(id.trim()));
const gate = autoBlockedPage(view, has);
const URL_ = 'https://www.googletagmanager.com/ns.html?id=GTM-X';

describe('a frame marked with a purpose, on a host two services of it share', () => {
  it('loads once the service its placeholder grants is granted', async () => {
    const frame = document.createElement('iframe');
    frame.setAttribute('data-consent', 'marketing');
    frame.setAttribute('data-src', URL_);
    document.body.append(frame);
    gate.scan(frame);
    await vi.waitFor(() => expect(frame.getAttribute('data-candor')).toBe('held'));
    granted.add('gads'); // the placeholder's button: offerOf's service, alone
    gate.apply();
    await vi.waitFor(() => expect(frame.getAttribute('src')).toBe(URL_));
    expect(frame.getAttribute('data-consent')).toBe('marketing'); // not re-held as 'gads,floodlight'
  });
});

// @vitest-environment happy-dom
/**
 * A frame the site marked with its own service, on a host two services share (docs/auto-blocking.md:
 * "Mark such tags with their own service to let each load on its own grant"), loads once that
 * service is granted: the gate's activation (embeds.ts activateEmbed: `active`, then `src` =
 * `data-src`) goes through auto-blocking's `intercept`, which asks for the services its marking names.
 */
import { describe, expect, it, vi } from 'vitest';
import { toSiteView } from '../../src/core/site-view';
import { autoBlockedPage } from './autoblock-page';

const view = toSiteView({
  policy: { revision: 1 },
  autoBlock: true,
  purposes: [{ id: 'necessary', required: true }, { id: 'functional' }, { id: 'marketing' }],
  services: [
    { id: 'fb-comments', purpose: 'functional', name: 'Facebook comments', hosts: ['www.facebook.com'] },
    { id: 'meta-pixel', purpose: 'marketing', name: 'Meta Pixel', hosts: ['www.facebook.com'] },
  ],
});
const granted = new Set<string>();
const has = (c: string): boolean => c.split(',').every((id) => granted.has(id.trim()));
const gate = autoBlockedPage(view, has);
const URL_ = 'https://www.facebook.com/plugins/comments.php?href=x';

describe('a marked frame on a host two services share', () => {
  it('loads once its own service is granted (the placeholder grant of that service alone)', async () => {
    const frame = document.createElement('iframe');
    frame.setAttribute('data-consent', 'fb-comments');
    frame.setAttribute('data-src', URL_);
    document.body.append(frame);
    gate.scan(frame);
    await vi.waitFor(() => expect(frame.getAttribute('data-candor')).toBe('held'));
    granted.add('fb-comments'); // the placeholder's button: this service only
    gate.apply();
    await vi.waitFor(() => expect(frame.getAttribute('src')).toBe(URL_));
    expect(frame.getAttribute('data-consent')).toBe('fb-comments'); // the site's marking kept
  });
});

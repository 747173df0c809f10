// @vitest-environment happy-dom
/**
 * A frame auto-blocking let through on one service's own host is marked with that service
 * (`data-consent="fb-comments"`, written by auto-blocking, not by the site). A lazy-loader that then
 * writes `data-src` and `src` with a URL on a host that service shares with an ungranted one (the Meta
 * Pixel) must wait for both (docs/auto-blocking.md: "a URL on it waits for all of them"): the marking
 * auto-blocking wrote is not the site's "mark such tags with their own service".
 */
import { describe, expect, it, vi } from 'vitest';
import { toSiteView } from '../../src/core/site-view';
import { autoBlockedPage } from './autoblock-page';

const view = toSiteView({
  policy: { revision: 1 },
  autoBlock: true,
  purposes: [{ id: 'necessary', required: true }, { id: 'functional' }, { id: 'marketing' }],
  services: [
    {
      id: 'fb-comments',
      purpose: 'functional',
      name: 'Facebook comments',
      hosts: ['comments.facebook.example', 'connect.facebook.example'],
    },
    { id: 'meta-pixel', purpose: 'marketing', name: 'Meta Pixel', hosts: ['connect.facebook.example'] },
  ],
});
const granted = new Set(['functional', 'fb-comments']); // the pixel is never granted
autoBlockedPage(view, (c) => c.split(',').every((id) => granted.has(id.trim())));
const SHARED = 'https://connect.facebook.example/tr?id=1';

describe('a frame auto-blocking marked with its service', () => {
  it('a lazy-loader copy of a URL on a host shared with an ungranted service does not load it', async () => {
    const frame = document.createElement('iframe');
    frame.src = 'https://comments.facebook.example/plugins/comments'; // fb-comments alone: granted
    document.body.append(frame);
    await vi.waitFor(() => expect(frame.getAttribute('data-candor')).toBe('active'));
    expect(frame.getAttribute('data-consent')).toBe('fb-comments'); // auto-blocking's marking
    frame.setAttribute('data-src', SHARED); // the widget's lazy-loader
    frame.src = frame.getAttribute('data-src')!;
    expect(frame.getAttribute('src')).not.toBe(SHARED); // meta-pixel not granted
  });

  it('the same URL given without data-src is held (control)', async () => {
    const frame = document.createElement('iframe');
    frame.src = 'https://comments.facebook.example/plugins/comments';
    document.body.append(frame);
    await vi.waitFor(() => expect(frame.getAttribute('data-candor')).toBe('active'));
    frame.src = SHARED;
    expect(frame.getAttribute('src')).not.toBe(SHARED);
  });
});

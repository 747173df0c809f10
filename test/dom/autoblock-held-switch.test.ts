// @vitest-environment happy-dom
/**
 * A frame held for an ungranted service (YouTube) that a widget switches to a granted one's URL
 * (Vimeo) loads (auto-blocking's `pass` marks it `active`), and the gate shows it: not left
 * `data-candor-held` (display:none) behind the old placeholder, whose button offers YouTube.
 */
import { describe, expect, it, vi } from 'vitest';
import { toSiteView } from '../../src/core/site-view';
import { autoBlockedPage } from './autoblock-page';

const view = toSiteView({
  policy: { revision: 1 },
  autoBlock: true,
  purposes: [{ id: 'necessary', required: true }, { id: 'marketing' }, { id: 'functional' }],
  services: [
    { id: 'youtube', purpose: 'marketing', name: 'YouTube', hosts: ['www.youtube.com'] },
    { id: 'vimeo', purpose: 'functional', name: 'Vimeo', hosts: ['player.vimeo.com'] },
  ],
});
const granted = new Set(['functional', 'vimeo']);
autoBlockedPage(view, (c) => c.split(',').every((id) => granted.has(id.trim())));

describe('a held frame a widget points at a granted service', () => {
  it('loads visibly, without the old placeholder', async () => {
    const frame = document.createElement('iframe');
    frame.src = 'https://www.youtube.com/embed/x';
    document.body.append(frame);
    await vi.waitFor(() => expect(frame.previousElementSibling?.className).toBe('candor-placeholder'));
    frame.src = 'https://player.vimeo.com/video/1'; // the widget switches videos
    expect(frame.getAttribute('src')).toBe('https://player.vimeo.com/video/1'); // granted: loads
    await vi.waitFor(() => expect(frame.hasAttribute('data-candor-held')).toBe(false)); // shown
    expect(document.querySelector('.candor-placeholder')).toBeNull();
  });
});

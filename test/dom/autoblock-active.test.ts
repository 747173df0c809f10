// @vitest-environment happy-dom
/**
 * Auto-blocking and a frame the gate loaded (gate/autoblock.ts `intercept`): a script that points it
 * at another service's host (a widget re-pointing a granted YouTube frame at an ad network never
 * granted) is held back; the URL the frame was granted goes through.
 */
import { describe, expect, it, vi } from 'vitest';
import { toSiteView } from '../../src/core/site-view';
import { autoBlockedPage } from './autoblock-page';

const view = toSiteView({
  policy: { revision: 1 },
  autoBlock: true,
  purposes: [{ id: 'necessary', required: true }, { id: 'marketing' }, { id: 'analytics' }],
  services: [
    { id: 'youtube', purpose: 'marketing', name: 'YouTube', hosts: ['www.youtube.com'] },
    { id: 'ads', purpose: 'analytics', name: 'Ad network', hosts: ['ads.example'] },
  ],
});

describe('auto-blocking and a frame the gate loaded', () => {
  it('an active frame given an ungranted service’s URL is held back', async () => {
    const granted = new Set(['marketing', 'youtube']);
    const has = (c: string): boolean => c.split(',').every((id) => granted.has(id.trim()));
    const gate = autoBlockedPage(view, has);
    // Let through by auto-blocking (granted), marked active.
    const auto = document.createElement('iframe');
    auto.src = 'https://www.youtube.com/embed/x';
    document.body.append(auto);
    // Marked by the site, loaded by the gate.
    const marked = document.createElement('iframe');
    marked.setAttribute('data-consent', 'marketing');
    marked.setAttribute('data-src', 'https://www.youtube.com/embed/y');
    document.body.append(marked);
    gate.scan(marked);
    await vi.waitFor(() =>
      expect([auto, marked].map((f) => f.getAttribute('data-candor'))).toEqual(['active', 'active']),
    );
    auto.src = 'https://ads.example/frame'; // 'ads' was never granted
    marked.setAttribute('src', 'https://ads.example/frame');
    expect([auto.getAttribute('src'), marked.getAttribute('src')]).not.toContain('https://ads.example/frame');
    // Another video of the granted service still loads (a widget switching videos).
    const other = document.createElement('iframe');
    other.src = 'https://www.youtube.com/embed/first';
    document.body.append(other);
    await vi.waitFor(() => expect(other.getAttribute('data-candor')).toBe('active'));
    other.src = 'https://www.youtube.com/embed/second';
    expect(other.getAttribute('src')).toBe('https://www.youtube.com/embed/second');
  });
});

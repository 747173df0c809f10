// @vitest-environment happy-dom
/**
 * Auto-blocking and a frame the gate holds back (gate/autoblock.ts `intercept`): a script that gives
 * it a URL (a widget switching videos, a lazy-loader copying `data-src`) is held back again, not
 * let through because the gate marked the frame; the gate's own activation, once granted, goes through.
 * A frame the site marked, on a host no service lists, keeps the site's marking, also before the gate's turn.
 */
import { describe, expect, it, vi } from 'vitest';
import { toSiteView } from '../../src/core/site-view';
import { autoBlockedPage } from './autoblock-page';

const view = toSiteView({
  policy: { revision: 1 },
  autoBlock: true,
  purposes: [{ id: 'necessary', required: true }, { id: 'marketing' }],
  services: [{ id: 'youtube', purpose: 'marketing', name: 'YouTube', hosts: ['www.youtube.com'] }],
});

let granted = false;
const gate = autoBlockedPage(view, () => granted);

describe('auto-blocking and a frame the gate holds back', () => {
  it('a URL a script gives a held frame is held back; the grant loads the last one given, and a withdrawal holds it again', async () => {
    const frame = document.createElement('iframe');
    frame.src = 'https://www.youtube.com/embed/first';
    document.body.append(frame);
    expect(frame.getAttribute('src')).toBeNull();
    await vi.waitFor(() => expect(frame.getAttribute('data-candor')).toBe('held'));
    expect(document.querySelector('.candor-placeholder')).not.toBeNull();
    frame.src = 'https://www.youtube.com/embed/second';
    expect(frame.getAttribute('src')).toBeNull();
    frame.setAttribute('src', 'https://www.youtube.com/embed/third');
    expect(frame.getAttribute('src')).toBeNull();
    granted = true;
    gate.apply();
    await vi.waitFor(() => expect(frame.getAttribute('data-candor')).toBe('active'));
    expect(frame.getAttribute('src')).toBe('https://www.youtube.com/embed/third');
    granted = false;
    gate.apply();
    const again = document.querySelector('iframe')!;
    await vi.waitFor(() => expect(again.getAttribute('data-candor')).toBe('held'));
    expect([again, again.getAttribute('src')]).toEqual([frame, null]); // the same element, held in place
    again.src = 'https://www.youtube.com/embed/fourth';
    expect(again.getAttribute('src')).toBeNull();
  });

  it('a frame the site marked, on a host no service lists, stays held when a lazy-loader copies data-src to src', async () => {
    const frame = document.createElement('iframe');
    frame.setAttribute('data-consent', 'marketing'); // a marked embed needs no service: its placeholder opens the settings
    frame.setAttribute('data-src', 'https://player.vimeo.com/video/1');
    document.body.append(frame);
    gate.scan(frame);
    await vi.waitFor(() => expect(frame.getAttribute('data-candor')).toBe('held'));
    frame.src = frame.getAttribute('data-src')!; // the lazy-loader
    expect(frame.getAttribute('src')).toBeNull();
  });

  it('a frame the site marked, on an unlisted host, before the gate has held it: a lazy-loader copy does not load it', () => {
    const frame = document.createElement('iframe');
    frame.setAttribute('data-consent', 'marketing');
    frame.setAttribute('data-src', 'https://player.vimeo.com/video/2');
    document.body.append(frame); // not processed by the gate yet (no data-candor): it loads on demand
    frame.src = frame.getAttribute('data-src')!;
    expect(frame.getAttribute('src')).toBeNull();
  });
});

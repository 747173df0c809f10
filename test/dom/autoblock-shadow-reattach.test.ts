// @vitest-environment happy-dom
/**
 * A frame auto-blocking held back inside an open shadow root, removed and put back (a widget that
 * re-renders, an SPA that re-parents it): it must show its placeholder again, as one in the document
 * does, and not load before consent.
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
autoBlockedPage(view, () => granted);

/** A widget's frame with `src`, in an open shadow root (auto-blocking sees it as it is added). */
function frameInShadow(src: string): { shadow: ShadowRoot; frame: HTMLIFrameElement } {
  const host = document.createElement('div');
  document.body.append(host);
  const shadow = host.attachShadow({ mode: 'open' });
  const frame = document.createElement('iframe');
  frame.src = src;
  shadow.append(frame);
  return { shadow, frame };
}

describe('a held frame in an open shadow root, removed and re-attached', () => {
  it('gets its placeholder back and stays unloaded', async () => {
    const { shadow, frame } = frameInShadow('https://www.youtube.com/embed/x');
    await vi.waitFor(() => expect(shadow.querySelector('.candor-placeholder')).not.toBeNull());
    expect(frame.getAttribute('data-candor')).toBe('held');
    // The widget re-renders: the frame leaves, the page changes meanwhile, the frame comes back.
    frame.remove();
    document.body.append(document.createElement('p'));
    await vi.waitFor(() => expect(shadow.querySelector('.candor-placeholder')).toBeNull());
    shadow.append(frame);
    await vi.waitFor(() => expect(frame.previousElementSibling?.className).toBe('candor-placeholder')); // shown again…
    expect(frame.getAttribute('src')).toBeNull(); // …and the frame never loaded
  });

  it('a loaded frame detached during a withdrawal does not load again when re-attached', async () => {
    granted = true;
    const { shadow, frame } = frameInShadow('https://www.youtube.com/embed/y');
    expect(frame.getAttribute('data-candor')).toBe('active');
    await vi.waitFor(() => expect(frame.getAttribute('src')).toBe('https://www.youtube.com/embed/y')); // loaded
    frame.remove(); // the widget re-renders…
    granted = false; // …while the visitor withdraws
    document.dispatchEvent(new CustomEvent('candor:change'));
    shadow.append(frame); // back: a frame with src loads as it is attached
    // Held again by the gate (its URL taken), behind its placeholder.
    await vi.waitFor(() => expect(frame.previousElementSibling?.className).toBe('candor-placeholder'));
    expect(frame.getAttribute('src')).toBeNull();
  });
});

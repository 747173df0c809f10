// @vitest-environment happy-dom
/**
 * A site-marked frame in an open shadow root (a web component's embed) whose lazy-loader copies its
 * own `data-src` to `src` before consent: auto-blocking holds it, keeping the site's marking (`own`),
 * and hands it to the gate, which shows its placeholder. The gate looks in the document only, so
 * auto-blocking offers what it held in shadow roots again on every change (`offerAgainOnChange`).
 * Once the visitor grants its whole marking, it must load: never held for good.
 */
import { describe, expect, it, vi } from 'vitest';
import { SHARED_HOST_URL, shadowFrame, sharedHostPage } from './autoblock-page';

const { gate, granted } = sharedHostPage();
const URL_ = SHARED_HOST_URL;

describe('a site-marked frame in a shadow root held on its lazy-loader copy before consent', () => {
  it('loads once the visitor grants its whole marking later', async () => {
    const frame = shadowFrame('fb-comments,marketing');
    frame.src = frame.getAttribute('data-src')!; // the component's lazy-loader, before any consent
    await vi.waitFor(() => expect(frame.getAttribute('data-candor')).toBe('held'));
    expect(frame.getAttribute('src')).toBeNull();
    // The visitor accepts: the loader's wiring tells the page (candor:change) and the gate applies.
    granted.add('fb-comments');
    granted.add('marketing');
    document.dispatchEvent(new CustomEvent('candor:change'));
    gate.apply();
    await vi.waitFor(() => expect(frame.getAttribute('src')).toBe(URL_), { timeout: 500 });
  });
});

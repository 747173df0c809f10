// @vitest-environment happy-dom
/**
 * A held frame the site marked `a,b` ("all of them must be granted", PRODUCT.md) whose URL only
 * `a` serves: a lazy-loader's copy of its own `data-src` to `src` must not load it on `a`'s grant
 * alone. Auto-blocking keeps the site's marking (`own`), so the whole marking decides, not only
 * the part of it that serves the host.
 */
import { describe, expect, it, vi } from 'vitest';
import { SHARED_HOST_URL, shadowFrame, sharedHostPage } from './autoblock-page';

const { gate, granted } = sharedHostPage();
const URL_ = SHARED_HOST_URL;

describe('a held frame marked with its service and another id', () => {
  it('is not loaded by a lazy-loader copy while only its own service is granted', async () => {
    const loads: string[] = [];
    const frame = document.createElement('iframe');
    frame.setAttribute('data-consent', 'fb-comments,marketing'); // both must be granted
    frame.setAttribute('data-src', URL_);
    document.body.append(frame);
    gate.scan(frame);
    await vi.waitFor(() => expect(frame.getAttribute('data-candor')).toBe('held'));
    granted.add('fb-comments'); // its service alone (marketing still denied)
    gate.apply();
    await new Promise((r) => setTimeout(r, 0));
    expect(frame.getAttribute('src')).toBeNull(); // the gate holds it: marketing is not granted
    // A lazy-loader copies data-src to src; record whether the browser was given the URL.
    new MutationObserver((rs) =>
      rs.forEach(
        (r) => r.attributeName === 'src' && frame.getAttribute('src') && loads.push(frame.getAttribute('src')!),
      ),
    ).observe(frame, { attributes: true });
    frame.src = frame.getAttribute('data-src')!;
    await new Promise((r) => setTimeout(r, 0));
    expect(loads).toEqual([]);
    expect(frame.getAttribute('src')).toBeNull();
  });

  it('a lazy-loader copy once its whole marking is granted loads it (through the gate), in a shadow root too', async () => {
    granted.clear();
    const frame = shadowFrame('fb-comments,marketing');
    gate.scan(frame);
    await vi.waitFor(() => expect(frame.getAttribute('data-candor')).toBe('held'));
    granted.add('fb-comments');
    granted.add('marketing'); // granted, the gate not yet told
    frame.src = frame.getAttribute('data-src')!;
    await vi.waitFor(() => expect(frame.getAttribute('src')).toBe(URL_));
    expect(frame.getAttribute('data-consent')).toBe('fb-comments,marketing');
  });
});

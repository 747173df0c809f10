// @vitest-environment happy-dom
/**
 * The engine chunk asks for the gate chunk as it runs, on a page that will need it
 * (loader/gate-prefetch.ts): a first visit's (its banner up) with a marked element nothing handled
 * yet. Not on a page without one, nor when every marked element was handled (the fast path ran it:
 * `data-candor`), nor without a banner (a returning visitor's refused tags need no gate until a
 * grant); never throws.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { prefetchGate } from '../../src/loader/gate-prefetch';

/** The first layer's host, there before the engine on a first visit. */
const BANNER = '<div data-candor-ui></div>';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('prefetchGate', () => {
  it('asks for the gate on a page with a marked element nothing handled yet', async () => {
    document.body.innerHTML = `${BANNER}<script type="text/plain" data-consent="analytics">window.x = 1</script>`;
    const load = vi.fn(() => Promise.resolve({}));
    prefetchGate(document, load);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('any marked element counts, not a script alone', () => {
    document.body.innerHTML =
      BANNER +
      '<p>one ran</p><script type="text/plain" data-consent="analytics" data-candor="ran"></script><img data-consent="marketing" data-src="https://img.example/pixel.gif" alt="">';
    const load = vi.fn(() => Promise.resolve({}));
    prefetchGate(document, load);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('asks for nothing on a page without marked elements, or whose marked elements were all handled', () => {
    const load = vi.fn(() => Promise.resolve({}));
    document.body.innerHTML = `${BANNER}<script>window.y = 1</script><p data-candor-open>settings</p>`;
    prefetchGate(document, load);
    document.body.innerHTML = `${BANNER}<script type="text/plain" data-consent="analytics" data-candor="ran"></script>`;
    prefetchGate(document, load);
    expect(load).not.toHaveBeenCalled();
  });

  it('asks for nothing without a banner: a returning visitor’s refused tag waits without the gate until a grant', () => {
    const load = vi.fn(() => Promise.resolve({}));
    document.body.innerHTML =
      '<div data-candor-launcher></div><script type="text/plain" data-consent="marketing"></script>';
    prefetchGate(document, load);
    expect(load).not.toHaveBeenCalled();
  });

  it('never throws: a failed import, markup that shadows querySelector, no document at all', async () => {
    document.body.innerHTML = `${BANNER}<script type="text/plain" data-consent="analytics"></script>`;
    const failed = vi.fn(() => Promise.reject(new Error('404')));
    expect(() => prefetchGate(document, failed)).not.toThrow();
    expect(failed).toHaveBeenCalledTimes(1);
    await Promise.resolve(); // the rejection is handled: no unhandled rejection fails the run
    const clobbered = { querySelector: 'not a function' } as unknown as Document;
    const load = vi.fn(() => Promise.resolve({}));
    expect(() => prefetchGate(clobbered, load)).not.toThrow();
    expect(() => prefetchGate(undefined as unknown as Document, load)).not.toThrow();
    expect(load).not.toHaveBeenCalled();
  });
});

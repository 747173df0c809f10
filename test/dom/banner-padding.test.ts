// @vitest-environment happy-dom
// Room under a bar or box (ui/banner-padding.ts) when two overlap in time: the banner and the reload offer.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { padForBanner } from '../../src/ui/banner-padding';

/** A box whose top edge stands `fromBottom` px above the viewport's bottom. */
function box(fromBottom: number): HTMLElement {
  const el = document.createElement('div');
  el.getBoundingClientRect = () => ({ top: innerHeight - fromBottom }) as DOMRect;
  document.body.append(el);
  return el;
}

describe('padForBanner with overlays that overlap in time', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    document.documentElement.style.scrollPaddingBottom = '';
    document.body.replaceChildren();
  });

  it("gives back the page's own padding whatever order the overlays go in", () => {
    vi.stubGlobal('ResizeObserver', undefined); // measured at once (happy-dom has no layout)
    document.documentElement.style.scrollPaddingBottom = '3rem'; // the page's own
    const unpadBanner = padForBanner(box(100));
    const unpadNotice = padForBanner(box(40)); // the reload offer over the banner
    expect(document.documentElement.style.scrollPaddingBottom).toBe('108px'); // the higher edge
    unpadBanner(); // the visitor decides on the banner first
    expect(document.documentElement.style.scrollPaddingBottom).toBe('48px'); // the notice's room
    unpadNotice();
    expect(document.documentElement.style.scrollPaddingBottom).toBe('3rem');
    expect(document.querySelector('[data-candor-spacer]')).toBeNull();
    unpadNotice(); // a second undo changes nothing
    expect(document.documentElement.style.scrollPaddingBottom).toBe('3rem');
  });
});

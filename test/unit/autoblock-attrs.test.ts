/** Which attribute gives an element that auto-blocking guards its URL. */
import { describe, expect, it } from 'vitest';
import { isUrlAttr, urlAttrOf } from '../../src/gate/autoblock';

describe('the attribute that gives a guarded element its URL', () => {
  const el = (localName: string, svg = false) =>
    ({ localName, ...(svg ? { ownerSVGElement: null } : {}) }) as unknown as Element;
  it('src of a script or iframe, href of an SVG script, nothing for other elements', () => {
    expect([
      urlAttrOf(el('script')),
      urlAttrOf(el('iframe')),
      urlAttrOf(el('script', true)),
      urlAttrOf(el('img')),
      urlAttrOf(null),
    ]).toEqual(['src', 'src', 'href', null, null]);
  });
  it('matches qualified names in any case, and only the element’s own URL attribute', () => {
    expect(isUrlAttr(el('script'), 'SRC')).toBe(true);
    expect(isUrlAttr(el('script', true), 'xlink:href')).toBe(true);
    expect(isUrlAttr(el('script', true), 'href')).toBe(true);
    expect(isUrlAttr(el('script', true), 'src')).toBe(false);
    expect(isUrlAttr(el('script'), 'href')).toBe(false);
    expect(isUrlAttr(el('img'), 'src')).toBe(false);
    expect(isUrlAttr(undefined, 'src')).toBe(false);
  });
});

// @vitest-environment happy-dom
/**
 * Markup that shadows a document's or a form's own properties (DOM clobbering): Candor's cookie
 * jar, its queries for marked elements, its one observer of added elements and the page's news of
 * the grants go past it. Real browsers: test/e2e/clobbering.spec.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toSiteView } from '../../src/core/site-view';
import { watchAddedElements } from '../../src/dom/added-elements';
import { cookieJarOf } from '../../src/dom/cookie-jar';
import { isMatch, queryAll } from '../../src/dom/unclobbered';
import type { Gate } from '../../src/gate/gate';
import { createGrantNews } from '../../src/loader/grant-news';
import { sample } from '../unit/fixtures';

afterEach(() => {
  delete (document as { cookie?: unknown }).cookie; // the own property a test put there
  document.body.innerHTML = '';
});

describe('the cookie jar', () => {
  it('reads and writes the real cookies when document.cookie is shadowed (<img name="cookie">)', () => {
    Object.defineProperty(document, 'cookie', { value: document.createElement('img'), configurable: true });
    expect(typeof document.cookie).toBe('object');
    const jar = cookieJarOf(document);
    jar.set('candor=1; Path=/');
    expect(jar.get()).toContain('candor=1');
    jar.set('candor=; Max-Age=0; Path=/');
  });
});

describe('queries for marked elements', () => {
  it('find what a shadowed document.querySelectorAll or form.matches would hide', () => {
    document.body.innerHTML = '<form data-consent="a"><input name="q"></form><p data-consent="b"></p>';
    const form = document.querySelector('form')!;
    Object.defineProperty(form, 'matches', { value: form.querySelector('input') });
    Object.defineProperty(document, 'querySelectorAll', { value: null, configurable: true });
    try {
      expect(queryAll(document, '[data-consent]')).toHaveLength(2);
      expect(isMatch(form, '[data-consent]')).toBe(true);
      expect(isMatch(document, '[data-consent]')).toBe(false); // not an element
      expect(queryAll(form, 'input')).toHaveLength(1);
    } finally {
      delete (document as { querySelectorAll?: unknown }).querySelectorAll;
    }
  });
});

describe('the observer of added elements', () => {
  it('gives each element to every listener, though one of them throws', async () => {
    const onAdded = watchAddedElements(document);
    const seen: string[] = [];
    const stops = [
      onAdded(() => {
        throw new TypeError('e.matches is not a function');
      }),
      onAdded((el) => seen.push(el.id)),
    ];
    document.body.append(Object.assign(document.createElement('form'), { id: 'a' }));
    document.body.append(Object.assign(document.createElement('script'), { id: 'b' }));
    await vi.waitFor(() => expect(seen).toEqual(['a', 'b']));
    stops.forEach((stop) => stop());
  });
});

describe("the page's news of the grants", () => {
  it('reaches Consent Mode and the dataLayer first, and though the gate throws', () => {
    const view = toSiteView(sample);
    const calls: unknown[][] = [];
    const gate = {
      apply: vi.fn(() => {
        calls.push(['gate']);
        throw new TypeError('e.getAttribute is not a function');
      }),
    } as unknown as Gate;
    let granted = true;
    const revoked = vi.fn();
    const known = createGrantNews(
      view,
      () => granted,
      (...a) => calls.push(a),
      () => gate,
      revoked,
    );
    expect(known).toThrow(TypeError); // the gate's own error, after the news
    expect(calls.map((c) => c[0] === 'consent' && c[1])).toEqual(['update', false]);
    granted = false;
    calls.length = 0;
    expect(known).toThrow(TypeError);
    expect(calls.map((c) => (c[0] === 'consent' ? (c[2] as Record<string, string>).analytics_storage : c[0]))).toEqual([
      'denied',
      'gate',
    ]);
    expect(revoked).toHaveBeenCalledTimes(1);
  });
});

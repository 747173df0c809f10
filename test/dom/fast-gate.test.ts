// @vitest-environment happy-dom
// The loader's fast path for a returning visitor's tags (loader/fast-gate.ts): it takes only an
// inline `<script type="text/plain">`, runs it if `has` grants it and leaves it waiting, untouched,
// if not; anything else is left, untouched, to the gate.
import { afterEach, describe, expect, it } from 'vitest';
import { runNow } from '../../src/loader/fast-gate';

afterEach(() => void (document.body.innerHTML = ''));

/** Parses `html` into the body, with what the parser added after it (scripts from innerHTML do not run); returns its first element. */
const el = (html: string): Element => {
  document.body.innerHTML = `${html}\n`;
  return document.body.firstElementChild!;
};
const grants =
  (...ids: string[]) =>
  (condition: string): boolean =>
    condition.split(',').every((id) => ids.includes(id.trim()));

describe('runNow', () => {
  it('runs a granted inline tag in its place: a fresh script, its attributes kept, data-type as its type, marked as run', () => {
    const old = el(
      '<script type="text/plain" data-type="module" data-consent="analytics" id="t" class="c" data-x="1">run()</script>',
    );
    expect(runNow(old, grants('analytics'), true)).toBeTruthy();
    const s = document.getElementById('t')!;
    expect(s).not.toBe(old);
    expect(old.isConnected).toBe(false);
    expect([s.getAttribute('type'), s.getAttribute('data-candor'), s.className, s.getAttribute('data-x')]).toEqual([
      'module',
      'ran',
      'c',
      '1',
    ]);
    expect([s.getAttribute('data-consent'), s.hasAttribute('data-type'), s.textContent]).toEqual([
      'analytics',
      false,
      'run()',
    ]);
  });

  it.each([
    ['not granted', '<script type="text/plain" data-consent="marketing">x()</script>'],
    ['granted in part', '<script type="text/plain" data-consent="analytics,marketing">x()</script>'],
    ['naming no id of the config', '<script type="text/plain" data-consent="analytic">x()</script>'],
  ])('takes an inline tag that is not granted and leaves it waiting, untouched, without the gate: %s', (_, html) => {
    const old = el(html);
    const before = old.outerHTML;
    // Truthy: taken (the gate is not needed for it now); nothing ran, nothing changed.
    expect(runNow(old, grants('analytics'), true)).toBeTruthy();
    expect(old.isConnected).toBe(true);
    expect(old.outerHTML).toBe(before);
    expect(document.querySelectorAll('script')).toHaveLength(1);
  });

  it.each([
    ['external (data-src)', '<script type="text/plain" data-consent="analytics" data-src="/a.js"></script>'],
    ['external (src)', '<script type="text/plain" data-consent="analytics" src="/a.js"></script>'],
    ['a marking mistake (runs anyway)', '<script data-consent="analytics">x()</script>'],
    ['another type, whatever its case', '<script type="TEXT/PLAIN" data-consent="analytics">x()</script>'],
    ['no script', '<object type="text/plain" data-consent="analytics">x()</object>'],
  ])('leaves a tag to the gate, untouched: %s', (_, html) => {
    const old = el(html);
    const before = old.outerHTML;
    expect(runNow(old, grants('analytics'), true)).toBeFalsy();
    expect(old.isConnected).toBe(true);
    expect(old.outerHTML).toBe(before);
  });

  it('looking again (not to run), leaves a granted inline tag to the gate, untouched, and keeps a refused one waiting', () => {
    const granted = el('<script type="text/plain" data-consent="analytics">x()</script>');
    const before = granted.outerHTML;
    expect(runNow(granted, grants('analytics'), false)).toBeFalsy();
    expect(granted.isConnected).toBe(true);
    expect(granted.outerHTML).toBe(before);
    const refused = el('<script type="text/plain" data-consent="marketing">x()</script>');
    expect(runNow(refused, grants('analytics'), false)).toBeTruthy();
    expect(refused.hasAttribute('data-candor')).toBe(false);
  });

  it('marks the tag it replaced: put back into the page, it runs no second time', () => {
    const old = el('<script type="text/plain" data-consent="analytics">x()</script>');
    expect(runNow(old, grants('analytics'), true)).toBeTruthy();
    expect(old.getAttribute('data-candor')).toBe('ran');
  });

  it('leaves a tag the page refuses (Trusted Types want a policy) to the gate, untouched, and throws nothing', () => {
    const old = el('<script type="text/plain" data-consent="analytics" id="t">x()</script>');
    const proto = HTMLScriptElement.prototype;
    const text = Object.getOwnPropertyDescriptor(proto, 'text')!;
    Object.defineProperty(proto, 'text', {
      ...text,
      set() {
        throw new TypeError("This document requires 'TrustedScript' assignment.");
      },
    });
    try {
      expect(runNow(old, grants('analytics'), true)).toBeFalsy();
    } finally {
      Object.defineProperty(proto, 'text', text);
    }
    expect(document.getElementById('t')).toBe(old);
    expect(old.getAttribute('type')).toBe('text/plain');
    expect(old.hasAttribute('data-candor')).toBe(false);
  });
});

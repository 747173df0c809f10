// Ids and keys named after Object.prototype members are ordinary ids: nothing crashes, nothing
// inherited is read as a grant, a text or a preference.
import { describe, expect, it } from 'vitest';
import type { ConsentConfigInput } from '../../src/core/config-types';
import { parseConfig } from '../../src/core/parse-config';
import { toSiteView } from '../../src/core/site-view';
import { toGcmState } from '../../src/core/gcm-map';
import { translate, mergeMessages, ownOf } from '../../src/core/locale';
import { createConsent } from '../../src/instance/create-consent';
import { createMemoryStorage } from '../../src/store/memory';

/** Purpose, service, preference, row and option ids that shadow Object.prototype members. */
export const PROTO_CONFIG = {
  policy: { revision: 1 },
  purposes: [
    { id: 'necessary', required: true },
    { id: 'constructor' },
    { id: 'toString' },
    { id: 'hasOwnProperty', sensitive: true },
  ],
  services: [
    { id: 'valueOf', purpose: 'constructor', name: 'Value of', hosts: ['tracker.example'] },
    { id: 'isPrototypeOf', purpose: 'toString', name: 'Proto' },
  ],
  preferences: [
    { id: 'propertyIsEnumerable', type: 'boolean', default: false },
    {
      id: 'toLocaleString',
      type: 'choice',
      options: ['constructor', 'toString'],
      default: 'toString',
      requires: 'constructor',
    },
    { id: 'channels', type: 'matrix', rows: ['constructor', 'hasOwnProperty'], options: ['toString', 'valueOf'] },
  ],
  texts: { en: { 'purpose.constructor.title': 'Statistics {constructor}' } },
} as const;

describe('prototype-named ids', () => {
  it('parseConfig accepts them as ordinary ids', () => {
    const r = parseConfig(PROTO_CONFIG);
    expect(r.ok ? [] : r.issues).toEqual([]);
  });

  it('nothing is granted before a decision, and a decision grants exactly what it says', async () => {
    // Typed loosely on purpose: TypeScript reads `toString` of an object literal as Object's method.
    const c = createConsent(PROTO_CONFIG as ConsentConfigInput, { storage: createMemoryStorage() });
    await c.ready;
    expect(c.state.value.purposes).toEqual({
      necessary: true,
      constructor: false,
      toString: false,
      hasOwnProperty: false,
    });
    expect(c.state.value.services).toEqual({ valueOf: false, isPrototypeOf: false });
    for (const id of [
      'constructor',
      'toString',
      'hasOwnProperty',
      'valueOf',
      'isPrototypeOf',
      '__proto__',
      'toString,constructor',
    ])
      expect(c.has(id)).toBe(false);
    await c.update({ purposes: { constructor: true }, services: { isPrototypeOf: true } });
    expect(c.has('constructor')).toBe(true);
    expect(c.has('valueOf')).toBe(true);
    expect(c.has('toString')).toBe(false);
    expect(c.has('isPrototypeOf')).toBe(true);
    await c.preferences.set('channels', { constructor: ['toString'] });
    expect(c.preferences.get('channels')).toEqual({ constructor: ['toString'] });
    expect(c.preferences.get('toString')).toBeUndefined();
    expect(c.preferences.get('__proto__')).toBeUndefined();
    await c.acceptAll();
    expect(c.has('hasOwnProperty')).toBe(false); // sensitive: never in a bulk accept
    c.destroy();
  });

  it('Consent Mode, texts and locale lookups read own entries only', () => {
    const view = toSiteView(PROTO_CONFIG);
    expect(view.purposes.map((p) => [p.id, p.gcm])).toEqual([
      ['necessary', ['security_storage']],
      ['constructor', []],
      ['toString', []],
      ['hasOwnProperty', []],
    ]);
    expect(toGcmState(view.purposes, () => true).security_storage).toBe('granted');
    expect(translate({ a: 'A {constructor} {toString}' }, 'a', { name: 'x' })).toBe('A {constructor} {toString}');
    expect(translate({}, 'constructor')).toBe('constructor');
    expect(ownOf(ownOf({ en: {} }, 'constructor'), 'toString')).toBeUndefined(); // a site text, as the launcher reads it
    // JSON (a locale file, a config) can carry an own "__proto__" key: it stays an ordinary key.
    const merged = mergeMessages(
      '__proto__',
      JSON.parse('{"__proto__": "ok"}'),
      JSON.parse('{"__proto__": {"a": "b"}}'),
      {},
    );
    expect(Object.getPrototypeOf(merged)).toBeNull();
    expect(merged['a']).toBe('b');
    expect(Object.hasOwn(merged, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['a']).toBeUndefined(); // nothing polluted
  });
});

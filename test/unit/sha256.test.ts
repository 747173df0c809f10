import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/core/canonical-json';
import { sha256 } from '../../src/core/sha256';
import { toUuid } from '../../src/core/uuid';

const node = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

describe('sha256', () => {
  it.each([
    ['empty', ''],
    ['abc', 'abc'],
    ['55 bytes (one block with length)', 'a'.repeat(55)],
    ['56 bytes (needs a second block)', 'a'.repeat(56)],
    ['64 bytes', 'b'.repeat(64)],
    ['multi-block', 'The quick brown fox jumps over the lazy dog. '.repeat(40)],
    ['2-byte UTF-8', 'Ärger über Öl — “quotes”'],
    ['3-byte UTF-8', '同意する 동의 согласие'],
    ['surrogate pairs', '🍪🥐 cookies and croissants'],
  ])('matches node:crypto for %s', (_name, text) => {
    expect(sha256(text)).toBe(node(text));
  });

  it('matches node:crypto at every length around the block and length-field boundaries', () => {
    for (let n = 0; n <= 200; n++) expect(sha256('x'.repeat(n))).toBe(node('x'.repeat(n)));
    for (let n = 0; n <= 70; n++) expect(sha256('é'.repeat(n))).toBe(node('é'.repeat(n)));
  });

  it.each(['a\ud800b', 'a\udc00b', 'a\udc00\ud800b', 'a\ud83c'])(
    'replaces a lone surrogate as TextEncoder does (%j)',
    (text) => {
      expect(sha256(text)).toBe(createHash('sha256').update(new TextEncoder().encode(text)).digest('hex'));
      expect(sha256(text)).toBe(node(text.replace(/[\ud800-\udfff]/g, '\ufffd')));
    },
  );
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: undefined }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"z":1}]},"b":1}',
    );
  });
  it('gives equal output for equal data in any key order', () => {
    expect(canonicalJson({ x: 1, y: [true, 'a'] })).toBe(canonicalJson({ y: [true, 'a'], x: 1 }));
  });
});

describe('toUuid', () => {
  it('formats 16 bytes as a version-4, RFC 9562 variant uuid', () => {
    const id = toUuid(Array.from({ length: 16 }, (_, i) => i * 17));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(id.startsWith('00112233-4455-4')).toBe(true);
  });
});

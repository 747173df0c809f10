/**
 * FNV-1a, 32-bit, as 8 hex digits: a tiny, fast fingerprint for noticing that a config changed
 * (the cookie's config stamp). Not collision-resistant against an adversary, which the stamp
 * does not need: whoever can edit the config controls the page anyway. Records use sha-256.
 */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

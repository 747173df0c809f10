/**
 * SHA-256 of a string's UTF-8 bytes, as lowercase hex (FIPS 180-4).
 * Synchronous on purpose: the loader needs the config hash on the first line of `<head>`, before
 * any await, and `crypto.subtle.digest` is async (and missing on plain-http pages). Not for secrets.
 */

const K: number[] = [];
const H0: number[] = [];

function fraction(x: number): number {
  return ((x - Math.floor(x)) * 0x100000000) | 0;
}

// Round constants: fractional parts of the square and cube roots of the first 64 primes.
for (let n = 2, found = 0; found < 64; n++) {
  let prime = true;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) prime = false;
  if (!prime) continue;
  if (found < 8) H0.push(fraction(Math.sqrt(n)));
  K.push(fraction(Math.cbrt(n)));
  found++;
}

const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

/** Hex SHA-256 digest of `text` encoded as UTF-8. */
export function sha256(text: string): string {
  // UTF-8, a lone surrogate as U+FFFD (TextEncoder, everywhere the SDK runs; the sync already uses it).
  const data = new TextEncoder().encode(text);
  // The data, 0x80, zeros, then its 64-bit big-endian length; strings here are far below 2^32 bits.
  const bytes = new Uint8Array((((data.length + 8) >> 6) + 1) * 64);
  bytes.set(data);
  bytes[data.length] = 0x80;
  const view = new DataView(bytes.buffer);
  view.setUint32(bytes.length - 4, data.length * 8);

  const h = H0.slice();
  const w = new Array<number>(64);
  for (let off = 0; off < bytes.length; off += 64) {
    for (let t = 0; t < 64; t++) {
      if (t < 16) {
        w[t] = view.getInt32(off + t * 4);
      } else {
        const a = w[t - 15] ?? 0;
        const b = w[t - 2] ?? 0;
        const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
        const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
        w[t] = ((w[t - 16] ?? 0) + s0 + (w[t - 7] ?? 0) + s1) | 0;
      }
    }
    let [a, b, c, d, e, f, g, hh] = h as [number, number, number, number, number, number, number, number];
    for (let t = 0; t < 64; t++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + (K[t] ?? 0) + (w[t] ?? 0)) | 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    const next = [a, b, c, d, e, f, g, hh];
    for (let i = 0; i < 8; i++) h[i] = ((h[i] ?? 0) + (next[i] ?? 0)) | 0;
  }
  return h.map((x) => (x >>> 0).toString(16).padStart(8, '0')).join('');
}

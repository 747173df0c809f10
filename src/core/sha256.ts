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

/** Hex SHA-256 digest of `text` as UTF-8 (rotations written out: quicker before V8 compiles it). */
export function sha256(text: string): string {
  // UTF-8, a lone surrogate as U+FFFD (TextEncoder: everywhere the SDK runs).
  const data = new TextEncoder().encode(text);
  // The data, 0x80, zeros, then its 64-bit big-endian length; strings here are far below 2^32 bits.
  const bytes = new Uint8Array((((data.length + 8) >> 6) + 1) * 64);
  bytes.set(data);
  bytes[data.length] = 0x80;
  const view = new DataView(bytes.buffer);
  view.setUint32(bytes.length - 4, data.length * 8);

  const h = Int32Array.from(H0);
  const w = new Int32Array(64);
  for (let off = 0; off < bytes.length; off += 64) {
    let [a, b, c, d, e, f, g, hh] = h as unknown as [number, number, number, number, number, number, number, number];
    for (let t = 0, x, y; t < 64; t++) {
      if (t < 16) w[t] = view.getInt32(off + t * 4);
      else {
        x = w[t - 15]!;
        y = w[t - 2]!;
        w[t] =
          w[t - 16]! +
          (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) +
          w[t - 7]! +
          (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10));
      }
      x =
        (hh +
          (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) +
          ((e & f) ^ (~e & g)) +
          K[t]! +
          w[t]!) |
        0;
      y =
        ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) +
          ((a & b) ^ (a & c) ^ (b & c))) |
        0;
      hh = g;
      g = f;
      f = e;
      e = (d + x) | 0;
      d = c;
      c = b;
      b = a;
      a = (x + y) | 0;
    }
    [a, b, c, d, e, f, g, hh].forEach((v, i) => (h[i]! += v));
  }
  return Array.from(h, (x) => (x >>> 0).toString(16).padStart(8, '0')).join('');
}

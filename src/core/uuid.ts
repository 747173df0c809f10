/** Formats 16 random bytes as an RFC 9562 version-4 UUID; the bytes come from the caller. */
export function toUuid(bytes: ArrayLike<number>): string {
  let hex = '';
  for (let i = 0; i < 16; i++) {
    let b = (bytes[i] ?? 0) & 255;
    if (i === 6) b = (b & 0x0f) | 0x40;
    if (i === 8) b = (b & 0x3f) | 0x80;
    hex += b.toString(16).padStart(2, '0');
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

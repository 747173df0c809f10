/**
 * Random record and subject ids: `crypto.randomUUID` where it exists (secure contexts), else a v4
 * UUID from `crypto.getRandomValues` (plain-http pages have that one too).
 */
import { toUuid } from '../core/uuid';

/** A new random v4 UUID. */
export function randomId(): string {
  const c = globalThis.crypto;
  if (c?.randomUUID) return c.randomUUID();
  const bytes = new Uint8Array(16);
  c.getRandomValues(bytes);
  return toUuid(bytes);
}

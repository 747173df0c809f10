/**
 * Google Consent Mode v2: which consent types each purpose controls (a standard purpose's by
 * default: DEFAULT_GCM, config-types.ts), and the consent state a set of grants maps to. Pure;
 * integrations/gcm.ts sends it to gtag.
 */
import { DEFAULT_GCM, GCM_TYPES, type GcmType } from './config-types';

/** The default types of a standard purpose id (own entries only: `constructor` is not one). */
export const defaultGcmOf = (id: string): readonly GcmType[] =>
  Object.hasOwn(DEFAULT_GCM, id) ? (DEFAULT_GCM[id] ?? []) : [];

/** A Consent Mode state: every type granted or denied. */
export type GcmState = Record<GcmType, 'granted' | 'denied'>;

/** Every type denied: the default before anything is known. */
export const allDenied = (): GcmState => Object.fromEntries(GCM_TYPES.map((t) => [t, 'denied'])) as GcmState;

/** The state for `purposes` (id + types): a type is granted when any purpose controlling it is granted. */
export function toGcmState(
  purposes: readonly { readonly id: string; readonly gcm: readonly GcmType[] }[],
  granted: (id: string) => boolean,
): GcmState {
  const out = allDenied();
  for (const p of purposes) if (granted(p.id)) for (const t of p.gcm) out[t] = 'granted';
  return out;
}

/**
 * Google Consent Mode v2: which consent types each purpose controls, and the consent state a set
 * of grants maps to. Pure; integrations/gcm.ts sends it to gtag.
 */
import { DEFAULT_GCM, GCM_TYPES, type GcmType } from './config-types';

/** The default types of a standard purpose id (own entries only: `constructor` is not one; each a list). */
export const defaultGcmOf = (id: string): readonly GcmType[] =>
  Object.hasOwn(DEFAULT_GCM, id) ? DEFAULT_GCM[id]! : [];

/** A Consent Mode state: every type granted or denied. */
export type GcmState = Record<GcmType, 'granted' | 'denied'>;

/**
 * A Consent Mode state: the types in `granted` granted, every other denied (by default all), in
 * Google's documented order (GCM_TYPES).
 */
export const gcmStateOf = (granted: readonly GcmType[] = []): GcmState =>
  Object.fromEntries(GCM_TYPES.map((t) => [t, granted.includes(t) ? 'granted' : 'denied'])) as GcmState;

/** Every type denied: the default before anything is known. */
export const allDenied = (): GcmState => gcmStateOf();

/** The state for `purposes` (id + types): a type is granted when any purpose controlling it is granted. */
export const toGcmState = (
  purposes: readonly { readonly id: string; readonly gcm: readonly GcmType[] }[],
  granted: (id: string) => boolean,
): GcmState => gcmStateOf(purposes.filter((p) => granted(p.id)).flatMap((p) => p.gcm));

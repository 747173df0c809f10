/**
 * Google Consent Mode v2: which consent types each purpose controls, and the consent state a set
 * of grants maps to. Pure; integrations/gcm.ts sends it to gtag.
 */
import { GCM_TYPES, type GcmType } from './config-types';

/** Consent Mode types a standard purpose controls when its config names none. */
export const DEFAULT_GCM: Readonly<Record<string, readonly GcmType[]>> = {
  necessary: ['security_storage'],
  marketing: ['ad_storage', 'ad_user_data', 'ad_personalization'],
  analytics: ['analytics_storage'],
  functional: ['functionality_storage'],
  personalization: ['personalization_storage'],
};

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

/**
 * Whether a preference field applies now, for the preference center. Its own module, so that it
 * travels with the panel: the first layer (which validates preferences with preferences.ts) never
 * shows one.
 */
import type { PreferenceField, PreferenceValue } from './config-types';

/** Whether `field` applies now: its `requires` purpose granted or boolean preference on. */
export function isPreferenceActive(
  field: PreferenceField,
  values: Readonly<Record<string, PreferenceValue>>,
  granted: (purpose: string) => boolean,
): boolean {
  if (field.requires === undefined) return true;
  // Preference and purpose ids are distinct (parseConfig); a preference id is in `values`.
  return Object.hasOwn(values, field.requires) ? values[field.requires] === true : granted(field.requires);
}

/**
 * The launcher's label in the visitor's language, remembered for the loader's stand-in launcher:
 * a returning visitor downloads no locale file, so the label the UI last showed in a locale is
 * kept in this origin's localStorage (`candor:v1:launcher`) and used again for that locale. It is
 * only a label, rendered as text; a missing or odd value means the English default.
 */

import { keepJson } from './keep-json';

const KEY = 'candor:v1:launcher';

/** Remembers `label` for `locale`; does nothing where localStorage is blocked. */
export const rememberLauncherLabel = (locale: string, label: string): void => keepJson(KEY, [locale, label]);

/** The label remembered for `locale`, if any. */
export function rememberedLauncherLabel(locale: string): string | undefined {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(KEY) as string); // none: null (read as "null")
    return Array.isArray(v) && v[0] === locale && typeof v[1] === 'string' && v[1].length <= 80 ? v[1] : undefined;
  } catch {
    return undefined;
  }
}

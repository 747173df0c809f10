/**
 * The launcher's label in the visitor's language, remembered for the loader's stand-in launcher:
 * a returning visitor downloads no locale file, so the label the UI last showed in a locale is
 * kept in this origin's localStorage (`candor:v1:launcher`) and used again for that locale. It is
 * only a label, rendered as text; a missing or odd value means the English default.
 */

/**
 * Where the label is kept, as JSON: a `RememberedLabel`, written by the first layer with
 * dom/keep-json.ts (ui/banner-mount.ts: there, not through a function of this module, which
 * terser kept as a function called at once, 5 bytes more before the banner).
 */
export const LAUNCHER_KEY = 'candor:v1:launcher';

/** What is kept: the locale and the label shown in it. */
export type RememberedLabel = readonly [locale: string, label: string];

/** The label remembered for `locale`, if any. */
export function rememberedLauncherLabel(locale: string): string | undefined {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(LAUNCHER_KEY) as string); // none: null (read as "null")
    return Array.isArray(v) && v[0] === locale && typeof v[1] === 'string' && v[1].length <= 80 ? v[1] : undefined;
  } catch {
    return undefined;
  }
}

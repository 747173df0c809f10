/**
 * Texts a site writes into its config for visitors (a service's `provider` and `retention`): one
 * string, or one per locale (`{ "en": "14 months", "de": "14 Monate" }`). `localText` picks the one
 * to show and says its language when it is not the UI's, so the UI can mark a fallback with
 * `lang` (WCAG 3.1.2). Pure; the one rule for the banner, the panel and placeholders.
 */

/** One text, or texts by locale tag. */
export type LocalText = string | Readonly<Record<string, string>>;

/** A text to show; `lang` is set when it is in another language than the UI (a fallback). */
export interface ShownText {
  readonly text: string;
  readonly lang?: string;
}

/** A locale tag such as `de` or `pt-BR`. */
export const isLocaleTag = (v: string): boolean => /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(v);

/** A non-empty text, or a non-empty map of locale tag → non-empty text. */
export const isLocalText = (v: unknown): v is LocalText =>
  typeof v === 'string'
    ? v.length > 0
    : typeof v === 'object' &&
      v !== null &&
      !Array.isArray(v) &&
      Object.keys(v).length > 0 &&
      Object.entries(v).every(([k, t]) => isLocaleTag(k) && typeof t === 'string' && t.length > 0);

/**
 * `value` for a UI in `locale`: a plain string as it is (the site's own language); from a map, the
 * locale's text, else its language's (`pt` for `pt-BR`), else English, else the first, with `lang`
 * when that is not `locale`. Anything else (an unvalidated config) is ''.
 */
export function localText(value: unknown, locale: string): ShownText {
  if (typeof value === 'string') return { text: value };
  if (typeof value !== 'object' || value === null) return { text: '' };
  const map = value as Record<string, unknown>;
  const keys = Object.keys(map).filter((k) => typeof map[k] === 'string');
  const key = [locale, locale.split('-')[0], 'en', keys[0]].find((k) => k !== undefined && keys.includes(k));
  if (key === undefined) return { text: '' };
  const text = map[key] as string;
  return key === locale ? { text } : { text, lang: key };
}

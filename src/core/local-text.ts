/**
 * Texts a site writes into its config for visitors (a service's `provider` and `retention`): one
 * string, or one per locale (`{ "en": "14 months", "de": "14 Monate" }`), validated by
 * `isLocalText` (check.ts). `localText` picks the one to show and says its language when it is not
 * the UI's, so a fallback can carry `lang` (WCAG 3.1.2). Pure; the one rule for the placeholders
 * and the panel. Its own module, not locale.ts: the first layer does not need it, so it stays out
 * of the chunk every first visit loads.
 */
/** One text, or texts by locale tag. */
export type LocalText = string | Readonly<Record<string, string>>;

/** A text to show; `lang` is set when it is in another language than the UI (a fallback: WCAG 3.1.2). */
export interface ShownText {
  readonly text: string;
  readonly lang?: string;
}

/**
 * `value` for a UI in `locale`, the one rule for the banner, the panel and placeholders: a plain
 * string as it is (the site's own language); from a map, the locale's text, else its language's
 * (`pt` for `pt-BR`), else English, else the first, with `lang` when that is not `locale`.
 * Anything else (an unvalidated config) is ''.
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

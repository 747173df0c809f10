/**
 * Locale choice: the configured locale, else the page's `lang`, else the browser's languages, else
 * English. Pure; shared by the script-tag loader (to fetch only the chosen locale) and the UI.
 */

/** Every locale shipped in locales/. */
export const LOCALES = ['ar', 'cs', 'da', 'de', 'el', 'en', 'es', 'fi', 'fr', 'he', 'hu', 'it', 'ja', 'ko', 'nl', 'pl', 'pt', 'pt-BR', 'ro', 'sv', 'tr', 'uk', 'zh'] as const;

/** Locales written right to left. */
const RTL = ['ar', 'he', 'fa', 'ur'];

/** The best shipped locale for a requested tag (`pt-BR` → `pt-BR`, `de-AT` → `de`), or null. */
export function matchLocale(tag: string | null | undefined): string | null {
  if (!tag) return null;
  const exact = LOCALES.find((l) => l.toLowerCase() === tag.toLowerCase());
  if (exact) return exact;
  const base = tag.split('-')[0]?.toLowerCase();
  return LOCALES.find((l) => l === base) ?? null;
}

/** `configured` unless "auto"; then the page's lang, then the browser's languages, then English. */
export function chooseLocale(configured: string, pageLang: string | null, languages: readonly string[]): string {
  if (configured !== 'auto') return matchLocale(configured) ?? configured;
  for (const tag of [pageLang, ...languages]) {
    const m = matchLocale(tag);
    if (m) return m;
  }
  return 'en';
}

/** Whether `locale` is written right to left. */
export const isRtl = (locale: string): boolean => RTL.includes(locale.split('-')[0] ?? '');

/** A locale's messages: key → text. */
export type Messages = Readonly<Record<string, string>>;

/** Looks up `key` in `messages` (merge English in first for a fallback), fills `{name}` variables. */
export function translate(messages: Messages, key: string, vars: Readonly<Record<string, string>> = {}): string {
  return (messages[key] ?? key).replace(/\{(\w+)\}/g, (m, name: string) => vars[name] ?? m);
}

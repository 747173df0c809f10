/**
 * Locale texts: lookup, the site's texts, the one merge rule, and the direction of writing. Pure.
 * Which locale is chosen lives in core/locale-choice.ts (the script-tag loader chooses it and hands
 * it on, so the first layer's chunks do not carry the list of locales again).
 */

/** Locales written right to left. */
const RTL = ['ar', 'he', 'fa', 'ur'];

/** `o[key]` when `key` is an own property (never `constructor`, `__proto__` and the like). */
export const ownOf = <T>(o: Readonly<Record<string, T>> | undefined, key: string): T | undefined =>
  o && Object.hasOwn(o, key) ? o[key] : undefined;

/** Whether `locale` is written right to left. */
export const isRtl = (locale: string): boolean => RTL.includes(locale.split('-')[0]!);

/** A locale's messages: key → text. */
export type Messages = Readonly<Record<string, string>>;

/** Looks up `key` in `messages` (merge English in first for a fallback), fills `{name}` variables. */
export function translate(messages: Messages, key: string, vars?: Readonly<Record<string, string>>): string {
  const v = ownOf(messages, key);
  return (typeof v === 'string' ? v : key).replace(/\{(\w+)\}/g, (m, name: string) => ownOf(vars, name) ?? m);
}

/** Site texts by locale (config `texts`). */
export type SiteTexts = Readonly<Record<string, Messages>>;

/**
 * Every text the UI shows in `locale`, later sources winning: English (the fallback for a key a
 * locale lacks), the site's English texts, the locale file, the site's texts for the locale.
 * The one rule for the banner, the panel and `mountUI`.
 */
export function mergeMessages(
  locale: string,
  localeMessages: Messages,
  texts: SiteTexts,
  english?: Messages,
): Messages {
  // A null-prototype target: a key such as `__proto__` stays an ordinary own text.
  return Object.assign(
    Object.create(null) as Record<string, string>,
    english,
    ownOf(texts, 'en'),
    localeMessages,
    ownOf(texts, locale),
  );
}

/**
 * Locale choice: the configured locale, else the page's `lang`, else the browser's languages, else
 * English. Pure; shared by the script-tag loader (to fetch only the chosen locale) and the UI.
 */

/**
 * Every locale shipped in locales/: one string split at run time, a little smaller in the chunk
 * every first visit loads than 41 quoted entries.
 */
export const LOCALES: readonly string[] = (
  'ar bg ca cs da de el en es et fi fr ga he hi hr hu id is it ja ko lt lv mt nl no ' +
  'pl pt pt-BR ro ru sk sl sv th tr uk vi zh zh-TW'
).split(' ');

/** Locales written right to left. */
const RTL = ['ar', 'he', 'fa', 'ur'];

/**
 * Language subtags that name a shipped locale by another code: Norwegian Bokmål and Nynorsk read
 * `no` (one Norwegian file), and the old codes some Android browsers still send for Hebrew and
 * Indonesian.
 */
const ALIASES: Readonly<Record<string, string>> = { nb: 'no', nn: 'no', iw: 'he', in: 'id' };

/**
 * The best shipped locale for a requested tag, or null: `pt-BR` → `pt-BR`, `de-AT` → `de`,
 * `nb-NO` → `no`, `zh-Hant` / `zh-HK` → `zh-TW`, `zh-Hans-SG` → `zh`.
 */
export function matchLocale(tag: string | null | undefined): string | null {
  if (!tag) return null;
  const [first = '', ...rest] = tag.toLowerCase().split(/[-_]/);
  const lang = (Object.hasOwn(ALIASES, first) && ALIASES[first]) || first;
  // Chinese: the script subtag decides, else the regions that write Traditional characters.
  if (lang === 'zh') return !rest.includes('hans') && rest.some((s) => /^(hant|tw|hk|mo)$/.test(s)) ? 'zh-TW' : 'zh';
  return (
    LOCALES.find((l) => rest.some((s) => l.toLowerCase() === `${lang}-${s}`)) ?? (LOCALES.includes(lang) ? lang : null)
  );
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

/** `o[key]` when `key` is an own property (never `constructor`, `__proto__` and the like). */
const ownOf = <T>(o: Readonly<Record<string, T>> | undefined, key: string): T | undefined =>
  o && Object.hasOwn(o, key) ? o[key] : undefined;

/** Whether `locale` is written right to left. */
export const isRtl = (locale: string): boolean => RTL.includes(locale.split('-')[0] ?? '');

/** A locale's messages: key → text. */
export type Messages = Readonly<Record<string, string>>;

/** Looks up `key` in `messages` (merge English in first for a fallback), fills `{name}` variables. */
export function translate(messages: Messages, key: string, vars: Readonly<Record<string, string>> = {}): string {
  return (ownOf(messages, key) ?? key).replace(/\{(\w+)\}/g, (m, name: string) => ownOf(vars, name) ?? m);
}

/** Site texts by locale (config `texts`). */
export type SiteTexts = Readonly<Record<string, Messages>>;

/** A site text for `locale`, else the site's English one; own keys only. */
export function siteText(texts: SiteTexts, locale: string, key: string): string | undefined {
  return ownOf(ownOf(texts, locale), key) ?? ownOf(ownOf(texts, 'en'), key);
}

/**
 * Every text the UI shows in `locale`, later sources winning: English (the fallback for a key a
 * locale lacks), the site's English texts, the locale file, the site's texts for the locale.
 * The one rule for the banner, the panel and `mountUI`.
 */
export function mergeMessages(
  locale: string,
  localeMessages: Messages,
  texts: SiteTexts,
  english: Messages = {},
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

/**
 * Locale choice: the configured locale, else the page's `lang`, else the browser's languages, else
 * English. Pure; the script-tag loader chooses once (to fetch the chosen locale with the chunks,
 * issue 16) and hands the choice to the first layer; the engine, `mountUI` and the placeholders
 * choose with the same rule.
 */

/**
 * Every locale shipped in locales/: one string split at run time, a little smaller in the chunk
 * every first visit loads than 41 quoted entries.
 */
export const LOCALES: readonly string[] = (
  'ar bg ca cs da de el en es et fi fr ga he hi hr hu id is it ja ko lt lv mt nl no ' +
  'pl pt pt-BR ro ru sk sl sv th tr uk vi zh zh-TW'
).split(' ');

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

/**
 * `configured` unless "auto"; then the page's lang, then the browser's languages, then English. A
 * configured tag Candor does not ship ("german") is English: no file to fetch in vain.
 */
export function chooseLocale(
  configured: string,
  pageLang: string | null | undefined,
  languages: readonly string[],
): string {
  const tags = configured !== 'auto' ? [configured] : [pageLang, ...languages];
  return tags.map((t) => matchLocale(t)).find((m) => m) ?? 'en';
}

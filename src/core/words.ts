/**
 * Words the banner makes from the config: a list of purpose titles ("A, B and C") and a duration
 * ("6 months"). A cold `Intl.ListFormat` or `Intl.NumberFormat` costs 70–120 ms of main thread at
 * 4× CPU throttle on the banner's first paint (issue 16), so the build writes each locale's CLDR
 * patterns into its locale file as `format.*` keys (scripts/locale-formats.mjs) and these functions
 * apply them, with the plural categories from the same file (a cold `Intl.PluralRules`: 5–10 ms).
 * Without the keys (messages of a site's own) or for amounts of 1000 and more, they use Intl, which
 * gives the same words (test/unit/words.test.ts compares both for every locale).
 */

/** One piece of a list: an item, or the words between items. */
export interface ListPart {
  readonly type: 'element' | 'literal';
  readonly value: string;
}

/** A message of the locale, or undefined when it has none (own keys only). */
export type Lookup = (key: string) => string | undefined;

/** The units a duration is said in (banner.ts `durationOf`). */
export type DurationUnit = 'year' | 'month' | 'day';

/**
 * The words between two items, where a language changes them by the next item (ICU does the same):
 * Spanish "y" is "e" before an i sound ("Marketing e Información"); Hebrew "ו" takes a hyphen
 * before anything that does not begin with a Hebrew letter ("ו-YouTube").
 */
function joiner(locale: string, words: string, next: string): string {
  const lang = locale.split('-')[0];
  if (lang === 'es' && / y $/.test(words) && /^(i|hi(?![ae]))/i.test(next)) return words.replace(/ y $/, ' e ');
  if ((lang === 'he' || lang === 'iw') && words.endsWith('ו') && !/^[\u05D0-\u05EA]/.test(next)) return `${words}-`;
  return words;
}

/** `items` as a list joined with "and" in `locale`, in parts (items stay apart from the words between). */
export function listParts(locale: string, items: readonly string[], get: Lookup): ListPart[] {
  // "pair|start|middle|end": the words between two items of 2, and of 3 or more items.
  const [pair, start, middle, end] = get('format.list')?.split('|') ?? [];
  if (end === undefined) return new Intl.ListFormat(locale, { type: 'conjunction' }).formatToParts(items);
  const parts: ListPart[] = [];
  items.forEach((value, i) => {
    const words = i < 1 ? '' : items.length < 3 ? pair : i < 2 ? start : i < items.length - 1 ? middle : end;
    if (words) parts.push({ type: 'literal', value: joiner(locale, words, value) });
    parts.push({ type: 'element', value });
  });
  return parts;
}

/** `amount` of `unit` in words ("6 months", "1 Jahr"), as `Intl.NumberFormat`'s long unit style says it. */
export function durationWords(locale: string, amount: number, unit: DurationUnit, get: Lookup): string {
  // Its plural category from the locale file's table (no table: English's "01"; 0 after its end).
  // Not a whole number below 1000: no pattern, Intl's words.
  const category =
    amount >>> 0 === amount && amount < 1000
      ? ((get('format.plural') ?? '01')[(amount % 100) + (amount < 100 ? 0 : 100)] ?? 0)
      : NaN;
  const pattern = get(`format.${unit}.${category}`);
  if (pattern === undefined)
    return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(amount);
  const digits = [...(get('format.digits') ?? '0123456789')];
  return pattern.replace(
    '{0}',
    String(amount).replace(/\d/g, (d) => digits[Number(d)] ?? d),
  );
}

// The `format.*` keys the build adds to every locale file (dist/locales/ and dist/locales/first/,
// and the English bundled into the npm UI): CLDR's list and unit patterns, read from Node's ICU, so
// the banner says "A, B and C" and "6 months" without a cold Intl formatter on its first paint
// (src/core/words.ts applies them; test/unit/words.test.ts proves the words equal Intl's).
//   format.list                           "pair|start|middle|end": the words between the items of an "and" list
//   format.{year,month,day}.<digit>       "{0} months": one pattern per plural category (0–999), named by
//                                         its digit in PLURALS (0 other, 1 one, 2 two, 3 few, 4 many, 5 zero)
//   format.plural                         the digit of each amount 0–199's plural category, without the
//                                         trailing 0s (other), and none when it is "01" (one is 1 alone, as
//                                         in English and German); an amount of
//                                         200–999 reads the digit of 100 + its last two digits (the key is
//                                         written only where that gives Intl's category for every amount
//                                         below 1000: every locale today). The banner needs no cold
//                                         Intl.PluralRules then (5–10 ms at 4x CPU throttle)
//   format.digits                         the locale's ten digits, when they are not 0–9

const UNITS = ['year', 'month', 'day'];

/**
 * Unit words where CLDR has none fit to print: its Maltese has only "y", "m" and "d", and its Irish
 * years are abbreviations ("2 bhl", "7 mbl"); a native reader stops at both. Patterns per plural
 * category, as formatsOf writes them (Maltese duals are whole words: "sentejn", two years).
 * test/unit/words.test.ts checks these instead of Intl's for the units they name.
 */
export const UNIT_WORDS = {
  mt: {
    'format.year.one': '{0} sena',
    'format.year.two': 'sentejn',
    'format.year.few': '{0} snin',
    'format.year.many': '{0}-il sena',
    'format.year.other': '{0} sena',
    'format.month.one': '{0} xahar',
    'format.month.two': 'xahrejn',
    'format.month.few': '{0} xhur',
    'format.month.many': '{0}-il xahar',
    'format.month.other': '{0} xahar',
    'format.day.one': '{0} jum',
    'format.day.two': 'jumejn',
    'format.day.few': '{0} ijiem',
    'format.day.many': '{0}-il jum',
    'format.day.other': '{0} jum',
  },
  ga: {
    'format.year.one': '{0} bhliain',
    'format.year.two': '{0} bhliain',
    'format.year.few': '{0} bliana',
    'format.year.many': '{0} mbliana',
    'format.year.other': '{0} bliain',
  },
};

/** Items the list patterns are read with (Hebrew ones for Hebrew: a Latin item would add "-"). */
const sampleItems = (locale) => (/^(he|iw)\b/.test(locale) ? ['א', 'ב', 'ג', 'ד'] : ['A', 'B', 'C', 'D']);

/** The words between the items of a list of `n` items, checked to be `item words item …` only. */
function listWords(locale, n) {
  const items = sampleItems(locale).slice(0, n);
  const parts = new Intl.ListFormat(locale, { type: 'conjunction' }).formatToParts(items);
  const words = [];
  let next = 0;
  for (const part of parts) {
    if (part.type === 'element') {
      if (part.value !== items[next]) throw new Error(`${locale}: list item ${next} reads "${part.value}"`);
      if (next > 0 && words.length < next) words.push('');
      next++;
    } else {
      if (next === 0 || next === n) throw new Error(`${locale}: list words before the first or after the last item`);
      words.push(part.value);
    }
  }
  return words;
}

/** The plural categories, in the order of their digits in the `format.*` keys (core/words.ts). */
export const PLURALS = ['other', 'one', 'two', 'few', 'many', 'zero'];

/** The `format.*` keys of `locale`. */
export function formatsOf(locale) {
  const out = {};
  const [pair] = listWords(locale, 2);
  const [start, middle, end] = listWords(locale, 4);
  const list = [pair, start, middle, end];
  if (list.some((words) => words.includes('|'))) throw new Error(`${locale}: list words contain "|"`);
  out['format.list'] = list.join('|');
  const number = new Intl.NumberFormat(locale);
  const digits = Array.from({ length: 10 }, (_, d) => number.format(d)).join('');
  if (digits !== '0123456789') out['format.digits'] = digits;
  const plural = new Intl.PluralRules(locale);
  const digit = (n) => String(PLURALS.indexOf(plural.select(n)));
  const table = Array.from({ length: 200 }, (_, n) => digit(n)).join('');
  let fits = !table.includes('-');
  for (let n = 200; n < 1000; n++) fits &&= digit(n) === table[100 + (n % 100)];
  if (!fits) throw new Error(`${locale}: plural categories above 199 do not follow the last two digits`);
  // After its end: 0 (other); none: "01", English's (one is 1 alone), as core/words.ts reads it.
  // "0", not "", where every amount is other (Japanese, Thai): a locale file has no blank text
  // (core/check.ts `isTexts`: a file with one is not used).
  const trimmed = table.replace(/0+$/, '') || '0';
  if (trimmed !== '01') out['format.plural'] = trimmed;
  for (const unit of UNITS) {
    const format = new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' });
    const seen = new Set();
    for (let n = 0; n < 1000; n++) {
      const category = plural.select(n);
      if (seen.has(category)) continue;
      seen.add(category);
      const text = format.format(n);
      const shown = number.format(n);
      // A form with no number in it (Arabic's dual "يومان") is the whole pattern.
      out[`format.${unit}.${digit(n)}`] = text.includes(shown) ? text.replace(shown, '{0}') : text;
    }
  }
  // Words of our own, written by category name: under the category's digit.
  for (const [key, words] of Object.entries(Object.hasOwn(UNIT_WORDS, locale) ? UNIT_WORDS[locale] : {}))
    out[key.replace(/\w+$/, (category) => String(PLURALS.indexOf(category)))] = words;
  return out;
}

/** `messages` of `locale` with its `format.*` keys. */
export const withFormats = (locale, messages) => ({ ...messages, ...formatsOf(locale) });

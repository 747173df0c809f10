// The banner's list of purposes and its duration come from CLDR patterns the build writes into each
// locale file (scripts/locale-formats.mjs) instead of a cold Intl formatter: for every locale, the
// words must be exactly Intl's, for every amount the banner can say and lists of every length.
import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatsOf, UNIT_WORDS } from '../../scripts/locale-formats.mjs';
import { durationWords, listParts, type DurationUnit, type Lookup } from '../../src/core/words';
import { isTexts } from '../../src/core/check';

const LOCALES = readdirSync('locales')
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace('.json', ''));
const UNITS: DurationUnit[] = ['year', 'month', 'day'];
const lookupOf =
  (messages: Record<string, string>): Lookup =>
  (key) =>
    Object.hasOwn(messages, key) ? messages[key] : undefined;
const none: Lookup = () => undefined;
const intlUnit = (locale: string, n: number, unit: DurationUnit): string =>
  new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(n);
/**
 * Intl's words, or the build's own where CLDR's are abbreviations (UNIT_WORDS: Maltese, Irish
 * years); the formatters made once per locale and unit (making one is the slow part).
 */
const expectedUnits = (locale: string): ((n: number, unit: DurationUnit) => string) => {
  const plural = new Intl.PluralRules(locale);
  const intl = Object.fromEntries(
    UNITS.map((unit) => [unit, new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' })]),
  ) as Record<DurationUnit, Intl.NumberFormat>;
  return (n, unit) => {
    // Like the patterns, only below 1000 (durationWords asks Intl from there on).
    const own = n < 1000 ? UNIT_WORDS[locale]?.[`format.${unit}.${plural.select(n)}`] : undefined;
    return own === undefined ? intl[unit].format(n) : own.replace('{0}', String(n));
  };
};
/**
 * Every amount below 1000 (every plural category; `format.plural` covers 0–199 and reads 200–999 by
 * their last two digits), then samples up to the 3650-day maximum.
 */
const AMOUNTS = [...Array.from({ length: 1000 }, (_, n) => n), 1000, 1001, 1199, 2000, 3650];

/** Purpose titles of every kind: Latin, Spanish words that change "y", Hebrew, digits, brands. */
const WORDS = [
  'Statistics',
  'Marketing',
  'Información',
  'Idiomas',
  'hielo',
  'hiato',
  'Hierro',
  'HI-FI',
  'hijos',
  'ímpetu',
  'Yoga',
  'סטטיסטיקה',
  'שיווק',
  'YouTube',
  '3D',
  'Статистика',
  '統計',
  'إحصاءات',
];

describe('durationWords', () => {
  for (const locale of LOCALES) {
    it(`says every amount as Intl does (${locale})`, () => {
      const get = lookupOf(formatsOf(locale));
      const expected = expectedUnits(locale);
      for (const unit of UNITS)
        for (const n of AMOUNTS) expect(durationWords(locale, n, unit, get)).toBe(expected(n, unit));
    });
  }
  it('says Maltese and Irish durations in words, where CLDR abbreviates them', () => {
    const say = (locale: string, n: number, unit: DurationUnit) =>
      durationWords(locale, n, unit, lookupOf(formatsOf(locale)));
    expect([say('mt', 6, 'month'), say('mt', 13, 'month'), say('mt', 1, 'year'), say('mt', 2, 'year')]).toEqual([
      '6 xhur',
      '13-il xahar',
      '1 sena',
      'sentejn',
    ]);
    expect([say('mt', 182, 'day'), say('ga', 1, 'year'), say('ga', 2, 'year'), say('ga', 5, 'year')]).toEqual([
      '182 jum',
      '1 bhliain',
      '2 bhliain',
      '5 bliana',
    ]);
    expect(say('ga', 6, 'month')).toBe(intlUnit('ga', 6, 'month'));
  });
  it('uses the locale digits the build wrote', () => {
    const get = lookupOf({ 'format.digits': '٠١٢٣٤٥٦٧٨٩', 'format.day.0': '{0} X' });
    expect(durationWords('fa', 182, 'day', get)).toBe('١٨٢ X');
  });
  describe('the plural category, from the locale file (a cold Intl.PluralRules costs 5–10 ms at 4x throttle)', () => {
    afterEach(() => vi.restoreAllMocks());
    it('never makes an Intl.PluralRules for a locale file', () => {
      const files = LOCALES.map((locale) => [locale, lookupOf(formatsOf(locale))] as const); // the build's
      const made = vi.spyOn(Intl, 'PluralRules');
      for (const [locale, get] of files)
        for (const n of [0, 1, 2, 3, 5, 6, 11, 12, 21, 101, 182, 365, 999]) durationWords(locale, n, 'month', get);
      expect(made).not.toHaveBeenCalled();
    });
    it('writes a table only where one is not 1 alone (English has none)', () => {
      expect(formatsOf('en')).not.toHaveProperty(['format.plural']);
      expect(formatsOf('de')).not.toHaveProperty(['format.plural']);
      expect(formatsOf('fr')['format.plural']).toBe('11'); // 0 and 1: one; then other
      expect(formatsOf('ru')['format.plural']?.slice(0, 6)).toBe('413334'); // many one few few few many
      // Every amount other: "0", never a blank text, which makes a locale file unused (core/check.ts isTexts).
      for (const locale of ['ja', 'th', 'zh-TW']) expect(formatsOf(locale)['format.plural']).toBe('0');
      expect(isTexts(formatsOf('ja'))).toBe(true);
    });
    it('a broken or hostile table (a locale file is read as it comes) never throws and never reads an inherited key', () => {
      const english = formatsOf('en');
      for (const table of [5, null, ['x'], { 6: '__proto__' }, { 6: 'toString' }, 'z'.repeat(5000), '9', '__proto__']) {
        const get = lookupOf({ ...english, 'format.plural': table } as unknown as Record<string, string>);
        expect(['6 months', intlUnit('en', 6, 'month')]).toContain(durationWords('en', 6, 'month', get));
      }
    });
    it('says a fraction, a negative or a huge amount as Intl does (no category from the table)', () => {
      for (const locale of ['en', 'ru', 'ar']) {
        const get = lookupOf(formatsOf(locale));
        for (const n of [1.5, 0.5, -1, -101, 2 ** 32 + 1])
          expect(durationWords(locale, n, 'month', get)).toBe(intlUnit(locale, n, 'month'));
      }
    });
  });
  it('falls back to Intl without the keys (messages of a site of its own)', () => {
    expect(durationWords('de', 6, 'month', none)).toBe('6 Monate');
    expect(durationWords('de', 1, 'year', none)).toBe('1 Jahr');
  });
});

describe('listParts', () => {
  const lists: string[][] = [];
  for (let n = 1; n <= 5; n++)
    for (let start = 0; start < WORDS.length; start++)
      lists.push(Array.from({ length: n }, (_, i) => WORDS[(start + i * 7) % WORDS.length]!));
  for (const locale of [...LOCALES, 'iw']) {
    it(`joins lists as Intl does (${locale})`, () => {
      const get = lookupOf(formatsOf(locale));
      const intl = new Intl.ListFormat(locale, { type: 'conjunction' });
      for (const items of lists) {
        const parts = listParts(locale, items, get);
        expect(parts.map((p) => p.value).join('')).toBe(intl.format(items));
        expect(parts.filter((p) => p.type === 'element').map((p) => p.value)).toEqual(items);
      }
    });
  }
  it('falls back to Intl without the keys', () => {
    expect(listParts('en', ['A', 'B'], none)).toEqual([
      { type: 'element', value: 'A' },
      { type: 'literal', value: ' and ' },
      { type: 'element', value: 'B' },
    ]);
  });
  it('changes the words before the next item where the language does', () => {
    const es = lookupOf(formatsOf('es'));
    expect(
      listParts('es', ['Marketing', 'Información'], es)
        .map((p) => p.value)
        .join(''),
    ).toBe('Marketing e Información');
    const he = lookupOf(formatsOf('he'));
    expect(
      listParts('he', ['שיווק', 'YouTube'], he)
        .map((p) => p.value)
        .join(''),
    ).toBe('שיווק ו-YouTube');
  });
});

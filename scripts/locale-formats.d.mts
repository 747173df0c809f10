/** Unit words by locale where CLDR's are abbreviations (Maltese, Irish years). */
export const UNIT_WORDS: Readonly<Record<string, Readonly<Record<string, string>>>>;
/** The `format.*` keys of `locale` (CLDR list and unit patterns from Node's ICU). */
export function formatsOf(locale: string): Record<string, string>;
/** `messages` of `locale` with its `format.*` keys. */
export function withFormats<T extends Record<string, string>>(locale: string, messages: T): T & Record<string, string>;

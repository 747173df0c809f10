/** The words of config-messages.ts that the script tag's engine throws at once: a preference value's. */
import type { ValueProblem } from './config-problems';

/**
 * A short, readable rendering of a value for messages; a value JSON has no form for (a function,
 * as in `window.candorConfig = () => ({ … })`) by its type.
 */
export function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object' && v !== null) return 'an object';
  const s = JSON.stringify(v) ?? typeof v;
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}

/** `"a", "b" or "c"` for messages. */
export const listOf = (values: readonly string[]): string =>
  values
    .map((v) => `"${v}"`)
    .join(', ')
    .replace(/, ([^,]*)$/, ' or $1');

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] ?? 0;
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length] ?? 0;
}

/** ` (did you mean "x"?)` for the closest candidate within a small edit distance, else ''. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  let best = '';
  let bestD = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const w = word.toLowerCase();
    const lc = c.toLowerCase();
    // An abbreviation ("bool" for "boolean") counts as close.
    const d = w.length >= 3 && lc.startsWith(w) ? 1 : distance(w, lc);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best ? ` (did you mean "${best}"?)` : '';
}

export const BOOL = 'true or false';

export const got = (v: unknown): string => `, got ${describe(v)}`;
/** A suggestion for `String(v)`; none for a value without a text form (an object without a prototype). */
export function closeTo(v: unknown, candidates: readonly string[]): string {
  try {
    return didYouMean(String(v), candidates);
  } catch {
    return '';
  }
}

export const VALUE_MESSAGES: {
  readonly [C in ValueProblem['code']]: (...args: Extract<ValueProblem, { code: C }>['args']) => string;
} = {
  expected: (_, v) => `expected ${BOOL}${got(v)}`,
  notOption: (options, v) => `expected one of ${listOf(options)}${got(v)}`,
  notOptionList: (options, v) => `expected a list of ${listOf(options)}${got(v)}`,
  unknownOption: (option, options) => `unknown option ${describe(option)}${closeTo(option, options)}`,
  notMatrix: (options, v) => `expected an object of row → list of ${listOf(options)}${got(v)}`,
  unknownRow: (row, rows) => `unknown row "${row}"${didYouMean(row, rows)}`,
  rowNotList: (row, options, v) => `row "${row}": expected a list of ${listOf(options)}${got(v)}`,
};

/** `explain` for a preference value. */
export const explainValue = (p: ValueProblem | null): string | null =>
  p && (VALUE_MESSAGES[p.code] as (...args: readonly unknown[]) => string)(...p.args);

/**
 * Small helpers for validating untrusted input while collecting every issue with its path.
 * They never throw; callers decide what an issue means.
 */
import type { Issue } from './errors';

/** Collects issues (errors) and warnings while a parser walks its input. */
export interface Checker {
  readonly issues: Issue[];
  readonly warnings: Issue[];
}

/** A fresh, empty checker. */
export const createChecker = (): Checker => ({ issues: [], warnings: [] });

/** True for a plain object (not null, not an array). */
export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A short, readable rendering of a value for messages. */
export function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object' && v !== null) return 'an object';
  const s = JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}

/** Joins a path and a key: `policy` + `revision` → `policy.revision`, `purposes` + 2 → `purposes[2]`. */
export const at = (path: string, key: string | number): string =>
  typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;

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

/** Warns about keys of `obj` that are not in `allowed` (typos must not be silently ignored). */
export function checkKeys(c: Checker, obj: Record<string, unknown>, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      c.warnings.push({ path: at(path, key), message: `unknown key, ignored${didYouMean(key, allowed)}` });
    }
  }
}

/**
 * Reads `obj[key]`: returns it when `test` accepts it, `fallback` when it is absent, and records
 * `expected <what>` otherwise (returning the fallback so parsing can go on).
 */
export function field<T>(
  c: Checker,
  obj: Record<string, unknown>,
  key: string,
  path: string,
  test: (v: unknown) => v is T,
  what: string,
  fallback: T,
): T {
  const v = Object.hasOwn(obj, key) ? obj[key] : undefined;
  if (v === undefined) return fallback;
  if (test(v)) return v;
  c.issues.push({ path: at(path, key), message: `expected ${what}, got ${describe(v)}` });
  return fallback;
}

/** `value` when `why(value)` finds nothing wrong with it, else null with the issue at `path`. */
export function checked(
  c: Checker,
  path: string,
  value: string | null,
  why: (v: string) => string | null,
): string | null {
  const issue = value === null ? null : why(value);
  if (issue === null) return value;
  c.issues.push({ path, message: issue });
  return null;
}

/** Reads a field that must be present (as `field`, and `required: <what>` when it is absent). */
export function required<T>(...args: Parameters<typeof field<T>>): T {
  const [c, obj, key, path, , what, fallback] = args;
  if (Object.hasOwn(obj, key) && obj[key] !== undefined) return field(...args);
  c.issues.push({ path: at(path, key), message: `required: ${what}` });
  return fallback;
}

export const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
export const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
export const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
export const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
/** A test that accepts one of the given strings. */
export const oneOf =
  <T extends string>(values: readonly T[]) =>
  (v: unknown): v is T =>
    values.includes(v as T);
/** `"a", "b" or "c"` for messages. */
export const listOf = (values: readonly string[]): string =>
  values
    .map((v) => `"${v}"`)
    .join(', ')
    .replace(/, ([^,]*)$/, ' or $1');

/** Ids are used in `has('a,b')` lists, cookies and CSS: letters, digits, `-` and `_` only. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
export const isId = (v: unknown): v is string => typeof v === 'string' && ID_PATTERN.test(v);

/** Reserved groupings that look like ISO 3166 codes; Google's Consent Mode ignores them. */
export const isReservedRegion = (code: string): boolean => ['EU', 'UK', 'EZ', 'UN'].includes(code.slice(0, 2));

/**
 * The one region rule: ISO 3166-1 alpha-2, optionally with an ISO 3166-2 subdivision (`US-CA`),
 * and not a reserved grouping such as "EU" (a Consent Mode default set for "EU" silently would
 * not apply).
 */
export const isRegionCode = (code: string): boolean =>
  /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/.test(code) && !isReservedRegion(code);

/** A locale tag such as `de` or `pt-BR`. */
export const isLocaleTag = (v: string): boolean => /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(v);

/** A site's text for visitors (`LocalText`): non-empty, or a non-empty map of locale tag → non-empty text. */
export const isLocalText = (v: unknown): v is string | Readonly<Record<string, string>> =>
  typeof v === 'string'
    ? v.length > 0
    : isRecord(v) &&
      Object.keys(v).length > 0 &&
      Object.entries(v).every(([k, t]) => isLocaleTag(k) && typeof t === 'string' && t.length > 0);

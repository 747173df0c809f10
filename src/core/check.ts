/**
 * Small helpers for validating untrusted input while collecting every issue with its path, as a
 * message code and its arguments (`config-problems.ts`; the words are in `config-messages.ts`).
 * They never throw; callers decide what an issue means.
 */
import { problem, type Finding, type Problem, type ProblemArgs, type ProblemCode, type What } from './config-problems';

/** Collects issues (errors) and warnings while a parser walks its input. */
export interface Checker {
  readonly issues: Finding[];
  readonly warnings: Finding[];
}

/** A fresh, empty checker. */
export const createChecker = (): Checker => ({ issues: [], warnings: [] });

/** True for a plain object (not null, not an array). */
export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Joins a path and a key: `policy` + `revision` → `policy.revision`, `purposes` + 2 → `purposes[2]`. */
export const at = (path: string, key: string | number): string =>
  typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;

/** Records the issue `code` with `args` at `path`. */
export function report<C extends ProblemCode>(c: Checker, path: string, code: C, ...args: ProblemArgs[C]): void {
  c.issues.push({ path, ...problem(code, ...args) });
}

/** Warns about keys of `obj` that are not in `allowed` (typos must not be silently ignored). */
export function checkKeys(c: Checker, obj: Record<string, unknown>, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      c.warnings.push({ path: at(path, key), ...problem('unknownKey', key, allowed) });
    }
  }
}

/**
 * How `field` and `required` are called: `what` (what a bad value should be) is the key itself
 * unless given, so a key that is no `What` must name one.
 */
interface Reader {
  <T>(
    c: Checker,
    obj: Record<string, unknown>,
    key: What,
    path: string,
    test: (v: unknown) => v is T,
    fallback: T,
    what?: What,
  ): T;
  <T>(
    c: Checker,
    obj: Record<string, unknown>,
    key: string,
    path: string,
    test: (v: unknown) => v is T,
    fallback: T,
    what: What,
  ): T;
}

function readField<T>(
  c: Checker,
  obj: Record<string, unknown>,
  key: string,
  path: string,
  test: (v: unknown) => v is T,
  fallback: T,
  what = key as What,
): T {
  const v = Object.hasOwn(obj, key) ? obj[key] : undefined;
  if (v === undefined) return fallback;
  if (test(v)) return v;
  report(c, at(path, key), 'expected', what, v);
  return fallback;
}

/**
 * Reads `obj[key]`: returns it when `test` accepts it, `fallback` when it is absent, and records
 * `expected` <what> otherwise (returning the fallback so parsing can go on).
 */
export const field: Reader = readField;

/** `value` when `why(value)` finds nothing wrong with it, else null with the issue at `path`. */
export function checked(
  c: Checker,
  path: string,
  value: string | null,
  why: (v: string) => Problem | null,
): string | null {
  const issue = value === null ? null : why(value);
  if (issue === null) return value;
  c.issues.push({ path, ...issue });
  return null;
}

/** Reads a field that must be present (as `field`, and `required` <what> when it is absent). */
export const required: Reader = <T>(
  c: Checker,
  obj: Record<string, unknown>,
  key: string,
  path: string,
  test: (v: unknown) => v is T,
  fallback: T,
  what = key as What,
): T => {
  if (Object.hasOwn(obj, key) && obj[key] !== undefined) return readField(c, obj, key, path, test, fallback, what);
  report(c, at(path, key), 'required', what);
  return fallback;
};

export const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
export const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
export const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
export const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
/** Texts by key, none blank (a blank Reject all would be a button with no name). */
export const isTexts = (v: unknown): v is Record<string, string> =>
  isRecord(v) && Object.values(v).every((t) => typeof t === 'string' && t.trim());
/** A test that accepts one of the given strings. */
export const oneOf =
  <T extends string>(values: readonly T[]) =>
  (v: unknown): v is T =>
    values.includes(v as T);

/** Ids are used in `has('a,b')` lists, cookies and CSS: letters, digits, `-` and `_` only. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
export const isId = (v: unknown): v is string => typeof v === 'string' && ID_PATTERN.test(v);

/** Reserved groupings that look like ISO 3166 codes; Google's Consent Mode ignores them. */
export const isReservedRegion = (code: string): boolean => /^(EU|UK|EZ|UN)/.test(code);

/**
 * The one region rule: ISO 3166-1 alpha-2, optionally with an ISO 3166-2 subdivision (`US-CA`),
 * and not a reserved grouping such as "EU" (a Consent Mode default set for "EU" silently would
 * not apply). The lookahead is `isReservedRegion`'s test (the same groupings: change both), in the
 * one regex: the loader then carries no second function (10 bytes fewer before a first banner).
 */
export const isRegionCode = (code: string): boolean => /^(?!EU|UK|EZ|UN)[A-Z]{2}(-[A-Z0-9]{1,3})?$/.test(code);

/** A locale tag such as `de` or `pt-BR`. */
export const isLocaleTag = (v: string): boolean => /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(v);

/** A site's text for visitors (`LocalText`): non-empty, or a non-empty map of locale tag → non-empty text. */
export const isLocalText = (v: unknown): v is string | Readonly<Record<string, string>> =>
  isString(v) ||
  (isRecord(v) && Object.keys(v).length > 0 && Object.entries(v).every(([k, t]) => isLocaleTag(k) && isString(t)));

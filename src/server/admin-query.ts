/**
 * The admin API's query strings and cursors, checked at the boundary: only the parameters an
 * action knows, each at most once, each value checked, every reason reported.
 */
import type { SearchPosition } from './store';
import { subjectReasons } from './validate';

const DAY_MS = 86_400_000;

/** The UTC day of `ms` (epoch milliseconds), `YYYY-MM-DD`. */
export const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Whether `v` is a real calendar day `YYYY-MM-DD` (from 0001: PostgreSQL has no year 0). */
const isDay = (v: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(v) && !v.startsWith('0000') && dayOf(Date.parse(`${v}T00:00:00Z`) || 0) === v;

/** Reads a query string: the parameters by name, with every reason to refuse it. */
export class Query {
  readonly reasons: string[] = [];
  private readonly values = new Map<string, string>();

  constructor(url: URL, allowed: readonly string[]) {
    for (const [key, value] of url.searchParams) {
      if (!allowed.includes(key)) this.reasons.push(`${key}: not allowed`);
      else if (this.values.has(key)) this.reasons.push(`${key}: given more than once`);
      else this.values.set(key, value);
    }
  }

  /** The raw value, or undefined when absent. */
  get(key: string): string | undefined {
    return this.values.get(key);
  }

  /** A day `YYYY-MM-DD`, or undefined when absent (a reason when malformed). */
  day(key: string): string | undefined {
    const v = this.values.get(key);
    if (v !== undefined && !isDay(v)) this.reasons.push(`${key}: a date such as 2026-11-30 (YYYY-MM-DD, UTC)`);
    return v !== undefined && isDay(v) ? v : undefined;
  }

  /** A whole number from `min` to `max`, or `fallback` when absent. */
  int(key: string, min: number, max: number, fallback: number): number {
    const v = this.values.get(key);
    if (v === undefined) return fallback;
    const n = /^\d{1,15}$/.test(v) ? Number(v) : NaN;
    if (n >= min && n <= max) return n;
    this.reasons.push(`${key}: a whole number from ${min} to ${max}`);
    return fallback;
  }

  /** A subject, or undefined when absent; `required` adds a reason when it is. */
  subject(required: boolean): string | undefined {
    const v = this.values.get('subject');
    if (v === undefined && !required) return undefined;
    const reasons = subjectReasons(v);
    this.reasons.push(...reasons);
    return reasons.length ? undefined : v;
  }

  /** One of `choices`, or `fallback` when absent. */
  oneOf<T extends string>(key: string, choices: readonly T[], fallback: T): T;
  oneOf<T extends string>(key: string, choices: readonly T[]): T | undefined;
  oneOf<T extends string>(key: string, choices: readonly T[], fallback?: T): T | undefined {
    const v = this.values.get(key);
    if (v === undefined) return fallback;
    if ((choices as readonly string[]).includes(v)) return v as T;
    this.reasons.push(`${key}: one of ${choices.join(', ')}`);
    return fallback;
  }
}

/** The first day PostgreSQL has (it has no year 0000, which JavaScript's dates have). */
const FIRST_DAY = '0001-01-01';

/**
 * A day range `from`..`to` (both included); defaults to the `days` days ending today (not before
 * FIRST_DAY: `to=0001-01-05` starts on it, not in year 0000); at most `maxDays` long.
 */
export function dayRange(q: Query, now: number, days: number, maxDays: number): { from: string; to: string } {
  const to = q.day('to') ?? dayOf(now);
  const back = dayOf(Date.parse(`${to}T00:00:00Z`) - (days - 1) * DAY_MS);
  // A year 0000 day ("0000-12-03") or before ("-000001-…") sorts before FIRST_DAY.
  const from = q.day('from') ?? (back < FIRST_DAY ? FIRST_DAY : back);
  const span = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
  if (span < 1) q.reasons.push('from: must not be after to');
  else if (span > maxDays) q.reasons.push(`from: at most ${maxDays} days before to`);
  return { from, to };
}

/** The opaque cursor of a search position (base64url of `[issuedAt, id]`). */
export const encodeCursor = (p: SearchPosition): string =>
  Buffer.from(JSON.stringify([p.issuedAt, p.id]), 'utf8').toString('base64url');

/** The position a cursor names, or null when it is not one this server made. */
export function decodeCursor(cursor: string): SearchPosition | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== 2) return null;
  const [issuedAt, id] = value as unknown[];
  if (typeof issuedAt !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(issuedAt)) return null;
  // A real instant the database can read: Date.parse takes 2026-02-30 (as March 2nd), PostgreSQL refuses it.
  const ms = Date.parse(issuedAt);
  // Any year from 0001 (records may be dated before 1970; PostgreSQL has no year 0).
  if (
    !Number.isFinite(ms) ||
    issuedAt.startsWith('0000') ||
    new Date(ms).toISOString().slice(0, 19) !== issuedAt.slice(0, 19)
  )
    return null;
  if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{8,64}$/.test(id)) return null;
  return { issuedAt, id };
}

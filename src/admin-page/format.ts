/** How the site-owner page writes dates, rates and methods (English; dates in UTC, as stored). */

/** The record methods (docs/consent-record.schema.json), as a site owner reads them. */
export const METHODS: Readonly<Record<string, string>> = {
  'banner:accept-all': 'Accept all (banner)',
  'banner:reject-all': 'Reject all (banner)',
  'panel:save': 'Custom choice (saved in the panel)',
  api: 'Set by the site’s code',
  gpc: 'Global Privacy Control',
  withdraw: 'Withdrawal',
  placeholder: 'One service, from a placeholder',
};
/** A method's name; an unknown one as the server sent it. */
export const methodName = (method: string): string => (Object.hasOwn(METHODS, method) ? METHODS[method]! : method);

/**
 * A visitor's id (subject) as the page shows it: what would not be seen as it is (a space at an end
 * or beside another, other spaces and line breaks, invisible, blank and direction-changing
 * characters) is written `\u{202E}`, and so is a backslash, so that no two subjects look alike
 * through them (`\u{202E}ecila` would show as `alice`). Look-alike letters of other scripts stay.
 */
export const shownSubject = (subject: string): string =>
  subject.replace(
    /^ | $| (?= )|[^\P{Z} ]|[\p{C}\\\u115f\u1160\u2800\u3164\uffa0]|[\u034f\u17b4\u17b5\ufe00-\ufe0f]/gu,
    (c) => `\\u{${c.codePointAt(0)!.toString(16).toUpperCase()}}`,
  );

/** The data-subject request types the SDK sends. */
const REQUEST_TYPES: Readonly<Record<string, string>> = {
  access: 'Access (see my data)',
  correction: 'Correction',
  deletion: 'Deletion',
  'do-not-sell': 'Do not sell or share',
};
export const requestTypeName = (type: string): string =>
  Object.hasOwn(REQUEST_TYPES, type) ? REQUEST_TYPES[type]! : type;

/** `2026-11-30T10:04:05.123Z` as `2026-11-30 10:04 UTC`; anything else as it came. */
export function dateTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const s = new Date(t).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 16)} UTC`;
}

/** A share as a whole percentage, or an en dash when there is nothing to divide by. */
export const percent = (part: number, whole: number): string =>
  whole > 0 ? `${Math.round((part / whole) * 100)}%` : '–';

/** `n thing` or `n things`. */
export const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

const DAY_MS = 86_400_000;
const isDay = (s: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

/** Every day from `from` to `to` (ISO dates, UTC), both included; at most `max` (the latest ones). */
export function days(from: string, to: string, max = 400): string[] {
  if (!isDay(from) || !isDay(to)) return [];
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  const out: string[] = [];
  for (let t = Math.max(start, end - (max - 1) * DAY_MS); t <= end; t += DAY_MS)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** Today as an ISO date (UTC), and the day `n` days before. */
export const today = (now = Date.now()): string => new Date(now).toISOString().slice(0, 10);
export const daysBefore = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) - n * DAY_MS).toISOString().slice(0, 10);

/**
 * `POST {base}/impressions`: the banner's anonymous counters (`sync.analytics`), checked at the
 * boundary with every reason. A count names a day, a policy revision and a locale, nothing else:
 * no id, no subject, no time of day; the server adds it to an aggregate row and keeps no trace of
 * the request (no cookie read or set, no client address stored).
 */
import { isCountLocale, type ImpressionCount } from '../core/impressions';

/** Counts in one request at most. */
export const MAX_IMPRESSIONS = 100;
/** The largest `shown` or `answered` of one count. */
export const MAX_IMPRESSION_COUNT = 100_000;
/** How many days back a count may be dated (a browser that was offline for a while still sends). */
export const IMPRESSION_DAYS_BACK = 35;

const DAY_MS = 86_400_000;
const KEYS = ['day', 'policyRevision', 'locale', 'shown', 'answered'] as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Whether `v` is a real calendar date `YYYY-MM-DD` between `first` and `last`. */
const isDayWithin = (v: unknown, first: string, last: string): v is string =>
  typeof v === 'string' &&
  /^\d{4}-\d{2}-\d{2}$/.test(v) &&
  Number.isFinite(Date.parse(`${v}T00:00:00Z`)) &&
  dayOf(Date.parse(`${v}T00:00:00Z`)) === v &&
  v >= first &&
  v <= last;

const isCount = (v: unknown): v is number =>
  Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_IMPRESSION_COUNT;

/** Every reason one count cannot be used (empty: it can). */
function countReasons(value: unknown, at: string, first: string, last: string): string[] {
  if (!isObject(value)) return [`${at}: must be an object with ${KEYS.join(', ')}`];
  const reasons = Object.keys(value)
    .filter((k) => !(KEYS as readonly string[]).includes(k))
    .map((k) => `${at}.${k}: not allowed`);
  const get = (k: (typeof KEYS)[number]): unknown => (Object.hasOwn(value, k) ? value[k] : undefined);
  if (!isDayWithin(get('day'), first, last))
    reasons.push(`${at}.day: required, a UTC date (YYYY-MM-DD) from ${first} to ${last}`);
  const revision = get('policyRevision');
  if (!Number.isSafeInteger(revision) || (revision as number) < 0)
    reasons.push(`${at}.policyRevision: required, a whole number, at least 0`);
  const locale = get('locale');
  if (!isCountLocale(locale))
    reasons.push(`${at}.locale: required, a language tag language[-Script][-REGION] such as en or pt-BR, or und`);
  for (const k of ['shown', 'answered'] as const)
    if (!isCount(get(k))) reasons.push(`${at}.${k}: required, a whole number from 0 to ${MAX_IMPRESSION_COUNT}`);
  return reasons;
}

/** Checks `{ "impressions": [...] }` at `now` (epoch milliseconds): the counts, or every reason why not. */
export function parseImpressions(
  body: unknown,
  now: number,
): { ok: true; counts: ImpressionCount[] } | { ok: false; reasons: string[] } {
  if (!isObject(body) || !Array.isArray(body['impressions']))
    return { ok: false, reasons: [`impressions: required, a list of at most ${MAX_IMPRESSIONS} counts`] };
  const list: unknown[] = body['impressions'];
  const reasons = Object.keys(body)
    .filter((k) => k !== 'impressions')
    .map((k) => `${k}: not allowed`);
  if (list.length > MAX_IMPRESSIONS) reasons.push(`impressions: more than ${MAX_IMPRESSIONS} in one request`);
  if (reasons.length) return { ok: false, reasons };
  const first = dayOf(now - IMPRESSION_DAYS_BACK * DAY_MS);
  const last = dayOf(now + DAY_MS);
  list.forEach((value, i) => reasons.push(...countReasons(value, `impressions[${i}]`, first, last)));
  if (reasons.length) return { ok: false, reasons };
  // Only the five known fields are kept: nothing else a client sent can reach the store.
  const counts = (list as Record<string, unknown>[]).map((c) => ({
    day: c['day'] as string,
    policyRevision: c['policyRevision'] as number,
    locale: c['locale'] as string,
    shown: c['shown'] as number,
    answered: c['answered'] as number,
  }));
  return { ok: true, counts };
}

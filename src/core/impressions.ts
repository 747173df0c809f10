/**
 * Anonymous banner counts (`sync.analytics`, issue 20): how often the banner (first layer) was
 * shown and answered, per UTC day, policy revision and locale, and nothing else: no id, no
 * subject, nothing that could be joined back to a visitor. Pure: merging, subtracting and the
 * boundary parser for what storage gives back. The wire format is the body of
 * `POST {endpoint}/impressions` (docs/sync-protocol.md).
 */

/** The counts of one (day, policy revision, locale). */
export interface ImpressionCount {
  /** The UTC date, `2026-11-30`. */
  readonly day: string;
  readonly policyRevision: number;
  readonly locale: string;
  /** Page views on which the banner was displayed. */
  readonly shown: number;
  /** Page views on which the visitor decided while the banner was on screen. */
  readonly answered: number;
}

/** The most entries one request carries (the server refuses more). */
export const COUNTS_PER_REQUEST = 100;

/** The highest count one entry may carry (the server's limit); a browser never gets near it. */
export const MAX_COUNT = 100_000;

const DAY = /^\d{4}-\d\d-\d\d$/;
/**
 * The only locales the aggregates keep: language[-Script][-REGION] (`en`, `pt-BR`, `zh-Hant-TW`,
 * `es-419`), as Candor's own locales are. Nothing longer or freer: a variant, an extension or a
 * private-use part (`en-x-…`) could carry an identifier into a table that is never erased.
 */
const LANGUAGE_TAG = /^([A-Za-z]{2,3})(?:-([A-Za-z]{4}))?(?:-([A-Za-z]{2}|\d{3}))?$/;

/** The UTC date of `ms` (epoch milliseconds). */
export const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * The locale as the statistics keep it (banner impressions and decisions): a language tag of the
 * form language[-Script][-REGION] in its canonical case (`pt-br` → `pt-BR`), else `und` (BCP 47:
 * undetermined).
 */
export function countLocale(locale: unknown): string {
  const m = typeof locale === 'string' ? LANGUAGE_TAG.exec(locale) : null;
  if (!m) return 'und';
  const [, language = '', script, region] = m;
  const title = script && `${script.charAt(0).toUpperCase()}${script.slice(1).toLowerCase()}`;
  return [language.toLowerCase(), title, region?.toUpperCase()].filter(Boolean).join('-');
}

/** Whether `v` is a locale as the statistics keep it (what `countLocale` gives, `und` included). */
export const isCountLocale = (v: unknown): v is string => typeof v === 'string' && countLocale(v) === v;

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_COUNT;
const own = (o: object, key: string): unknown => (Object.hasOwn(o, key) ? (o as Record<string, unknown>)[key] : null);

/** One stored entry, or null when it is not one (own properties only, every value in range). */
function parseCount(raw: unknown): ImpressionCount | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const [day, policyRevision, locale, shown, answered] = ['day', 'policyRevision', 'locale', 'shown', 'answered'].map(
    (k) => own(raw, k),
  );
  if (typeof day !== 'string' || !DAY.test(day) || Number.isNaN(Date.parse(day))) return null;
  if (!isCount(policyRevision) || !isCountLocale(locale)) return null;
  if (!isCount(shown) || !isCount(answered)) return null;
  return { day, policyRevision, locale, shown, answered };
}

/** What storage holds, as counts: every valid entry; anything else (not a list, a bad entry) is left out. */
export const parseCounts = (raw: unknown): ImpressionCount[] =>
  Array.isArray(raw) ? raw.map(parseCount).filter((c): c is ImpressionCount => c !== null) : [];

const keyOf = (c: ImpressionCount): string => `${c.day} ${c.policyRevision} ${c.locale}`;
const clamp = (n: number): number => Math.min(MAX_COUNT, Math.max(0, n));

/**
 * `list` with `delta` added (`sign` 1) or taken away (`sign` -1), merged per (day, revision,
 * locale); no count goes below 0 or above `MAX_COUNT`, and entries left with nothing go.
 */
export function addCounts(
  list: readonly ImpressionCount[],
  delta: readonly ImpressionCount[],
  sign: 1 | -1 = 1,
): ImpressionCount[] {
  const merged = new Map<string, ImpressionCount>(list.map((c) => [keyOf(c), c]));
  for (const d of delta) {
    const was = merged.get(keyOf(d));
    const shown = clamp((was?.shown ?? 0) + sign * d.shown);
    const answered = clamp((was?.answered ?? 0) + sign * d.answered);
    merged.set(keyOf(d), { day: d.day, policyRevision: d.policyRevision, locale: d.locale, shown, answered });
  }
  return [...merged.values()].filter((c) => c.shown > 0 || c.answered > 0);
}

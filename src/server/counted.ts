/**
 * What the aggregates take of a stored record (docs/server.md, "Consent analytics"). Their rows
 * hold no subject and outlive erasure and purge, and anyone can post a record: nothing free-form
 * may reach them (an email in a `locale` or purpose key would stay for good), and every new key,
 * revision or day adds rows, so each is bounded below. The record is stored as sent: the proof.
 */
import { isId } from '../core/check';
import { countLocale, dayOf } from '../core/impressions';
import type { ConsentRecord } from '../core/record';
import { IMPRESSION_DAYS_BACK } from './impressions';
import type { MirrorCookie } from './mirror-cookie';
import type { ReceiptMeta } from './store';

/** The longest purpose id the aggregates count. */
export const MAX_COUNTED_PURPOSE = 64;
/** Purposes counted of one record at most, without the config. */
export const MAX_UNCONFIGURED_PURPOSES = 64;
/** The highest policy revision counted without the site's config. */
export const MAX_UNCONFIGURED_REVISION = 99;
/** How many days before the server's day a record may be issued to be counted. */
export const COUNTED_DAYS_BACK = IMPRESSION_DAYS_BACK;

/** The aggregates' rules for a request at `now`: with the site's config, its purposes and revisions only. */
export const countRules = (site: MirrorCookie | null, now: number): Omit<ReceiptMeta, 'clientNet'> => ({
  countPurposes: site?.ids.purposes ?? null,
  countRevision: site?.revision ?? null,
  countFrom: dayOf(now - COUNTED_DAYS_BACK * 86_400_000),
});

/** Whether counts of `revision` on `day` (YYYY-MM-DD) reach the aggregates under `meta`'s rules. */
export const isCounted = (revision: number, day: string, meta: ReceiptMeta): boolean =>
  revision <= (meta.countRevision ?? MAX_UNCONFIGURED_REVISION) && day >= (meta.countFrom ?? '');

/** One record as the aggregates count it. */
export interface Counted {
  readonly id: string;
  /** `countLocale` of the record's locale: language[-Script][-REGION], else `und`. */
  readonly locale: string;
  /** The purposes counted, with the decision on each. */
  readonly purposes: Readonly<Record<string, boolean>>;
}

/**
 * The record as the aggregates count it (null: not counted, see above): its locale when it has a
 * language tag's form, and only the purposes of the site config, or without one, the first
 * MAX_UNCONFIGURED_PURPOSES keys of a config id's form.
 */
export function countedOf(record: ConsentRecord, meta: ReceiptMeta): Counted | null {
  if (!isCounted(record.policyRevision, dayOf(Date.parse(record.issuedAt)), meta)) return null;
  const only = meta.countPurposes;
  const purposes = Object.entries(record.purposes)
    .filter(([key]) => isId(key) && key.length <= MAX_COUNTED_PURPOSE && (!only || only.includes(key)))
    .slice(0, only ? undefined : MAX_UNCONFIGURED_PURPOSES);
  return {
    id: record.id,
    locale: countLocale(record.locale),
    purposes: Object.fromEntries(purposes.map(([key, granted]) => [key, granted === true])),
  };
}

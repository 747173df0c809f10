/**
 * What the decision and purpose aggregates take of a stored record. Those rows hold no subject
 * and survive erasure and purge, so nothing free-form may reach them: anyone can post a record
 * with an anonymous subject, and an email put in its `locale` or in a purpose key would stay for
 * good (and each new key would add a row). The record itself is stored as sent: it is the proof.
 */
import { isId } from '../core/check';
import { countLocale } from '../core/impressions';
import type { ConsentRecord } from '../core/record';

/** The longest purpose id the aggregates count. */
export const MAX_COUNTED_PURPOSE = 64;

/** One record as the aggregates count it. */
export interface Counted {
  readonly id: string;
  /** `countLocale` of the record's locale: language[-Script][-REGION], else `und`. */
  readonly locale: string;
  /** The purposes counted, with the decision on each. */
  readonly purposes: Readonly<Record<string, boolean>>;
}

/**
 * The record as the aggregates count it: its locale when it has a language tag's form, and only
 * the purposes of the site config (`only`), or without one, the keys of a config id's form.
 */
export function countedOf(record: ConsentRecord, only: readonly string[] | null | undefined): Counted {
  const purposes = Object.entries(record.purposes).filter(
    ([key]) => isId(key) && key.length <= MAX_COUNTED_PURPOSE && (!only || only.includes(key)),
  );
  return {
    id: record.id,
    locale: countLocale(record.locale),
    purposes: Object.fromEntries(purposes.map(([key, granted]) => [key, granted === true])),
  };
}

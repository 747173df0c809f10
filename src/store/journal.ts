/**
 * The record journal (`candor:v1:record` in localStorage): a record waits there until IndexedDB
 * has it, because a page that closes drops the IndexedDB writes it began (a navigation right after
 * a decision). The next page reads it back here, at the boundary: localStorage is untrusted.
 */
import type { Config } from '../core/config-types';
import { isNewer, parseRecordFor } from '../core/parse-record';
import { toDecision, type ConsentRecord, type Decision } from '../core/record';
import type { MirrorCopy } from './cookie-mirror';

/** What the journal holds: the record and whether it is queued for sync. */
export const journalEntry = (record: ConsentRecord, outbox: boolean | undefined): string =>
  JSON.stringify([record, outbox]);

/**
 * The journal's record to write again: only when it is exactly the decision the cookie names (`fast`,
 * so no other is newer, and a value edited in localStorage changes nothing the cookie does not
 * already say) and IndexedDB (`stored`) has neither it nor a newer one. Else the entry is dropped
 * (it is written or outdated), unless another tab may still be writing it (it names a decision
 * newer than the cookie's). Never throws.
 */
export function takeJournal(
  journal: MirrorCopy,
  config: Config,
  now: number,
  fast: Decision | null,
  stored: ConsentRecord | null,
): { readonly record: ConsentRecord; readonly outbox: boolean } | null {
  try {
    const entry: unknown = JSON.parse(journal.get() ?? 'null');
    const [raw, outbox] = Array.isArray(entry) ? entry : [];
    const left = parseRecordFor(config, raw, now);
    const d = left && toDecision(left);
    if (
      left &&
      d &&
      fast &&
      sameGrants(d, fast) &&
      typeof outbox === 'boolean' &&
      (!stored || (stored.id !== left.id && isNewer(d, toDecision(stored))))
    )
      return { record: left, outbox };
    if (entry !== null && !(d && fast && d.id !== fast.id && isNewer(d, fast))) journal.remove();
  } catch {
    /* localStorage blocked, or not JSON */
  }
  return null;
}

/** Whether two readings of a decision say the same (the cookie keeps no more than this). */
function sameGrants(a: Decision, b: Decision): boolean {
  const key = (d: Decision): string =>
    JSON.stringify([
      d.id,
      d.revision,
      d.method,
      d.gpc,
      Object.entries(d.purposes).sort(),
      Object.entries(d.services).sort(),
    ]);
  return key(a) === key(b);
}

/**
 * The banner counts handed to the browser on exit (`sync.analytics`): a page that goes sends its
 * counts with `keepalive` and never reads the answer, and an IndexedDB write begun in `pagehide`
 * may never finish. So the page notes what it handed over here, synchronously, in this origin's
 * localStorage (`candor:v1:impressions-sent`), and the next flush of any tab or page view takes it
 * out of the kept counts (sync/impressions.ts): counts handed over are sent once, not again on the
 * next page view. Where localStorage is blocked nothing is noted, and such counts may be sent twice.
 */
import { addCounts, parseCounts, type ImpressionCount } from '../core/impressions';

/** The localStorage key (versioned, as every key of this origin: store/keys.ts). */
export const JOURNAL_KEY = 'candor:v1:impressions-sent';

/** The counts handed over and not yet taken out of the kept counts; [] where localStorage is blocked or holds garbage. */
export function handedOver(): ImpressionCount[] {
  try {
    return parseCounts(JSON.parse(localStorage.getItem(JOURNAL_KEY) ?? '[]'));
  } catch {
    return [];
  }
}

/** Notes `delta` as handed over (`sign` 1), or as taken out or given back (-1). */
export function handOver(delta: readonly ImpressionCount[], sign: 1 | -1 = 1): void {
  try {
    const left = addCounts(handedOver(), delta, sign);
    if (left.length > 0) localStorage.setItem(JOURNAL_KEY, JSON.stringify(left));
    else localStorage.removeItem(JOURNAL_KEY);
  } catch {
    /* blocked or full: see above */
  }
}

/**
 * Replays a first visit's decision that its page marked at the tap and did not live to record
 * (dom/pending-mark.ts says why and how it is marked). Script tag only: the engine chunk runs it
 * as the engine is created (loader/tag-engine-events.ts).
 *
 * The mark comes from storage and is untrusted like anything there. It is replayed only
 * - by a page that began after it was made (`pageBegan`): not the page that made it (which
 *   records it itself), nor a tab open before (which hears the decision once recorded; both leave
 *   the mark as it is);
 * - within the 10 minutes a decision may be dated back (DecisionOptions.madeAt), dated at the tap;
 * - under the very config it was made under (its validated form, as JSON: an edited purpose list
 *   or a raised revision is a new question), when no decision as new is held (one made since
 *   elsewhere stands, and one restored from the record journal is this one);
 * - with options that are an object, checked by the engine as any API call's.
 * Anything else is removed, and nothing is granted. Replayed while the page that made it records it
 * too (a tab opened after the tap, before that page's engine came), it is the same record
 * (instance/tap-ids.ts).
 */
import type { PendingMark } from '../dom/pending-mark';
import type { Consent, DecisionOptions } from '../instance/types';
import { isTap, localCopy } from '../store/cookie-mirror';

/** How long a mark is replayed: a decision is dated back at most that far (instance/decisions.ts). */
const PENDING_MS = 600_000;

/**
 * When this page took over from the one before, on the wall clock (epoch ms): its response began
 * (a click on the page before, still shown while this one was fetched, came before it). From
 * `Date.now()` and `performance.now()` read together, not `performance.timeOrigin`, which Chromium
 * derives from a clock base that can lag the wall clock by the time a device slept: every later
 * page then took the mark for one made since it began.
 */
export const pageBegan = (): number =>
  Date.now() -
  performance.now() +
  ((performance.getEntriesByType?.('navigation')[0] as PerformanceNavigationTiming | undefined)?.responseStart ?? 0);

/**
 * Replays the mark, if any, once `consent` has read what is stored; removes one that no page will
 * replay (at once, when that needs nothing stored). `began`: when this page began (default
 * `pageBegan()`, read only when there is a mark). Never throws.
 */
export async function replayPending(consent: Consent, now = Date.now, began?: number): Promise<void> {
  const copy = localCopy(); // every call survives a blocked localStorage
  const mark = copy.get();
  if (!isTap(mark)) return;
  let kept: unknown;
  try {
    const [name, options, at, config] = JSON.parse(mark!) as PendingMark;
    const past = typeof at === 'number' && at <= now();
    // Left as it is when made on this page or since it began (a tab open before the click): that
    // page records it, or the page after it replays it.
    if (past && at >= (began ?? pageBegan())) return;
    // What needs nothing stored is checked at once: a mark that will not be replayed goes before the
    // engine has read the stored decision, whose cookie it writes back only where no mark waits
    // (store/browser.ts `tapped`). Else kept only once recorded here.
    if (
      past &&
      at > now() - PENDING_MS &&
      (name === 'acceptAll' || name === 'rejectAll') &&
      typeof options === 'object' &&
      JSON.stringify(config) === JSON.stringify(consent.config)
    ) {
      await consent.ready;
      const held = consent.state.peek().decision;
      kept = !(held && held.issuedAt >= at) && (await consent[name]({ ...(options as DecisionOptions), madeAt: at }));
    }
  } catch {
    // no JSON, or options the engine refuses: nothing recorded
  }
  // Neither left nor recorded: removed, unless something has replaced it meanwhile (a record's copy does).
  if (!kept && copy.get() === mark) copy.remove();
}

/**
 * Replays a first visit's decision that its page marked at the tap and did not live to record
 * (dom/pending-mark.ts says why and how it is marked). Script tag only: the engine chunk runs it
 * as the engine is created (loader/tag-engine-events.ts).
 *
 * The mark comes from storage and is untrusted like anything there. It is replayed only
 * - by a page that began after it was made: not the page that made it (which records it itself),
 *   nor a tab open before (which hears the decision once recorded; both leave the mark as it is);
 * - within the 10 minutes a decision may be dated back (DecisionOptions.madeAt), dated at the tap;
 * - under the very config it was made under (its validated form, as JSON: an edited purpose list
 *   or a raised revision is a new question), when no decision as new is held (one made since
 *   elsewhere stands, and one restored from the record journal is this one);
 * - with its options checked by the engine as any API call's.
 * Anything else is removed, and nothing is granted.
 */
import type { PendingMark } from '../dom/pending-mark';
import type { Consent, DecisionOptions } from '../instance/types';
import { COPY_KEY, readLocalCopy } from '../store/cookie-mirror';

/** How long a mark is replayed: a decision is dated back at most that far (instance/decisions.ts). */
const PENDING_MS = 600_000;

/** Replays the mark, if any, once `consent` has read what is stored; removes one that no page will replay. Never throws. */
export async function replayPending(consent: Consent, now = Date.now): Promise<void> {
  const mark = readLocalCopy();
  if (mark?.[0] !== '[') return;
  let kept: unknown;
  try {
    await consent.ready;
    const [name, options, at, config] = JSON.parse(mark) as PendingMark;
    const held = consent.state.peek().decision;
    // Made on this page, or since it began (a tab open before the click): that page records it,
    // or the page after it replays it. Left as it is.
    kept = typeof at === 'number' && at >= performance.timeOrigin && at <= now();
    if (
      !kept &&
      (name === 'acceptAll' || name === 'rejectAll') &&
      typeof at === 'number' &&
      at < performance.timeOrigin &&
      at > now() - PENDING_MS &&
      !(held && held.issuedAt >= at) &&
      JSON.stringify(config) === JSON.stringify(consent.config)
    )
      kept = await consent[name]({ ...(options as DecisionOptions), madeAt: at });
  } catch {
    // no JSON, or options the engine refuses: nothing recorded
  }
  // Neither left nor recorded: removed, unless something has replaced it meanwhile (a record's copy does).
  try {
    if (!kept && readLocalCopy() === mark) localStorage.removeItem(COPY_KEY);
  } catch {
    // localStorage blocked since
  }
}

/**
 * `identify(subject)`: links this device's records to a signed-in user. With `sync.pull`, the
 * user's newest record is pulled from the endpoint and applies here when it is newer and for the
 * current policy revision; otherwise this device's valid decision is recorded again for the user.
 */
import type { Config } from '../core/config-types';
import { isNewer, parseRecordFor } from '../core/parse-record';
import { isServicesOnly } from '../core/policy';
import { toDecision } from '../core/record';
import type { Action } from '../core/transition';
import type { ConsentStorage } from '../store/storage';
import type { Sync } from '../sync/sync';
import type { Decisions } from './decisions';

/** What linking needs from the instance. */
export interface IdentifyContext {
  readonly config: Config;
  readonly decisions: Decisions;
  readonly storage: ConsentStorage;
  readonly sync: Sync | null;
  /** Resolves once the stored decision has been read. */
  readonly ready: Promise<void>;
  readonly isDestroyed: () => boolean;
  readonly now: () => number;
  /** Records a decision (store, sync, events), as the public actions do. */
  readonly decide: (action: Action) => Promise<unknown>;
}

/** Each instance's subject of its last identify() call. */
const latest = new WeakMap<Decisions, string>();

/** The subject the last identify() set, noted again over the one a stored record read since names. */
export const keepSubject = (d: Decisions): void => {
  const s = latest.get(d);
  if (s && d.core.peek().subject !== s) d.note({ type: 'identify', subject: s });
};

/** Sets the subject, then pulls the user's record or links this device's decision. Never rejects. */
export async function linkSubject(c: IdentifyContext, subject: string): Promise<void> {
  if (c.isDestroyed()) return;
  const { decisions } = c;
  latest.set(decisions, subject);
  decisions.note({ type: 'identify', subject });
  await c.ready;
  // The stored record read meanwhile names its own subject: this call's stands, unless another came since.
  if (c.isDestroyed() || latest.get(decisions) !== subject) return;
  keepSubject(decisions);
  if (!c.sync || !c.config.sync?.pull) return;
  const answer = await c.sync.pull(subject);
  // The endpoint is outside: its record is checked like any other (shape, dates, the config's ids).
  const pulled = parseRecordFor(c.config, answer, c.now());
  // Not read, or unusable (another subject's, unreadable): a link dated now could outrank a later decision elsewhere.
  if (answer === undefined || (answer && pulled?.subject !== subject)) return;
  // A record this device holds already (by id: records are append-only) is never another device's
  // later decision: an endpoint's copy that says otherwise (altered, dated later) replaces nothing.
  // The decision held counts too: from the cookie alone (IndexedDB not answering) it has no record here.
  const own = pulled
    ? [decisions.core.peek().decision, decisions.core.peek().last, ...(await c.storage.records())]
    : [];
  // Another identify() since: this answer is for a subject gone.
  if (c.isDestroyed() || decisions.core.peek().subject !== subject) return;
  if (
    pulled &&
    !own.some((r) => r?.id === pulled.id) &&
    pulled.policyRevision === c.config.policy.revision &&
    isNewer(toDecision(pulled), decisions.core.peek().decision) &&
    // A placeholder's grant decided nothing about purposes: it replaces no decision made here (a refusal of sale).
    !(isServicesOnly(toDecision(pulled)) && decisions.core.peek().decision)
  ) {
    // The user decided on another device, later: that decision applies here too.
    await c.storage.append(pulled);
    decisions.restore(pulled, undefined, 'remote');
  } else if (
    decisions.state.peek().promptReason === null &&
    decisions.core.peek().last?.subject !== subject &&
    // Its record known (not the cookie's decision alone): a link would carry the preferences' defaults.
    decisions.core.peek().last?.id === decisions.core.peek().decision?.id
  ) {
    // Link this device's decision to the user: the same choices, recorded for the new subject,
    // expiring when the decision does.
    await c.decide({ type: 'link' });
  }
}

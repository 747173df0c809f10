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
  const pulled = parseRecordFor(c.config, answer, c.now()); // checked as any record from outside
  // Not read, or unusable (unreadable, another subject's): it may hold a later decision; a later identify() asks again.
  if (answer === undefined || (answer && pulled?.subject !== subject)) return;
  // A record held here (by id: append-only; or the cookie's decision alone) is no later decision of
  // another device: an endpoint's altered copy replaces nothing.
  const own = pulled
    ? [decisions.core.peek().decision, decisions.core.peek().last, ...(await c.storage.records())]
    : [];
  // Another identify() since: this answer is for a subject gone.
  const { decision, last, subject: now } = decisions.core.peek();
  if (c.isDestroyed() || now !== subject) return;
  const valid = decisions.state.peek().promptReason === null;
  if (
    pulled &&
    !own.some((r) => r?.id === pulled.id) &&
    pulled.policyRevision === c.config.policy.revision &&
    isNewer(toDecision(pulled), decision) &&
    // A placeholder's grant decided nothing about purposes: it replaces no decision made here (a refusal of sale).
    !(isServicesOnly(toDecision(pulled)) && decision) &&
    // Another config's: it replaces no decision valid here (opt-out's defaults would follow).
    (!valid || pulled.configHash.startsWith(decision!.configHash))
  ) {
    // The user decided on another device, later: that decision applies here too.
    await c.storage.append(pulled);
    decisions.restore(pulled, undefined, 'remote');
  } else if (
    valid &&
    last?.subject !== subject &&
    // Its record known (not the cookie's decision alone): a link would carry the preferences' defaults.
    last?.id === decision?.id
  ) {
    // Link: the same choices, recorded for the user, expiring when the decision does.
    await c.decide({ type: 'link' });
  }
}

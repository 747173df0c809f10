/**
 * The instance's state: the core state in a signal, the public `state` and `needsPrompt` computed
 * from it and the clock, and the two ways it changes: `restore` (a decision read from storage,
 * another tab or the endpoint, applied only when newer) and `apply` (a visitor's or the site's
 * action through the pure transition). Effects after a change (store, sync, events) are the
 * caller's, through `onChange` (for a decision, at `seal()`).
 */
import { computed, signal, type ReadonlySignal } from '@preact/signals-core';
import { canonicalJson } from '../core/canonical-json';
import { ConsentError } from '../core/errors';
import type { Config } from '../core/config-types';
import { grantsOf, hasGrant, reasonOf, type CoreState, type GrantContext } from '../core/grants';
import { isNewer, isPlausible } from '../core/parse-record';
import { expiryOf } from '../core/policy';
import { recordHash, toDecision, type ConsentRecord, type Decision } from '../core/record';
import { initialState, transition, type Action, type TransitionEnv } from '../core/transition';
import { createExpiryTimer } from './expiry-timer';
import type { ChangeSource, ConsentEvents, ConsentState, DecisionOptions } from './types';

/** The ambient facts of one instance (fixed for its lifetime, except the clock). */
export interface DecisionContext extends Omit<GrantContext, 'now'> {
  readonly now: () => number;
  readonly newId: () => string;
  readonly hash: (text: string) => string;
  readonly locale: string;
  readonly textHash: string;
  readonly sdkVersion: string;
}

/** What the state holder tells its owner. */
export interface DecisionHooks {
  /** A change the page should hear about (not emitted before `ready`, except local actions). */
  readonly onChange: (e: ConsentEvents['change']) => void;
  /** A page's subscriber on `state` threw as the state was written. */
  readonly onError: (e: ConsentError) => void;
}

/** The instance's state and its two ways of changing. */
export interface Decisions {
  readonly core: ReadonlySignal<CoreState>;
  readonly state: ReadonlySignal<ConsentState>;
  readonly needsPrompt: ReadonlySignal<boolean>;
  /** The stored decision has been read. */
  markReady(): void;
  /** Whether `expr` is granted now (reactive inside effects; fail closed at the clock's word). */
  has(expr: string): boolean;
  /** Applies a decision read from elsewhere when it is newer than the current one. */
  restore(
    record: ConsentRecord | null,
    decision?: Decision | null,
    source?: Exclude<ChangeSource, 'local' | 'expiry'>,
  ): void;
  /** Runs a decision's transition; returns its record, which `seal()` hashes, reports and hands to `then`. Throws for an invalid action. */
  apply(action: Action, opts?: DecisionOptions, then?: (record: ConsentRecord) => void): ConsentRecord | null;
  /** Completes the last decision (once; any later change does it first). */
  seal(): void;
  /** Drops the current decision: the storage says the one it gave earlier does not stand. */
  forget(): void;
  /** Notes a storage fault or a new subject: no record; a change event only when what is granted changed. */
  note(action: Extract<Action, { type: 'fault' | 'clean' | 'identify' }>): void;
  /** Stops the expiry timer; from then on nothing but the required is granted (`has`, `state`). */
  stop(): void;
}

/** Creates the state holder for `config`, for subject `subject`. */
// eslint-disable-next-line max-lines-per-function -- one closure over the state signals; each method is short
export function createDecisions(config: Config, c: DecisionContext, subject: string, hooks: DecisionHooks): Decisions {
  const core = signal<CoreState>(initialState(config, subject));
  const tick = signal(0); // bumped when the clock has made a decision expire
  const ready = signal(false);
  const stopped = signal(false);
  const granting = (): CoreState => (stopped.value ? { ...core.value, decision: null, failClosed: true } : core.value);
  // A page's subscriber on `state` runs in the write and may throw (once the value is written):
  // reported once (an error listener that decides again would otherwise loop), and the decision
  // goes on to be recorded, stored and told.
  let threw = false;
  const write = (to: () => unknown): void => {
    try {
      to();
    } catch (cause) {
      if (!threw)
        hooks.onError(new ConsentError('listener/failed', 'Candor: a consent.state subscriber threw', [], cause));
      threw = true;
    }
  };
  const grantContext = (): GrantContext => ({ now: c.now(), configHash: c.configHash, mode: c.mode, gpc: c.gpc });
  let own: string | undefined; // the last decision made here
  const madeAt = (o?: DecisionOptions): number | undefined => {
    const t = o?.madeAt;
    // A time in the last 10 minutes (a page in the back/forward cache is kept about that long), not
    // a page's event.timeStamp, seconds, or a time ahead: those are dated now and never yield.
    return typeof t === 'number' && t >= c.now() - 600_000 && t <= c.now() ? t : undefined;
  };
  const env = (o?: DecisionOptions): TransitionEnv => ({
    ...grantContext(),
    now: madeAt(o) ?? c.now(), // a choice applied after it was made is dated then
    newId: c.newId,
    hash: () => '',
    locale: o?.locale ?? c.locale,
    textHash: '',
    sdkVersion: c.sdkVersion,
  });

  const state = computed<ConsentState>(() => {
    const s = core.value;
    // `tick` in a used value: the minifier drops a bare read (lint says so).
    const g = { ...grantContext(), tick: tick.value };
    const grants = grantsOf(config, granting(), g);
    const promptReason = reasonOf(config, s, g);
    return {
      ready: ready.value,
      ...grants,
      preferences: s.preferences,
      decision: s.decision,
      promptReason,
      mode: c.mode,
      gpc: c.gpc,
      subject: s.subject,
    };
  });
  const needsPrompt = computed(() => state.value.promptReason !== null);

  // The state listeners were told last (null: not before `ready`, which tells it).
  let told: ConsentState | null = null;
  const change: DecisionHooks['onChange'] = (e) => {
    told = e.state;
    hooks.onChange(e);
  };
  const expiry = createExpiryTimer(c.now, () => {
    write(() => tick.value++);
    const now = state.peek();
    // Against what was told: a change that tells nothing (a note) may have re-read the clock.
    if (told?.promptReason === null && now.promptReason !== null)
      change({ state: now, previous: told, record: null, source: 'expiry' });
    arm();
  });
  const arm = (): void => {
    const d = core.peek().decision;
    expiry.arm(d ? expiryOf(d, config.expiresAfterDays) : null);
  };

  /**
   * Decisions made and not yet completed, in the order of their transitions: one made inside
   * another's state change (a page's effect on `state` that decides again) comes after it, and a
   * slot is taken before the transition so that its place is kept.
   */
  const pending: { done?: () => void }[] = [];
  // What a restore replaced never comes back (a grant dated ahead of a clock set back since).
  const replaced = new Set<string | undefined>();
  const seal = (): void => {
    while (pending[0]?.done) pending.shift()!.done!();
  };
  const set = (action: Action, opts?: DecisionOptions): ConsentRecord | null => {
    seal();
    const result = transition(config, core.peek(), action, env(opts));
    write(() => (core.value = result.state));
    arm();
    // Expired before the timer woke (arm sets none), maybe untold (a note): told on a microtask.
    if (told?.promptReason === null && state.peek().promptReason !== null) expiry.soon();
    return result.record;
  };

  return {
    core,
    state,
    needsPrompt,
    markReady() {
      write(() => (ready.value = true));
      told = state.peek();
    },
    has(expr) {
      const g = grantContext();
      // The clock moved past an expiry before the timer fired (a throttled tab): the signals catch up soon.
      if (reasonOf(config, core.peek(), g) !== state.peek().promptReason) expiry.soon();
      return hasGrant(grantsOf(config, granting(), g), expr);
    },
    restore(record, decision = record ? toDecision(record) : null, source = 'storage') {
      const current = core.peek();
      const same = current.decision?.id === decision?.id;
      // The same decision, now with its full record: told when it shows something new (grants by id,
      // not by position; preferences), the decision aside (the cookie's is shorter). Another: when
      // newer, or when the current one is dated beyond the skew ahead of this clock (set back since
      // it ran ahead: the visitor decided after it, in another tab).
      if (
        !decision ||
        replaced.has(decision.id) ||
        (same
          ? !record || current.last?.id === record.id
          : !isNewer(decision, current.decision) && isPlausible(current.decision!, c.now()))
      )
        return;
      const previous = state.peek();
      if (!same) replaced.add(current.decision?.id);
      set({ type: 'restore', decision, record });
      const shown = (g: ConsentState): string => canonicalJson({ ...g, decision: 0 });
      if (ready.peek() && !(same && shown(previous) === shown(state.peek())))
        change({ state: state.peek(), previous, record, source });
    },
    apply(action, opts, then) {
      const previous = state.peek();
      const d = previous.decision;
      // Made before (or with: a mark's replay) a decision made elsewhere that counts now (DecisionOptions.madeAt): it stands.
      if (d && d.id !== own && previous.promptReason === null && d.issuedAt >= madeAt(opts)! && d.issuedAt <= c.now())
        return null;
      const last = core.peek().last;
      const slot: { done?: () => void } = {};
      pending.push(slot);
      let record: ConsentRecord | null;
      try {
        record = set(action, opts);
      } catch (err) {
        pending.splice(pending.indexOf(slot), 1); // an invalid action: nothing to complete
        throw err;
      }
      const e = { state: state.peek(), previous, record, source: 'local' as const };
      if (!record) {
        pending.splice(pending.indexOf(slot), 1);
        seal();
        change(e);
        return null;
      }
      const made = record;
      own = made.id;
      slot.done = () => {
        // In place: nothing has seen the record yet.
        Object.assign(made, {
          textHash: opts?.textHash ?? (opts?.texts ? c.hash(canonicalJson(opts.texts)) : c.textHash),
          prevHash: last && made.prevHash !== null ? recordHash(last, c.hash) : null,
        });
        // Told as it is now, against what was told: an expiry may have been told meanwhile.
        change({ ...e, state: state.peek(), previous: told ?? previous });
        then?.(made);
      };
      return made;
    },
    seal,
    note(action) {
      const previous = state.peek();
      const was = core.peek().failClosed;
      set(action);
      // The opt-out defaults withheld (a fault) or given back (a clean read) once the page was told: told again.
      const grants = (g: ConsentState): string => canonicalJson([g.purposes, g.services]);
      if (ready.peek() && core.peek().failClosed !== was && grants(previous) !== grants(state.peek()))
        change({ state: state.peek(), previous, record: null, source: 'storage' });
    },
    forget() {
      if (!core.peek().decision) return;
      const previous = state.peek();
      set({ type: 'restore', decision: null, record: null });
      if (ready.peek()) change({ state: state.peek(), previous, record: null, source: 'storage' });
    },
    stop: () => (expiry.stop(), write(() => (stopped.value = true))),
  };
}

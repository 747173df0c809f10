/**
 * `createConsent()`: wires the pure core to storage and events into one instance. State changes
 * go through `transition`; effects follow in order: store write, (gating and integrations, added
 * by their modules), events. Nothing here throws into the host page except programmer errors
 * (invalid config, invalid update).
 */
import { computed, effect, signal } from '@preact/signals-core';
import { canonicalJson } from '../core/canonical-json';
import type { Config, ConsentConfigInput, PreferenceValue } from '../core/config-types';
import { ConsentError } from '../core/errors';
import { chooseLocale } from '../core/locale';
import { grantsOf, hasGrant, reasonOf, type CoreState, type GrantContext } from '../core/grants';
import { configError, parseConfig } from '../core/parse-config';
import { configHashOf, configStamp, resolveMode } from '../core/policy';
import { isNewer, parseRecord } from '../core/parse-record';
import { toDecision, type ConsentRecord } from '../core/record';
import { sha256 } from '../core/sha256';
import { initialState, transition, type Action, type TransitionEnv } from '../core/transition';
import type { Consent, ConsentEvents, ConsentOptions, ConsentState, DecisionOptions } from './types';
import { detectGpc } from '../integrations/gpc';
import { createBrowserStorage, isBrowser } from '../store/browser';
import { createMemoryStorage } from '../store/memory';
import type { ConsentStorage } from '../store/storage';
import { randomId } from './random-id';
import { wireSync } from './sync-wiring';
import type { PurposeIdOf, ServiceIdOf } from '../core/ids';
import { warnOnce } from './warn';

/** The SDK version written into every record. */
export const SDK_VERSION = '0.1.0';

/** setTimeout's longest delay; longer expiry timers are re-armed. */
const MAX_DELAY = 2 ** 31 - 1;

/**
 * Creates a consent instance. Throws `ConsentError('config/invalid')` listing every issue when
 * the config is invalid. Does not render UI (see `mountUI`) and does not touch the DOM.
 */
export function createConsent<const C extends ConsentConfigInput>(
  input: C,
  options: ConsentOptions = {},
): Consent<PurposeIdOf<C>, ServiceIdOf<C>> {
  const result = parseConfig(input);
  for (const w of result.warnings) warnOnce(`config ${w.path}: ${w.message}`);
  if (!result.ok) throw configError(result.issues);
  return createInstance(result.config, input, options) as unknown as Consent<PurposeIdOf<C>, ServiceIdOf<C>>;
}

function createInstance(config: Config, input: unknown, options: ConsentOptions): Consent {
  const now = options.now ?? Date.now;
  const hash = options.hash ?? sha256;
  const newId = options.newId ?? randomId;
  const mode = resolveMode(config, options.region ?? null);
  const gpc = options.gpc ?? detectGpc();
  const configHash = configHashOf(config, mode, hash);
  const locale = options.locale ?? chooseLocale(config.ui.locale, typeof document === 'object' ? document.documentElement.lang || null : null, typeof navigator === 'object' ? (navigator.languages ?? []) : []);
  const textHash = hash(canonicalJson(config.texts[locale] ?? {}));
  const listeners = new Map<keyof ConsentEvents, Set<(payload: never) => void>>();
  const disposers: (() => void)[] = [];
  let destroyed = false;

  const emit = <K extends keyof ConsentEvents>(type: K, payload: ConsentEvents[K]): void => {
    for (const fn of [...(listeners.get(type) ?? [])]) {
      try {
        (fn as (p: ConsentEvents[K]) => void)(payload);
      } catch (cause) {
        // A site's listener must not stop the others nor reach the page; an `error` listener that
        // throws is not reported again (that could loop).
        if (type !== 'error') emit('error', new ConsentError('listener/failed', `Candor: a "${type}" listener threw`, [], cause));
      }
    }
  };
  // Deferred so that listeners attached right after createConsent() hear start-up problems too.
  const reportError = (e: ConsentError): void => {
    void Promise.resolve().then(() => !destroyed && emit('error', e));
  };

  const storage: ConsentStorage =
    typeof options.storage === 'function'
      ? options.storage({ onError: reportError })
      : (options.storage ??
        (isBrowser()
          ? createBrowserStorage({ config, now, configHash, stamp: configStamp(input, options.region ?? null) }, { onError: reportError })
          : createMemoryStorage()));

  const syncing = wireSync(config, storage, { ...(options.fetch ? { fetch: options.fetch } : {}), now, emit: (e) => !destroyed && emit('sync', e), onError: reportError });
  const { sync } = syncing;
  disposers.push(() => syncing.dispose());

  const core = signal<CoreState>(initialState(config, newId()));
  const tick = signal(0);
  const ready = signal(false);
  const ctx = (): GrantContext => ({ now: now(), configHash, mode, gpc });
  const env = (method?: DecisionOptions): TransitionEnv => ({
    ...ctx(),
    newId,
    hash,
    locale: method?.locale ?? locale,
    textHash: method?.textHash ?? textHash,
    sdkVersion: SDK_VERSION,
  });

  const snapshot = (s: CoreState, isReady: boolean): ConsentState => {
    const c = ctx();
    const g = grantsOf(config, s, c);
    return {
      ready: isReady,
      purposes: g.purposes,
      services: g.services,
      preferences: s.preferences,
      decision: s.decision,
      promptReason: reasonOf(config, s, c),
      mode,
      gpc,
      subject: s.subject,
    };
  };
  const state = computed(() => {
    void tick.value; // re-evaluated when a decision expires
    return snapshot(core.value, ready.value);
  });
  const needsPrompt = computed(() => state.value.promptReason !== null);

  let expiryTimer: ReturnType<typeof setTimeout> | undefined;
  const armExpiry = (): void => {
    clearTimeout(expiryTimer);
    const d = core.peek().decision;
    if (!d || destroyed) return;
    const delay = Math.min(d.expiresAt, d.issuedAt + config.expiresAfterDays * 86_400_000) - now();
    if (delay <= 0) return;
    expiryTimer = setTimeout(() => {
      const previous = state.peek();
      tick.value++;
      if (previous.promptReason === null && state.peek().promptReason !== null) {
        emit('change', { state: state.peek(), previous, record: null, source: 'expiry' });
      }
      armExpiry();
    }, Math.min(delay + 1, MAX_DELAY));
    // Server-side, an expiry timer must not keep the process alive.
    (expiryTimer as { unref?: () => void }).unref?.();
  };

  /** Applies a stored decision (from storage, another tab or the endpoint) when it is newer than ours. */
  const restore = (record: ConsentRecord | null, decision = record ? toDecision(record) : null, source: 'storage' | 'tab' | 'remote' = 'storage'): void => {
    const current = core.peek();
    if (!decision) return;
    if (current.decision?.id === decision.id) {
      // The same decision, now with its full record (subject, preferences, chain): no change event.
      if (record && current.last?.id !== record.id) core.value = transition(config, current, { type: 'restore', decision: current.decision, record }, env()).state;
      return;
    }
    if (!isNewer(decision, current.decision)) return;
    const previous = state.peek();
    core.value = transition(config, current, { type: 'restore', decision, record }, env()).state;
    armExpiry();
    if (ready.peek()) emit('change', { state: state.peek(), previous, record, source });
  };

  const apply = (action: Action, opts?: DecisionOptions): Promise<ConsentRecord | null> => {
    if (destroyed) {
      warnOnce('this consent instance was destroyed; the action was ignored');
      return Promise.resolve(null);
    }
    const previous = state.peek();
    const result = transition(config, core.peek(), action, env(opts));
    core.value = result.state;
    armExpiry();
    const { record } = result;
    // The store (with the sync outbox) first: a decision is durable before anything else happens.
    if (record) sync?.pending(record); // a page closed before the write finishes still sends it (keepalive)
    const written = record ? storage.append(record, { outbox: !!sync }).then(() => sync?.queued([record])) : Promise.resolve();
    emit('change', { state: state.peek(), previous, record, source: 'local' });
    return written.then(() => record);
  };

  // Synchronous fast path: a cookie answers `has()` on the first line of <head>.
  const peeked = storage.peek();
  restore(peeked.record, peeked.decision);

  const readyPromise = storage.load().then(async (loaded) => {
    if (destroyed) return;
    restore(loaded.record, loaded.decision);
    ready.value = true;
    // GPC is an opt-out of sale/sharing the visitor already expressed: honour it without asking
    // (CCPA regulations §7025), unless a decision made while GPC was on says otherwise. The record
    // is stored before `ready` resolves, so `records()` shows it.
    if (mode === 'opt-out' && gpc && !(state.peek().promptReason === null && core.peek().decision?.gpc)) {
      await apply({ type: 'gpc' });
    }
    if (destroyed) return;
    emit('ready', state.peek());
    if (needsPrompt.peek()) emit('prompt', { reason: state.peek().promptReason ?? 'none' });
    void sync?.flush(); // whatever earlier pages (or a closed tab) left in the outbox
    disposers.push(storage.subscribe((record) => restore(record, undefined, 'tab')));
  });

  /** identify() after validation: set the subject, then pull or link through sync. */
  const linkSubject = async (subject: string): Promise<void> => {
    if (destroyed) return;
    core.value = transition(config, core.peek(), { type: 'identify', subject }, env()).state;
    if (!sync || !config.sync?.pull) return;
    await readyPromise;
    const pulled = parseRecord(await sync.pull(subject));
    if (destroyed) return;
    if (pulled && pulled.subject === subject && pulled.policyRevision === config.policy.revision && isNewer(toDecision(pulled), core.peek().decision)) {
      // The user decided on another device, later: that decision applies here too.
      await storage.append(pulled);
      restore(pulled, undefined, 'remote');
    } else if (state.peek().promptReason === null && core.peek().last?.subject !== subject) {
      // Link this device's decision to the user: the same choices, recorded for the new subject.
      const s = state.peek();
      await apply({ type: 'update', purposes: s.purposes, services: s.services });
    }
  };

  const knownIds = new Set([...config.purposes, ...config.services].map((x) => x.id));
  const has = (expr: string): boolean => {
    if (typeof expr !== 'string') return false;
    for (const id of expr.split(',')) {
      const t = id.trim();
      if (!knownIds.has(t)) warnOnce(`has("${expr}"): "${t}" is not a purpose or service in the config, so it is never granted`);
    }
    const c = ctx();
    // The clock moves without any signal changing: bring `state` up to date when an expiry was seen first here.
    if (reasonOf(config, core.peek(), c) !== state.peek().promptReason) tick.value++;
    return hasGrant(grantsOf(config, core.value, c), expr);
  };

  const personalizationLevel = computed(() => {
    const v = state.value.preferences['personalization-level'];
    return typeof v === 'string' ? v : 'none';
  });

  const instance: Consent = {
    config,
    locale,
    ready: readyPromise,
    state,
    needsPrompt,
    personalizationLevel,
    request: (type, message) => syncing.request(type, core.peek().subject, message),
    has,
    acceptAll: (opts) => apply({ type: 'accept-all', ...methodOf(opts) }, opts),
    rejectAll: (opts) => apply({ type: 'reject-all', ...methodOf(opts) }, opts),
    update: (choices, opts) => apply({ type: 'update', ...choices, ...methodOf(opts) }, opts),
    withdraw: (opts) => apply({ type: 'withdraw' }, opts),
    preferences: {
      get: (id) => core.value.preferences[id],
      set: (id, value, opts) => apply({ type: 'preferences', values: { [id]: value as PreferenceValue }, ...methodOf(opts) }, opts),
      all: () => core.value.preferences,
    },
    whenGranted(expr) {
      return new Promise((resolve) => {
        let done = false;
        let dispose = (): void => {};
        dispose = effect(() => {
          void tick.value;
          if (!done && hasGrant(grantsOf(config, core.value, ctx()), expr)) {
            done = true;
            resolve();
            void Promise.resolve().then(() => dispose()); // cannot dispose while still running
          }
        });
        if (!done) disposers.push(() => dispose());
      });
    },
    on(type, fn) {
      if (destroyed) return () => {};
      const set = listeners.get(type) ?? new Set();
      listeners.set(type, set);
      set.add(fn as (payload: never) => void);
      return () => set.delete(fn as (payload: never) => void);
    },
    records: () => storage.records(),
    identify(subject) {
      // A programmer error throws at once; everything after it (network) never rejects.
      if (typeof subject !== 'string' || subject.trim() === '' || subject.length > 256) {
        throw new ConsentError('action/invalid', 'Candor: identify() needs a non-empty subject id of at most 256 characters');
      }
      return linkSubject(subject);
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      clearTimeout(expiryTimer);
      for (const d of disposers) d();
      listeners.clear();
      storage.close();
    },
  };
  return instance;
}

function methodOf(opts?: DecisionOptions): { method?: NonNullable<DecisionOptions['method']> } {
  return opts?.method ? { method: opts.method } : {};
}

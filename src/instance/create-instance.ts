/**
 * `createConsent()`: the headless engine's one composition root (over 300 lines: the wiring stays
 * in one place), joining the pure core (`decisions.ts`) to storage, sync and events. A decision
 * changes the state at once; events, then the store write (with the sync outbox), follow the next
 * paint; the page wiring (gate, Consent Mode) listens to them. Nothing here throws into the host
 * page except programmer errors.
 */
import { effect } from '@preact/signals-core';
import { canonicalJson } from '../core/canonical-json';
import { isRecord } from '../core/check';
import type { Config, PreferenceValue } from '../core/config-types';
import type { Finding } from '../core/config-problems';
import { ConsentError } from '../core/errors';
import { chooseLocale } from '../core/locale-choice';
import { findConfig } from '../core/find-config';
import { configHashOf, configStamp, regionCodeOf, resolveMode } from '../core/policy';
import { isPlausible, isStr, own, parseRecordFor } from '../core/parse-record';
import { METHODS, toDecision, type ConsentRecord } from '../core/record';
import { sha256 } from '../core/sha256';
import type { Action } from '../core/transition';
import { detectGpc } from '../integrations/gpc';
import { markOutbox } from '../store/outbox-flag';
import { afterPaint, onLeave } from './after-paint';
import { createDecisions, type DecisionContext, type Decisions } from './decisions';
import { createEmitter, type Emitter } from './emitter';
import { keepSubject, linkSubject } from './identify';
import { onPageRestore, onPageVisible } from './page-restore';
import { randomId } from './random-id';
import { chooseStorage } from './storage-choice';
import { wireSync } from './sync-wiring';
import type { Consent, ConsentEvents, ConsentOptions, DecisionOptions } from './types';
import { warnOnce, warnUnknownEvent, warnUnknownIds } from './warn';

const WRITE_WAIT_MS = 3000;
/** This page's writes (`add`); `done()`: once they settled, WRITE_WAIT_MS at most. */
function pageWrites(): { add<T>(p: PromiseLike<T>): Promise<T>; done(): Promise<unknown> } {
  let all: Promise<unknown> = Promise.resolve();
  return {
    add(p) {
      const q = Promise.resolve(p);
      all = Promise.all([all, q.catch(() => {})]);
      return q;
    },
    done: () =>
      new Promise((r) => {
        const timer = setTimeout(r, WRITE_WAIT_MS);
        void all.then(() => (clearTimeout(timer), r(0)));
      }),
  };
}

/** The SDK version written into every record. */
export const SDK_VERSION = '0.1.0';

/**
 * What the config check found besides its issues: its warnings (unknown keys), and the config when
 * it is valid; `region`, the visitor's region as given when it is no ISO 3166 code (core/policy.ts
 * `regionCodeOf`: the strictest mode applies); `issues`, and what it returns is thrown.
 */
export type ConfigFindings = (
  warnings: readonly Finding[],
  config: Config | null,
  region?: string,
  issues?: readonly Finding[],
) => unknown;

/**
 * `createConsent` for any input, handing what the config check found to `found` first (even when
 * it then throws what that returns). The script tag's engine passes one that tells the site owner in every build
 * (loader/config-diagnostics.ts): its site owners never run a development build.
 */
export function createChecked(input: unknown, given: ConsentOptions, found: ConfigFindings): Consent {
  const result = findConfig(input);
  // A non-string region (a header read as a list) is no code: "?".
  const raw: unknown = given.region;
  const options = typeof raw === 'string' || raw === undefined || raw === null ? given : { ...given, region: '?' };
  // Said only where the mode depends on the region.
  const perRegion = result.ok && typeof result.config.jurisdiction === 'object';
  const shown = typeof raw === 'string' ? raw : `(a ${typeof raw})`;
  const thrown = found(
    result.warnings,
    result.ok ? result.config : null,
    perRegion && regionCodeOf(raw) === false ? shown : undefined,
    result.ok ? undefined : result.issues,
  );
  if (!result.ok) throw thrown;
  return createInstance(result.config, input, options);
}

/** The page's locale as the UI would choose it, where there is a page. */
const pageLocale = (configured: string): string =>
  chooseLocale(
    configured,
    (globalThis.document as Document | undefined)?.documentElement.lang,
    (globalThis.navigator as Navigator | undefined)?.languages ?? [],
  );

/** The instance's fixed facts: clock, ids, hashing, mode, GPC, hashes, locale. */
function contextOf(config: Config, options: ConsentOptions): DecisionContext {
  const hash = options.hash ?? sha256;
  const mode = resolveMode(config, options.region ?? null);
  const locale = options.locale ?? pageLocale(config.ui.locale);
  return {
    now: options.now ?? Date.now,
    newId: options.newId ?? randomId,
    hash,
    mode,
    gpc: options.gpc ?? detectGpc(),
    configHash: configHashOf(config, mode, hash),
    locale,
    textHash: hash(canonicalJson(own(config.texts, locale) ?? {})),
    sdkVersion: SDK_VERSION,
  };
}

/** A change, and the prompt it makes needed (an expiry), as at start-up. */
function told(events: Emitter<ConsentEvents>, e: ConsentEvents['change']): void {
  events.emit('change', e);
  const reason = e.state.promptReason;
  if (reason && !e.previous.promptReason) events.emit('prompt', { reason });
}

function createInstance(config: Config, input: unknown, options: ConsentOptions): Consent {
  const c = contextOf(config, options);
  const events = createEmitter<ConsentEvents>();
  const disposers: (() => void)[] = [];
  let destroyed = false;
  // Deferred so that listeners attached right after createConsent() hear start-up problems too.
  const reportError = (e: ConsentError): void =>
    void Promise.resolve().then(() => !destroyed && events.emit('error', e));
  const decisions = createDecisions(config, c, c.newId(), { onChange: (e) => told(events, e), onError: reportError });
  disposers.push(onLeave(decisions.seal)); // before the sync's (it sends what is pending)
  const storage = chooseStorage(options.storage, {
    config,
    now: c.now,
    configHash: c.configHash,
    stamp: configStamp(input, options.region ?? null),
    onError: reportError,
  });
  const syncing = wireSync(config, storage, {
    ...(options.fetch ? { fetch: options.fetch } : {}),
    now: c.now,
    emit: (e) => !destroyed && events.emit('sync', e),
    onError: reportError,
  });
  const { sync } = syncing;
  disposers.push(() => syncing.dispose());
  const writes = pageWrites();
  /** Records a decision: the state now, events and the store after the next paint. */
  const decide = (action: Action, opts?: DecisionOptions): Promise<ConsentRecord | null> => {
    if (destroyed) {
      warnOnce('this consent instance was destroyed; the action was ignored');
      return Promise.resolve(null);
    }
    const prompted = decisions.needsPrompt.peek(); // the banner's counts: was it an answer to a prompt?
    let stored: (p: Promise<ConsentRecord>) => void;
    const record = decisions.apply(action, opts, (r) => {
      syncing.decided(r.method, prompted, r.locale);
      sync?.pending(r); // a page closed before the write finishes still sends it (keepalive)
      if (sync) markOutbox(true); // before the write: a later page's loader then loads the engine to deliver it
      stored(writes.add(storage.append(r, { outbox: !!sync })).then(() => (sync?.queued([r]), r)));
    });
    return record ? new Promise((resolve) => ((stored = resolve), afterPaint(decisions.seal))) : Promise.resolve(null);
  };

  const ready = start(config, c, {
    storage,
    decisions,
    decide,
    isDestroyed: () => destroyed,
    emit: events.emit,
    flush: () => void sync?.flush(),
    disposers,
  });
  const identifyContext = { config, decisions, storage, sync, ready, isDestroyed: () => destroyed, now: c.now, decide };
  return {
    ...publicApi(config, c.locale, decisions, decide),
    ready,
    request: (type, message) => syncing.request(type, decisions.core.peek().subject, message),
    records: () =>
      (decisions.seal(), Promise.all([ready.catch(() => {}), writes.done()])).then(() => storage.records()),
    whenGranted: (expr) => (destroyed ? new Promise(() => {}) : whenGranted(decisions, expr, disposers, config)),
    on: (type, fn) => (warnUnknownEvent(type), destroyed ? () => {} : events.on(type, fn)),
    identify(subject) {
      // A programmer error throws at once; everything after it (network) never rejects.
      if (typeof subject !== 'string' || subject.trim() === '' || subject.length > 256) {
        throw new ConsentError(
          'action/invalid',
          'Candor: identify() needs a non-empty subject id of at most 256 characters',
        );
      }
      return linkSubject(identifyContext, subject);
    },
    destroy() {
      if (destroyed) return;
      decisions.seal();
      destroyed = true;
      decisions.stop();
      for (const d of disposers) d();
      events.clear();
      storage.close();
    },
  };
}

/** What starting an instance needs. */
interface StartContext {
  readonly storage: ReturnType<typeof chooseStorage>;
  readonly decisions: Decisions;
  readonly decide: (action: Action) => Promise<unknown>;
  readonly isDestroyed: () => boolean;
  readonly emit: ReturnType<typeof createEmitter<ConsentEvents>>['emit'];
  readonly flush: () => void;
  readonly disposers: (() => void)[];
}

/**
 * Reads the stored decision (the cookie synchronously, then the full store), honours GPC, then
 * announces `ready` (and `prompt`), flushes the outbox and follows other tabs; reads it again
 * when the page comes back from the back/forward cache. Never rejects.
 */
function start(config: Config, c: DecisionContext, s: StartContext): Promise<void> {
  const { storage, decisions } = s;
  const read = (snapshot: ReturnType<typeof storage.peek>, full = false): void => {
    if (snapshot.forget) decisions.forget();
    const record = snapshot.record ? parseRecordFor(config, snapshot.record, c.now()) : null;
    // A decision without its record (the cookie) is checked for its dates; its ids are the config's by construction.
    const decision = record
      ? toDecision(record)
      : snapshot.decision && isPlausible(snapshot.decision, c.now())
        ? snapshot.decision
        : null;
    decisions.restore(record, decision);
    // A failed read may have lost a refusal: no opt-out defaults until a decision or a clean full read.
    if (snapshot.fault || (full && !decision)) decisions.note({ type: snapshot.fault ? 'fault' : 'clean' });
  };
  read(storage.peek()); // synchronous fast path: the cookie answers has() on the first line of <head>
  const again = (): void => {
    storage.reread?.();
    read(storage.peek());
    decisions.has(''); // reads the clock: past an expiry the timer missed (a device that slept), the signals catch up
  };
  // Restored from the back/forward cache: another page may have decided meanwhile; read it again.
  // Back on the tab: a sibling subdomain's decision (shared cookie) sends no tab message.
  s.disposers.push(
    onPageRestore(() => {
      again();
      void storage.load().then((loaded) => !s.isDestroyed() && read(loaded, true));
    }),
    onPageVisible(again),
  );
  return storage.load().then(async (loaded) => {
    if (s.isDestroyed()) return;
    read(loaded, true);
    keepSubject(decisions); // identify() before ready: its subject, for what is recorded from now on
    decisions.markReady();
    // GPC is an opt-out of sale/sharing the visitor already expressed: honour it without asking
    // (CCPA regulations §7025), unless a decision made while GPC was on says otherwise; not on a failed read.
    const state = decisions.state.peek();
    if (
      c.mode === 'opt-out' &&
      c.gpc &&
      !decisions.core.peek().failClosed &&
      !(state.promptReason === null && state.decision?.gpc)
    )
      await s.decide({ type: 'gpc' });
    if (s.isDestroyed()) return;
    s.emit('ready', decisions.state.peek());
    if (decisions.needsPrompt.peek()) s.emit('prompt', { reason: decisions.state.peek().promptReason ?? 'none' });
    s.flush(); // whatever earlier pages (or a closed tab) left in the outbox
    s.disposers.push(
      storage.subscribe((raw) => {
        const record = parseRecordFor(config, raw, c.now());
        if (record) decisions.restore(record, undefined, 'tab');
      }),
    );
  });
}

/** The synchronous part of the public API: reads and the decision actions. */
function publicApi(
  config: Config,
  locale: string,
  decisions: Decisions,
  decide: (action: Action, opts?: DecisionOptions) => Promise<ConsentRecord | null>,
): Pick<
  Consent,
  | 'config'
  | 'locale'
  | 'state'
  | 'needsPrompt'
  | 'has'
  | 'acceptAll'
  | 'rejectAll'
  | 'update'
  | 'withdraw'
  | 'preferences'
> {
  // Read once as plain data, checked as parseRecord does.
  const act = (type: Action['type'], opts?: DecisionOptions, extra?: object, m = true) => {
    const bad = (v: unknown, max: number): boolean => v !== undefined && !isStr(v, max, 0);
    try {
      const [a, o] = JSON.parse(JSON.stringify([{ ...extra, type }, opts ?? {}])) as [Action, DecisionOptions];
      const f = m && o.method ? { ...a, method: o.method } : a;
      if (
        ('method' in f && !METHODS.includes(f.method!)) ||
        bad(o.locale, 35) ||
        (o.textHash !== undefined && !o.textHash.match?.(/^[0-9a-f]{64}$/))
      )
        throw 0;
      return [f, o] as const;
    } catch {
      throw new ConsentError('action/invalid', 'Candor: invalid arguments');
    }
  };
  return {
    config,
    locale,
    state: decisions.state,
    needsPrompt: decisions.needsPrompt,
    has(expr: string) {
      warnUnknownIds(expr, config);
      if (typeof expr !== 'string') return false;
      return decisions.has(expr);
    },
    acceptAll: (opts) => decide(...act('accept-all', opts)),
    rejectAll: (opts) => decide(...act('reject-all', opts)),
    update(choices, opts) {
      if (!isRecord(choices))
        throw new ConsentError(
          'action/invalid',
          'Candor: update() takes an object: { purposes?, services?, preferences? }',
        );
      return decide(...act('update', opts, choices));
    },
    withdraw: (opts) => decide(...act('withdraw', opts, {}, false)),
    preferences: {
      get: (id) => own(decisions.core.value.preferences, id),
      set: (id, value, opts) => decide(...act('preferences', opts, { values: { [id]: value as PreferenceValue } })),
      all: () => decisions.core.value.preferences,
    },
  };
}

/** Resolves once `expr` is granted (at once if it is); the watcher is disposed with the instance. */
function whenGranted(decisions: Decisions, expr: string, disposers: (() => void)[], config: Config): Promise<void> {
  warnUnknownIds(expr, config, 'whenGranted');
  return new Promise((resolve) => {
    let done = false;
    let dispose = (): void => {};
    dispose = effect(() => {
      // Re-run on every change, the clock's included.
      if (!done && decisions.state.value && typeof expr === 'string' && decisions.has(expr)) {
        done = true;
        resolve();
        void Promise.resolve().then(() => dispose()); // cannot dispose while still running
      }
    });
    if (!done) disposers.push(() => dispose());
  });
}

/**
 * The script tag's `window.Candor`: a small facade that answers at once and delegates to the
 * engine chunk (`candor-engine.mjs`, with @preact/signals-core, config validation and records)
 * once it has loaded. It keeps the synchronous loader small.
 *
 * The engine loads only when needed (`start`): an API call that needs it (a decision, `ready`,
 * `records`, …), the UI, or a trigger the loader watches (loader/engine-triggers.ts). Until then
 * `has()` answers from the cookie, but only when the engine has validated this exact config before
 * and the cookie can be trusted (see loader/fast-path.ts); otherwise it is false, and from the
 * moment loading or validation fails it is false for good (fail closed). It never throws into the
 * page.
 */
import type { OnAddedElements } from '../dom/added-elements';
import { hasGrant } from '../core/grants';
import type { ConfigFindings } from '../instance/create-instance';
import type { CandorGlobal, Consent, ConsentEvents, ConsentOptions } from '../instance/types';
import type { LauncherSlot } from '../ui/shell';
import type { replayChange } from './engine-events';
import type { FastGrants } from './fast-path';
import type { TagHooks } from './tag-engine-events';

export type { CandorGlobal };

/** What the engine chunk exports. */
export interface EngineModule {
  readonly createConsent: (config: never, options: ConsentOptions, found?: ConfigFindings) => Consent;
  /**
   * Tells the site owner what the config check found (unknown keys, no way to send a data request,
   * an invalid config's issues), and returns what the engine throws for an invalid config.
   */
  readonly tellConfig?: ConfigFindings;
  /** Attaches the page's listeners (the facade's `hooks`) to the instance. */
  readonly wireEngineEvents?: (consent: Consent, facade: HookedFacade) => void;
  readonly replayChange?: typeof replayChange;
}

/**
 * The facade and the loader's handle on its engine; the `launcher` it holds is Candor's (the
 * stand-in launcher's host, then the UI's: ui/shell.ts), handed over, never searched for in the page.
 */
export interface Facade extends LauncherSlot {
  readonly candor: CandorGlobal;
  /** Loads the engine (once) and resolves with the instance, or undefined when it failed. */
  readonly start: () => Promise<Consent | undefined>;
  /** Resolves when the engine has loaded (or failed), without loading it. */
  readonly loaded: Promise<Consent | undefined>;
  /** The page's listeners, attached to the instance as it is created (before any of its events). */
  hooks?: TagHooks;
  /**
   * Tells the page the current grants (gate, Consent Mode, dataLayer): set by the page wiring on
   * every page, also a returning visitor's, whose page chunk (and `hooks`) may never load.
   * `known(0)` tells Consent Mode and the dataLayer alone (the gate, before it reads a grant).
   */
  known?: (only?: unknown) => unknown;
  /**
   * The first layer's decisions made before the engine, once applied (ui/pre-engine.ts sets it):
   * the API's calls made after them wait for them, so that a later call is never overtaken by an earlier click.
   */
  settled?: Promise<unknown>;
  /** The page's one observer of added elements (dom/added-elements.ts), set by the page wiring. */
  added?: OnAddedElements;
}

/** The facade once the page chunk has set its `hooks` (loader/page-later.ts). */
export type HookedFacade = Facade & { readonly hooks: TagHooks };

type Listener = (payload: never) => void;

/**
 * Creates the facade; `load` imports the engine chunk and resolves the config `getConfig` returns;
 * `fast` are the cookie's trusted grants, if any; `reread` reads them again, when the page comes
 * back from the back/forward cache before the engine has loaded (another page may have decided
 * meanwhile).
 */
// eslint-disable-next-line max-lines-per-function -- the whole window.Candor object literal, one short member each
export function createFacade(
  load: () => Promise<EngineModule>,
  getConfig: () => unknown,
  options: ConsentOptions,
  report: (message: string) => void,
  fast?: FastGrants | null,
  now: () => number = Date.now,
  reread?: ((was?: FastGrants | null) => FastGrants | null) | null,
): Facade {
  let instance: Consent | undefined;
  let destroyed = false;
  let engine: Promise<Consent | undefined> | undefined;
  let ready: Promise<void> | undefined;
  let loaded!: (i: Consent | undefined) => void;
  const whenLoaded = new Promise<Consent | undefined>((r) => (loaded = r));
  const pending: [keyof ConsentEvents, Listener, (off: () => void) => void][] = [];
  /** What the cookie answered at first, and the `change` listeners registered before the engine: see replayChange. */
  const answered = fast;
  const early = new Set<Listener>();

  const start = (): Promise<Consent | undefined> =>
    (engine ??= load()
      .then((m) => {
        if (destroyed) return undefined;
        const i = (instance = m.createConsent(getConfig() as never, options, m.tellConfig));
        if (facade.hooks) m.wireEngineEvents?.(i, facade as HookedFacade);
        for (const [type, fn, attach] of pending.splice(0)) attach(i.on(type, fn as never));
        // What the cookie answered may no longer hold once the engine has read the decision: the
        // listeners that waited hear it (a placeholder's grant alone: the engine started at boot).
        if (answered && !answered.servicesOnly) m.replayChange?.(i, answered, early, report);
        return i;
      })
      .catch((e: unknown) => {
        // The engine failed or refused the config: the cookie no longer answers either (fail closed),
        // and the page (Consent Mode, dataLayer, gate) hears it: what the cookie had granted, or
        // the Consent Mode defaults of a region, sent before the config was checked, are taken back.
        fast = reread = null;
        facade.known?.();
        // ConsentError messages already say everything (duck-typed: no class in the loader). A
        // `noConfig` code: already said, or being said, by whoever threw it: the loader's own finding
        // that there is no config to read (boot.ts), or the engine's invalid config, whose words it
        // loads to say it (loader/config-diagnostics.ts `tellConfig`).
        if ((e as { code?: unknown } | null)?.code !== 'noConfig')
          report(
            (e as Error)?.name === 'ConsentError'
              ? (e as Error).message
              : `Candor: could not start: ${e instanceof Error ? e.message : String(e)}`,
          );
        return undefined;
      })
      .then((i) => (loaded(i), i)));

  // Back from the back/forward cache before the engine has loaded: the cookie may say something new,
  // which the page is told at once (a tag already running reads Consent Mode, not has()): has()
  // reads it again, and a changed one starts the engine (`fastHas`), as does none.
  if (reread)
    addEventListener('pageshow', (e) => {
      if (!(e as PageTransitionEvent).persisted || instance || !reread) return;
      if (!fast && !(fast = reread())) void start();
      facade.known?.();
    });

  const fastHas = (expr: string): boolean => {
    // Another tab or a sibling subdomain may have decided since the cookie was read (its cookie or
    // this origin's copy of it changed, maybe before the page listened for that tab): read again
    // (`readFastGrants` with what was read), so the gate never releases what the visitor has just
    // refused, and a grant that still holds is not reported as revoked. Changed: the engine loads
    // and brings the new decision to the rest (events, `whenGranted`, `state`). Not trusted:
    // nothing until then (fail closed).
    if (fast && reread && fast !== (fast = reread(fast))) void start();
    return !!fast && now() < fast.until && typeof expr === 'string' && hasGrant(fast, expr); // not a string: nothing (as the engine)
  };
  /**
   * `use(instance)` once the engine is there and the first layer's decisions made before this call
   * (read now, not then) have been applied, so that a call is never overtaken by an earlier click,
   * nor waits for a later one; `fallback` without an engine.
   */
  const after = <T>(use: (i: Consent) => T, fallback: unknown): Promise<unknown> => {
    const prior = facade.settled;
    return start().then(async (i) => (i ? (await prior, use(i)) : fallback));
  };
  const call =
    <K extends 'records' | 'request' | 'identify'>(name: K, fallback?: Awaited<ReturnType<Consent[K]>>) =>
    (...args: Parameters<Consent[K]>): ReturnType<Consent[K]> =>
      after((i) => (i[name] as (...a: unknown[]) => unknown)(...args), fallback) as ReturnType<Consent[K]>;

  /**
   * A decision: applied once the engine is there, and dated when it was asked for: its options
   * (argument `k`, the first, or the second for `update`) get `madeAt: now()` unless they carry
   * one, so that another tab's decision made in between stands over it, and it over one made
   * before it (DecisionOptions.madeAt).
   */
  const decision =
    <K extends 'acceptAll' | 'rejectAll' | 'update' | 'withdraw'>(name: K, k = 0) =>
    (...a: unknown[]): ReturnType<Consent[K]> => {
      a[k] = { madeAt: now(), ...(a[k] as object) };
      return after((i) => (i[name] as (...a: unknown[]) => unknown)(...a), null) as ReturnType<Consent[K]>;
    };

  const candor = {
    get ready() {
      return (ready ??= start().then((i) => i?.ready));
    },
    has: ((expr: string) => (instance ? instance.has(expr as never) : fastHas(expr))) as Consent['has'],
    acceptAll: decision('acceptAll'),
    rejectAll: decision('rejectAll'),
    update: decision('update', 1),
    withdraw: decision('withdraw'),
    preferences: {
      get: (id: string) => instance?.preferences.get(id),
      set: (...args: Parameters<Consent['preferences']['set']>) =>
        after((i) => i.preferences.set(...args), null) as ReturnType<Consent['preferences']['set']>,
      all: () => instance?.preferences.all() ?? {},
    },
    // Granted now (the cookie says so): at once, without the engine; else when the engine (loaded
    // by whatever needs it: a decision here, another tab's, the UI) says so.
    whenGranted: ((expr: string) =>
      instance || !fastHas(expr)
        ? whenLoaded.then((i) => (i ? i.whenGranted(expr as never) : new Promise<void>(() => {})))
        : Promise.resolve()) as Consent['whenGranted'],
    on(type: keyof ConsentEvents, fn: Listener) {
      if (instance) return instance.on(type, fn as never);
      let off: (() => void) | undefined;
      let cancelled = false;
      if (type === 'change') early.add(fn);
      pending.push([type, fn as Listener, (o) => (cancelled ? o() : (off = o))]);
      return () => {
        cancelled = true;
        early.delete(fn);
        off?.();
      };
    },
    records: call('records', []),
    request: call('request', 'unavailable'),
    identify: call('identify'),
    destroy() {
      destroyed = true;
      instance?.destroy();
    },
  } as Omit<CandorGlobal, 'config' | 'locale' | 'state' | 'needsPrompt'> as CandorGlobal;
  // config, locale, state, needsPrompt: the engine's, undefined until it has loaded.
  for (const key of ['config', 'locale', 'state', 'needsPrompt'] as const)
    Object.defineProperty(candor, key, { get: () => instance?.[key], enumerable: true });
  // No prototype: the slot's `launcher` (and `hooks`, `settled`) are its own or none, whatever a page
  // library adds to Object.prototype (`?__proto__[launcher]=1` hid the stand-in launcher and broke the UI's mount).
  const facade = { __proto__: null, candor, start, loaded: whenLoaded } as unknown as Facade;
  return facade;
}

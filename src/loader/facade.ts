/**
 * The script tag's `window.Candor`: a small facade that answers at once and delegates to the
 * engine chunk (`candor-engine.mjs`, with @preact/signals-core, config validation and records)
 * once it has loaded. It keeps the synchronous loader far below its 5 KB budget.
 *
 * Until the engine has loaded, `has()` answers from the cookie, but only when the engine has
 * validated this exact config before and the cookie can be trusted (see loader/fast-path.ts);
 * otherwise it is false, and from the moment loading or validation fails it is false for good
 * (fail closed). It never throws into the page.
 */
import { hasGrant } from '../core/grants';
import type { Consent, ConsentEvents, ConsentOptions } from '../instance/types';
import type { FastGrants } from './fast-path';

/** What the engine chunk exports. */
export interface EngineModule {
  readonly createConsent: (config: never, options?: ConsentOptions) => Consent;
}

/**
 * `window.Candor`: the `Consent` API, except that `config`, `state` and `needsPrompt` come with
 * the engine and are undefined until `ready` has resolved (so is `locale`).
 */
export type CandorGlobal = Omit<Consent, 'config' | 'locale' | 'state' | 'needsPrompt'> & {
  readonly config: Consent['config'] | undefined;
  readonly locale: string | undefined;
  readonly state: Consent['state'] | undefined;
  readonly needsPrompt: Consent['needsPrompt'] | undefined;
};

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
  fast: FastGrants | null = null,
  now: () => number = Date.now,
  reread: (() => FastGrants | null) | null = null,
): CandorGlobal {
  let instance: Consent | undefined;
  let destroyed = false;
  // Back from the back/forward cache before the engine has loaded: the cookie may say something new.
  if (reread)
    addEventListener('pageshow', (e) => {
      if ((e as PageTransitionEvent).persisted && !instance && reread) fast = reread();
    });
  const pending: [keyof ConsentEvents, Listener, (off: () => void) => void][] = [];

  const engine: Promise<Consent | undefined> = load()
    .then((m) => {
      if (destroyed) return undefined;
      instance = m.createConsent(getConfig() as never, options);
      for (const [type, fn, attach] of pending.splice(0)) attach(instance.on(type, fn as never));
      return instance;
    })
    .catch((e: unknown) => {
      // The engine failed or refused the config: the cookie no longer answers either (fail closed).
      fast = reread = null;
      // ConsentError messages already say everything (duck-typed: no class in the loader).
      report(
        (e as Error)?.name === 'ConsentError'
          ? (e as Error).message
          : `Candor: could not start: ${e instanceof Error ? e.message : String(e)}`,
      );
      return undefined;
    });

  const call =
    <A extends unknown[], R>(pick: (i: Consent) => (...args: A) => Promise<R>, fallback: R) =>
    (...args: A): Promise<R> =>
      engine.then((i) => (i ? pick(i).apply(i, args) : fallback));

  return {
    get config() {
      return instance?.config;
    },
    get locale() {
      return instance?.locale;
    },
    get state() {
      return instance?.state;
    },
    get needsPrompt() {
      return instance?.needsPrompt;
    },
    ready: engine.then((i) => i?.ready),
    has: ((expr: string) =>
      instance ? instance.has(expr as never) : !!fast && now() < fast.until && hasGrant(fast, expr)) as Consent['has'],
    acceptAll: call((i) => i.acceptAll, null),
    rejectAll: call((i) => i.rejectAll, null),
    update: call((i) => i.update, null),
    withdraw: call((i) => i.withdraw, null),
    preferences: {
      get: (id) => instance?.preferences.get(id),
      set: call((i) => i.preferences.set, null),
      all: () => instance?.preferences.all() ?? {},
    },
    whenGranted: ((expr: string) =>
      engine.then((i) => (i ? i.whenGranted(expr as never) : new Promise<void>(() => {})))) as Consent['whenGranted'],
    on(type, fn) {
      if (instance) return instance.on(type, fn);
      let off: (() => void) | undefined;
      let cancelled = false;
      pending.push([type, fn as Listener, (o) => (cancelled ? o() : (off = o))]);
      return () => {
        cancelled = true;
        off?.();
      };
    },
    records: call((i) => i.records, []),
    request: call((i) => i.request, 'unavailable' as const),
    identify: call((i) => i.identify, undefined),
    destroy() {
      destroyed = true;
      instance?.destroy();
    },
  };
}

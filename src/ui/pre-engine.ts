/**
 * The first layer's instance on a first visit, before the engine has loaded (the script tag shows
 * the banner without waiting for it: issue 16). It has the validated config and asks for a prompt
 * (no decision can exist: no cookie and no copy of one); a decision hides the banner at once and
 * is recorded by the engine, loaded for it (and marked for the next page, in case this one is left
 * before the engine arrives: dom/pending-mark.ts). Once the engine is there, the prompt follows the
 * engine's (which may still find a decision after all, and then hides the banner).
 *
 * Only what the first layer uses is there (`config`, `needsPrompt.subscribe`, `state.peek()`, the
 * two decisions); the panel always gets the engine's own instance. The decisions made here apply in
 * the order they were made, and `engine.settled` follows them: the panel (each time it opens,
 * ui/banner-mount.ts) and the `window.Candor` calls made after them (loader/facade.ts) wait for it,
 * so that a choice made there after the banner's (before the engine's `ready`) is not overwritten
 * by the banner's older one, applied after it.
 */
import type { Config } from '../core/config-types';
import { keepJson } from '../dom/keep-json';
import { MARK_KEY, type PendingMark } from '../dom/pending-mark';
import type { Consent } from '../instance/types';
import { nextFrame } from './engine-when';

/** How the first layer reaches the engine: `start` loads it (once); undefined when it failed. */
export interface EngineHandle {
  readonly start: () => Promise<Consent | undefined>;
  /** Resolves when the engine has loaded (or failed), without loading it. */
  readonly loaded: Promise<Consent | undefined>;
  /** Set here: resolves once every decision made in the first layer so far has been applied (or failed). */
  settled?: Promise<unknown>;
}

/** A value with subscribers: the part of a signal the first layer uses (shell.ts subscribes). */
function latch<T>(initial: T): { subscribe(fn: (v: T) => void): () => void; set(v: T): void } {
  let value = initial;
  const fns = new Set<(v: T) => void>();
  return {
    subscribe: (fn) => (fns.add(fn), fn(value), () => void fns.delete(fn)),
    set(v) {
      if (v === value) return;
      value = v;
      fns.forEach((fn) => fn(v));
    },
  };
}

/** The first layer's instance for `config` until `engine` takes over; `fail` runs when it cannot load. */
export function preEngine(config: Config, engine: EngineHandle, fail: () => void): Consent {
  const prompt = latch(true);
  let instance: Consent | undefined;
  let deciding = 0;
  let failed = false;
  const follow = (): void => {
    if (instance && !deciding) prompt.set(instance.needsPrompt.peek());
  };
  // The engine failed before the UI was mounted (an early `Candor.ready` loaded it): the UI shows
  // nothing that could not record a decision, and goes once mounted.
  const subscribe = prompt.subscribe;
  prompt.subscribe = (fn) => (failed ? (setTimeout(fail), () => {}) : subscribe(fn));
  void engine.loaded.then(async (i) => {
    if (!i) return ((failed = true), fail());
    await i.ready;
    instance = i;
    i.needsPrompt.subscribe(follow);
  });
  const decide =
    (name: 'acceptAll' | 'rejectAll') =>
    (options?: Parameters<Consent['acceptAll']>[0]): ReturnType<Consent['acceptAll']> => {
      let at = Date.now(); // when the visitor chose
      // No engine yet: marked at once (dom/pending-mark.ts), so that a next page replays it if this
      // one is left before the engine arrives. With the engine there it is applied in this task's
      // microtasks, and a page left before its record is stored seals it as it goes (pagehide).
      // With an id drawn at the tap: the pages that record it derive the same record from it
      // (instance/tap-ids.ts), which gives it to the decision dated at the tap. Dated 1 ms after
      // the click, a time no clock of this page read before it: a `window.Candor` decision asked for
      // in the click's own millisecond, before the banner heard it (the site's click listener in
      // the capture phase; loader/facade.ts dates it then), is applied first and is not the tap.
      if (!instance) keepJson(MARK_KEY, [name, options, ++at, config, crypto.randomUUID?.()] satisfies PendingMark);
      deciding++;
      prompt.set(false); // at once: the click paints its next frame without waiting for the engine
      // The engine not there yet: it starts after that frame (engine-when.ts); it records nothing sooner
      // anyway. After the decision before this one: the engine applies them in the order they were made.
      const applied = Promise.resolve(engine.settled)
        .then((): unknown => instance || nextFrame())
        .then(() => engine.start())
        // Once the engine has read what is stored (its `ready` sees the prompt this banner answers,
        // and the record chains to the newest stored one). No engine: nothing was recorded, so the
        // promise rejects (the facade has said why) and the page hears no decision, nor a screen
        // reader that it was saved (shell.ts). Boxed: what waits for it waits for the decision to be
        // applied (the state), not stored (after the next paint).
        // Dated at the click: a decision made after it elsewhere (another tab; a page this one was
        // restored over from the back/forward cache) stands, and the engine records nothing for
        // it (DecisionOptions.madeAt), so the page hears no decision and nothing is announced.
        .then(async (i) => {
          if (!i) return Promise.reject();
          await i.ready;
          const id = (): unknown => i.state.peek().decision?.id;
          const before = id();
          const r = [i[name]({ ...options, madeAt: at })] as const;
          return id() === before ? Promise.reject() : r;
        });
      engine.settled = applied.catch(() => {});
      return applied.then((r) => r[0]).finally(() => (deciding--, follow()));
    };
  const first = {
    config,
    needsPrompt: prompt,
    // Read for a decision's `candor:decision` event (ui-model.ts): nothing granted when the engine failed.
    state: { peek: () => instance?.state.peek() ?? { purposes: {} } },
    acceptAll: decide('acceptAll'),
    rejectAll: decide('rejectAll'),
  };
  // The first layer reads only the members above (see the comment at the top).
  return first as unknown as Consent;
}

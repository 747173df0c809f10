/**
 * The page wiring that only matters once the engine exists, shipped in the engine chunk (not the
 * synchronous loader): the `candor:*` DOM events for `ready`, `prompt`, `change` and `error`,
 * and the page's reactions (Consent Mode, gate and dataLayer through `known`, the UI, the
 * stand-in launcher). Attached as the instance is created, before any of its events.
 */
import type { Grants } from '../core/grants';
import type { Consent, ConsentEvents, ConsentState } from '../instance/types';
import { afterPaint } from '../instance/after-paint';
import { dispatchCandorEvent } from '../integrations/events';

/** What the loader's page wiring does when the engine speaks. */
export interface PageHooks {
  /** The grants may have changed: gate, Consent Mode, dataLayer (told only when they did). */
  readonly known: () => void;
  /** A prompt is needed: the UI. */
  readonly prompt: () => void;
  /** A valid decision exists: the stand-in launcher (unless the site turned the launcher off). */
  readonly decided: () => void;
}

/** Attaches the page's listeners to `consent`. */
export function wireEngineEvents(consent: Consent, hooks: PageHooks): void {
  consent.on('ready', (state) => {
    hooks.known();
    dispatchCandorEvent(document, 'ready', state);
    if (consent.needsPrompt.value) hooks.prompt();
    else if (consent.config.ui.launcher) hooks.decided();
  });
  consent.on('prompt', (p) => {
    hooks.prompt();
    dispatchCandorEvent(document, 'prompt', p);
  });
  consent.on('change', (e) => {
    // In a later task: a click on Accept all paints its next frame before any tag runs.
    setTimeout(hooks.known);
    dispatchCandorEvent(document, 'change', e);
  });
  consent.on('error', (e) => dispatchCandorEvent(document, 'error', e));
}

/**
 * A returning visitor's page answered from the cookie (`was`) before the engine loaded; the engine
 * may find that this no longer holds (another tab decided, the decision expired, a back/forward
 * restore), and its start-up read emits no `change`. The listeners that waited for the engine
 * (`early`) and `candor:change` hear it once the engine is ready, unless a decision made here
 * meanwhile already told them.
 */
export function replayChange(
  consent: Consent,
  was: Grants,
  early: Iterable<(e: never) => void>,
  report: (message: string) => void,
): void {
  let quiet = true;
  let off: (() => void) | null = consent.on('change', () => (quiet = false));
  // What the engine read, told after the next frame: a decision made here before it was ready
  // changed the state at once and has its own change event then (instance/create-consent.ts),
  // which comes first and is no replay; one made after it is told after this one.
  void consent.ready.then(() => {
    const state = consent.state.peek();
    afterPaint(() => tell(state));
  });
  const tell = (state: ConsentState): void => {
    if (!off) return; // after-paint's fallback: told once
    off();
    off = null;
    const moved = (a: Grants['purposes'], b: Grants['purposes']): boolean =>
      Object.keys(b).some((k) => !!a[k] !== b[k]);
    if (!quiet || !(moved(was.purposes, state.purposes) || moved(was.services, state.services))) return;
    const previous = { ...state, purposes: was.purposes, services: was.services, promptReason: null };
    const e: ConsentEvents['change'] = { state, previous, record: null, source: 'storage' };
    for (const fn of early)
      try {
        fn(e as never);
      } catch (x) {
        report(`Candor: a change listener failed: ${String(x)}`);
      }
    dispatchCandorEvent(document, 'change', e);
  };
}

/**
 * The page wiring that only matters once the engine exists, shipped in the engine chunk (not the
 * synchronous loader): the `candor:*` DOM events for `ready`, `prompt`, `change` and `error`,
 * and the page's reactions (Consent Mode, gate and dataLayer through `known`, the UI, the
 * stand-in launcher). Attached as the instance is created, before any of its events.
 */
import type { Consent } from '../instance/types';
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

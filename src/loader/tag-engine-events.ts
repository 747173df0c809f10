/**
 * The script tag's listeners on the engine (engine chunk only; candor/page wires engine-events.ts
 * itself): the page's (engine-events.ts), and once the engine is there, the check of how the loader
 * was loaded. Loaded late it still works, but inline scripts after it found no window.Candor (and
 * Consent Mode's defaults came late). Checked here, not in the loader or the first layer, to keep
 * what a visitor fetches before the banner small.
 */
import type { Diagnostic } from '../core/diagnostics';
import type { Consent } from '../instance/types';
import { wireEngineEvents, type PageHooks } from './engine-events';

/** The script tag's hooks: the page's, and what the check needs. */
export interface TagHooks extends PageHooks {
  /** Says a site owner's mistake on the console (the diagnostics chunk). */
  readonly tell: (d: Diagnostic) => void;
  /** The loader's own `<script>` (boot.ts), if found. */
  readonly script?: HTMLScriptElement | undefined;
}

/** Says a loader loaded with `defer`, `async` or `type="module"`, then attaches the page's listeners to `consent`. */
export function wireTagEngineEvents(consent: Consent, hooks: TagHooks): void {
  const { script } = hooks;
  const late =
    script?.type === 'module' ? 'module' : script?.defer ? 'defer' : script?.hasAttribute('async') && 'async';
  if (late) hooks.tell({ code: 'lateLoader', how: late });
  wireEngineEvents(consent, hooks);
}

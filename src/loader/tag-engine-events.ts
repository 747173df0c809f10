/**
 * The script tag's listeners on the engine (engine chunk only; candor/page wires engine-events.ts
 * itself): the page's (engine-events.ts), with the launcher a valid decision calls for, and once
 * the engine is there, the checks of how the loader was loaded (loaded late it still works, but
 * inline scripts after it found no window.Candor, and Consent Mode's defaults came late), of
 * Google's tag set up before it, and of a second loader with other settings. Here, not in the
 * loader or the first layer, to keep what a visitor fetches before the banner small.
 */
import type * as ReturningChunk from '../chunks/returning';
import { queryAll } from '../dom/unclobbered';
import type { Diagnostic } from '../core/diagnostics';
import type { SiteView } from '../core/site-view';
import type { fetchJson } from '../dom/fetch-json';
import type { Consent } from '../instance/types';
import { googleBeforeDefaults } from '../integrations/gcm';
import type { ChunkImporter } from './chunks';
import type { HookedFacade } from './facade';
import { wireEngineEvents, type PageHooks } from './engine-events';
import { replayPending } from './pending-replay';

/** The script tag's hooks: the page's (but `decided`, made here), and what the launcher and the check need. */
export interface TagHooks extends Omit<PageHooks, 'decided'> {
  /** Says a site owner's mistake on the console (the diagnostics chunk). */
  readonly tell: (d: Diagnostic) => void;
  /** The loader's own `<script>` (boot.ts), if found. */
  readonly script?: HTMLScriptElement | undefined;
  /** The loader's chunk import, the config's view, the page's locale and the loader's URL (for the stand-in launcher). */
  readonly load: ChunkImporter;
  readonly view: SiteView;
  readonly locale: string;
  readonly base: string;
  /** The loader's JSON fetch (dom/fetch-json.ts), for the stand-in launcher's label. */
  readonly json: typeof fetchJson;
  /** The UI loader: `ui(open)` (loader/ui-loader.ts). */
  readonly ui: (open: boolean) => void;
}

/**
 * A loader's URL path, by its file name (no query or fragment counts): the script
 * tag's own and the auto-blocking one, also as a site renamed its copy: minified
 * (`candor.min.js`), with a version (`candor-1.4.2.js`, `candor@1.4.2-rc.1.min.js`,
 * `candor_1.4.2.js`, `candor.v2.js`) or a hex content hash of 8 or more (`candor.3f2a1b9c.js`).
 * Not a site's own script whose name only starts with "candor" (`candor-setup.js`,
 * `candor-2fa.js`, `candor-2024.js`), nor a chunk (`.mjs`). Anchored, one optional part each:
 * linear in the name.
 */
export const LOADER = /\/candor(-autoblock)?([-.@_](v?\d+(\.\d+)+(-[\w.]+)?|v\d+|[\da-f]{8,}))?(\.min)?\.js$/i;
/** A setting as compared: a region in capitals (the loader reads it so), anything else as written. */
const settingOf = (attr: string, v: string | null): string | null =>
  attr === 'data-region' ? (v?.toUpperCase() ?? null) : v;

/**
 * Each setting of another loader on the page that differs from `ours` (the loader that runs): a
 * second copy attaches to the first (boot.ts), so its config and region do nothing. A copy with the
 * same settings is harmless and not said, and so is a region where the mode does not depend on it
 * (`perRegion` false: a fixed `jurisdiction`); nothing is said when the running loader's own element
 * is unknown. Anything that is no script element, or a script that does not run (`type="text/plain"`),
 * is skipped.
 */
function otherLoaders(ours: HTMLScriptElement | undefined, perRegion: boolean): Diagnostic[] {
  const found: Diagnostic[] = [];
  if (ours)
    try {
      for (const s of document.querySelectorAll('script[src]'))
        if (
          s instanceof HTMLScriptElement &&
          s !== ours &&
          s.type !== 'text/plain' &&
          LOADER.test(new URL(s.src).pathname)
        )
          for (const attr of perRegion ? ['data-config', 'data-region'] : ['data-config']) {
            const [theirs, mine] = [s.getAttribute(attr), ours.getAttribute(attr)];
            if (settingOf(attr, theirs) !== settingOf(attr, mine))
              found.push({ code: 'secondLoader', attr, theirs, ours: mine });
          }
    } catch {
      // markup that shadows the document's own methods: nothing is said
    }
  return found;
}

/**
 * Replays a first visit's decision its page did not live to record (loader/pending-replay.ts: first,
 * so that the UI finds it decided), says a loader loaded with `defer`, `async` or `type="module"`,
 * or after Google's tag, another loader with other settings, and a tag marked for another consent
 * tool, then attaches the page's listeners to `consent`.
 */
export function wireTagEngineEvents(consent: Consent, facade: HookedFacade): void {
  void replayPending(consent); // its wait for `ready` comes before the UI's
  const { hooks } = facade;
  const { script } = hooks;
  const late =
    script?.type === 'module' ? 'module' : script?.defer ? 'defer' : script?.hasAttribute('async') && 'async';
  if (late) hooks.tell({ code: 'lateLoader', how: late });
  for (const d of otherLoaders(script, typeof consent.config?.jurisdiction === 'object')) hooks.tell(d);
  const google = googleBeforeDefaults(window);
  if (google) hooks.tell({ code: 'afterGoogle', ...google });
  // Another tool's marking kept (vanilla-cookieconsent's, Klaro's, Cookiebot's): such a tag never runs.
  // Read through the prototypes (markup may shadow `document.querySelector`), and never thrown.
  try {
    const marks = ['data-category', 'data-name', 'data-cookieconsent'];
    const [foreign] = queryAll(
      document,
      marks.map((a) => `script[type="text/plain"][${a}]:not([data-consent])`).join(),
    );
    const attr = marks.find((a) => foreign?.hasAttribute(a));
    if (attr) hooks.tell({ code: 'foreignMark', attr, value: foreign!.getAttribute(attr)! });
  } catch {
    /* nothing said */
  }
  const { ui } = hooks;
  // A valid decision: the stand-in launcher (the returning-visitor chunk's); without it, the UI's own.
  const decided = (): void =>
    void hooks.load<typeof ReturningChunk>('returning').then(
      (m) => m.showLauncher(facade, hooks.view, hooks, () => ui(true)),
      () => ui(false),
    );
  wireEngineEvents(consent, { ...hooks, decided });
}

/**
 * The page wiring that can wait for one round trip, shipped in the `candor-first.mjs` chunk: the UI
 * loader (a first visit's banner and locale), `[data-candor-open]` on a page the cookie does not
 * answer, and the page's listeners on the engine's events (attached before the engine is created:
 * the loader waits for this chunk before creating it). A first visit, or a page whose cookie does
 * not answer, requests it at once, in parallel with everything else; a returning visitor's page
 * (loader/returning.ts) only when the launcher is used or the engine starts.
 */
import type { Diagnostic } from '../core/diagnostics';
import type { Messages } from '../core/locale';
import type { SiteView } from '../core/site-view';
import type { fetchJson } from '../dom/fetch-json';
import { onOpenLinks } from '../dom/open-links';
import type { ChunkImporter } from './chunks';
import type { Facade } from './facade';
import { followBody } from './follow-body';
import { createUiLoader } from './ui-loader';

/** What the synchronous loader hands over. */
export interface LaterOptions {
  /** The trusted decision's expiry when the cookie answered at boot, else null. */
  readonly until: number | null;
  /** The locale the loader chose (core/locale-choice.ts). */
  readonly locale: string;
  /** A first visit: the raw config, for the banner to show before the engine, and the loader's request for the locale (ui-loader.ts). */
  readonly first: { readonly config: unknown; readonly messages?: Promise<Messages> } | undefined;
  /** The loader's URL: chunks and locales are fetched next to it. */
  readonly base: string;
  readonly report: (message: string) => void;
  /** Tells the page the current grants (gate, Consent Mode, dataLayer), when they changed. */
  readonly known: () => void;
  /** The loader's chunk import (with the build's list of each chunk's imports). */
  readonly load: ChunkImporter;
  /** Says a site owner's mistake on the console, its words loaded only then (the diagnostics chunk). */
  readonly tell: (d: Diagnostic) => void;
  /** The loader's own `<script>` (boot.ts), if found. */
  readonly script?: HTMLScriptElement | undefined;
  /**
   * The loader's JSON fetch (dom/fetch-json.ts), handed to the first layer (its locale files) and
   * to the returning-visitor chunk.
   */
  readonly json: typeof fetchJson;
  /** A returning visitor's page: the loader's import of the returning-visitor chunk (it wires the links). */
  readonly back?: Promise<unknown> | undefined;
}

/** Wires the rest of the page for `view`; returns the UI loader, `ui(open)`. */
export function wireLater(facade: Facade, view: SiteView, o: LaterOptions): (open: boolean) => void {
  const ui = createUiLoader(facade, o);
  followBody(facade);
  // Any [data-candor-open] element opens the panel. On a returning visitor's page the
  // returning-visitor chunk listens (loader/returning.ts); when it could not load, this chunk
  // does, also when the engine had this one load first (the loader's own import of it, `back`).
  const links = (): unknown => onOpenLinks(document, () => ui(true));
  if (o.until === null) links();
  else void o.back?.catch(links);
  // Once the engine is there: its events, the launcher once it finds a decision, and the check of
  // how the loader was loaded (loader/tag-engine-events.ts, in the engine chunk).
  facade.hooks = { ...o, view, ui, prompt: () => ui(false) };
  return ui;
}

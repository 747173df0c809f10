/**
 * The page wiring that can wait for one round trip, shipped as the `candor-page.mjs` chunk that
 * the synchronous loader requests at once, in parallel with everything else (so `candor.js`, which
 * blocks the page's parser, stays small): the UI loader (a first visit's banner and locale), the
 * returning visitor's stand-in launcher, `[data-candor-open]`, the moments a returning visitor's
 * page must load the engine, and the page's listeners on the engine's events (attached before the
 * engine is created: the loader waits for this chunk before creating it).
 */
import type { Diagnostic } from '../core/diagnostics';
import { siteText, type Messages } from '../core/locale';
import type { SiteView } from '../core/site-view';
import { rememberedLauncherLabel } from '../dom/launcher-label';
import { onOpenLinks } from '../dom/open-links';
import type { ChunkImporter } from './chunks';
import { watchEngineTriggers } from './engine-triggers';
import type { Facade } from './facade';
import { fetchJson } from '../dom/fetch-json';
import { showStandInLauncher, type LauncherLabel } from './stand-in-launcher';
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
  readonly importChunk: ChunkImporter;
  /** Says a site owner's mistake on the console, its words loaded only then (the diagnostics chunk). */
  readonly tell: (d: Diagnostic) => void;
  /** The loader's own `<script>` (boot.ts), if found. */
  readonly script?: HTMLScriptElement | undefined;
}

/** Wires the rest of the page for `view`. */
export function wireLater(facade: Facade, view: SiteView, o: LaterOptions): void {
  const { locale, script } = o;
  // Loaded late it still works, but inline scripts after it find no window.Candor (and Consent
  // Mode's defaults come late). Checked here, a round trip after the loader, to keep it small.
  const late =
    script?.type === 'module' ? 'module' : script?.defer ? 'defer' : script?.hasAttribute('async') && 'async';
  if (late) o.tell({ code: 'lateLoader', how: late });
  const decided = (): void => showStandInLauncher(launcherLabel(view, locale, o.base), view.theme, () => ui(true));
  const how = { locale, likely: o.until === null, first: o.first };
  const ui = createUiLoader(facade, o.base, how, o.report, o.importChunk);
  if (o.until !== null) {
    if (view.launcher) decided();
    // The page is told at once what has() now answers (nothing, once the decision has expired).
    watchEngineTriggers(() => (o.known(), void facade.start()), o.until);
  }
  // Once the engine is there: its events (loader/engine-events.ts, in the engine chunk).
  facade.hooks = { known: o.known, prompt: () => ui(false), decided };
  // Any [data-candor-open] element opens the panel (loading the UI first if needed).
  onOpenLinks(document, () => ui(true));
}

/**
 * The stand-in launcher's label in this page's locale: the site's text, else the one the UI last
 * showed in that locale, else the locale file's (its first-layer keys, fetched only then), else
 * English, marked as such.
 */
async function launcherLabel(view: SiteView, locale: string, base: string): Promise<LauncherLabel> {
  const own = siteText(view.texts, locale, 'launcher.label') ?? rememberedLauncherLabel(locale);
  if (own) return { text: own };
  const file = await fetchJson<Messages>(new URL(`locales/first/${locale}.json`, base)).catch(() => undefined);
  const text = file && Object.hasOwn(file, 'launcher.label') ? file['launcher.label'] : undefined;
  return typeof text === 'string' && text ? { text } : { text: 'Privacy settings', lang: 'en' };
}

/**
 * The script tag's start: sets Consent Mode defaults before anything else, reads the site's
 * config, creates `window.Candor` (the facade over the engine chunk) and wires the page, and
 * guards against a second copy on the same page. The engine loads at once only when the loader
 * cannot answer alone: not for a returning visitor with a trusted cookie (until something needs
 * it: loader/engine-triggers.ts), and on a first visit only once the banner is there and the
 * visitor acts (ui/engine-when.ts). Safe as the first script in <head>: it writes nothing into the
 * document before it exists and does no layout work.
 */
import type * as DiagnosticsChunk from '../chunks/diagnostics';
import type { Diagnostic } from '../core/diagnostics';
import type { Messages } from '../core/locale';
import { chooseLocale } from '../core/locale-choice';
import { firstChunks, toSiteView, type SiteView } from '../core/site-view';
import type { ConsentOptions } from '../instance/types';
import { ensureGtag, sendGcmDefault } from '../integrations/gcm';
import { detectGpc } from '../integrations/gpc';
import { fetchJson } from '../dom/fetch-json';
import { readConfig } from './config-source';
import { requestFirstChunks, importChunk } from './chunks';
import { createFacade, type CandorGlobal, type EngineModule } from './facade';
import { hasConsentCookie } from '../store/cookie';
import { readLocalCopy } from '../store/cookie-mirror';
import { readFastGrants, type FastGrants, type FastPathInput } from './fast-path';
import { wirePage, type AutoBlockInstaller } from './page-wiring';

declare global {
  interface Window {
    Candor?: CandorGlobal;
    candorConfig?: unknown;
  }
}

const report = (message: string): void => console.error(message);

/**
 * The cookie's grants, trusted only for a config the engine validated before (fail closed);
 * `was`: the grants read before, kept while nothing they came from changed (fast-path.ts).
 */
function fastGrants(config: unknown, region: string | null, was?: FastGrants | null): FastGrants | null {
  try {
    const page = (read = {
      region,
      cookies: document.cookie,
      copy: readLocalCopy(),
      secure: location.protocol === 'https:',
      now: Date.now(),
      gpc: detectGpc(),
    });
    return readFastGrants(config, page, was);
  } catch {
    return null; // cookies blocked (sandboxed frames throw): the engine decides
  }
}

/** The page's facts the fast path read last (firstVisit's too: the cookie is read once), or null. */
let read: FastPathInput | null = null;

/**
 * A first visit: no consent cookie of any name and no copy of one, for a config that denies
 * everything until the visitor opts in. No decision can exist then, so the banner shows without
 * waiting for the engine (which may still find one, e.g. with cookies cleared but not IndexedDB:
 * then the banner goes). Read from what the fast path read just before (`read`): the first read of
 * `document.cookie` takes about 14 ms at 4x CPU throttling while the page loads, a second about 1 ms.
 * None (cookies blocked: sandboxed frames throw): nothing can be stored either.
 */
const firstVisit = (view: SiteView): boolean =>
  view.optIn && (!read || (read.copy === null && !hasConsentCookie(read.cookies)));

/**
 * The loader's own `<script>`: `document.currentScript`, else (a module script, where that is
 * null) the script whose URL the running code comes from, as the stack names it. Only a real
 * script element: markup parsed before a late loader can shadow `document.currentScript` (or
 * `scripts`) with an `<img name="currentScript" src="https://attacker.example/">`, whose URL the
 * chunks would otherwise be imported from; the stack then decides. Nothing found: undefined (the
 * chunks then fail to load, and nothing is granted).
 */
function ownScript(): HTMLScriptElement | undefined {
  const own = document.currentScript;
  if (own instanceof HTMLScriptElement) return own;
  try {
    for (const s of document.scripts)
      if (s instanceof HTMLScriptElement && s.src && Error().stack?.includes(s.src)) return s;
  } catch {
    // `scripts` shadowed too (not iterable)
  }
  return undefined;
}

/**
 * Starts Candor for the current `<script>` (or attaches to an existing `window.Candor`).
 * `autoBlock` is the auto-blocking installer, given only by the auto-blocking loader
 * (`candor-autoblock.js`), so the plain loader stays within its budget.
 */
export function boot(autoBlock?: AutoBlockInstaller): void {
  // A second copy attaches to the first: one instance, one banner. Own property only: an element
  // with id="Candor" (markup parsed before a late loader) is not a first copy, and must not stop this one.
  // Nor is a name the page declared before it (`var Candor;`: own, but undefined).
  if (Object.hasOwn(window, 'Candor') && window.Candor) return;
  const script = ownScript();
  const base = script?.src || location.href;
  // A mistake's words load only when there is one (the diagnostics chunk, once each per page).
  const tell = (d: Diagnostic): void =>
    void importChunk<typeof DiagnosticsChunk>(base, 'diagnostics')
      .then((m) => m.tell(d))
      .catch(() => {});
  // An empty one is none, as for the engine (`options` below): one stamp for both.
  const region = script?.getAttribute('data-region') || null;
  const options: ConsentOptions = region ? { region } : {};
  let config: unknown;
  let failure: unknown;
  try {
    config = readConfig(script?.getAttribute('data-config'));
  } catch (e) {
    failure = e;
    // Nothing to read (`noConfig`): said in the diagnostics chunk's words, once (the facade then
    // says nothing more); an invalid selector's error the facade reports.
    if (!(e instanceof Error)) tell(e as Diagnostic);
  }
  const pending = config instanceof Promise;
  // Before any Google tag can run: every Consent Mode type denied.
  const gtag = ensureGtag(window as never);
  let known = toSiteView();
  // What a first visit's banner waits for: read with the view, so set whenever `first` can be
  // true below (no pending config, no failure).
  let chunks!: readonly string[];
  // A config whose reading throws (a Proxy, a getter): nothing is read from it; the engine's
  // start reports why, and `window.Candor` still answers (nothing granted).
  if (!pending)
    try {
      chunks = firstChunks(config);
      known = toSiteView(config);
    } catch (e) {
      failure = e;
    }
  sendGcmDefault(gtag, known, detectGpc());
  // The engine is created only once the page chunk has wired the page (its listeners come with it).
  let wired!: (need: () => Promise<unknown>) => void;
  const needPage = new Promise<() => Promise<unknown>>((r) => (wired = r));
  const load = async (): Promise<EngineModule> => {
    if (failure) throw failure;
    const page = needPage.then((need) => need());
    // No config at all throws in readConfig; a promise of nothing (window.candorConfig) reaches the
    // engine, which reports an invalid config (e2e: config-source.spec.ts).
    const [engine, resolved] = await Promise.all([importChunk<EngineModule>(base, 'engine'), config, page]);
    config = resolved;
    return engine;
  };
  // Read now, and again if the page comes back from the back/forward cache before the engine has loaded.
  const readFast = pending ? null : (was?: FastGrants | null) => fastGrants(config, region, was);
  const fast = readFast?.();
  const facade = createFacade(load, () => config, options, report, fast, Date.now, readFast);
  window.Candor = facade.candor;
  const nonce = script?.nonce ?? '';
  const wire = (view: SiteView, until: number | null, first: boolean): void => {
    // The one choice of locale for the page; a first visit asks for its first layer with the chunks.
    const locale = chooseLocale(view.locale, document.documentElement.lang, navigator.languages);
    const start = first
      ? { config, messages: fetchJson<Messages>(new URL(`locales/first/${locale}.json`, base)) }
      : undefined;
    start?.messages.catch(() => {}); // reported when the banner mounts
    const wiring = { gtag, base, report, tell, script, json: fetchJson, nonce, until, locale, first: start };
    wired(wirePage(facade, view, wiring, autoBlock));
    // What the banner waits for, in parallel (the first layer's import is the page wiring's own), and
    // the banner in the page's first frame, unless the loader has a nonce (chunks.ts) or the page asks
    // to paint first. After the page wiring's import of the first layer: that import is the module's
    // first client, so it runs the chunk, and mounts the banner, before the hold's element ends it.
    if (first) requestFirstChunks(!nonce && !script?.hasAttribute('data-paint-early') && script, base, chunks);
  };
  if (!pending) {
    const view = known;
    // Decided: the engine loads only when needed. A first visit: when the visitor acts (ui/engine-when.ts). Else: now.
    const first = !fast && !failure && firstVisit(view);
    // A placeholder's grant alone decided nothing else: the engine starts to ask the visitor.
    const decided = fast && !fast.servicesOnly ? fast.until : null;
    wire(view, decided, first);
    if (decided === null && !first) void facade.start();
  } else {
    void (config as Promise<unknown>)
      .then((c) => {
        const view = toSiteView(c);
        if (autoBlock && view.autoBlock) tell({ code: 'autoBlockLate' }); // too late for what came meanwhile
        if (Object.keys(view.gcm.regions).length) sendGcmDefault(gtag, view, detectGpc());
        wire(view, null, false);
      })
      // None, or one whose reading throws (a getter): the engine's start, which waits for the
      // wiring, fails with it and reports it once (and `ready` resolves).
      .catch((e: unknown) => wired(() => Promise.reject(e)));
    void facade.start();
  }
}

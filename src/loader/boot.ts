/**
 * The script tag's start: sets Consent Mode defaults before anything else, reads the site's
 * config, creates `window.Candor` (the facade over the engine chunk) and wires the page, and
 * guards against a second copy on the same page. Safe as the first script in <head>: it writes
 * nothing into the document before it exists and does no layout work.
 */
import { toSiteView } from '../core/site-view';
import type { ConsentOptions } from '../instance/types';
import { ensureGtag, sendGcmDefault } from '../integrations/gcm';
import { detectGpc } from '../integrations/gpc';
import { readConfig } from './config-source';
import { createFacade, type CandorGlobal, type EngineModule } from './facade';
import { readLocalCopy } from '../store/cookie-mirror';
import { readFastGrants, type FastGrants } from './fast-path';
import { wirePage, type AutoBlockInstaller } from './page-wiring';

declare global {
  interface Window {
    Candor?: CandorGlobal;
    candorConfig?: unknown;
  }
}

const report = (message: string): void => console.error(message);

/** The cookie's grants, trusted only for a config the engine validated before (fail closed). */
function fastGrants(config: unknown, region: string | null): FastGrants | null {
  try {
    return readFastGrants(config, {
      region,
      cookies: document.cookie,
      copy: readLocalCopy(),
      secure: location.protocol === 'https:',
      now: Date.now(),
      gpc: detectGpc(),
    });
  } catch {
    return null; // cookies blocked (sandboxed frames throw): the engine decides
  }
}

/**
 * Starts Candor for the current `<script>` (or attaches to an existing `window.Candor`).
 * `autoBlock` is the auto-blocking installer, given only by the auto-blocking loader
 * (`candor-autoblock.js`), so the plain loader stays within its budget.
 */
export function boot(autoBlock?: AutoBlockInstaller): void {
  if (window.Candor) return; // a second copy attaches to the first: one instance, one banner
  const script = document.currentScript as HTMLScriptElement | null;
  const base = script?.src || location.href;
  const region = script?.getAttribute('data-region') ?? null;
  const options: ConsentOptions = region ? { region } : {};
  let config: unknown;
  let failure: unknown;
  try {
    config = readConfig(script?.getAttribute('data-config'));
  } catch (e) {
    failure = e;
  }
  const pending = config instanceof Promise;
  // Before any Google tag can run: every Consent Mode type denied.
  const gtag = ensureGtag(window as never);
  sendGcmDefault(gtag, toSiteView(pending ? undefined : config));
  const load = async (): Promise<EngineModule> => {
    if (failure) throw failure;
    const [engine, resolved] = await Promise.all([
      import(/* @vite-ignore */ new URL('candor-engine.mjs', base).href) as Promise<EngineModule>,
      config,
    ]);
    if (resolved === undefined)
      throw new Error('no config: give data-config="#candor-config" or set window.candorConfig before the loader');
    config = resolved;
    return engine;
  };
  // Read now, and again if the page comes back from the back/forward cache before the engine has loaded.
  const readFast = pending ? null : () => fastGrants(config, region);
  const fast = readFast?.() ?? null;
  const candor = (window.Candor = createFacade(load, () => config, options, report, fast, Date.now, readFast));
  const wiring = { gtag, base, report, ...(autoBlock ? { autoBlock } : {}) };
  if (!pending) wirePage(candor, toSiteView(config), { ...wiring, decided: fast !== null });
  else
    void (config as Promise<unknown>).then(
      (c) => {
        const view = toSiteView(c);
        if (Object.keys(view.gcm.regions).length) sendGcmDefault(gtag, view);
        wirePage(candor, view, { ...wiring, decided: false });
      },
      () => {},
    );
}

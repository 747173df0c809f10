/**
 * The script-tag entry (`dist/candor.js`): reads the site's config, creates `window.Candor`, and
 * guards against a second copy on the same page. The only module with effects at import time.
 * It writes nothing to the DOM and does no layout work, so it is safe as the first script in <head>.
 */
import { sha256 } from './core/sha256';
import type { ConsentOptions } from './instance';
import { createFacade, type CandorGlobal, type EngineModule } from './loader';
import { readFastGrants, type FastGrants } from './store/fast-path';

declare global {
  interface Window {
    Candor?: CandorGlobal;
    candorConfig?: unknown;
  }
}

const report = (message: string): void => console.error(message);

function readConfig(source: string | null | undefined): Promise<unknown> | unknown {
  if (!source) return window.candorConfig;
  if (/^(\/|\.\.?\/|https?:)/.test(source)) {
    const url = new URL(source, location.href);
    if (url.origin !== location.origin) throw new Error(`data-config URL "${source}" must be same-origin`);
    return fetch(url, { credentials: 'same-origin' }).then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status} for ${source}`))));
  }
  const el = document.querySelector(source);
  if (!el) throw new Error(`data-config "${source}" matches no element; put the JSON <script> before the loader`);
  try {
    return JSON.parse(el.textContent ?? '');
  } catch (e) {
    throw new Error(`the config in ${source} is not valid JSON (${String(e)})`, { cause: e });
  }
}

/** The cookie's grants, trusted only for a config the engine validated before (fail closed). */
function fastGrants(config: unknown, region: string | null): FastGrants | null {
  if (config === undefined || config instanceof Promise) return null;
  try {
    const gpc = (navigator as { globalPrivacyControl?: unknown }).globalPrivacyControl === true;
    return readFastGrants(config, region, document.cookie, Date.now(), gpc, sha256);
  } catch {
    return null; // cookies blocked (sandboxed frames throw): the engine decides
  }
}

function boot(): void {
  if (window.Candor) return; // a second copy attaches to the first: one instance, one banner
  const script = document.currentScript as HTMLScriptElement | null;
  const base = script?.src || location.href;
  const region = script?.getAttribute('data-region');
  const options: ConsentOptions = region ? { region } : {};
  let config: unknown;
  let failure: unknown;
  try {
    config = readConfig(script?.getAttribute('data-config'));
  } catch (e) {
    failure = e;
  }
  const load = async (): Promise<EngineModule> => {
    if (failure) throw failure;
    const [engine, resolved] = await Promise.all([import(/* @vite-ignore */ new URL('candor-engine.mjs', base).href) as Promise<EngineModule>, config]);
    if (resolved === undefined) throw new Error('no config: give data-config="#candor-config" or set window.candorConfig before the loader');
    config = resolved;
    return engine;
  };
  window.Candor = createFacade(load, () => config, options, report, fastGrants(config, region ?? null));
}

try {
  boot();
} catch (e) {
  report(`Candor: could not start: ${String(e)}`); // never throw into the host page
}

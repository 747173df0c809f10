/**
 * The script-tag entry (`dist/candor.js`): sets Consent Mode defaults before anything else, reads
 * the site's config, creates `window.Candor`, starts the gate (and auto-blocking), and guards
 * against a second copy on the same page. The only module with effects at import time. Safe as
 * the first script in <head>: it writes nothing into the document before it exists and does no
 * layout work.
 */
import { toSiteView, type SiteView } from './core/site-view';
import { installAutoBlock } from './gate/autoblock';
import type { Gate } from './gate/gate';
import type * as GateChunkModule from './gate-chunk';
import type * as BannerChunkModule from './banner-entry';
import type { Consent, ConsentEvents, ConsentOptions } from './instance';
import { dispatchCandorEvent, pushConsentUpdate } from './integrations/events';
import { ensureGtag, sendGcmDefault, sendGcmUpdate } from './integrations/gcm';
import { detectGpc } from './integrations/gpc';
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
  try {
    return readFastGrants(config, region, document.cookie, Date.now(), detectGpc());
  } catch {
    return null; // cookies blocked (sandboxed frames throw): the engine decides
  }
}

type GateChunk = typeof GateChunkModule;
type BannerChunk = typeof BannerChunkModule;

/**
 * The first-layer UI chunk, loaded once, only when needed: at boot when no trusted decision exists
 * (in parallel with the engine), else when the panel is opened. It fetches only the chosen locale.
 */
function createUiLoader(candor: CandorGlobal, base: string, early: string | null): (open: boolean) => void {
  let chunk: Promise<BannerChunk> | undefined;
  const load = (): Promise<BannerChunk> => (chunk ??= import(/* @vite-ignore */ new URL('candor-banner.mjs', base).href) as Promise<BannerChunk>);
  // `early` is the configured locale when no decision is trusted yet: the banner is likely needed.
  if (early) load().then((m) => m.prefetchLocale(early), () => {}); // failures are reported when mounting
  let handle: Promise<{ open(): void } | null> | undefined;
  return (open) => {
    handle ??= (async () => {
      await candor.ready;
      if (!document.body) await new Promise((r) => document.addEventListener('DOMContentLoaded', r, { once: true }));
      if (!candor.config) return null; // invalid config: no UI, nothing granted
      return (await load()).mountBanner(candor as Consent);
    })().catch((e: unknown) => (report(`Candor: could not load the consent UI: ${String(e)}`), null));
    if (open) void handle.then((h) => h?.open());
  };
}

/**
 * A returning visitor downloads no UI: this small button (no framework) stands in for the UI's
 * launcher and loads the panel on demand.
 */
function showLauncher(label: string, onClick: () => void): void {
  if (document.querySelector('[data-candor-launcher],[data-candor-ui]')) return;
  const host = document.createElement('div');
  host.setAttribute('data-candor-launcher', '');
  const root = host.attachShadow({ mode: 'open' });
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(LAUNCHER_CSS);
    root.adoptedStyleSheets = [sheet];
  } catch {
    /* unstyled but usable */
  }
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = label;
  button.addEventListener('click', onClick);
  root.append(button);
  document.body.append(host);
}

// The same look as the UI's launcher (ui/styles.ts), in as few bytes as possible.
const LAUNCHER_CSS =
  'button{position:fixed;z-index:2147482999;bottom:1rem;inset-inline-start:1rem;font:16px system-ui,sans-serif;min-height:44px;padding:0 .9rem;border:2px solid #1d4ed8;border-radius:2rem;background:#fff;color:#1a1a1a}' +
  'button:focus-visible{outline:3px solid #b45309}';

/** Gating, Consent Mode updates, dataLayer and DOM events for one config. */
function wire(candor: CandorGlobal, view: SiteView, gtag: ReturnType<typeof ensureGtag>, decided: boolean, base: string): void {
  const has = (c: string): boolean => candor.has(c as never);
  const lang = (document.documentElement.lang || 'en').split('-')[0] ?? 'en';
  const t = { ...view.texts['en'], ...view.texts[lang] };
  let gate: Gate | undefined;
  let chunk: Promise<GateChunk> | undefined;
  // The gate chunk loads once the page has something to gate.
  const needGate = (): Promise<GateChunk> =>
    (chunk ??= (import(/* @vite-ignore */ new URL('candor-gate.mjs', base).href) as Promise<GateChunk>).then((m) => {
      watch.disconnect();
      gate = m.createGate({
        doc: document,
        view,
        has,
        texts: { ...(t['placeholder.text'] ? { text: t['placeholder.text'] } : {}), ...(t['placeholder.button'] ? { button: t['placeholder.button'] } : {}) },
        grant(condition) {
          const purposes: Record<string, boolean> = {};
          const services: Record<string, boolean> = {};
          for (const id of condition.split(',').map((s) => s.trim())) (view.services.some((s) => s.id === id) ? services : purposes)[id] = true;
          void candor.update({ purposes, services }, { method: 'placeholder' });
        },
        onError: (e) => report(`Candor: a gated element failed: ${String(e)}`),
      });
      gate.apply();
      return m;
    }));
  const marked = (n: Node): boolean => n.nodeType === 1 && ((n as Element).matches('[data-consent]') || !!(n as Element).querySelector('[data-consent]'));
  const watch = new MutationObserver((records) => {
    if (records.some((r) => Array.from(r.addedNodes).some(marked))) void needGate().catch((e: unknown) => report(`Candor: could not load the gate: ${String(e)}`));
  });
  watch.observe(document.documentElement, { childList: true, subtree: true });
  if (document.querySelector('[data-consent]')) void needGate();
  if (view.autoBlock) installAutoBlock(window, view.services, has, (el) => void needGate().then(() => gate?.process(el)));

  const known = (): void => {
    gate?.apply();
    sendGcmUpdate(gtag, view, has);
    const flags = (ids: readonly { id: string }[]) => Object.fromEntries(ids.map(({ id }) => [id, has(id)]));
    pushConsentUpdate(window as { dataLayer?: unknown[] }, { purposes: flags(view.purposes), services: flags(view.services) });
  };
  if (decided) known();
  const ui = createUiLoader(candor, base, decided ? null : view.locale);
  candor.on('ready', (state) => {
    known();
    dispatchCandorEvent(document, 'ready', state);
    if (candor.needsPrompt?.value) ui(false);
    else if (candor.config?.ui.launcher) {
      const label = candor.config.texts[lang]?.['launcher.label'] ?? candor.config.texts['en']?.['launcher.label'] ?? 'Privacy settings';
      const show = (): void => showLauncher(label, () => ui(true));
      if (document.body) show();
      else document.addEventListener('DOMContentLoaded', show, { once: true });
    }
  });
  candor.on('prompt', () => ui(false));
  // Any [data-candor-open] element opens the panel (loading the UI first if needed).
  document.addEventListener('click', (e) => {
    if (!(e.target as Element | null)?.closest?.('[data-candor-open]') || document.querySelector('[data-candor-ui]')) return;
    e.preventDefault();
    ui(true);
  });
  candor.on('change', (e: ConsentEvents['change']) => {
    const revoked = view.services.filter((s) => e.previous.services[s.id] && !e.state.services[s.id]);
    known();
    dispatchCandorEvent(document, 'change', e);
    if (!revoked.length) return;
    void needGate().then((m) => {
      for (const s of revoked) m.deleteCookies(document, location, s.cookies);
      // A script that ran cannot be unrun: only a reload stops it (config `reloadOnRevoke`).
      const reloadRecommended = gate?.hasRevokedScripts() ?? false;
      dispatchCandorEvent(document, 'revoke', { services: revoked.map((s) => s.id), reloadRecommended });
      if (reloadRecommended && view.reloadOnRevoke) location.reload();
    });
  });
  candor.on('prompt', (p) => dispatchCandorEvent(document, 'prompt', p));

  candor.on('error', (e) => dispatchCandorEvent(document, 'error', e));
}

function boot(): void {
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
    const [engine, resolved] = await Promise.all([import(/* @vite-ignore */ new URL('candor-engine.mjs', base).href) as Promise<EngineModule>, config]);
    if (resolved === undefined) throw new Error('no config: give data-config="#candor-config" or set window.candorConfig before the loader');
    config = resolved;
    return engine;
  };
  const fast = pending ? null : fastGrants(config, region);
  const candor = (window.Candor = createFacade(load, () => config, options, report, fast));
  if (!pending) wire(candor, toSiteView(config), gtag, fast !== null, base);
  else
    void (config as Promise<unknown>).then(
      (c) => {
        const view = toSiteView(c);
        if (Object.keys(view.gcm.regions).length) sendGcmDefault(gtag, view);
        wire(candor, view, gtag, false, base);
      },
      () => {},
    );
}

try {
  boot();
} catch (e) {
  report(`Candor: could not start: ${String(e)}`); // never throw into the host page
}

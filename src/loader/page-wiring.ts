/**
 * The script tag's page wiring for one config: gating (the gate chunk loads once the page has a
 * marked element), auto-blocking, Consent Mode updates, dataLayer pushes, `candor:*` DOM events,
 * cookie clean-up on revoke, the UI when a prompt is needed, the stand-in launcher and
 * `[data-candor-open]`. It reads the instance only through `has()`, its events and its config.
 */
import type * as GateChunk from '../chunks/gate';
import { siteText } from '../core/locale';
import type { SiteView } from '../core/site-view';
import { watchAddedElements, type OnAddedElements } from '../dom/added-elements';
import { rememberedLauncherLabel } from '../dom/launcher-label';
import { onOpenLinks } from '../dom/open-links';
import type { installAutoBlock } from '../gate/autoblock';
import type { Gate } from '../gate/gate';
import type { ConsentEvents } from '../instance/types';
import { dispatchCandorEvent, pushConsentUpdate } from '../integrations/events';
import { sendGcmUpdate, type Gtag } from '../integrations/gcm';
import type { CandorGlobal } from './facade';
import { showStandInLauncher } from './stand-in-launcher';
import { createUiLoader } from './ui-loader';

/** What `wirePage` needs besides the instance and the config's view. */
export interface PageWiringOptions {
  readonly gtag: Gtag;
  /** A trusted decision was known at boot (the cookie): apply it at once. */
  readonly decided: boolean;
  /** The loader's URL: chunks and locales are fetched next to it. */
  readonly base: string;
  readonly report: (message: string) => void;
  /** Auto-blocking, in the auto-blocking loader only (`candor-autoblock.js`). @default none */
  readonly autoBlock?: AutoBlockInstaller;
}

/** Installs auto-blocking (gate/autoblock.ts), passed in so that only one loader bundles it. */
export type AutoBlockInstaller = typeof installAutoBlock;

/**
 * The loader's CSP nonce, read while the loader runs (the property: browsers hide the attribute).
 * With one, the gate revives only marked scripts that carry it (docs/csp.md).
 */
const loaderNonce = (document.currentScript as HTMLScriptElement | null)?.nonce ?? '';

/** Wires `candor` into the page for `view`. */
export function wirePage(candor: CandorGlobal, view: SiteView, o: PageWiringOptions): void {
  const has = (c: string): boolean => candor.has(c as never);
  const onAdded = watchAddedElements(document);
  // Elements auto-blocking held back from a running script's DOM calls: the gate may revive them without a nonce.
  const fromScripts = new WeakSet<Element>();
  const gate = loadGateOnDemand(candor, view, o, onAdded, (el) => fromScripts.has(el));
  const onHold = (el: Element, fromScript: boolean): void => {
    if (fromScript) fromScripts.add(el);
    void gate.need().then(() => gate.current()?.process(el));
  };
  if (view.autoBlock && o.autoBlock) o.autoBlock(window, view.services, has, onHold, onAdded);
  // Without the auto-blocking loader, unmarked tags are not held back: say so at once, loudly.
  else if (view.autoBlock)
    o.report('Candor: autoBlock needs candor-autoblock.js in place of candor.js; unmarked tags are NOT held back');

  const known = (): void => {
    gate.current()?.apply();
    sendGcmUpdate(o.gtag, view, has);
    const flags = (ids: readonly { id: string }[]) => Object.fromEntries(ids.map(({ id }) => [id, has(id)]));
    pushConsentUpdate(window as { dataLayer?: unknown[] }, {
      purposes: flags(view.purposes),
      services: flags(view.services),
    });
  };
  if (o.decided) known();
  const ui = createUiLoader(candor, o.base, o.decided ? null : view.locale, o.report);
  candor.on('ready', (state) => {
    known();
    dispatchCandorEvent(document, 'ready', state);
    if (candor.needsPrompt?.value) ui(false);
    // The label in the locale the engine chose: the site's text, else the one the UI last showed
    // in that locale (no locale file is fetched for it), else English.
    else if (candor.config?.ui.launcher) {
      const locale = candor.locale ?? 'en';
      showStandInLauncher(
        siteText(view.texts, locale, 'launcher.label') ?? rememberedLauncherLabel(locale) ?? 'Privacy settings',
        () => ui(true),
      );
    }
  });
  candor.on('prompt', (p) => {
    ui(false);
    dispatchCandorEvent(document, 'prompt', p);
  });
  // Any [data-candor-open] element opens the panel (loading the UI first if needed).
  onOpenLinks(document, () => ui(true));
  candor.on('change', (e: ConsentEvents['change']) => {
    known();
    dispatchCandorEvent(document, 'change', e);
    const revoked = view.services.filter((s) => e.previous.services[s.id] && !e.state.services[s.id]);
    if (revoked.length) void gate.need().then((m) => onRevoke(m, gate.current(), revoked, view.reloadOnRevoke));
  });
  candor.on('error', (e) => dispatchCandorEvent(document, 'error', e));
}

/** Deletes the revoked services' cookies and tells the page whether only a reload unruns their scripts. */
function onRevoke(
  m: typeof GateChunk,
  gate: Gate | undefined,
  revoked: SiteView['services'],
  reloadOnRevoke: boolean,
): void {
  for (const s of revoked) m.deleteCookies(document, location, s.cookies);
  // A script that ran cannot be unrun: only a reload stops it (config `reloadOnRevoke`).
  const reloadRecommended = gate?.hasRevokedScripts() ?? false;
  dispatchCandorEvent(document, 'revoke', { services: revoked.map((s) => s.id), reloadRecommended });
  if (reloadRecommended && reloadOnRevoke) location.reload();
}

/**
 * The gate chunk, loaded once the page has something to gate (a marked element now or later,
 * an element auto-blocking held back, or cookies to delete); added elements are fed to it.
 */
function loadGateOnDemand(
  candor: CandorGlobal,
  view: SiteView,
  o: PageWiringOptions,
  onAdded: OnAddedElements,
  vouched: (el: Element) => boolean,
): { need(): Promise<typeof GateChunk>; current(): Gate | undefined } {
  let gate: Gate | undefined;
  let chunk: Promise<typeof GateChunk> | undefined;
  const need = (): Promise<typeof GateChunk> =>
    (chunk ??= (import(/* @vite-ignore */ new URL('candor-gate.mjs', o.base).href) as Promise<typeof GateChunk>).then(
      (m) => {
        stopWaiting();
        const g = m.createGate({
          doc: document,
          view,
          has: (c) => candor.has(c as never),
          grant: (ids) => void candor.update(grantsFor(view, ids), { method: 'placeholder' }),
          nonce: loaderNonce,
          vouched,
          onError: (e) => o.report(`Candor: a gated element failed: ${String(e)}`),
        });
        gate = g;
        onAdded((el) => g.scan(el));
        g.apply();
        return m;
      },
    ));
  const marked = (el: Element): boolean => el.matches('[data-consent]') || !!el.querySelector('[data-consent]');
  const stopWaiting = onAdded(
    (el) =>
      void (marked(el) && need().catch((e: unknown) => o.report(`Candor: could not load the gate: ${String(e)}`))),
  );
  if (document.querySelector('[data-consent]')) void need();
  return { need, current: () => gate };
}

/** What a placeholder's button grants: just the services it names (`a,b`), never a whole purpose. */
function grantsFor(view: SiteView, ids: string): { services: Record<string, boolean> } {
  const services: Record<string, boolean> = {};
  for (const id of ids.split(',').map((s) => s.trim())) if (view.services.some((s) => s.id === id)) services[id] = true;
  return { services };
}

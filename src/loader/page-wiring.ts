/**
 * The script tag's page wiring for one config: gating (the gate chunk loads once the page has a
 * marked element), auto-blocking, Consent Mode updates, dataLayer pushes, `candor:*` DOM events,
 * cookie clean-up on revoke, the UI when a prompt is needed, the stand-in launcher and
 * `[data-candor-open]`. It reads the instance only through `has()`, its events and its config.
 */
import type * as GateChunk from '../chunks/gate';
import type * as PageChunk from '../chunks/page';
import type { SiteView } from '../core/site-view';
import { watchAddedElements, type OnAddedElements } from '../dom/added-elements';
import type { installAutoBlock } from '../gate/autoblock';
import type { Gate } from '../gate/gate';
import type { Gtag } from '../integrations/gcm';
import type { CandorGlobal, Facade } from './facade';
import { importChunk } from './chunks';
import { createGrantNews } from './grant-news';
import type { LaterOptions } from './page-later';

/** What `wirePage` needs besides the facade and the config's view. */
export interface PageWiringOptions extends Omit<LaterOptions, 'known' | 'importChunk'> {
  readonly gtag: Gtag;
  /** Auto-blocking, in the auto-blocking loader only (`candor-autoblock.js`). @default none */
  readonly autoBlock?: AutoBlockInstaller;
  /**
   * The loader's CSP nonce, read while the loader runs (the property: browsers hide the attribute),
   * from its own tag (boot.ts: also a module script's). With one, the gate revives only marked
   * scripts that carry it (docs/csp.md).
   */
  readonly nonce: string;
}

/** Installs auto-blocking (gate/autoblock.ts), passed in so that only one loader bundles it. */
export type AutoBlockInstaller = typeof installAutoBlock;

/**
 * Wires `facade` into the page for `view`; resolves once the page chunk has wired the rest (the
 * engine must not be created before: its listeners come with that chunk).
 */
export function wirePage(facade: Facade, view: SiteView, o: PageWiringOptions): Promise<void> {
  const { candor } = facade;
  const has = (c: string): boolean => candor.has(c as never);
  const onAdded = watchAddedElements(document);
  // Elements auto-blocking held back from a running script's DOM calls: the gate may revive them without a nonce.
  const fromScripts = new WeakSet<Element>();
  // A first visit has nothing to release before the engine (nothing is granted): the gate comes
  // with it, after the banner, instead of competing with the banner for the network and the CPU.
  const after = o.first ? facade.loaded : Promise.resolve(undefined);
  const gate = loadGateOnDemand(candor, view, o, onAdded, (el) => fromScripts.has(el), after);
  const onHold = (el: Element, fromScript: boolean): void => {
    if (fromScript) fromScripts.add(el);
    void gate.need().then(() => gate.current()?.process(el));
  };
  if (view.autoBlock && o.autoBlock) o.autoBlock(window, view.services, has, onHold, onAdded);
  // Without the auto-blocking loader, unmarked tags are not held back: say so at once, loudly.
  else if (view.autoBlock) o.tell({ code: 'autoBlockLoader' });

  // Gate, Consent Mode, dataLayer and revocations (this page, another tab, the engine loading
  // after the cookie answered): the rule candor/page shares (grant-news.ts).
  const known = createGrantNews(view, has, o.gtag, gate);
  if (o.until !== null) known();
  // The rest, one round trip later (loader/page-later.ts); the engine is created after it.
  const load = <T>(name: string): Promise<T> => importChunk<T>(o.base, name);
  return load<typeof PageChunk>('page').then(
    (m) => m.wireLater(facade, view, { ...o, known, importChunk: load }),
    (e: unknown) => {
      // No launcher, no triggers, no other tab's news: the cookie answers no more (fail closed), and the page hears it.
      void facade.start().then(known);
      throw e;
    },
  );
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
  after: Promise<unknown>,
): { need(): Promise<typeof GateChunk>; current(): Gate | undefined } {
  let gate: Gate | undefined;
  let chunk: Promise<typeof GateChunk> | undefined;
  const need = (): Promise<typeof GateChunk> =>
    (chunk ??= after
      .then(() => importChunk<typeof GateChunk>(o.base, 'gate'))
      .then((m) => {
        stopWaiting();
        const g = (gate = m.attachGate({ view, candor, nonce: o.nonce, vouched, report: o.report }));
        onAdded((el) => g.scan(el));
        return m;
      }));
  const marked = (el: Element): boolean => el.matches('[data-consent]') || !!el.querySelector('[data-consent]');
  const stopWaiting = onAdded(
    (el) =>
      void (marked(el) && need().catch((e: unknown) => o.report(`Candor: could not load the gate: ${String(e)}`))),
  );
  if (document.querySelector('[data-consent]')) void need();
  return { need, current: () => gate };
}

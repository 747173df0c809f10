/**
 * The script tag's page wiring for one config: gating (a returning visitor's granted inline tags
 * run by the loader itself, fast-gate.ts; the gate chunk loads for any other marked element),
 * auto-blocking, Consent Mode updates, dataLayer pushes, `candor:*` DOM events, cookie clean-up on
 * revoke, the UI when a prompt is needed, the stand-in launcher and `[data-candor-open]`. It reads
 * the instance only through `has()`, its events and its config.
 */
import type * as EngineChunk from '../chunks/engine';
import type * as GateChunk from '../chunks/gate';
import type * as FirstChunk from '../chunks/first';
import type * as ReturningChunk from '../chunks/returning';
import type { SiteView } from '../core/site-view';
import { watchAddedElements, type OnAddedElements } from '../dom/added-elements';
import type { installAutoBlock } from '../gate/autoblock';
import type { Gate } from '../gate/gate';
import type { Gtag } from '../integrations/gcm';
import type { Facade } from './facade';
import { importChunk } from './chunks';
import { runNow } from './fast-gate';
import { createGrantNews } from './grant-news';
import type { LaterOptions } from './page-later';

/**
 * Whether the page is still being parsed, through Document's own accessor: markup before a loader
 * placed late, or after it, can shadow `document.readyState` (`<img name="readyState">`: DOM
 * clobbering, docs/security.md).
 */
const loading = (): boolean => Reflect.get(Document.prototype, 'readyState', document) === 'loading';

/** What `wirePage` needs besides the facade and the config's view. */
export interface PageWiringOptions extends Omit<LaterOptions, 'known' | 'load'> {
  readonly gtag: Gtag;
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
 * Wires `facade` into the page for `view`. Returns `needPage()`, which loads the page chunk (UI
 * loader, the page's listeners on the engine) once and resolves when it has wired them: the
 * engine must not be created before. A page the cookie answers (a returning visitor) gets the
 * returning-visitor chunk instead (stand-in launcher, `[data-candor-open]`, the moments that load
 * the engine), and the page chunk only when the UI or the engine is needed. `autoBlock`: the
 * auto-blocking installer, in the auto-blocking loader only (`candor-autoblock.js`); an argument of
 * its own, not an option, so that the plain loader's build sees it is never given (and drops
 * what only it needs).
 */
export function wirePage(
  facade: Facade,
  view: SiteView,
  o: PageWiringOptions,
  autoBlock?: AutoBlockInstaller,
): () => Promise<unknown> {
  const granted = (c: string): boolean => facade.candor.has(c as never);
  // What releases a tag (the fast path, auto-blocking) first tells Consent Mode and the dataLayer any
  // grant they have not heard yet, as the gate does (`known(0)`, gate-wiring.ts): a tag the site adds
  // on `candor:change` comes before the news, which follows a task later (engine-events.ts). Called
  // only once this function has returned (at DOMContentLoaded, from the observer's microtask, from a
  // page script's DOM call), when `known` below is set. Nothing before the page's first telling: a
  // placeholder's grant read from the cookie alone waits for the engine's (it reads storage first).
  const has = (c: string): boolean => !!known(0) && granted(c);
  // Also the chunks' (loader/follow-body.ts): the loader has no byte left for it.
  const onAdded = (facade.added = watchAddedElements(document));
  // Elements auto-blocking held back from a running script's DOM calls: the gate may revive them without a nonce
  // (none without auto-blocking: the plain loader's build then drops the set).
  const fromScripts = new WeakSet<Element>();
  const vouched = (el: Element): boolean => !!autoBlock && fromScripts.has(el);
  const gate = loadGateOnDemand(facade, view, o, onAdded, vouched, has);
  const onHold = (el: Element, fromScript: boolean): void => {
    if (fromScript) fromScripts.add(el);
    void gate.need().then(() => gate.current()?.process(el));
  };
  if (view.autoBlock && autoBlock) autoBlock(window, view.services, has, onHold, onAdded);
  // Without the auto-blocking loader, unmarked tags are not held back: say so at once, loudly.
  else if (view.autoBlock) o.tell({ code: 'autoBlockLoader' });

  const load = <T>(name: string): Promise<T> => importChunk<T>(o.base, name);
  // Gate, Consent Mode, dataLayer and revocations (this page, another tab, the engine loading
  // after the cookie answered): the rule candor/page shares (grant-news.ts). What follows a
  // revocation comes with the engine (revoke.ts), which every revocation made on this page goes
  // through, so it needs no request then; one that came from elsewhere (another tab, a page
  // restored from the back/forward cache) starts it. The engine's own import, loaded by then: it
  // does not fail (an engine file of another release is not supported: README, "Copy the folder").
  // An engine that failed is no revocation (revoke.ts): it has said so, and nothing follows.
  // Judged once the engine has read the decision (revoke.ts: `ready`).
  const known = (facade.known = createGrantNews(view, granted, o.gtag, gate.current, (gone, purposes) =>
    facade
      .start()
      .then((i) => i && load<typeof EngineChunk>('engine').then((m) => m.onRevoke(gone, view, has, purposes, i.ready))),
  ));
  const failed = (e: unknown): void => {
    o.report(`Candor: could not load the page wiring: ${String(e)}`);
    // No launcher, no UI, no listeners on the engine: the cookie answers no more (fail closed), and the page hears it.
    void facade.start().then(known);
  };
  let page: Promise<(open: boolean) => void> | undefined;
  // A returning visitor's: the returning-visitor chunk's import (the page chunk listens for
  // `[data-candor-open]` itself when it fails, however early the engine had the page chunk load).
  let back: Promise<typeof ReturningChunk> | undefined;
  const needPage = (later = o.until): Promise<(open: boolean) => void> =>
    (page ??= load<typeof FirstChunk>('first').then(
      (m) => m.wireLater(facade, view, { ...o, until: later, known, load, back }),
      (e: unknown) => {
        failed(e);
        throw e;
      },
    ));
  const { until } = o;
  // Once the page is parsed (the listener is a resolver, left after its one call).
  const parsed = new Promise((r: (v?: unknown) => void) =>
    loading() ? document.addEventListener('DOMContentLoaded', r) : r(),
  );
  // Then the marked elements the page holds (the fast path waits for this moment; those added later
  // are seen as they come): after Consent Mode and the dataLayer have heard the grants below, so
  // that a tag the fast path runs does not go out before its update. Settles once they are handled
  // (with the gate chunk's import, if they needed the gate).
  const looked = parsed.then(() => gate.look(document));
  if (until !== null) {
    known();
    // The chunk then waits for the gate, if the page needs it, to have run its tags (at most 3 s):
    // the stand-in launcher and the engine's triggers can wait, the page's tags should not.
    back = parsed.then(() => load<typeof ReturningChunk>('returning'));
    void back.then(
      (m) => m.wireReturning(facade, view, { ...o, until, known, page: needPage, gate: looked }),
      (e: unknown) => {
        // Wired as a page the cookie does not answer: `[data-candor-open]`, and the UI's own launcher.
        void needPage(null).catch(() => {});
        failed(e);
      },
    );
  } else void needPage().catch(() => {});
  return needPage;
}

/**
 * When the gate may load, for a marked element that shows something before a decision (true) or
 * for the rest. A first visit has nothing to release before a decision (nothing is granted): its
 * gate comes with the engine (a decision, or one found in storage: ui/engine-when.ts), or, for a
 * page with a marked element that shows something before one (an embed's placeholder: any marked
 * element but a script) or an element auto-blocking held back, once the banner has been painted
 * (`candor:banner-shown`, ui/shell.ts), instead of competing with the banner for the network and
 * the CPU (the bench saw it before the banner's frame). A page whose marked elements are all
 * scripts thus runs no gate before the visitor acts (issue 16). Any other page: at once.
 */
function gateMoments(facade: Facade, first: unknown): (shown: boolean) => Promise<unknown> {
  const decided = first ? facade.loaded : Promise.resolve();
  const painted = first
    ? new Promise((go) => (document.addEventListener('candor:banner-shown', go), decided.then(go)))
    : decided;
  return (shown) => (shown ? painted : decided);
}

/** A marked element that nothing handled yet (`data-candor`: the gate's, or run by the fast path). */
const UNHANDLED = '[data-consent]:not([data-candor])';
/** The unhandled marked elements `root` is or holds, in document order. */
const marked = (root: ParentNode): Element[] =>
  [root as Element, ...root.querySelectorAll(UNHANDLED)].filter((el) => el.matches?.(UNHANDLED));

/**
 * The gate chunk, loaded once the page has something to gate (a marked element now or later that
 * the fast path, if it runs, did not take, also once the grants may have changed; an element
 * auto-blocking held back),
 * at the moment `gateMoments` gives for it; added elements are fed to it.
 */
function loadGateOnDemand(
  facade: Facade,
  view: SiteView,
  o: PageWiringOptions,
  onAdded: OnAddedElements,
  vouched: (el: Element) => boolean,
  has: (condition: string) => boolean,
): {
  need(shown?: boolean): Promise<typeof GateChunk | undefined>;
  /**
   * The gate, if loaded. Asked for whenever the grants may have changed (grant-news.ts): the fast
   * path then looks at the page again (once it is parsed), and a tag it left waiting that is
   * granted now brings the gate. (A loader added after the page was parsed is asked at once, before
   * its first look: its page's granted tags go to the gate too.)
   */
  current(): Gate | undefined;
  /**
   * Handles what the page holds already: called once the page has heard the grants (wirePage);
   * settles when that is done (with the gate chunk's import, if it needed the gate).
   */
  look(root: ParentNode, later?: unknown): unknown;
} {
  // A returning visitor's marked scripts run once the page is parsed (fast-gate.ts), unless auto-blocking
  // holds tags back or the loader has a nonce (a strict CSP: its Trusted Types want the gate's policy).
  const fast = o.until !== null && !view.autoBlock && !o.nonce;
  const when = gateMoments(facade, o.first);
  let gate: Gate | undefined;
  let chunk: Promise<typeof GateChunk | undefined> | undefined;
  // Whether the fast path waits for the page to be parsed (below): read in the loader's run.
  let parsing = fast && loading();
  if (parsing) document.addEventListener('DOMContentLoaded', () => (parsing = false));
  let go!: () => void;
  const time = new Promise<void>((r) => (go = r));
  // Never rejects: a gate that cannot load is reported once, gates nothing (marked elements stay
  // inert: fail closed) and resolves undefined for its callers. The first of the moments asked for.
  const need = (shown = true): Promise<typeof GateChunk | undefined> => {
    void when(shown).then(go);
    return (chunk ??= time
      .then(() => importChunk<typeof GateChunk>(o.base, 'gate'))
      .then((m) => {
        stopWaiting();
        const g = (gate = m.attachGate({ ...o, view, facade, vouched }));
        onAdded((el) => g.scan(el));
        return m;
      })
      .catch((e: unknown) => void o.report(`Candor: could not load the gate: ${String(e)}`)));
  };
  // `later`: a look again once the grants may have changed, which runs nothing itself (the gate's queue then does).
  const look = (root: ParentNode, later?: unknown): unknown => {
    // The fast path (fast-gate.ts) waits for the page to be parsed (DOMContentLoaded: wirePage): the
    // parser adds a tag's text after the element, and may stop between two network packets, so a
    // tag seen before then may not be whole yet. It then takes the marked elements in document
    // order, until the gate is asked for, which takes every one from there on.
    if (parsing) return;
    let found;
    try {
      found = marked(root);
    } catch {
      // Markup that shadows the document's or a form's own methods: the gate looks (dom/unclobbered.ts).
      return need();
    }
    // Any marked element but a script shows something before a decision (an embed's placeholder).
    return (
      !found.every((el) => fast && !chunk && runNow(el, has, !later)) &&
      need(found.some((el) => el.localName !== 'script'))
    );
  };
  const stopWaiting = onAdded(look);
  return { need, current: () => (fast && look(document, 1), gate), look };
}

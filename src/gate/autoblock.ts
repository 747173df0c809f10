/**
 * Auto-blocking by host (`autoBlock: true`): scripts and iframes that the site did not mark, but
 * whose URL is on a configured service's `hosts`, are held back until that service is granted
 * (every service whose `hosts` cover it, when several share a host).
 *
 * What it catches: elements created by script, whichever DOM API gives them their URL (the `src`
 * property, `setAttribute`, `setAttributeNS`, `setAttributeNode(NS)`, `attributes.setNamedItem(NS)`,
 * an attached `Attr`'s `value` / `nodeValue` / `textContent`, an SVG `<script>`'s `href` /
 * `xlink:href` / `href.baseVal`), and whatever the value is (a string, a URL object, an object
 * with `toString`, a TrustedScriptURL): they are turned into gated elements before they can be
 * inserted, so no request is made. `createContextualFragment` markup, before it is returned.
 * Parser-inserted `<script src>` / `<iframe src>` that follow the loader in the document: they are
 * neutralised as the parser adds them, so they do not run; inside open shadow roots too (those it
 * held or let through are offered to the gate again on every change: it looks in the document
 * only). What it cannot catch is listed, with a test for each line, in docs/auto-blocking.md.
 * Over 300 lines on purpose: the interception and the rules for the elements it has seen (ran,
 * held, loaded, the site's own marking) are one trust boundary, read best in one file.
 */
import { isMatch, protoGet, queryAll } from '../dom/unclobbered';
import type { SiteService } from '../core/site-view';
import type { OnAddedElements } from '../dom/added-elements';

/**
 * `url`'s host as a hosts entry is compared: lower case, without a leading `*.` or `.` (an entry's
 * wildcard, a cookie domain's dot) or a trailing dot (a tag's `https://connect.facebook.net./…`
 * loads from the same host: it would otherwise pass unblocked). Chromium's URL parser writes the
 * wildcard as `%2A`: there `*.facebook.net` matched nothing before, and its tags loaded.
 */
const hostIn = (url: URL): string => url.hostname.toLowerCase().replace(/^(\*|%2a)?\.|\.$/g, '');

/** `hostOf`'s answers: it runs for every element a script creates on an auto-blocking page. */
const hostCache = new Map<string, string>();

/**
 * A `hosts` entry as the host name it means (lower case, punycode, no trailing dot), read as the
 * URL parser reads a host: a careless config's "https://connect.facebook.net/",
 * "connect.facebook.net:443/tr" or "*.facebook.net" (a leading wildcard label: the host and its
 * subdomains, as any entry) would otherwise never match, and that service's tags would load
 * unblocked (fail open). '' for what names no host.
 */
export function hostOf(entry: string): string {
  let host = hostCache.get(entry);
  if (host === undefined) {
    try {
      // "//host" and "https:/host" too: a special scheme's parser skips any slashes before the host.
      // Another scheme only with "//" ("wss://host"): else "host:443/tr" is a host and a port.
      const e = entry.trim();
      const url = /^(https?:|[a-z][a-z0-9+.-]*:\/\/)/i.test(e) ? e : `https://${e}`;
      host = hostIn(new URL(url));
    } catch {
      host = '';
    }
    hostCache.set(entry, host);
  }
  return host;
}

/** The services whose `hosts` cover `url` (the host itself or any subdomain of it), in config order. */
export function servicesForUrl(url: string, base: string, services: readonly SiteService[]): SiteService[] {
  let host: string;
  try {
    host = hostIn(new URL(url, base));
  } catch {
    return [];
  }
  return services.filter((s) =>
    s.hosts.some((entry) => {
      const h = hostOf(entry);
      return !!h && (host === h || host.endsWith(`.${h}`));
    }),
  );
}

/** The first service whose `hosts` cover `url`, or null (an embed's placeholder offers one service). */
export const serviceForUrl = (url: string, base: string, services: readonly SiteService[]): SiteService | null =>
  servicesForUrl(url, base, services)[0] ?? null;

/**
 * The attribute `el` loads from, for the elements auto-blocking guards: `src` of a `<script>` or
 * `<iframe>`, `href` of an SVG `<script>` (no namespace, or `xlink:href`).
 */
export const urlAttrOf = (el: Element | null | undefined): string | null =>
  el?.localName === 'script' || el?.localName === 'iframe' ? ('ownerSVGElement' in el ? 'href' : 'src') : null;

/** Whether setting the attribute `name` (qualified, any case) gives `el` its URL. */
export const isUrlAttr = (el: Element | null | undefined, name: unknown): el is Element =>
  !!el && String(name).toLowerCase().split(':').pop() === urlAttrOf(el);

/** Marks `el` as auto-blocking's, for `condition`, unless the site's own marking decides (`own`). */
const markAuto = (el: Element, condition: string, own: boolean): void => {
  if (own) return;
  el.setAttribute('data-consent', condition);
  el.setAttribute('data-candor-auto', '');
};

/** The scripts auto-blocking held back: a type given to one later is its release's. */
const held = new WeakSet<object>();

/** Turns `el` into a gated element for `condition`: it loads only once `data-consent` is granted. */
function hold(el: Element, url: string, condition: string, own: boolean): void {
  // A loaded frame pointed elsewhere is no longer what was granted: not `active` until the gate says so.
  if (el.getAttribute('data-candor') === 'active') el.setAttribute('data-candor', 'held');
  markAuto(el, condition, own);
  el.setAttribute('data-src', url);
  if (el.localName === 'script') {
    // Its own type, which the gate gives back (gate/scripts.ts): a module stays one, and a type that
    // is not JavaScript (a template the page reads itself) stays inert, as the browser keeps it.
    const type = el.getAttribute('type');
    if (type && type !== 'text/plain') el.setAttribute('data-type', type);
    el.setAttribute('type', 'text/plain');
    held.add(el);
  }
}

/**
 * Marks `el`, which auto-blocking lets through (granted), as the gate marks what it ran or loaded,
 * so that a withdrawal sees it: a script once it has run (revoke.ts: only a reload stops it), a
 * frame at once, handed to the gate (`onHold`), which holds it back again.
 */
function pass(el: Element, url: string, condition: string, onHold: (el: Element, fromScript: boolean) => void): void {
  const mark = (state: string): void => {
    markAuto(el, condition, false);
    el.setAttribute('data-candor', state);
  };
  if (el.localName === 'script') el.addEventListener('load', () => mark('ran'));
  else {
    el.setAttribute('data-src', url);
    mark('active');
    onHold(el, false);
  }
}

/**
 * The page's observer of added elements does not see into shadow roots. Returns a function that
 * hands `el`'s open shadow root (a declarative `<template shadowrootmode>` in the HTML, which the
 * parser attaches and fills without a script) to `each`, and then each element added to it; every
 * shadow root a script attaches (open or closed) is watched from the start. A closed declarative
 * one cannot be reached (docs/auto-blocking.md).
 */
function seeIntoShadowRoots(
  w: Window & typeof globalThis,
  each: (root: Element | DocumentFragment) => void,
): (el: Element) => void {
  // One observer for every shadow root: observing one again changes nothing.
  const observer = new w.MutationObserver((rs) =>
    rs.forEach((r) => r.addedNodes.forEach((n) => n.nodeType === 1 && each(n as Element))),
  );
  const watch = (shadow: ShadowRoot | null): void =>
    void (shadow && (observer.observe(shadow, { childList: true, subtree: true }), each(shadow)));
  const E = w.Element.prototype;
  const attach = E.attachShadow;
  E.attachShadow = function (this: Element, init: ShadowRootInit) {
    const shadow = attach.call(this, init);
    watch(shadow);
    return shadow;
  };
  return (el) => watch(protoGet(el, 'shadowRoot'));
}

/**
 * What auto-blocking held back or let through (`hold`, `pass`), and a copy the gate made of it:
 * a `<script>` or `<iframe>` only (markup can copy the attributes onto a form, whose methods a
 * named input shadows).
 */
const AUTO = ':is(script,iframe)[data-candor-auto][data-consent]';

/**
 * What auto-blocking held back or let through in a shadow root is offered to the gate again
 * whenever the grants change: the gate looks in the document only. Found by its mark in the roots
 * such an element arrived in (not every root a script attaches), not kept: a script the gate runs
 * is a copy (gate/scripts.ts), and the page may replace what it added. Not those in the
 * document: `candor:change` comes before the gate's look, and they would run before the marked
 * tags above them. (A forged `candor:change` releases nothing: the gate asks `has` itself.)
 * Returns the function each element found is passed to.
 */
function offerAgainOnChange(
  w: Window & typeof globalThis,
  onHold: (el: Element, fromScript: boolean) => void,
): (el: Element, own?: boolean) => void {
  // Held weakly: a root the page has dropped (an SPA's widget gone with its route) is let go, and
  // cannot come back (nothing references it); one the page keeps, detached or not, is kept.
  const seen = new WeakSet<ShadowRoot>();
  const roots = new Set<WeakRef<ShadowRoot>>();
  protoGet<Document['addEventListener']>(w.document, 'addEventListener').call(w.document, 'candor:change', () =>
    roots.forEach((ref) => {
      const r = ref.deref();
      // And a frame it held with the site's marking (`own`), which the gate has seen since.
      if (r) queryAll(r, `${AUTO},iframe[data-consent][data-candor]`).forEach((el) => onHold(el, false));
      else roots.delete(ref);
    }),
  );
  return (el, own) => {
    const r = (own || isMatch(el, AUTO)) && w.Node.prototype.getRootNode.call(el);
    if (!(r instanceof w.ShadowRoot)) return;
    if (!seen.has(r)) {
      seen.add(r);
      roots.add(new WeakRef(r));
    }
    // Added (again) to a shadow root, where the gate does not look: offered now, as the document's are.
    if (!own) onHold(el, false);
  };
}

/**
 * Of `served` (the services whose hosts cover a URL given to `el`), those the site's marking of `el`
 * names, or, marked with one purpose, the first of it (what the gate grants it by: embeds.ts
 * offerOf; a host two services share loads on its own service's grant). Not auto-blocking's own
 * marking (`data-candor-auto`: the services of an earlier URL): it vouches for nothing.
 */
const ownIds = (el: Element, served: readonly SiteService[]): string => {
  const marked = el.hasAttribute('data-candor-auto')
    ? []
    : (el.getAttribute('data-consent') ?? '').split(',').map((id) => id.trim());
  return String(
    served.filter((s) => marked.includes(s.id) || s === served.find((t) => t.purpose === `${marked}`)).map((s) => s.id),
  );
};

/**
 * What a URL given to `el` waits for, of `served` (the services whose hosts cover it): all of them
 * (two services can share a host, as GA4 and Google Ads do: one service's grant never releases
 * another's tag), '' when it goes through, and whether that is the site's own marking of `el`, kept
 * as it is. A frame's own `data-src` (the page's to write: it vouches for nothing) waits for the
 * services the site marked it with, else for all of them: a loaded frame loads it once they are
 * granted, and a held one (a lazy-loader's copy) keeps the site's marking, which its grant loads.
 */
function waitsFor(
  el: Element,
  url: string,
  served: readonly SiteService[],
  has: (id: string) => boolean,
): [condition: string, own: boolean] {
  const all = String(served.map((s) => s.id)); // `a,b`
  const mine = url === el.getAttribute('data-src');
  const own = mine ? ownIds(el, served) : '';
  if (el.getAttribute('data-candor') === 'active') return [mine && has(own || all) ? '' : all, false];
  // A frame on no listed host keeps the site's marking (a lazy-loader's copy of `data-src`).
  return own ? [own, true] : [all || (el.getAttribute('data-consent') ?? ''), false];
}

type Target = [el: Element | null | undefined, name: unknown, value: unknown];
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- DOM prototypes patched by name
type Proto = any;

/**
 * Installs the interception, for as long as the page lives. `has` answers whether a service is
 * granted now; `onHold` is told of each element held back (the gate then treats it like a marked
 * one), and whether a running script made it (`fromScript`) rather than the page's markup.
 */
export function installAutoBlock(
  w: Window & typeof globalThis,
  services: readonly SiteService[],
  has: (id: string) => boolean,
  onHold: (el: Element, fromScript: boolean) => void,
  onAdded: OnAddedElements,
): void {
  /**
   * Holds `el` back if `name` is its URL attribute and `value` (made a string once) a blocked URL;
   * marks a granted one, `live` (the element in the page, when `el` is its copy), as it goes through.
   */
  const intercept = ([el, name, value]: Target, fromScript = true, live?: Element): boolean => {
    // A type given after the URL held a script (`s.src = …; s.type = 'module'`): kept for its release.
    if (held.has(el!) && String(name).toLowerCase() === 'type')
      return (el!.setAttribute('data-type', String(value)), true);
    if (!isUrlAttr(el, name)) return false;
    const url = String(value);
    // A script that ran goes through. Any other URL is looked at: one the gate holds back (`held`,
    // also after a withdrawal) is held again when a script gives it a URL (a widget switching
    // videos, a lazy-loader), and a loaded frame (`active`) loads only what is granted now.
    const state = el.getAttribute('data-candor');
    if (state === 'ran') return false;
    // Resolved as the browser resolves it: against the page's <base href>, if any (read unclobbered).
    const base = protoGet<string>(w.document, 'baseURI');
    const [condition, own] = waitsFor(el, url, servicesForUrl(url, base, services), has);
    if (!condition) return false;
    // The site's marking kept (`own`) is the gate's to judge, as a whole (`a,b`: all of them), not
    // only the part of it that serves this host: held, and handed to the gate.
    if (!own && has(condition)) return (pass(live ?? el, url, condition, onHold), false);
    hold(el, url, condition, own);
    onHold(el, fromScript);
    if (own) again(el, own); // its shadow root, if any: offered again on every change
    return true;
  };
  // The element an element's `attributes` or an SVG script's `href` object belongs to.
  const owners = new WeakMap<object, Element>();
  /**
   * Wraps the method or setter `proto[key]` so that what `target` names is intercepted first;
   * without `target`, wraps the getter to remember the owner of the object it returns.
   */
  const patch = (proto: Proto, key: string, target?: (self: Proto, args: Proto[]) => Target): void => {
    const d = Object.getOwnPropertyDescriptor(proto, key);
    const k = !target ? 'get' : d?.set ? 'set' : 'value';
    const f = d?.[k];
    if (!f) return;
    Object.defineProperty(proto, key, {
      ...d,
      [k](this: Proto, ...a: Proto[]) {
        if (target) return intercept(target(this, a)) ? null : f.apply(this, a);
        const v = f.call(this);
        owners.set(v, this);
        return v;
      },
    });
  };
  const E = w.Element.prototype;
  const ofAttr = (a: Attr | null | undefined, v: unknown = a?.value, el = a?.ownerElement): Target => [el, a?.name, v];
  for (const C of [w.HTMLScriptElement, w.HTMLIFrameElement]) patch(C.prototype, 'src', (el, [v]) => [el, 'src', v]);
  patch(w.HTMLScriptElement.prototype, 'type', (el, [v]) => [el, 'type', v]);
  patch(E, 'setAttribute', (el, [n, v]) => [el, n, v]);
  patch(E, 'setAttributeNS', (el, [, n, v]) => [el, n, v]);
  for (const m of ['setAttributeNode', 'setAttributeNodeNS']) patch(E, m, (el, [a]) => ofAttr(a, a?.value, el));
  patch(E, 'attributes');
  for (const m of ['setNamedItem', 'setNamedItemNS'])
    patch(w.NamedNodeMap.prototype, m, (map, [a]) => ofAttr(a, a?.value, owners.get(map)));
  patch(w.Attr.prototype, 'value', (a, [v]) => ofAttr(a, v));
  for (const k of ['nodeValue', 'textContent'])
    patch(w.Node.prototype, k, (n, [v]) => (n.nodeType === 2 ? ofAttr(n, v) : [null, '', v]));
  patch(w.SVGScriptElement.prototype, 'href');
  patch(w.SVGAnimatedString.prototype, 'baseVal', (s, [v]) => [owners.get(s), 'href', v]);

  /** A `<script>` or `<iframe>` that arrived as markup: held back without its URL attribute, if blocked. */
  const fromMarkup = (found: Element, fromScript: boolean): void => {
    const attr = urlAttrOf(found);
    if (!attr || found.hasAttribute('data-consent')) return;
    // Once the page has loaded, a script arriving as markup came from a script: the browser runs it at
    // once (a <template> clone) or never (innerHTML); holding it back could only make it run again, or at all.
    if (!fromScript && found.localName === 'script' && protoGet(w.document, 'readyState') !== 'loading') return;
    const url = found.getAttribute(attr) ?? found.getAttribute('xlink:href');
    // A frame keeps the document it is loading when `src` goes: a copy without it replaces the frame.
    const el = found.localName === 'iframe' && found.isConnected ? (found.cloneNode(true) as Element) : found;
    if (url === null || !intercept([el, attr, url], fromScript, found)) return;
    el.removeAttribute(attr);
    el.removeAttribute('xlink:href');
    if (el !== found) found.replaceWith(el);
    // A script the browser had already started (document.write, a <template> clone) runs anyway: never again.
    else el.addEventListener('load', () => el.setAttribute('data-candor', 'ran'));
  };
  const shadow = seeIntoShadowRoots(w, (root) => each(root, false));
  const again = offerAgainOnChange(w, onHold);
  const each = (root: Element | DocumentFragment, fromScript: boolean): void =>
    [root, ...queryAll(root, '*')].forEach(
      (el) => el instanceof w.Element && (fromMarkup(el, fromScript), again(el), shadow(el)),
    );
  // Markup a script makes with createContextualFragment: held back before it is returned (and inserted).
  const R = w.Range.prototype;
  const fragment = R.createContextualFragment;
  R.createContextualFragment = function (this: Range, html: string) {
    const f = fragment.call(this, html);
    return (each(f, true), f);
  };
  // Parser-inserted elements after the loader (and markup a script added): neutralised as they arrive.
  onAdded((el) => each(el, false));
}

/**
 * What follows a revocation on the page: the revoked services' cookies deleted, `candor:revoke`
 * (with whether only a reload stops a script that already ran) and the optional reload
 * (`reloadOnRevoke`). It needs neither the gate nor the network at that moment, so that a visitor
 * who takes a grant back offline is served as well: the script tag ships it in the engine chunk,
 * which every revocation made on the page goes through (one heard from another tab, or on a page
 * restored from the back/forward cache, before this page's engine loaded, starts it: a request
 * then); candor/page bundles it. An engine that fails to load is no revocation: the page hears
 * that nothing is granted (Consent Mode, dataLayer, gate), but the visitor's decision stands, and
 * their services' cookies are not deleted.
 */
import type { SiteView } from '../core/site-view';
import { queryAll } from '../dom/unclobbered';
import { deleteCookies } from '../gate/cookies';
import { dispatchCandorEvent } from '../integrations/events';

/** Whether a marked script that ran in `doc` or its open shadow roots is no longer granted: only a reload stops it. */
export function revokedScriptsRan(doc: Document, has: (condition: string) => boolean): boolean {
  const roots: ParentNode[] = [doc];
  for (const root of roots) {
    for (const s of queryAll(root, 'script[data-candor="ran"][data-consent]'))
      if (!has(s.getAttribute('data-consent') ?? '')) return true;
    // The browser's own getter, not a custom element's; the loop visits each root found in turn.
    for (const el of queryAll(root, '*')) {
      const shadow: unknown = Reflect.get(Element.prototype, 'shadowRoot', el);
      if (shadow instanceof ShadowRoot) roots.push(shadow);
    }
  }
  return false;
}

/**
 * Deletes the cookies of the `revoked` services, then tells the page (`candor:revoke`) and reloads
 * it if the config asks and a revoked script ran. Never throws: a deleting that fails (a sandboxed
 * document without cookies) is reported, and the page is still told.
 */
export function onRevoke(
  revoked: SiteView['services'],
  view: Pick<SiteView, 'reloadOnRevoke'>,
  has: (condition: string) => boolean,
  purposes: readonly { readonly id: string }[] = [],
  ready?: Promise<unknown>,
): void {
  // Given `ready` (the script tag's engine, which may have loaded just now: the loader's cookie was
  // no longer trusted, its copy gone), judged once the engine has read the decision: what is
  // granted again was not revoked (no cookie deleted, nothing told, no reload).
  if (ready)
    return void ready.then(() => {
      const still = revoked.filter(({ id }) => !has(id));
      if (still.length || purposes.some(({ id }) => !has(id))) onRevoke(still, view, has);
    });
  // A script that ran cannot be unrun: only a reload stops it (config `reloadOnRevoke`); a look that fails recommends it.
  let reloadRecommended = true;
  try {
    reloadRecommended = revokedScriptsRan(document, has);
  } catch (e) {
    console.error(e);
  }
  for (const s of revoked)
    if (s.cookies.length)
      try {
        deleteCookies(document, location, s.cookies);
      } catch (e) {
        console.error(`Candor: could not delete the cookies of ${s.id}: ${String(e)}`);
      }
  dispatchCandorEvent(document, 'revoke', { services: revoked.map((s) => s.id), reloadRecommended });
  if (reloadRecommended && view.reloadOnRevoke) location.reload();
}

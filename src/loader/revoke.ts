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
import { isMatch, protoGet, queryAll } from '../dom/unclobbered';
import { deleteCookies } from '../gate/cookies';
import { dispatchCandorEvent } from '../integrations/events';

/** Whether a marked script that ran in `root` or its open shadow roots is no longer granted: only a reload stops it. */
export const revokedScriptsRan = (root: Document | ShadowRoot, has: (condition: string) => boolean): boolean =>
  Array.from(queryAll(root, '*')).some((el) => {
    const shadow = protoGet<ShadowRoot | null>(el, 'shadowRoot');
    return (
      (shadow && revokedScriptsRan(shadow, has)) ||
      (isMatch(el, 'script[data-candor="ran"][data-consent]') && !has(el.getAttribute('data-consent') ?? ''))
    );
  });

/**
 * Deletes the cookies of the `revoked` services, then tells the page (`candor:revoke`) and reloads
 * it if the config asks and a revoked script ran. Never throws: a deleting that fails (a sandboxed
 * document without cookies) is reported, and the page is still told.
 */
export function onRevoke(
  revoked: SiteView['services'],
  view: Pick<SiteView, 'reloadOnRevoke'>,
  has: (condition: string) => boolean,
): void {
  // A script that ran cannot be unrun: only a reload stops it (config `reloadOnRevoke`).
  const reloadRecommended = revokedScriptsRan(document, has);
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

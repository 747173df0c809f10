/**
 * What the page is told when the grants may have changed: the one rule for the script tag
 * (page-wiring.ts) and `candor/page` (connect-page.ts). The gate is applied every time, last; Consent
 * Mode and the dataLayer hear the grants only when they differ from what they were last told (a
 * GTM trigger fires once per real change); the services granted then but not now go to
 * `revoked` (revoke.ts: cookie clean-up, `candor:revoke`), whichever way the news came.
 */
import type { SiteView } from '../core/site-view';
import type { Gate } from '../gate/gate';
import { pushConsentUpdate } from '../integrations/events';
import { sendGcmUpdate, type Gtag } from '../integrations/gcm';

/**
 * Returns `known()`, which tells the page what `has` answers now: `gate()` is the page's gate
 * running now, if any; `revoked(services)` does what follows a revocation of the purposes or
 * services granted before and not now (revoke.ts), and never rejects.
 * `known(0)`: the telling alone, once the page was told before. Each call returns what was told
 * last: none before a first telling, when no tag may go.
 */
export function createGrantNews(
  view: SiteView,
  has: (condition: string) => boolean,
  gtag: Gtag,
  gate: () => Gate | undefined,
  revoked: (services: SiteView['services'], purposes: SiteView['purposes']) => unknown,
): (only?: unknown) => string | undefined {
  let told: string | undefined;
  // The grants told last (every id an own key).
  let before: Record<'purposes' | 'services', Record<string, boolean>> | undefined;
  return (only) => {
    const flags = (ids: readonly { id: string }[]) => Object.fromEntries(ids.map(({ id }) => [id, has(id)]));
    const now = { purposes: flags(view.purposes), services: flags(view.services) };
    const json = JSON.stringify(now);
    if (json !== told && (only !== 0 || told)) {
      told = json;
      sendGcmUpdate(gtag, view, has); // never throws (ensureGtag)
      try {
        pushConsentUpdate(window as { dataLayer?: unknown[] }, JSON.parse(json) as typeof now); // a copy: GTM's, not ours
      } catch (e) {
        console.error(e); // the site's dataLayer.push threw: said, and the rest goes on
      }
      const lost = <T extends { id: string }>(ids: readonly T[], k: keyof typeof now): T[] =>
        ids.filter(({ id }) => before?.[k][id] && !now[k][id]);
      const gone = lost(view.services, 'services');
      const purposes = lost(view.purposes, 'purposes');
      // A purpose no service serves too: a tag marked with it may have run.
      if (gone.length || purposes.length) revoked(gone, purposes);
      before = now; // after: `lost` reads it (neither `revoked` throws: page-wiring.ts, connect-page.ts)
    }
    // Last: tags hear the news before one is released, and whatever markup does to the gate, they hear it.
    if (only !== 0) gate()?.apply();
    return told;
  };
}

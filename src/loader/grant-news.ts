/**
 * What the page is told when the grants may have changed: the one rule for the script tag
 * (page-wiring.ts) and `candor/page` (connect-page.ts). The gate is applied every time; Consent
 * Mode and the dataLayer hear the grants only when they differ from what they were last told (a
 * GTM trigger fires once per real change); the services granted then but not now go to the gate
 * module's `onRevoke` (cookie clean-up, `candor:revoke`), whichever way the news came.
 */
import type { SiteView } from '../core/site-view';
import type { Gate } from '../gate/gate';
import type { onRevokeLazy } from './gate-wiring';
import { pushConsentUpdate } from '../integrations/events';
import { sendGcmUpdate, type Gtag } from '../integrations/gcm';

/** The page's gate: the one running now, if any, and the gate module (loaded on demand by the script tag). */
export interface GateAccess {
  current(): Gate | undefined;
  /** The gate module; undefined when it could not load (reported where it is loaded): never rejects. */
  need(): Promise<{ readonly onRevoke: typeof onRevokeLazy } | undefined>;
}

/** Returns `known()`, which tells the page what `has` answers now. */
export function createGrantNews(
  view: SiteView,
  has: (condition: string) => boolean,
  gtag: Gtag,
  gate: GateAccess,
): () => void {
  let told: string | undefined;
  let granted = new Set<string>();
  return () => {
    gate.current()?.apply();
    const flags = (ids: readonly { id: string }[]) => Object.fromEntries(ids.map(({ id }) => [id, has(id)]));
    const now = { purposes: flags(view.purposes), services: flags(view.services) };
    const json = JSON.stringify(now);
    if (json === told) return;
    told = json;
    sendGcmUpdate(gtag, view, has);
    pushConsentUpdate(window as { dataLayer?: unknown[] }, JSON.parse(json) as typeof now); // a copy: GTM's, not ours
    const gone = view.services.filter((s) => granted.has(s.id) && !now.services[s.id]);
    granted = new Set(view.services.filter((s) => now.services[s.id]).map((s) => s.id));
    if (gone.length) void gate.need().then((m) => m?.onRevoke(gate.current(), gone, view.reloadOnRevoke));
  };
}

/**
 * The page wiring that only matters once the page has something to gate, shipped in the gate chunk
 * (not the synchronous loader): the gate for this page, what a placeholder's button grants, and
 * what follows a revocation (cookie clean-up, `candor:revoke`, the optional reload).
 */
import type { SiteView } from '../core/site-view';
import type * as Cookies from '../gate/cookies';
import { createGate, type Gate } from '../gate/gate';
import type { Consent } from '../instance/types';
import { dispatchCandorEvent } from '../integrations/events';

/** What the loader gives the gate. */
export interface GateWiring {
  readonly view: SiteView;
  readonly candor: Pick<Consent, 'has' | 'update'>;
  readonly nonce: string;
  readonly vouched: (el: Element) => boolean;
  readonly report: (message: string) => void;
  /** The page's locale for the placeholders' words: the loader's choice, or the instance's (candor/page). */
  readonly locale: string;
}

/** What a placeholder's button grants: just the services it names (`a,b`), never a whole purpose. */
function grantsFor(view: SiteView, ids: string): { services: Record<string, boolean> } {
  const services: Record<string, boolean> = {};
  for (const id of ids.split(',').map((s) => s.trim())) if (view.services.some((s) => s.id === id)) services[id] = true;
  return { services };
}

/** The page's gate, applied once. */
export function attachGate(o: GateWiring): Gate {
  const { candor, view } = o;
  const gate = createGate({
    doc: document,
    view,
    has: (c) => candor.has(c as never),
    grant: (ids, shown) => void candor.update(grantsFor(view, ids), { method: 'placeholder', ...shown }),
    nonce: o.nonce,
    locale: o.locale,
    vouched: o.vouched,
    onError: (e) => o.report(`Candor: a gated element failed: ${String(e)}`),
    // The words load only when there is a mistake to tell (the diagnostics chunk).
    warn: (d) => void import('../chunks/diagnostics').then((m) => m.tell(d)).catch(() => {}),
  });
  gate.apply();
  return gate;
}

/** Where `onRevoke` gets the cookie deleting from (gate/cookies.ts). */
export type CookieModule = () => Promise<Pick<typeof Cookies, 'deleteCookies'>>;

/**
 * Deletes the revoked services' cookies, then tells the page whether only a reload unruns their
 * scripts. The deleting (gate/cookies.ts) comes from `cookies`, called only when a revoked service
 * names cookies: for the script tag a chunk of its own (`onRevokeLazy`), so that a returning
 * visitor's gate does not carry it; candor/page passes the function it bundles. Resolves once done; never rejects (a chunk that cannot load is
 * reported, and the page is still told).
 */
export async function onRevoke(
  gate: Gate | undefined,
  revoked: SiteView['services'],
  reloadOnRevoke: boolean,
  cookies: CookieModule,
): Promise<void> {
  // A script that ran cannot be unrun: only a reload stops it (config `reloadOnRevoke`).
  const reloadRecommended = gate?.hasRevokedScripts() ?? false;
  if (revoked.some((s) => s.cookies.length))
    try {
      const { deleteCookies } = await cookies();
      for (const s of revoked) deleteCookies(document, location, s.cookies);
    } catch (e) {
      console.error(`Candor: could not delete the cookies of ${revoked.map((s) => s.id).join(', ')}: ${String(e)}`);
    }
  dispatchCandorEvent(document, 'revoke', { services: revoked.map((s) => s.id), reloadRecommended });
  if (reloadRecommended && reloadOnRevoke) location.reload();
}

/** `onRevoke` for the script tag: the cookie deleting is a chunk of its own, imported on a revoke that needs it. */
export const onRevokeLazy = (
  gate: Gate | undefined,
  revoked: SiteView['services'],
  reloadOnRevoke: boolean,
): Promise<void> => onRevoke(gate, revoked, reloadOnRevoke, () => import('../gate/cookies'));

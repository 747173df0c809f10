/**
 * The page wiring that only matters once the page has something to gate, shipped in the gate chunk
 * (not the synchronous loader): the gate for this page and what a placeholder's button grants.
 * What follows a revocation is revoke.ts's (the engine chunk's: it needs no gate).
 */
import type { SiteView } from '../core/site-view';
import { createGate, type Gate } from '../gate/gate';
import type { Consent } from '../instance/types';

/** What the loader gives the gate. */
export interface GateWiring {
  readonly view: SiteView;
  /**
   * The instance, and `known(0)` (grant-news.ts), called before each grant the gate reads: it tells
   * Consent Mode and the dataLayer a change they have not heard, and answers none before the first
   * telling, so that no tag goes out before its update.
   */
  readonly facade: { readonly candor: Pick<Consent, 'has' | 'update'>; readonly known?: (only?: unknown) => unknown };
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
  const { view, facade } = o;
  const { candor } = facade;
  const gate = createGate({
    doc: document,
    view,
    has: (c) => !!facade.known!(0) && candor.has(c as never),
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

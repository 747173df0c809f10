/**
 * Signals for the page: `candor:*` CustomEvents on `document`, and
 * `{ event: 'candor_consent_update', candor: { purposes, services } }` in `window.dataLayer` for
 * Google Tag Manager triggers.
 */
import { protoGet } from '../dom/unclobbered';

/** Dispatches `candor:<name>` on `doc` with `detail`. */
export function dispatchCandorEvent(
  doc: Document,
  name: 'ready' | 'change' | 'prompt' | 'error' | 'revoke',
  detail: unknown,
): void {
  protoGet<Document['dispatchEvent']>(doc, 'dispatchEvent').call(doc, new CustomEvent(`candor:${name}`, { detail }));
}

/** The page's own `dataLayer`, made when it has none (an element with id="dataLayer" is not one). */
export const dataLayerOf = (w: { dataLayer?: unknown[] }): unknown[] =>
  (Object.hasOwn(w, 'dataLayer') && w.dataLayer) || (w.dataLayer = []);

/** Pushes the current grants for GTM: `grants` goes into the dataLayer as it is (give it a copy of your own). */
export function pushConsentUpdate(
  w: { dataLayer?: unknown[] },
  grants: { purposes: Record<string, boolean>; services: Record<string, boolean> },
): void {
  dataLayerOf(w).push({ event: 'candor_consent_update', candor: grants });
}

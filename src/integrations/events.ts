/**
 * Signals for the page: `candor:*` CustomEvents on `document`, and
 * `{ event: 'candor_consent_update', candor: { purposes, services } }` in `window.dataLayer` for
 * Google Tag Manager triggers.
 */

/** Dispatches `candor:<name>` on `doc` with `detail`. */
export function dispatchCandorEvent(
  doc: Document,
  name: 'ready' | 'change' | 'prompt' | 'error' | 'revoke',
  detail: unknown,
): void {
  doc.dispatchEvent(new CustomEvent(`candor:${name}`, { detail }));
}

/** Pushes the current grants for GTM. */
export function pushConsentUpdate(
  w: { dataLayer?: unknown[] },
  grants: { purposes: Readonly<Record<string, boolean>>; services: Readonly<Record<string, boolean>> },
): void {
  (w.dataLayer = w.dataLayer ?? []).push({
    event: 'candor_consent_update',
    candor: { purposes: { ...grants.purposes }, services: { ...grants.services } },
  });
}

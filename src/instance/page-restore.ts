/**
 * A page restored from the back/forward cache (`pageshow` with `persisted`) resumes with the
 * JavaScript state it had when it was hidden. A decision made meanwhile on another page is not in
 * it: WebKit keeps the page frozen and drops the tab message (BroadcastChannel) sent to it, so
 * without this the page would answer `has()` from the old decision until a reload. The instance
 * re-reads the decision on restore as it does at start (the cookie synchronously, then the full
 * store); a newer decision becomes the current one through the usual change event, which the
 * gate and the UI follow.
 */

/** Calls `fn` each time the page is restored from the back/forward cache; returns an unsubscribe. */
export function onPageRestore(
  fn: () => void,
  target: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> | undefined = pageTarget(),
): () => void {
  if (!target) return () => {};
  const listener = (e: Event): void => {
    if ((e as PageTransitionEvent).persisted === true) fn();
  };
  target.addEventListener('pageshow', listener);
  return () => target.removeEventListener('pageshow', listener);
}

/** The window where there is one (none in Node, SSR or a worker). */
function pageTarget(): Pick<EventTarget, 'addEventListener' | 'removeEventListener'> | undefined {
  const g = globalThis as Partial<Pick<EventTarget, 'addEventListener' | 'removeEventListener'>>;
  return typeof g.addEventListener === 'function' && typeof g.removeEventListener === 'function'
    ? (g as Pick<EventTarget, 'addEventListener' | 'removeEventListener'>)
    : undefined;
}

type Visible = Pick<Document, 'addEventListener' | 'removeEventListener' | 'visibilityState'>;

/**
 * Calls `fn` each time the page becomes visible again, or its window gets focus (two windows side
 * by side are both visible: the visitor comes back to one by clicking into it); returns an unsubscribe.
 */
export function onPageVisible(
  fn: () => void,
  doc: Visible | undefined = globalThis.document,
  win: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> | undefined = pageTarget(),
): () => void {
  if (!doc) return () => {};
  const listener = (): void => void (doc.visibilityState === 'visible' && fn());
  doc.addEventListener('visibilitychange', listener);
  win?.addEventListener('focus', listener);
  return () => (doc.removeEventListener('visibilitychange', listener), win?.removeEventListener('focus', listener));
}

/**
 * A page restored from the back/forward cache resumes with its old state, and WebKit drops the
 * tab messages sent to it meanwhile: the instance re-reads the decision on restore as at start
 * (the cookie, then the store); a newer one arrives by the usual change event.
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

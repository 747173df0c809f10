/** Runs `fn` after the next frame (a click paints first: INP), within 500 ms; at once where no frame comes. */
export function afterPaint(fn: () => void): void {
  if (globalThis.document?.hidden !== false) return fn();
  requestAnimationFrame(() => setTimeout(fn));
  setTimeout(fn, 500);
}

/** Calls `fn` when the page is hidden or left; returns the undo. */
export function onLeave(fn: () => void): () => void {
  const types = typeof addEventListener === 'function' ? ['pagehide', 'visibilitychange'] : [];
  types.forEach((type) => addEventListener(type, fn));
  return () => types.forEach((type) => removeEventListener(type, fn));
}

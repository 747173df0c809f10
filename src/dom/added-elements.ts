/**
 * The page's one observer of added elements: the loader (to load the gate chunk when marked
 * elements appear), the gate (to gate them) and auto-blocking (to hold back parser-inserted
 * tracker tags) all listen to the same MutationObserver instead of running one each.
 */

/** Subscribes `fn` to each added element (the root of each added subtree); returns the unsubscribe. */
export type OnAddedElements = (fn: (el: Element) => void) => () => void;

/** Observes `doc` (not `documentElement`: `<img name>` clobbers it) for added elements, for good. */
export function watchAddedElements(doc: Document): OnAddedElements {
  const listeners = new Set<(el: Element) => void>();
  new MutationObserver((records) => {
    for (const r of records)
      for (const node of r.addedNodes)
        if (node.nodeType === 1)
          for (const fn of listeners)
            try {
              fn(node as Element);
            } catch {
              // This listener misses this element, no more (dom/unclobbered.ts).
            }
  }).observe(doc, { childList: true, subtree: true });
  return (fn) => (listeners.add(fn), () => listeners.delete(fn));
}

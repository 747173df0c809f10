/**
 * `[data-candor-open]`: any element on the page with this attribute opens the preference panel.
 * One delegated click listener on the document, used by the UI (npm `mountUI`) and by the script
 * tag's loader (which loads the UI first when it is not there yet).
 */

/** Marks an element that opens the panel. */
export const OPENER = '[data-candor-open]';

/** Calls `open` for clicks on (or inside) a `[data-candor-open]` element. Returns the undo. */
export function onOpenLinks(doc: Document, open: () => void): () => void {
  const listener = (e: Event): void => {
    try {
      if (!(e.target as Element).closest(OPENER)) return;
    } catch {
      return; // no element, or a clobbered form
    }
    e.preventDefault();
    open();
  };
  doc.addEventListener('click', listener);
  return () => doc.removeEventListener('click', listener);
}

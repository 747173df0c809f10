import { h } from './h';

const shown = new Set<HTMLElement>();
let pagePadding = '';

/**
 * WCAG 2.4.11 Focus Not Obscured: while a bar or box covers the bottom of the viewport, the page
 * scrolls focused elements above it (scroll-padding-bottom = from the highest top down, plus 8px),
 * and a spacer after the page's content gives the last elements room to scroll that far. Styles
 * are set through the CSSOM, which a strict CSP allows; nothing above the spacer moves (no layout
 * shift). Returns the undo; the page's own padding is back once all are gone, in any order.
 */
export function padForBanner(banner: HTMLElement): () => void {
  const root = document.documentElement;
  if (!shown.size) pagePadding = root.style.scrollPaddingBottom;
  shown.add(banner);
  const spacer = h('div', { 'aria-hidden': 'true', 'data-candor-spacer': '' });
  document.body.append(spacer);
  const update = (): void => {
    let px = 0;
    for (const box of shown) px = Math.max(px, innerHeight - box.getBoundingClientRect().top + 8);
    root.style.scrollPaddingBottom = spacer.style.height = `${px}px`;
  };
  // The observer's first call comes after the frame's layout, before its paint: no forced layout.
  const ro = typeof ResizeObserver === 'function' ? new ResizeObserver(update) : null;
  if (ro) ro.observe(banner);
  else update();
  return () => {
    ro?.disconnect();
    spacer.remove();
    if (!shown.delete(banner)) return; // undone already: the page's padding may be its own again
    if (shown.size) update();
    else root.style.scrollPaddingBottom = pagePadding;
  };
}

import { h } from './h';

/**
 * WCAG 2.4.11 Focus Not Obscured: while a bar or box covers the bottom of the viewport, the page
 * scrolls focused elements above it (scroll-padding-bottom = from its top down, plus 8px), and a spacer
 * after the page's content gives the last elements room to scroll that far. Styles are set through
 * the CSSOM, which a strict CSP allows; nothing above the spacer moves (no layout shift).
 * Returns the undo.
 */
export function padForBanner(banner: HTMLElement): () => void {
  const root = document.documentElement;
  const previous = root.style.scrollPaddingBottom;
  const spacer = h('div', { 'aria-hidden': 'true', 'data-candor-spacer': '' });
  document.body.append(spacer);
  const update = (): void => {
    // From its top to the viewport's bottom (a box stands above the bottom edge); CSS takes a fraction.
    const px = `${innerHeight - banner.getBoundingClientRect().top + 8}px`;
    root.style.scrollPaddingBottom = px;
    spacer.style.height = px;
  };
  // The observer's first call comes after the frame's layout, before its paint: no forced layout.
  const ro = typeof ResizeObserver === 'function' ? new ResizeObserver(update) : null;
  if (ro) ro.observe(banner);
  else update();
  return () => {
    ro?.disconnect();
    spacer.remove();
    root.style.scrollPaddingBottom = previous;
  };
}

/**
 * A non-blocking modal's Minimize button (to a small bar and back; focus stays on it). The modal
 * minimises by itself when something on the page behind it is focused under it, by the visitor or
 * a script, in a frame too, which nothing focused may hide (WCAG 2.4.11); focus elsewhere leaves it
 * open. Its own chunk for the script tag: only a site with that layout loads it.
 */
import { button } from './h';

const overlaps = (a: DOMRect, b: DOMRect): boolean =>
  a.bottom > b.top && a.top < b.bottom && a.right > b.left && a.left < b.right;

/** Adds minimising to `banner`; `onToggle` gets the new state (shell.ts gives the bar its room). */
export function minimize(banner: HTMLElement, t: (key: string) => string, onToggle: (mini: boolean) => void): void {
  const body = banner.querySelector<HTMLElement>('.banner-inner')!;
  // Focus in Candor's own shadow root (the banner, the panel it opens) is its host's, to the page.
  const host = (banner.getRootNode() as ShadowRoot).host;
  const set = (mini: boolean): void => {
    banner.classList.toggle('mini', mini);
    body.hidden = mini;
    toggle.textContent = t(mini ? 'banner.expand' : 'banner.minimize');
    onToggle(mini);
  };
  const toggle = button('link', t('banner.minimize'), () => set(!body.hidden));
  banner.querySelector('h2')!.after(toggle);
  const under = (el: Element | null): void => {
    if (!banner.isConnected) return void (removeEventListener('focusin', focused), removeEventListener('blur', left));
    if (body.hidden || !el || el === host || !overlaps(el.getBoundingClientRect(), banner.getBoundingClientRect()))
      return;
    set(true);
    // Above the bar once its room is kept (after the next layout).
    requestAnimationFrame(() => setTimeout(() => el.scrollIntoView({ block: 'nearest' })));
  };
  const focused = (e: FocusEvent): void => under(e.target as Element);
  // Focus moving into a frame sends the page no focusin: the window's blur, then the frame is active.
  const left = (): void =>
    void setTimeout(() => document.activeElement?.localName === 'iframe' && under(document.activeElement));
  addEventListener('focusin', focused);
  addEventListener('blur', left);
}

/**
 * A non-blocking modal's Minimize button (to a small bar and back; focus stays on it), also
 * pressed when focus moves to the page behind, which nothing focused may hide (WCAG 2.4.11). Its
 * own chunk for the script tag: only a site with that layout loads it.
 */
import { button } from './h';

/** Adds minimising to `banner`; `onToggle` gets the new state (shell.ts gives the bar its room). */
export function minimize(banner: HTMLElement, t: (key: string) => string, onToggle: (mini: boolean) => void): void {
  const body = banner.querySelector<HTMLElement>('.banner-inner')!;
  const toggle = button('link', t('banner.minimize'), () => {
    const mini = banner.classList.toggle('mini');
    body.hidden = mini;
    toggle.textContent = t(mini ? 'banner.expand' : 'banner.minimize');
    onToggle(mini);
  });
  banner.querySelector('h2')!.after(toggle);
  addEventListener('focusin', (e) => {
    if (body.hidden || !banner.isConnected || e.composedPath().includes(banner)) return;
    toggle.click();
    // Above the bar once its room is kept (after the next layout).
    requestAnimationFrame(() => setTimeout(() => (e.target as Element).scrollIntoView?.({ block: 'nearest' })));
  });
}

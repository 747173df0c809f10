import { adoptCss } from '../dom/adopt-css';
import { h } from './h';

/** The backdrop's style: here, not in the first layer's sheet, which every other site's first visit downloads. */
const WALL_CSS = `.backdrop{position:fixed;z-index:2147482999;inset:0;background:rgba(0,0,0,.5)}`;

/**
 * A wall the site asked for (`ui.blocking` with the modal layout): the banner becomes a modal
 * dialog (APG): a backdrop, the rest of the page inert, focus moved in and kept in (Tab wraps).
 * There is no Escape: only a choice ends it, and Reject all is as near as Accept all.
 * Returns the undo.
 */
export function wall(host: HTMLElement, banner: HTMLElement): () => void {
  banner.setAttribute('role', 'dialog');
  banner.setAttribute('aria-modal', 'true');
  if (host.shadowRoot) adoptCss(host.shadowRoot, WALL_CSS);
  const backdrop = h('div', { class: 'backdrop' });
  banner.before(backdrop);
  const made: HTMLElement[] = [];
  // Never what holds the wall (a page's wrapper of <body>'s children). Marked as the wall's: a copy
  // the page makes of one (cloneNode) carries both, and is freed too.
  const MARK = 'data-candor-inert';
  const hold = (els: Iterable<Node>): void => {
    for (const el of els) if (el instanceof HTMLElement && !el.contains(host) && !el.inert) made.push(el);
    for (const el of made) {
      el.inert = true;
      el.setAttribute(MARK, '');
    }
  };
  // And what the page adds later (a portal, a widget, a new <body>).
  const root = document.documentElement;
  const watch = (): void => {
    const body = document.body;
    if (!body) return;
    hold(body.children);
    added.observe(body, { childList: true });
  };
  const added = new MutationObserver((list) => list.forEach((m) => (m.target === root ? watch() : hold(m.addedNodes))));
  watch();
  added.observe(root, { childList: true });
  // The panel's Dialog wraps Tab the same way for any content; sharing its helper would add about
  // 140 bytes gzip to every first visit for a layout few sites choose, so the wall keeps its own.
  const controls = (): HTMLElement[] => Array.from(banner.querySelectorAll<HTMLElement>('a[href],button'));
  // A click on its text focuses it (not <body>): Tab wraps from there too.
  banner.tabIndex = -1;
  banner.addEventListener('keydown', (e) => {
    const list = controls();
    const edge = e.shiftKey ? list[0] : list[list.length - 1];
    const at = host.shadowRoot?.activeElement;
    if (e.keyCode !== 9 || (at !== edge && at !== banner)) return;
    e.preventDefault();
    (e.shiftKey ? list[list.length - 1] : list[0])?.focus();
  });
  controls()[0]?.focus();
  const free = (): void => {
    for (const el of [...made.splice(0), ...document.querySelectorAll<HTMLElement>(`[${MARK}]`)]) {
      el.inert = false;
      el.removeAttribute(MARK);
    }
  };
  return () => {
    added.disconnect();
    free();
    new MutationObserver(free).observe(root, { childList: true });
    backdrop.remove();
  };
}

/** `wall`, handed to the shell by whoever imports it (ShellOptions.wall). */
export type Wall = typeof wall;

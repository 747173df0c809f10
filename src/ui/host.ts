/** The UI's host element: an open shadow root (axe and assistive tech can see in), adopted styles, a live region. */
import { isRtl } from '../core/locale';
import { adoptCss } from '../dom/adopt-css';
import { h } from './h';

/** The colour scheme: the visitor's system setting, or fixed. */
export type Theme = 'auto' | 'light' | 'dark';

/** The UI's host element (lang, dir, theme), its open shadow root with `css`, and a live region. */
export function createHost(
  locale: string,
  theme: Theme,
  css: readonly string[],
): { host: HTMLElement; root: ShadowRoot; container: HTMLElement; announce: (text: string) => void } {
  const host = h('div', {
    'data-candor-ui': '',
    'data-theme': theme,
    lang: locale,
    dir: isRtl(locale) ? 'rtl' : 'ltr',
  });
  const root = host.attachShadow({ mode: 'open' });
  for (const c of css) adoptCss(root, c);
  const status = h('div', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const container = h('div', { class: 'root' }, status);
  root.append(container);
  // A held Enter repeats a button's click: Accept all then the launcher it moved focus to.
  root.addEventListener('keydown', (e) => {
    const k = e as KeyboardEvent;
    if (k.repeat && k.key === 'Enter') k.preventDefault();
  });
  // A modal <dialog> makes the rest of the page inert, and Chromium then hides this region: while
  // the panel's dialog is open, its own region (`Dialog`) speaks too. The text is written after the
  // panel has rendered, so a Save that closes the dialog speaks in the page's region, exposed again.
  const announce = (text: string): void => {
    const regions = (): NodeListOf<HTMLElement> => root.querySelectorAll('.status');
    for (const r of regions()) r.textContent = ''; // re-announce the same text
    queueMicrotask(() => regions().forEach((r) => (r.textContent = text)));
  };
  return { host, root, container, announce };
}

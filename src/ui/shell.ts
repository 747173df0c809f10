/**
 * The first layer, without a framework: the shadow-root host, the banner (a short text, the policy
 * link and three equal buttons: Accept all, Reject all, Customize), the launcher, a polite live
 * region, and `[data-candor-open]` elements. This is all a first-time visitor downloads of the UI
 * (the script tag's `candor-banner.mjs`); the preference panel (Preact) is loaded through
 * `loadPanel` when the visitor first opens it, and renders into the same shadow root.
 *
 * The banner overlays the page (position: fixed: no layout shift) and is not a wall: the page
 * stays usable, unless the site asks for one (`blocking` with the modal layout). It touches the instance only through its public API.
 */
import { canonicalJson } from '../core/canonical-json';
import { isRtl, translate, type Messages } from '../core/locale';
import { sha256 } from '../core/sha256';
import type { Consent } from '../instance';
import type { Ui } from './context';
import { SHELL_CSS } from './styles';

/** A mounted UI. */
export interface UiHandle {
  /** The locale in use. */
  readonly locale: string;
  /** Opens the preference panel (focus returns to the current element on close). */
  open(): void;
  close(): void;
  /** Removes the UI. */
  destroy(): void;
}

/** What the first layer shows, all resolved (config defaults already applied). */
export interface ShellOptions {
  readonly locale: string;
  /** Every key the UI shows, in the chosen locale (site texts already merged in). */
  readonly messages: Messages;
  readonly layout: 'bar' | 'box' | 'modal';
  readonly theme: 'auto' | 'light' | 'dark';
  /** Show the launcher once a decision exists. */
  readonly launcher: boolean;
  /** With layout `modal`: a wall (the page is inert until the visitor chooses). */
  readonly blocking: boolean;
}

/** The preference panel, mounted into the shell the first time it opens. */
export interface PanelLayer {
  open(): void;
  close(): void;
  destroy(): void;
}

/** What the panel is given: the UI context and where to render. */
export interface Shell {
  readonly ui: Ui;
  readonly root: ShadowRoot;
  /** The `.root` element inside the shadow root (fonts and colours apply inside it). */
  readonly container: HTMLElement;
  /** Moves focus somewhere sensible when the element that opened the panel is gone (the launcher). */
  readonly focusFallback: () => void;
}

/** Loads and mounts the panel layer (synchronously for npm, a chunk for the script tag). */
export type LoadPanel = (shell: Shell) => PanelLayer | Promise<PanelLayer>;

type Props = Readonly<Record<string, string>>;

/** A tiny element builder: attributes, then children. */
const h = (tag: string, props: Props, ...children: (Node | string)[]): HTMLElement => {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) el.setAttribute(k, v);
  el.append(...children);
  return el;
};

/** Adopts `css` into `root` as a constructable stylesheet (no inline styles: CSP-friendly). */
export function adoptCss(root: ShadowRoot, css: string): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}

/** The UI context the first layer and the panel share. */
export function createUi(consent: Consent, locale: string, messages: Messages, announce: (text: string) => void): Ui {
  const textHash = sha256(canonicalJson(messages));
  let bannerShownAt: number | null = null;
  return {
    consent,
    config: consent.config,
    t: (key, vars) => translate(messages, key, vars),
    text: (key, fallback) => messages[key] ?? fallback,
    locale,
    shown: (method) => ({ method, locale, textHash }),
    signal(name, detail) {
      const at = Date.now();
      if (name === 'banner-shown') bannerShownAt = at;
      queueMicrotask(() => {
        const state = consent.state.peek();
        const extra = name === 'decision' ? { purposes: Object.keys(state.purposes).filter((p) => state.purposes[p]), msToDecision: bannerShownAt === null ? null : at - bannerShownAt } : {};
        document.dispatchEvent(new CustomEvent(`candor:${name}`, { detail: { ...detail, ...extra } }));
      });
    },
    announce,
  };
}

/** The UI's host element (lang, dir, theme), its open shadow root with `css`, and a live region. */
export function createHost(
  locale: string,
  theme: ShellOptions['theme'],
  css: readonly string[],
): { host: HTMLElement; root: ShadowRoot; container: HTMLElement; announce: (text: string) => void } {
  const host = h('div', { 'data-candor-ui': '', 'data-theme': theme, lang: locale, dir: isRtl(locale) ? 'rtl' : 'ltr' });
  const root = host.attachShadow({ mode: 'open' });
  for (const c of css) adoptCss(root, c);
  const status = h('div', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const container = h('div', { class: 'root' }, status);
  root.append(container);
  const announce = (text: string): void => {
    status.textContent = '';
    queueMicrotask(() => (status.textContent = text)); // re-announce the same text
  };
  return { host, root, container, announce };
}

/**
 * WCAG 2.4.11 Focus Not Obscured: while a bar or box covers the bottom of the viewport, the page
 * scrolls focused elements above it (scroll-padding-bottom = the banner's height), and a spacer
 * after the page's content gives the last elements room to scroll that far. Styles are set through
 * the CSSOM, which a strict CSP allows; nothing above the spacer moves (no layout shift).
 * Returns the undo.
 */
function padForBanner(banner: HTMLElement): () => void {
  const root = document.documentElement;
  const previous = root.style.scrollPaddingBottom;
  const spacer = h('div', { 'aria-hidden': 'true', 'data-candor-spacer': '' });
  document.body.append(spacer);
  const update = (): void => {
    const px = `${Math.ceil(banner.getBoundingClientRect().height) + 8}px`;
    root.style.scrollPaddingBottom = px;
    spacer.style.height = px;
  };
  update();
  const ro = typeof ResizeObserver === 'function' ? new ResizeObserver(update) : null;
  ro?.observe(banner);
  return () => {
    ro?.disconnect();
    spacer.remove();
    root.style.scrollPaddingBottom = previous;
  };
}

/**
 * A wall the site asked for (`ui.blocking` with the modal layout): the banner becomes a modal
 * dialog (APG): a backdrop, the rest of the page inert, focus moved in and kept in (Tab wraps).
 * There is no Escape: only a choice ends it, and Reject all is as near as Accept all.
 * Returns the undo.
 */
function wall(host: HTMLElement, banner: HTMLElement): () => void {
  banner.setAttribute('role', 'dialog');
  banner.setAttribute('aria-modal', 'true');
  const backdrop = h('div', { class: 'backdrop' });
  banner.before(backdrop);
  const made = Array.from(document.body.children).filter((el): el is HTMLElement => el !== host && el instanceof HTMLElement && !el.inert);
  for (const el of made) el.inert = true;
  // The panel's Dialog wraps Tab the same way for any content; sharing its helper would add about
  // 140 bytes gzip to every first visit for a layout few sites choose, so the wall keeps its own.
  const controls = (): HTMLElement[] => Array.from(banner.querySelectorAll<HTMLElement>('a[href],button'));
  banner.addEventListener('keydown', (e) => {
    const list = controls();
    const edge = e.shiftKey ? list[0] : list[list.length - 1];
    if (e.key !== 'Tab' || (host.shadowRoot?.activeElement ?? null) !== edge) return;
    e.preventDefault();
    (e.shiftKey ? list[list.length - 1] : list[0])?.focus();
  });
  controls()[0]?.focus();
  return () => {
    for (const el of made) el.inert = false;
    backdrop.remove();
  };
}

/** The banner's DOM; `decide(true|false)` records, `customize()` opens the panel. */
function renderBanner(ui: Ui, layout: ShellOptions['layout'], decide: (accept: boolean) => void, customize: () => void): HTMLElement {
  const { t, config } = ui;
  const button = (label: string, onClick: () => void): HTMLElement => {
    const b = h('button', { type: 'button', class: 'btn' }, t(label));
    b.addEventListener('click', onClick);
    return b;
  };
  const text = h('p', { id: 'candor-banner-text' }, t('banner.text'));
  if (config.policy.url) text.append(' ', h('a', { href: config.policy.url }, t('banner.policy')));
  return h(
    'section',
    { class: `banner ${layout}`, 'aria-labelledby': 'candor-banner-title', 'aria-describedby': 'candor-banner-text' },
    h(
      'div',
      { class: 'banner-inner' },
      h('div', { class: 'banner-text' }, h('h2', { id: 'candor-banner-title' }, t('banner.title')), text),
      h('div', { class: 'actions' }, button('banner.acceptAll', () => decide(true)), button('banner.rejectAll', () => decide(false)), button('banner.customize', customize)),
    ),
  );
}

/**
 * Mounts the first layer for `consent`: the banner while a decision is needed, the launcher once
 * decided, and the panel (through `loadPanel`) when opened. First in <body>, so the banner's
 * buttons come first in the tab order, before the page. Never throws into the page.
 */
export function mountShell(consent: Consent, options: ShellOptions, loadPanel: LoadPanel): UiHandle {
  const { layout } = options;
  document.querySelector('[data-candor-launcher]')?.remove(); // the loader's stand-in launcher
  const { host, root, container, announce } = createHost(options.locale, options.theme, [SHELL_CSS]);
  const ui = createUi(consent, options.locale, options.messages, announce);
  const status = container.firstElementChild as HTMLElement;
  let banner: HTMLElement | null = null;
  let launcher: HTMLElement | null = null;
  let unpad = (): void => {};
  let panel: Promise<PanelLayer> | undefined;
  const shell: Shell = { ui, root, container, focusFallback: () => launcher?.focus() };

  const withPanel = (fn: (p: PanelLayer) => void): void => {
    panel ??= (async () => loadPanel(shell))();
    panel.then(fn, (e: unknown) => {
      panel = undefined; // a later click tries again
      console.error(`Candor: could not load the preference panel: ${String(e)}`);
    });
  };
  const open = (): void => withPanel((p) => p.open());
  const decide = (accept: boolean): void => {
    const method = accept ? 'banner:accept-all' : 'banner:reject-all';
    void (accept ? consent.acceptAll(ui.shown(method)) : consent.rejectAll(ui.shown(method)));
    ui.signal('decision', { method });
    announce(ui.t('panel.saved'));
  };

  const show = (prompt: boolean): void => {
    const focused = root.activeElement;
    if (prompt && !banner) {
      banner = renderBanner(ui, layout, decide, open);
      status.after(banner);
      if (layout !== 'modal') unpad = padForBanner(banner);
      else if (options.blocking) unpad = wall(host, banner);
      ui.signal('banner-shown', { layout });
    } else if (!prompt && banner) {
      banner.remove();
      banner = null;
      unpad();
    }
    if (options.launcher && !prompt && !launcher) {
      launcher = h('button', { type: 'button', class: 'launcher' }, ui.t('launcher.label'));
      launcher.addEventListener('click', open);
      container.append(launcher);
    } else if (prompt && launcher) {
      launcher.remove();
      launcher = null;
    }
    // After a decision on the banner, focus goes to the launcher instead of being lost.
    if (focused && !focused.isConnected) launcher?.focus();
  };

  document.body.prepend(host);
  const unsubscribe = consent.needsPrompt.subscribe(show);
  // Any [data-candor-open] element on the page opens the panel.
  const onOpenClick = (e: Event): void => {
    if (!(e.target as Element | null)?.closest?.('[data-candor-open]')) return;
    e.preventDefault();
    open();
  };
  document.addEventListener('click', onOpenClick);
  return {
    locale: options.locale,
    open,
    close: () => void panel?.then((p) => p.close(), () => {}),
    destroy() {
      unsubscribe();
      document.removeEventListener('click', onOpenClick);
      void panel?.then((p) => p.destroy(), () => {});
      if (banner) unpad();
      host.remove();
    },
  };
}

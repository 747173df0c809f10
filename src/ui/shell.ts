/**
 * The first layer, without a framework: the shadow-root host, the banner (a short text, the policy
 * link and three equal buttons: Accept all, Reject all, Customize), the launcher, a polite live
 * region, and `[data-candor-open]` elements. This is all a first-time visitor downloads of the UI
 * (the script tag's `candor-first.mjs`); the preference panel (Preact) is loaded through
 * `loadPanel` when the visitor first opens it, and renders into the same shadow root.
 *
 * The banner overlays the page (position: fixed: no layout shift) and is not a wall: the page
 * stays usable, unless the site asks for one (`blocking` with the modal layout: `wall`). It never hides the
 * policy: on the policy pages (`ui.policyPages`) a modal shows as a bar and never as a wall, and a
 * non-blocking modal can be minimised. When a revoke leaves scripts running that only a reload
 * stops (the loader's `candor:revoke` with `reloadRecommended`), it offers the reload. It touches
 * the instance only through its public API. The loader's stand-in launcher gives way to it: the
 * element the loader made, which it hands over (`slot`), never one searched for in the page (markup
 * can copy any attribute, and bring a shadow root too: it is never taken for Candor's, nor removed).
 */
import type { Messages } from '../core/locale';
import { OPENER, onOpenLinks } from '../dom/open-links';
import type { Consent } from '../instance/types';
import { padForBanner } from './banner-padding';
import { focusPageStart } from './page-focus';
import { renderBanner, type Layout } from './banner';
import { button, h } from './h';
import { createHost, type Theme } from './host';
import { SHELL_CSS } from './styles';
import { createUi, type Ui } from './ui-model';
import type { minimize } from './minimize';
import type { Wall } from './wall';

/** A mounted UI. */
export interface UiHandle {
  /** The locale in use. */
  readonly locale: string;
  /**
   * Opens the preference panel (focus returns to the current element on close). For an inline
   * panel (`mountUI` with `container`): brings it into view and focuses its heading. Once destroyed,
   * nothing.
   */
  open(): void;
  /**
   * Closes the panel dialog; does nothing for an inline panel, which is part of the page, nor for
   * `mountUI(Candor)` without `container` on a script-tag page (the panel is the loader's: the
   * visitor closes it).
   */
  close(): void;
  /** Removes the UI; nothing for a `mountUI` call that mounted none (a second one, or `mountUI(Candor)`). */
  destroy(): void;
}

/** What the first layer shows, all resolved (config defaults already applied). */
export interface ShellOptions {
  readonly locale: string;
  /** Every key the UI shows, in the chosen locale (site texts already merged in). */
  readonly messages: Messages;
  readonly layout: Layout;
  readonly theme: Theme;
  /** Show the launcher once a decision exists. */
  readonly launcher: boolean;
  /**
   * With layout `modal`: a wall (the page is inert until the visitor chooses), `ui/wall.ts`'s
   * `wall`; null for none. Passed in, so that the script tag's first layer imports it only for a
   * site that asks for one (a few hundred bytes fewer before every other site's banner).
   */
  readonly wall: Wall | null;
  /** With layout `modal` and no wall: its minimising (ui/minimize.ts), passed in as `wall` is. */
  readonly minimize?: typeof minimize | null | undefined;
  /**
   * Listen for clicks on `[data-candor-open]` elements. The script tag's loader listens itself
   * (it may have to load the UI first) and passes false.
   */
  readonly openLinks: boolean;
  /**
   * Where the script tag's loader keeps Candor's launcher (its facade): the UI removes the stand-in
   * found there, and puts its own host there once mounted (loader/stand-in-launcher.ts then draws
   * none). npm: an empty one.
   */
  readonly slot: LauncherSlot;
  /** The script tag's first layer (its keys alone): the UI with the whole locale, for the reload offer. */
  readonly allTexts?: ((ui: Ui) => Promise<Ui>) | undefined;
}

/**
 * Candor's launcher on the page, as the script tag's loader and its UI share it: the stand-in
 * launcher's host while it shows (loader/stand-in-launcher.ts), then the UI's host.
 */
export interface LauncherSlot {
  launcher?: Element;
}

/** The preference panel, mounted into the shell the first time it opens. */
export interface PanelLayer {
  /**
   * Opens the dialog; nothing once its host has left the page (a destroyed UI's handle, a swapped
   * <body>, a host the page removed): `showModal()` throws there (InvalidStateError), into the page,
   * so a dialog still open there is closed, not shown again. In the page, a dialog still open is
   * shown as a modal again: it may be one no longer modal (its host left the page with a swapped
   * <body> and came back to the new one, loader/follow-body.ts; not read with `:modal`, which
   * Chrome before 105 and Firefox before 103 cannot parse).
   */
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
  /** Moves focus somewhere sensible when the element that had it is gone: the launcher, else the page's start. */
  readonly focusFallback: () => void;
}

/** Loads and mounts the panel layer (synchronously for npm, a chunk for the script tag). */
export type LoadPanel = (shell: Shell) => PanelLayer | Promise<PanelLayer>;

/** Where focus goes when the banner it was in is gone: the launcher, or (`ui.launcher: false`) the page's start. */
const focusAfterBanner = (launcher: HTMLElement | null | undefined): void =>
  launcher ? launcher.focus() : focusPageStart(document);

/**
 * Reports that the panel could not load and tells the visitor, once, until it opens after all: in
 * the live region, and where they clicked: the banner, else the launcher, else the focused
 * `[data-candor-open]` element (the words then end its name). A later click tries again (the
 * panel's chunk, in Chromium and Firefox, only on the next page: dom/import-again.ts).
 */
function tellPanelFailed(
  e: unknown,
  ui: Ui,
  announce: (text: string) => void,
  place?: Element | null,
): Element | undefined {
  console.error(`Candor: could not load the preference panel: ${String(e)}`);
  place ??= document.activeElement?.closest(OPENER);
  const said = ui.t('banner.panelFailed');
  announce(said);
  // A span (the launcher, a button, holds phrasing content only); in the banner, a line of its own.
  if (place && !place.querySelector('.failed')) {
    const words = h('span', { class: 'failed' }, ` ${said}`);
    place.append(words);
    return words;
  }
  return undefined;
}

/**
 * Mounts the first layer for `consent`: the banner while a decision is needed, the launcher once
 * decided, and the panel (through `loadPanel`) when opened. First in <body>, so the banner's
 * buttons come first in the tab order, before the page. Never throws into the page.
 */
export function mountShell(consent: Consent, options: ShellOptions, loadPanel: LoadPanel): UiHandle {
  const { layout, blocking } = forThisPage(options, consent.config.ui.policyPages);
  const { host, root, container, announce } = createHost(options.locale, options.theme, [SHELL_CSS]);
  const ui = createUi(consent, options, announce);
  const status = container.firstElementChild as HTMLElement;
  let banner: HTMLElement | null | undefined, launcher: HTMLElement | null | undefined; // none either way
  let unpad = (): void => {};
  // The panel's import, and the words saying that it could not load where they are shown.
  let panel: Promise<PanelLayer> | undefined, shown: Element | undefined;
  const shell: Shell = { ui, root, container, focusFallback: () => focusAfterBanner(launcher) };

  const open = (): void => {
    panel ??= (async () => loadPanel(shell))();
    panel.then(
      (p) => (shown?.remove(), p.open()),
      // A later click tries again.
      (e: unknown) => (
        (panel = undefined),
        (shown = tellPanelFailed(e, ui, announce, banner?.querySelector('.banner-text') ?? launcher) ?? shown)
      ),
    );
  };
  const ifLoaded = (fn: (p: PanelLayer) => void): void => void panel?.then(fn, () => {});
  const decide = (accept: boolean): void => {
    const method = accept ? 'banner:accept-all' : 'banner:reject-all';
    // Once recorded (a first visit's engine may still be loading).
    const recorded = consent[accept ? 'acceptAll' : 'rejectAll'](ui.shown(method));
    const saved = recorded.then((r) => r ?? Promise.reject()).then(() => announce(ui.t('panel.saved')));
    ui.notify('decision', { method }, saved);
  };

  const show = (prompt: boolean): void => {
    const focused = root.activeElement;
    if (prompt && !banner) {
      const b = renderBanner(ui, layout, { decide, customize: open, launcher: options.launcher });
      banner = b;
      status.after(b);
      if (layout !== 'modal') unpad = padForBanner(b);
      else if (blocking) unpad = blocking(host, b);
      // A non-blocking modal minimises to a bar, which then gets the room a bar gets.
      else options.minimize?.(b, ui.t, (mini) => (unpad(), (unpad = mini ? padForBanner(b) : () => {})));
      const shown = new Promise((ok, no) => requestAnimationFrame(() => setTimeout(b.isConnected ? ok : no)));
      ui.notify('banner-shown', { layout }, shown);
    } else if (!prompt && banner) {
      banner.remove();
      banner = null;
      unpad();
    }
    if (options.launcher && !prompt && !launcher) {
      launcher = button('launcher', ui.t('launcher.label'), open);
      container.append(launcher);
    } else if (prompt && launcher) {
      launcher.remove();
      launcher = null;
    }
    // After a decision on the banner, focus goes to the launcher, else to the page's start (never <body>).
    if (focused && !focused.isConnected) focusAfterBanner(launcher);
  };

  // Listeners first: no banner if they fail.
  const stopReloadOffer = offerReloadOnRevoke(consent, ui, shell.focusFallback, container, options.allTexts);
  const stopOpenLinks = options.openLinks ? onOpenLinks(document, open) : () => {};
  document.body.prepend(host);
  const unsubscribe = consent.needsPrompt.subscribe(show);
  // The stand-in gives way to this UI, and hands its focus over before it goes (so the panel it
  // opens records the real launcher as its opener, and focus never falls to <body>); none comes after it.
  const { slot } = options;
  if (document.activeElement === slot.launcher) root.querySelector<HTMLElement>('.launcher,.btn')?.focus();
  slot.launcher?.remove();
  slot.launcher = host;
  return {
    locale: options.locale,
    open,
    close: () => ifLoaded((p) => p.close()),
    destroy() {
      unsubscribe();
      stopOpenLinks();
      stopReloadOffer();
      ifLoaded((p) => p.destroy());
      if (banner) unpad();
      host.remove();
      delete slot.launcher; // none left: a stand-in may show again
    },
  };
}

/**
 * The layout for this page: on a policy page (one of `pages`: same origin and path, a trailing
 * slash aside, and the same query when the entry has one) a modal is a bar and never a wall, so
 * the banner never hides the policy the visitor came to read.
 */
function forThisPage(o: ShellOptions, pages: readonly string[]): { layout: Layout; blocking: Wall | null } {
  const path = (p: string): string => p.replace(/\/$/, '');
  const policy = pages.some((p) => {
    try {
      const u = new URL(p, location.href);
      return (
        u.origin === location.origin &&
        path(u.pathname) === path(location.pathname) &&
        (!u.search || u.search === location.search)
      );
    } catch {
      return false; // not a URL ("http://["): not this page, and never an error in the page
    }
  });
  return { layout: policy && o.layout === 'modal' ? 'bar' : o.layout, blocking: policy ? null : o.wall };
}

/**
 * Offers the reload a revoke needs when only a reload stops a script that ran (the loader's
 * `candor:revoke` with `reloadRecommended`), unless the site reloads by itself (`reloadOnRevoke`).
 * The notice is its own chunk, loaded then. Returns the undo.
 */
function offerReloadOnRevoke(
  consent: Consent,
  ui: Ui,
  focusAfter: () => void,
  container: HTMLElement,
  all?: (ui: Ui) => Promise<Ui>,
): () => void {
  let undo = (): void => {};
  const on = (e: Event): void =>
    void (
      (e as CustomEvent<{ reloadRecommended?: boolean } | null>).detail?.reloadRecommended &&
      !consent.config.reloadOnRevoke &&
      import('./reload-offer')
        .then((m) => m.offerReload(ui, container, focusAfter, all, e))
        .then((u) => {
          const before = undo; // a second revoke's offer is none: the first's undo is kept
          undo = () => (before(), u());
        })
        // E.g. the page is being left (Firefox then fails the import), or its words cannot load. Not
        // tried again at a URL of its own (dom/import-again.ts): 0.1 KB on every first visit for this.
        .catch((e: unknown) => console.error(`Candor: could not load the reload offer: ${String(e)}`))
    );
  document.addEventListener('candor:revoke', on);
  // The offer goes with the UI, and gives its room back (ui/banner-padding.ts).
  return () => (document.removeEventListener('candor:revoke', on), undo());
}

/**
 * `mountUI(consent, options)`: renders the banner and the launcher (ui/shell.ts, no framework) and
 * the preference panel (Preact) in an open shadow root with adopted styles, or the panel inline in
 * `container` (an account page). It touches the instance only through its public API.
 *
 * It throws (a TypeError) for an instance without a config (window.Candor before its engine, or
 * with an invalid config), for a `container` that is no element (null: a selector that found
 * nothing), and without a `container` before `<body>` exists (the shell is prepended to it).
 */
import { render } from 'preact';
import type { CandorGlobal, Consent } from '../instance/types';
import { mergeMessages, type Messages } from '../core/locale';
import { chooseLocale } from '../core/locale-choice';
import { ENGLISH } from './i18n';
import { Panel } from './Panel';
import type { View } from './ViewTabs';
import { mountPanel } from './panel-layer';
import { createHost } from './host';
import { mountShell, type UiHandle } from './shell';
import { minimize } from './minimize';
import { wall } from './wall';
import { createUi } from './ui-model';
import { PANEL_CSS } from './panel-styles';
import { SHELL_CSS } from './styles';

/** Options of `mountUI`. */
export interface MountOptions {
  /** A locale tag, or "auto" (page lang, then browser languages). @default config `ui.locale` */
  readonly locale?: string;
  /** @default config `ui.layout` */
  readonly layout?: 'bar' | 'box' | 'modal';
  /** @default config `ui.theme` */
  readonly theme?: 'auto' | 'light' | 'dark';
  /** Show the launcher once a decision exists. @default config `ui.launcher` */
  readonly launcher?: boolean;
  /** With layout `modal`: a wall until the visitor chooses. @default config `ui.blocking` */
  readonly blocking?: boolean;
  /**
   * Render the panel inline in this element instead of as a dialog (undefined: none; anything else
   * that is no element, such as null from a selector that found nothing, throws). @default none
   */
  readonly container?: Element | undefined;
  /**
   * With `container`: the view shown first, e.g. `'preferences'` on a newsletter page (the others
   * stay one tab away). The dialog always opens on `'choices'`. @default 'choices'
   */
  readonly view?: View;
  /** The chosen locale's messages (locales/<locale>.json); English fills any gap. @default English */
  readonly messages?: Messages;
}

/** The page's one banner and launcher mounted by `mountUI` (a symbol: no markup can set it). */
const LIVE = Symbol.for('candor.ui');

/**
 * One banner and launcher per page, across bundles and instances (an effect run twice, a second
 * provider): a second call adds none, and its handle opens and closes the page's UI of the moment.
 * One whose host left the page (a site that swaps <body>, as Turbo does) is gone: a new one mounts.
 */
function onePerPage(mount: () => UiHandle): UiHandle {
  const w = window as { [LIVE]?: { ui: UiHandle; host: Element } };
  const live = w[LIVE];
  if (live?.host.isConnected) {
    console.error('Candor: mountUI: the page has a banner and launcher already; destroy that UI first');
    return {
      locale: live.ui.locale,
      open: () => w[LIVE]?.ui.open(),
      close: () => w[LIVE]?.ui.close(),
      destroy() {},
    };
  }
  live?.ui.destroy(); // its listeners too (once: the site may destroy it again)
  const shell = mount();
  let done = false;
  const ui: UiHandle = {
    ...shell,
    destroy() {
      if (done) return;
      done = true;
      if (w[LIVE] === mine) delete w[LIVE];
      shell.destroy();
    },
  };
  const mine = { ui, host: document.body.firstElementChild! }; // the shell's host, prepended
  w[LIVE] = mine;
  return ui;
}

/** Mounts the visitor UI for an instance (or `window.Candor` with its engine). Decides nothing itself. */
export function mountUI(instance: Consent | CandorGlobal, options: MountOptions = {}): UiHandle {
  const config = instance?.config as Consent['config'] | undefined;
  if (!config || !(options.container || document.body))
    throw new TypeError(
      'Candor: mountUI needs an instance with a valid config (script tag: after `await Candor.ready`, if `Candor.config` is set), and <body>',
    );
  if (options.container !== undefined && (options.container as Node | null)?.nodeType !== 1)
    throw new TypeError(
      'Candor: mountUI: `container` is not an element (a selector that found nothing gives null); leave it out for the banner and launcher',
    );
  const consent = instance as Consent; // the engine's, with its config
  const chosen = chooseLocale(
    options.locale ?? config.ui.locale,
    document.documentElement.lang || null,
    navigator.languages ?? [],
  );
  // A locale file is outside: its strings only (English fills the rest).
  const given = Object.fromEntries(Object.entries(options.messages ?? {}).filter(([, v]) => typeof v === 'string'));
  // Without that locale's own words for the banner's title and buttons (given, or in the site's
  // texts for it: the script tag's rule for a locale file; not texts for a purpose or the banner's
  // sentence alone, nor an error body fetched as JSON) the UI is English, and so is its lang and
  // what a decision records.
  const own = { ...given, ...config.texts[chosen] };
  const spoken = ['title', 'acceptAll', 'rejectAll', 'customize'].every((k) => Object.hasOwn(own, `banner.${k}`));
  const locale = chosen === 'en' || spoken ? chosen : 'en';
  // No English list or duration words (format.*) in another locale: Intl's, without its own.
  const english =
    locale === 'en'
      ? ENGLISH
      : Object.fromEntries(Object.entries(ENGLISH).filter(([key]) => !key.startsWith('format.')));
  const messages = mergeMessages(locale, locale === chosen ? given : {}, config.texts, english);
  const theme = options.theme ?? config.ui.theme;
  // The script tag's facade (config: a getter), not an npm app's own instance set as window.Candor.
  if (
    !options.container &&
    instance === (window as { Candor?: unknown }).Candor &&
    Object.getOwnPropertyDescriptor(instance, 'config')?.get
  ) {
    // The script tag's instance: its loader shows the page's banner and launcher already. Its open()
    // goes through the loader's own [data-candor-open] listener.
    console.error('Candor: mountUI: the script tag shows its own banner and launcher; give mountUI a container');
    const open = (): void => {
      const a = document.body.appendChild(document.createElement('a'));
      a.setAttribute('data-candor-open', '');
      a.click();
      a.remove();
    };
    return { locale: consent.locale, open, close: () => {}, destroy() {} }; // its banner's, not `locale`
  }
  if (!options.container) {
    const layout = options.layout ?? config.ui.layout;
    const shellOptions = {
      locale,
      messages,
      theme,
      layout,
      launcher: options.launcher ?? config.ui.launcher,
      wall: (options.blocking ?? config.ui.blocking) ? wall : null,
      minimize,
      openLinks: true,
      slot: {}, // no stand-in launcher here
    };
    return onePerPage(() => mountShell(consent, shellOptions, mountPanel));
  }
  const { host, container, announce } = createHost(locale, theme, [SHELL_CSS, PANEL_CSS]);
  const ui = createUi(consent, { locale, messages }, announce);
  options.container.append(host);
  const el = document.createElement('div');
  container.append(el);
  render(<Panel ui={ui} inline onDone={() => {}} view={options.view ?? 'choices'} />, el);
  return {
    locale,
    // An inline panel is always shown: open() brings it into view and moves focus to its heading
    // (so a screen reader starts there); close() has nothing to close.
    open() {
      const heading = container.querySelector<HTMLElement>('#candor-panel-title');
      if (!heading) return;
      heading.tabIndex = -1;
      heading.scrollIntoView?.({ block: 'nearest' });
      heading.focus();
    },
    close: () => {},
    destroy() {
      render(null, el);
      host.remove();
    },
  };
}

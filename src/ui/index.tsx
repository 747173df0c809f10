/**
 * `mountUI(consent, options)`: renders the banner, the preference panel and the launcher in an
 * open shadow root with adopted styles, or the panel inline in `container` (an account page).
 * The only entry that imports Preact; it touches the instance only through its public API.
 */
import { signal } from '@preact/signals';
import { render } from 'preact';
import { canonicalJson } from '../core/canonical-json';
import { sha256 } from '../core/sha256';
import type { Consent } from '../instance';
import { App } from './App';
import type { Ui } from './context';
import { chooseLocale, ENGLISH, isRtl, translate, type Messages } from './i18n';
import { Panel } from './Panel';
import { CSS } from './styles';

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
  /** Render the panel inline in this element instead of as a dialog. @default none */
  readonly container?: Element;
  /** The chosen locale's messages (locales/<locale>.json); English fills any gap. @default English */
  readonly messages?: Messages;
}

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

/** Mounts the visitor UI for `consent`. Does not decide anything by itself. */
export function mountUI(consent: Consent, options: MountOptions = {}): UiHandle {
  const { config } = consent;
  const doc = document;
  const locale = chooseLocale(options.locale ?? config.ui.locale, doc.documentElement.lang || null, navigator.languages ?? []);
  const messages: Messages = { ...ENGLISH, ...config.texts['en'], ...options.messages, ...config.texts[locale] };
  const textHash = sha256(canonicalJson(messages));
  const status = signal('');
  let bannerShownAt: number | null = null;
  const panelOpen = signal(false);
  const ui: Ui = {
    consent,
    config,
    t: (key, vars) => translate(messages, key, vars),
    text: (key, fallback) => messages[key] ?? fallback,
    locale,
    shown: (method) => ({ method, locale, textHash }),
    signal(name, detail) {
      if (name === 'banner-shown') bannerShownAt = Date.now();
      // Decisions apply synchronously, so the state already holds what was granted.
      const extra =
        name === 'decision'
          ? { purposes: Object.keys(consent.state.peek().purposes).filter((p) => consent.state.peek().purposes[p]), msToDecision: bannerShownAt === null ? null : Date.now() - bannerShownAt }
          : {};
      queueMicrotask(() => doc.dispatchEvent(new CustomEvent(`candor:${name}`, { detail: { ...detail, ...extra } })));
    },
    announce: (text) => {
      status.value = '';
      queueMicrotask(() => (status.value = text)); // re-announce the same text
    },
  };

  const host = doc.createElement('div');
  host.setAttribute('data-candor-ui', '');
  host.setAttribute('data-theme', options.theme ?? config.ui.theme);
  host.lang = locale;
  host.dir = isRtl(locale) ? 'rtl' : 'ltr';
  const root = host.attachShadow({ mode: 'open' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  root.adoptedStyleSheets = [sheet];

  if (options.container) {
    options.container.append(host);
    render(
      <div class="root">
        <div class="status" role="status" aria-live="polite">
          {status}
        </div>
        <Panel ui={ui} inline onDone={() => {}} />
      </div>,
      root,
    );
  } else {
    // First in <body>: the banner's buttons come first in the tab order, before the page.
    doc.body.prepend(host);
    render(<App ui={ui} layout={options.layout ?? config.ui.layout} launcher={options.launcher ?? config.ui.launcher} panelOpen={panelOpen} status={status} />, root);
  }
  // Any [data-candor-open] element on the page opens the panel.
  const onOpenClick = (e: Event): void => {
    const target = (e.target as Element | null)?.closest?.('[data-candor-open]');
    if (!target) return;
    e.preventDefault();
    panelOpen.value = true;
  };
  if (!options.container) doc.addEventListener('click', onOpenClick);
  return {
    locale,
    open: () => void (panelOpen.value = true),
    close: () => void (panelOpen.value = false),
    destroy() {
      doc.removeEventListener('click', onOpenClick);
      render(null, root);
      host.remove();
    },
  };
}

export type { Messages } from './i18n';

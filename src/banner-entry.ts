/**
 * The script tag's first-layer chunk (`dist/candor-banner.mjs`), imported by the loader when a
 * prompt is needed or the panel is opened: fetches only the chosen locale (next to this chunk, in
 * locales/), mounts the banner and launcher, and imports the Preact panel chunk the first time the
 * visitor opens the panel.
 */
import { chooseLocale, type Messages } from './core/locale';
import type { Consent } from './instance';
import { mountShell, type UiHandle } from './ui/shell';

const fetching = new Map<string, Promise<Messages>>();
/** Fetches a locale once (a prefetch and the mount share the request). */
const fetchLocale = (locale: string): Promise<Messages> => {
  let p = fetching.get(locale);
  if (!p) {
    p = fetch(new URL(`locales/${locale}.json`, import.meta.url)).then((r) => (r.ok ? (r.json() as Promise<Messages>) : Promise.reject(new Error(`HTTP ${r.status} for locales/${locale}.json`))));
    p.catch(() => fetching.delete(locale)); // a failed fetch may be tried again
    fetching.set(locale, p);
  }
  return p;
};
const pick = (configured: string): string => chooseLocale(configured, document.documentElement.lang || null, navigator.languages ?? []);

/**
 * Starts fetching the locale for `configured` (the not yet validated config's `ui.locale`) while
 * the engine validates it, so the banner does not wait for one more round trip. Never throws.
 */
export function prefetchLocale(configured: string): void {
  fetchLocale(pick(configured)).catch(() => {});
}

/** Mounts the UI for the script tag's validated instance; English when the locale cannot load. */
export async function mountBanner(consent: Consent): Promise<UiHandle> {
  const { ui, texts } = consent.config;
  let locale = pick(ui.locale);
  let messages: Messages;
  try {
    messages = await fetchLocale(locale);
  } catch (e) {
    if (locale === 'en') throw e;
    locale = 'en';
    messages = await fetchLocale(locale);
  }
  // Site texts win for their locale; English site texts fill keys only the site has.
  messages = { ...(locale === 'en' ? {} : texts['en']), ...messages, ...texts[locale] };
  return mountShell(consent, { locale, messages, layout: ui.layout, theme: ui.theme, launcher: ui.launcher, blocking: ui.blocking }, async (shell) => (await import('./ui/panel-layer')).mountPanel(shell));
}

/**
 * The script tag's first layer (chunk `candor-banner.mjs`): fetches only the chosen locale (next
 * to the chunks, in locales/), mounts the banner and launcher, and imports the Preact panel chunk
 * the first time the visitor opens the panel.
 */
import { chooseLocale, mergeMessages, type Messages } from '../core/locale';
import type { Consent } from '../instance/types';
import { rememberLauncherLabel } from '../dom/launcher-label';
import { mountShell, type UiHandle } from './shell';

const fetching = new Map<string, Promise<Messages>>();
/** Fetches a locale once (a prefetch and the mount share the request). */
const fetchLocale = (locale: string): Promise<Messages> => {
  let p = fetching.get(locale);
  if (!p) {
    p = fetch(new URL(`locales/${locale}.json`, import.meta.url)).then((r) =>
      r.ok ? (r.json() as Promise<Messages>) : Promise.reject(new Error(`HTTP ${r.status} for locales/${locale}.json`)),
    );
    p.catch(() => fetching.delete(locale)); // a failed fetch may be tried again
    fetching.set(locale, p);
  }
  return p;
};
const pick = (configured: string): string =>
  chooseLocale(configured, document.documentElement.lang || null, navigator.languages ?? []);

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
  messages = mergeMessages(locale, messages, texts);
  const label = messages['launcher.label'];
  if (label) rememberLauncherLabel(locale, label); // for the loader's stand-in launcher on later pages
  const options = {
    locale,
    messages,
    layout: ui.layout,
    theme: ui.theme,
    launcher: ui.launcher,
    blocking: ui.blocking,
    openLinks: false,
  };
  return mountShell(consent, options, async (shell) => (await import('./panel-layer')).mountPanel(shell));
}

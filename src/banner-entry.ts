/**
 * The script tag's first-layer chunk (`dist/candor-banner.mjs`), imported by the loader when a
 * prompt is needed or the panel is opened: fetches only the chosen locale (next to this chunk, in
 * locales/), mounts the banner and launcher, and imports the Preact panel chunk the first time the
 * visitor opens the panel.
 */
import { chooseLocale, type Messages } from './core/locale';
import type { Consent } from './instance';
import { mountShell, type UiHandle } from './ui/shell';

const fetchLocale = async (locale: string): Promise<Messages> => {
  const r = await fetch(new URL(`locales/${locale}.json`, import.meta.url));
  if (!r.ok) throw new Error(`HTTP ${r.status} for locales/${locale}.json`);
  return (await r.json()) as Messages;
};

/** Mounts the UI for the script tag's validated instance; English when the locale cannot load. */
export async function mountBanner(consent: Consent): Promise<UiHandle> {
  const { ui, texts } = consent.config;
  let locale = chooseLocale(ui.locale, document.documentElement.lang || null, navigator.languages ?? []);
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
  return mountShell(consent, { locale, messages, layout: ui.layout, theme: ui.theme, launcher: ui.launcher }, async (shell) => (await import('./ui/panel-layer')).mountPanel(shell));
}

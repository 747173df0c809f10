/**
 * A returning visitor downloads no UI: this small button (no framework) stands in for the UI's
 * launcher and loads the panel on demand. The UI removes it when it mounts. It looks like the UI's
 * launcher in the site's theme (light, dark, or the system's with "auto"; forced colors keep it a
 * bordered button) and speaks the UI's language: `label` comes from the site's texts, the label
 * the UI last showed in this locale, or the locale file; its `lang` is the UI's.
 */
import { ownOf, type Messages } from '../core/locale';
import type { SiteView } from '../core/site-view';
import type { fetchJson } from '../dom/fetch-json';
import { rememberedLauncherLabel } from '../dom/launcher-label';
import type { LauncherSlot } from '../ui/shell';

// The look of the UI's launcher (ui/styles.ts), in as few bytes as possible: the site's theme
// (docs/theming.md: the `--candor-*` properties, set on this host too), else the built-in one.
const DARK = '--b:#1f2023;--f:#f2f2f2;--a:#8fb0ff;--o:#fbbf24;color-scheme:dark';
const LAUNCHER_CSS =
  ':host{--b:#fff;--f:#1a1a1a;--a:#1d4ed8;--o:#b45309;color-scheme:light}' +
  `:host([data-theme=dark]){${DARK}}@media (prefers-color-scheme:dark){:host([data-theme=auto]){${DARK}}}` +
  'button{position:fixed;z-index:2147482999;bottom:var(--candor-space,1rem);inset-inline-start:var(--candor-space,1rem);font:16px var(--candor-font,system-ui,sans-serif);min-height:44px;padding:.5rem .9rem;border:2px solid var(--candor-accent,var(--a));border-radius:2rem;background:var(--candor-bg,var(--b));color:var(--candor-fg,var(--f));cursor:pointer;box-shadow:var(--candor-shadow,0 .5rem 2rem #00000040)}' +
  'button:focus-visible{outline:3px solid var(--candor-focus,var(--o));outline-offset:2px}';

/** Where the label comes from: the page's locale, the loader's URL and its JSON fetch (dom/fetch-json.ts). */
export interface LabelSource {
  readonly locale: string;
  readonly base: string;
  readonly json: typeof fetchJson;
}

/** The launcher's words: its text, and its language (the UI's locale, or English as a fallback). */
export interface LauncherLabel {
  readonly text: string;
  readonly lang: string;
}

/**
 * Shows the stand-in launcher (once, and not over a mounted UI) once `<body>` exists and its
 * label is known; `theme` is config `ui.theme`. `slot` (the loader's facade) holds Candor's
 * launcher: the stand-in is put there, and the UI, which removes it, puts its own host there.
 */
export function showStandInLauncher(
  slot: LauncherSlot,
  label: Promise<LauncherLabel>,
  theme: string,
  onClick: () => void,
): void {
  const show = (words: LauncherLabel): void => {
    // Only what Candor made and kept counts, never an element found in the page: markup can copy
    // any attribute and bring a shadow root too (declarative shadow DOM, a form's input named shadowRoot).
    if (slot.launcher) return;
    const host = document.createElement('div');
    host.toggleAttribute('data-candor-launcher');
    host.dataset['theme'] = /^(light|dark)$/.test(theme) ? theme : 'auto';
    // In the UI's language, as the UI's launcher (WCAG 3.1.2). Its side follows the page's direction
    // (the UI's, with `dir`, its locale's: they differ only where ui.locale's script and the page's do).
    host.lang = words.lang;
    const root = host.attachShadow({ mode: 'open' });
    // Its one sheet (dom/adopt-css.ts, inlined: a new root has none to keep; 9 bytes fewer for every
    // returning visitor); unstyled but usable where constructable stylesheets are missing.
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(LAUNCHER_CSS);
      root.adoptedStyleSheets = [sheet];
    } catch {
      // unstyled
    }
    // No `type`: in a shadow root a button has no form to submit (its default type does nothing more).
    const button = document.createElement('button');
    button.textContent = words.text;
    button.addEventListener('click', onClick);
    root.append(button);
    document.body.append((slot.launcher = host));
  };
  // (DOMContentLoaded fires once: its listener needs no `once`.)
  void label.then((words) =>
    document.body ? show(words) : document.addEventListener('DOMContentLoaded', () => show(words)),
  );
}

/**
 * The stand-in launcher's label in the UI's locale (`o.locale`): the site's text for it, else the
 * one the UI last showed in that locale, else the locale file's (its first-layer keys, fetched only
 * then, next to `o.base`, with the loader's `o.json`: this chunk has no copy of its own), else the
 * site's English text or Candor's, marked as English.
 */
export async function launcherLabel(view: SiteView, o: LabelSource): Promise<LauncherLabel> {
  const { locale } = o;
  const key = 'launcher.label';
  // The site's text, else the one the UI last showed, else (fetched only then) the locale file's.
  const text =
    (ownOf(ownOf(view.texts, locale), key) ?? rememberedLauncherLabel(locale)) ||
    ownOf(await o.json<Messages>(new URL(`locales/first/${locale}.json`, o.base)).catch(() => undefined), key);
  // The site's English text, then Candor's: English, said so (a locale file beats the site's English, as in the UI).
  return text && typeof text === 'string'
    ? { text, lang: locale }
    : { text: ownOf(ownOf(view.texts, 'en'), key) ?? 'Privacy settings', lang: 'en' };
}

/**
 * The script tag's first layer (chunk `candor-first.mjs`): mounts the banner and launcher in the
 * locale the loader chose (its first-layer keys, fetched next to the chunks from locales/first/,
 * unless the loader already did; the whole locale file when the panel first opens), and
 * imports the Preact panel chunk the first time the visitor opens the panel. On a first visit it
 * validates the config itself and shows the banner before the engine has loaded (ui/pre-engine.ts).
 */
import { checkConfig, noPreferences, type PreferencesParser } from '../core/check-config';
import { isRecord, isTexts } from '../core/check';
import { mergeMessages, type Messages } from '../core/locale';
import type { Config } from '../core/config-types';
import type { Consent } from '../instance/types';
import type { fetchJson } from '../dom/fetch-json';
import { LAUNCHER_KEY, type RememberedLabel } from '../dom/launcher-label';
import { keepJson } from '../dom/keep-json';
import { startEngineWhenNeeded } from './engine-when';
import { preEngine, type EngineHandle } from './pre-engine';
import { mountShell, type LauncherSlot, type UiHandle } from './shell';
import { withTexts, type Ui } from './ui-model';

/** The loader's facade as the first layer sees it: the engine, `window.Candor`, and the stand-in launcher it keeps. */
type LoaderFacade = EngineHandle & LauncherSlot & { readonly candor: unknown };

/** The keys a locale file must have: the banner's title and buttons. */
const NEEDED = ['banner.title', 'banner.acceptAll', 'banner.rejectAll', 'banner.customize'];

const fetching = new Map<string, Promise<Messages>>();
/**
 * Fetches a locale file once (the loader's request, a prefetch and the mount share it): `first/de`
 * is the first layer's keys alone (dist/locales/first/, made by the build), `de` the whole file.
 * With the loader's `json` (dom/fetch-json.ts): the first layer carries no copy of its own.
 */
export const fetchLocale = (file: string, json: typeof fetchJson): Promise<Messages> => {
  let p = fetching.get(file);
  if (!p) {
    p = json<Messages>(new URL(`locales/${file}.json`, import.meta.url));
    p.catch(() => fetching.delete(file)); // a failed fetch may be tried again
    fetching.set(file, p);
  }
  return p;
};

/**
 * The texts for `config` in `locale` (English when that locale cannot load), with the site's
 * texts merged in; `part` is `first/` for the first layer's keys alone, '' for all of them.
 */
async function messagesFor(
  config: Config,
  locale: string,
  part: 'first/' | '',
  json: typeof fetchJson,
): Promise<{ locale: string; messages: Messages }> {
  // Not a locale, so English instead: JSON that is no locale (an error page served with 200: its
  // keys would show as words), a value that is no text (a careless edit: the banner would fail),
  // or no words for the title or a button (Reject all would read `banner.rejectAll`).
  const read = async (file: string): Promise<Messages> => {
    const m = await fetchLocale(file, json);
    if (!isTexts(m) || !NEEDED.every((k) => Object.hasOwn(m, k)))
      throw Error(`locales/${file}.json is not a locale file`);
    return m;
  };
  let messages: Messages;
  try {
    messages = await read(part + locale);
  } catch (e) {
    if (locale === 'en') throw e;
    locale = 'en';
    messages = await read(part + locale);
  }
  return { locale, messages: mergeMessages(locale, messages, config.texts) };
}

/**
 * Mounts the UI for `consent` in `chosen` (`panel` gives the instance the panel works with); the
 * panel opens, each time, once the first layer's decisions have reached the engine
 * (`engine.settled`, ui/pre-engine.ts): it then shows them, and what is chosen in it comes after them.
 */
async function mount(
  consent: Consent,
  chosen: LoaderLocale,
  panel: () => Promise<Consent>,
  engine: EngineHandle & LauncherSlot,
): Promise<UiHandle> {
  const { ui } = consent.config;
  // A wall only for a site that asks for one (a modal with ui.blocking), else a modal's minimising,
  // fetched with the locale.
  const modal = ui.layout === 'modal';
  const [{ locale, messages }, walled, mini] = await Promise.all([
    messagesFor(consent.config, adopt(chosen), 'first/', chosen.json),
    modal && ui.blocking ? import('./wall') : null,
    // Without it, the modal shows all the same (it does not minimise), and the site owner is told.
    modal && !ui.blocking
      ? import('./minimize').catch(
          (e: unknown) => void console.error(`Candor: could not load the Minimize button: ${String(e)}`),
        )
      : null,
  ]);
  // The whole locale (the first layer fetched only its own keys): for the panel and the reload offer.
  const all = (): ReturnType<typeof messagesFor> => messagesFor(consent.config, locale, '', chosen.json);
  // For the loader's stand-in launcher on later pages, which it needs only once there is a
  // decision: remembered once the engine is there (on a first visit, not in the banner's start-up:
  // localStorage's write took about 3 ms at 4x CPU throttling).
  const label = messages['launcher.label'];
  if (label) void engine.loaded.then(() => keepJson(LAUNCHER_KEY, [locale, label] satisfies RememberedLabel));
  const options = {
    locale,
    messages,
    layout: ui.layout,
    theme: ui.theme,
    launcher: ui.launcher,
    wall: walled?.wall ?? null,
    minimize: mini?.minimize ?? null,
    openLinks: false,
    slot: engine, // the loader's facade: its stand-in launcher
    allTexts: async (shown: Ui) => withTexts(shown, shown.consent, await all()),
  };
  return mountShell(consent, options, async (shell) => {
    const [layer, instance, whole] = await Promise.all([import('./panel-layer'), panel(), all()]);
    // The panel works with the engine's instance (signals, preferences, history), never a
    // stand-in, and with the whole locale (the first layer fetched only its own keys).
    const p = layer.mountPanel({ ...shell, ui: withTexts(shell.ui, instance, whole) });
    return { ...p, open: () => void Promise.resolve(engine.settled).then(p.open) };
  });
}

/**
 * The locale the loader chose (core/locale-choice.ts: the config's, else the page's, else the
 * browser's) and, when a prompt is likely, its own request for that locale's first layer; the
 * loader's JSON fetch, which fetches the locale files.
 */
export interface LoaderLocale {
  readonly locale: string;
  readonly messages?: Promise<Messages> | undefined;
  readonly json: typeof fetchJson;
}
const adopt = ({ locale, messages }: LoaderLocale): string => {
  if (messages && !fetching.has(`first/${locale}`)) fetching.set(`first/${locale}`, messages);
  return locale;
};

/** Mounts the UI for the script tag's validated instance; English when the locale cannot load. */
function mountBanner(engine: LoaderFacade, chosen: LoaderLocale): Promise<UiHandle> {
  const consent = engine.candor as Consent;
  return mount(consent, chosen, () => Promise.resolve(consent), engine);
}

/**
 * What checks `raw`'s preferences: the real parser (its own chunk, requested by the loader with
 * this one: loader/boot.ts) only for a config that has any; no other site's banner waits for it.
 */
const preferencesParser = async (raw: unknown): Promise<PreferencesParser> =>
  isRecord(raw) && raw['preferences'] !== undefined
    ? (await import('../core/preferences')).parsePreferences
    : noPreferences;

/**
 * A first visit: validates `raw` and shows the banner before the engine has loaded, which loads
 * when it is needed (ui/engine-when.ts). An invalid config shows nothing here and starts the
 * engine, which reports every issue (one error, no UI); were the engine to take it after all, its
 * banner would show then (never no banner and no word).
 */
async function mountFirstVisit(engine: LoaderFacade, raw: unknown, chosen: LoaderLocale): Promise<UiHandle | null> {
  // Refused here (or the parser's chunk did not load): the engine decides. An invalid config it
  // reports (no UI); one it takes after all (a config whose reading changed) gets its banner then.
  const engineDecides = async (): Promise<UiHandle | null> =>
    (await engine.start()) ? mountBanner(engine, chosen) : null;
  let parsed;
  try {
    parsed = checkConfig(raw, await preferencesParser(raw));
  } catch {
    return engineDecides();
  }
  if (!parsed.ok) return engineDecides();
  const mounted: { ui?: UiHandle } = {}; // a failing engine removes the UI once mounted
  const consent = preEngine(parsed.config, engine, () => mounted.ui?.destroy());
  const panel = async (): Promise<Consent> => (await engine.start()) ?? Promise.reject(Error('no engine'));
  try {
    return (mounted.ui = await mount(consent, chosen, panel, engine));
  } finally {
    // At once where impressions are counted, or when the UI failed (nothing to wait for then).
    startEngineWhenNeeded(engine.start, parsed.config.sync?.analytics === true || !mounted.ui);
  }
}

/**
 * The script-tag loader's one call, once `<body>` exists: a first visit (`raw` given) validates
 * and shows the banner before the engine, which loads when it is needed; otherwise the UI of the
 * engine's validated instance.
 */
export async function mountForLoader(
  engine: LoaderFacade,
  raw: unknown,
  chosen: LoaderLocale,
): Promise<UiHandle | null> {
  if (!document.body) await new Promise((r) => document.addEventListener('DOMContentLoaded', r));
  return raw === undefined ? mountBanner(engine, chosen) : mountFirstVisit(engine, raw, chosen);
}

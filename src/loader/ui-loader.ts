/**
 * Mounts the first layer (banner and launcher, imported statically: this module ships in their
 * chunk, `candor-first.mjs`, never in the loader) once, only when needed, in the locale the loader
 * chose, whose first layer is fetched in parallel when a prompt is likely (on a first visit the
 * loader itself already asked for it).
 *
 * On a first visit (`first`: no decision can exist) the banner does not wait for the engine: the
 * chunk validates the config and shows the banner, and the engine loads when it is needed
 * (ui/engine-when.ts). Otherwise the UI waits for the engine
 * (`ready`) and mounts only when it asks for a prompt or the panel is opened. A failure is
 * reported once; the page then has no UI and nothing is granted.
 */
import type { Messages } from '../core/locale';
import { fetchLocale, mountForLoader } from '../ui/banner-mount';
import type { Facade } from './facade';
import type { LaterOptions } from './page-later';

/** What the loader knows before the UI loads. */
export interface UiStart {
  /** The locale the loader chose (core/locale-choice.ts). */
  readonly locale: string;
  /** The trusted decision's expiry when the cookie answered, else null: a prompt is likely, the locale's first layer is fetched at once. */
  readonly until: number | null;
  /** A first visit: the raw config, for the banner to show before the engine, and the loader's request for the locale. */
  readonly first?: { readonly config: unknown; readonly messages?: Promise<Messages> } | undefined;
}

/** Returns `show(open)`: mounts the UI (once `<body>` exists) and, with `open`, opens the panel. */
export function createUiLoader(
  facade: Facade,
  how: UiStart & Pick<LaterOptions, 'report' | 'json'>,
): (open: boolean) => void {
  const { candor } = facade;
  const { locale, until, first, report, json } = how;
  const messages = until === null ? (first?.messages ?? fetchLocale(`first/${locale}`, json)) : undefined;
  // A failure is reported when mounting (each request already has a handler: no unhandled rejection).
  let handle: Promise<{ open(): void } | null> | undefined;
  const show = (open: boolean): void => {
    handle ??= (async () => {
      if (!first) await candor.ready;
      // The chunk validates a first visit's config itself; else the engine has (invalid: no UI).
      return first || candor.config ? mountForLoader(facade, first?.config, { locale, messages, json }) : null;
    })().catch((e: unknown) => (report(`Candor: could not load the consent UI: ${String(e)}`), null));
    if (open) void handle.then((h) => h?.open());
  };
  if (first) show(false);
  return show;
}

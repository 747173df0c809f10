/**
 * Loads the first-layer UI chunk (`candor-banner.mjs`, with every chunk it imports in parallel)
 * once, only when needed, and fetches the chosen locale itself, in parallel, when a prompt is
 * likely.
 *
 * On a first visit (`first`: no decision can exist) the banner does not wait for the engine: the
 * chunk validates the config and shows the banner, and the engine loads once the banner is on
 * screen and the page is idle (or at the first decision). Otherwise the UI waits for the engine
 * (`ready`) and mounts only when it asks for a prompt or the panel is opened. A failure is
 * reported once; the page then has no UI and nothing is granted.
 */
import type * as BannerChunk from '../chunks/banner';
import type { Messages } from '../core/locale';
import { fetchJson } from '../dom/fetch-json';
import type { ChunkImporter } from './chunks';
import type { Facade } from './facade';

/** What the loader knows before the UI loads. */
export interface UiStart {
  /** The locale to fetch at once (a prompt is likely), or null. */
  readonly locale: string | null;
  /** A first visit: the raw config, for the banner to show before the engine. */
  readonly first?: { readonly config: unknown } | undefined;
}

/** Returns `show(open)`: mounts the UI (once `<body>` exists) and, with `open`, opens the panel. */
export function createUiLoader(
  facade: Facade,
  base: string,
  how: UiStart,
  report: (message: string) => void,
  importChunk: ChunkImporter,
): (open: boolean) => void {
  const { candor } = facade;
  let chunk: Promise<typeof BannerChunk> | undefined;
  const load = (): Promise<typeof BannerChunk> => (chunk ??= importChunk('banner'));
  const { locale, first } = how;
  const prefetched = locale
    ? { file: `first/${locale}`, messages: fetchJson<Messages>(new URL(`locales/first/${locale}.json`, base)) }
    : undefined;
  prefetched?.messages.catch(() => {}); // reported when mounting
  if (prefetched) void load().catch(() => {}); // in parallel with the engine (reported when mounting)
  let handle: Promise<{ open(): void } | null> | undefined;
  const show = (open: boolean): void => {
    handle ??= (async () => {
      if (!first) await candor.ready;
      // The chunk validates a first visit's config itself; else the engine has (invalid: no UI).
      return first || candor.config ? (await load()).mountForLoader(facade, first?.config, prefetched) : null;
    })().catch((e: unknown) => (report(`Candor: could not load the consent UI: ${String(e)}`), null));
    if (open) void handle.then((h) => h?.open());
  };
  if (first) show(false);
  return show;
}

/**
 * Loads the first-layer UI chunk (`candor-banner.mjs`) once, only when needed: at boot when no
 * trusted decision exists (in parallel with the engine, prefetching the locale), else when the
 * panel is opened. A failure is reported once; the page then has no UI and nothing is granted.
 */
import type * as BannerChunk from '../chunks/banner';
import type { Consent } from '../instance/types';
import type { CandorGlobal } from './facade';

/**
 * Returns `show(open)`: mounts the UI (after `ready`, once `<body>` exists) and, with `open`, opens
 * the panel. `early` is the configured locale when the banner is likely needed, else null.
 */
export function createUiLoader(
  candor: CandorGlobal,
  base: string,
  early: string | null,
  report: (message: string) => void,
): (open: boolean) => void {
  let chunk: Promise<typeof BannerChunk> | undefined;
  const load = (): Promise<typeof BannerChunk> =>
    (chunk ??= import(/* @vite-ignore */ new URL('candor-banner.mjs', base).href) as Promise<typeof BannerChunk>);
  if (early)
    load().then(
      (m) => m.prefetchLocale(early),
      () => {},
    ); // failures are reported when mounting
  let handle: Promise<{ open(): void } | null> | undefined;
  return (open) => {
    handle ??= (async () => {
      await candor.ready;
      if (!document.body) await new Promise((r) => document.addEventListener('DOMContentLoaded', r, { once: true }));
      if (!candor.config) return null; // invalid config: no UI, nothing granted
      return (await load()).mountBanner(candor as Consent);
    })().catch((e: unknown) => (report(`Candor: could not load the consent UI: ${String(e)}`), null));
    if (open) void handle.then((h) => h?.open());
  };
}

/**
 * How the loader imports a chunk without a request waterfall: the build writes into `CHUNK_DEPS`
 * every chunk each entry chunk it imports (first layer, engine, gate, returning) imports statically, transitively,
 * and the loader requests them all at once, in parallel with the chunk itself, instead of
 * discovering them one round trip later. Unbuilt (unit tests), the list is empty and each chunk
 * loads its imports itself.
 */

/**
 * Replaced by the build (rollup.config.mjs, `recordChunkDeps`): `engine` →
 * `["chunk-signals", …]`: the files `candor-engine.mjs` imports (`candor-chunk-signals.mjs`, …;
 * not the first layer, which the loader always requests with it); a chunk that imports none is
 * not listed.
 */
export const CHUNK_DEPS: Readonly<Record<string, readonly string[]>> = {};

const chunkUrl = (base: string, file: string): string => new URL(`candor-${file}.mjs`, base).href;

/** The longest a first visit's chunk holds the page's first frame (`requestFirstChunks`). */
export const HOLD_FRAME_MS = 1000;

/**
 * Imports the chunks a first visit's banner waits for (`names`: the first layer and what it needs
 * for this config) at once, in parallel (no round trip after the first layer: ui/banner-mount.ts),
 * and, given the loader's own element (`loader`), holds the page's first frame until they have run.
 *
 * The hold: a first visit's banner in the page's first frame, instead of a frame of the page
 * without it and a second one with it (about 60 ms of style, layout and paint at 4x CPU throttle,
 * and the banner about 15% sooner, measured by the bench): a `<script type="module"
 * blocking="render">` for each chunk, at the URL the loader imports it from (one module map entry:
 * one fetch, one evaluation), asks the browser to render nothing until those chunks have run. Each
 * comes after the chunk's import (the first layer's: the page wiring's), the module's first client,
 * which so runs the chunk, and mounts the banner, before the hold's element ends it. The banner
 * usually mounts in that same task (the loader's import resolves with it: ui/banner-mount.ts),
 * unless something it waits for is later still (its words, `<body>`): then the page paints first,
 * as without the hold. Browsers honour it only while `<body>` is not parsed yet (a loader in
 * <head>, as documented); without `blocking` they load the same module once and render as before.
 * The element goes after HOLD_FRAME_MS, which ends the hold: a slow chunk never keeps the page
 * blank for longer. Never throws. The caller gives no `loader` for one with a nonce (a strict CSP,
 * whose Trusted Types would refuse a script URL given as a string) or with `data-paint-early`, nor
 * when it found none. The element's fetch is the one the import shares, so a chunk that fails to
 * run (a syntax error in a broken upload) is also reported on the page as an uncaught error.
 */
export function requestFirstChunks(
  loader: HTMLScriptElement | false | undefined,
  base: string,
  names: readonly string[],
): void {
  for (const name of names) {
    void importChunk(base, name).catch(() => {});
    if (loader)
      try {
        const s = Object.assign(document.createElement('script'), {
          type: 'module',
          blocking: 'render',
          src: chunkUrl(base, name),
        });
        setTimeout(() => s.remove(), HOLD_FRAME_MS); // first: whatever follows, the hold ends
        loader.after(s); // in <head> with the loader
      } catch {
        // no hold: the page renders as it would without it
      }
  }
}

/**
 * Imports `candor-<name>.mjs` (next to `base`) and, in parallel, every chunk it imports. Fails with
 * the first failure: a missing dependency (a partial upload) is named as itself, not as the chunk
 * that imports it (whose import fails after it, with the chunk's own name).
 */
export const importChunk = <T>(base: string, name: string): Promise<T> => {
  const load = (file: string): Promise<unknown> => import(/* @vite-ignore */ chunkUrl(base, file));
  // `name` is one of the loader's own chunk names, never a value from outside.
  return Promise.all([name, ...(CHUNK_DEPS[name] ?? [])].map(load)).then((m) => m[0] as T);
};

/** `importChunk` bound to the loader's URL, handed to the page chunk (which has no list of its own). */
export type ChunkImporter = <T>(name: string) => Promise<T>;

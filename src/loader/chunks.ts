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

/**
 * Imports `candor-<name>.mjs` (next to `base`) and, in parallel, every chunk it imports. Fails with
 * the first failure: a missing dependency (a partial upload) is named as itself, not as the chunk
 * that imports it (whose import fails after it, with the chunk's own name).
 */
export function importChunk<T>(base: string, name: string): Promise<T> {
  const load = (file: string): Promise<unknown> => import(/* @vite-ignore */ new URL(`candor-${file}.mjs`, base).href);
  // `name` is one of the loader's own chunk names, never a value from outside.
  return Promise.all([load(name), ...(CHUNK_DEPS[name] ?? []).map(load)]).then((m) => m[0] as T);
}

/** `importChunk` bound to the loader's URL, handed to the page chunk (which has no list of its own). */
export type ChunkImporter = <T>(name: string) => Promise<T>;

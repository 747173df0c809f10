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

/** Imports `candor-<name>.mjs` (next to `base`) and, in parallel, every chunk it imports. */
export function importChunk<T>(base: string, name: string): Promise<T> {
  const load = (file: string): Promise<unknown> => import(/* @vite-ignore */ new URL(`${file}.mjs`, base).href);
  // A failed dependency fails the chunk's own import, which reports it.
  // `name` is one of the loader's own chunk names, never a value from outside.
  for (const dep of CHUNK_DEPS[name] ?? []) load(`candor-${dep}`).catch(() => {});
  return load(`candor-${name}`) as Promise<T>;
}

/** `importChunk` bound to the loader's URL, handed to the page chunk (which has no list of its own). */
export type ChunkImporter = <T>(name: string) => Promise<T>;

/**
 * The script tag's returning-visitor chunk (`dist/candor-returning.mjs`), requested by the loader
 * at once when the cookie answers: the stand-in launcher, `[data-candor-open]` and the moments the
 * engine must load, without the UI loader (loader/returning.ts).
 */
export { showLauncher, wireReturning } from '../loader/returning';

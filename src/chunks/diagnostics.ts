/**
 * The script tag's diagnostics chunk (`dist/candor-diagnostics.mjs`): the words for the site
 * owner's mistakes and the console they go to, imported only when the loader, the gate or the
 * engine has found one.
 */
export { tell } from '../loader/diagnostics';

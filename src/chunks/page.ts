/**
 * The script tag's page chunk (`dist/candor-page.mjs`), requested by the loader at once, in
 * parallel: the part of the page wiring that can wait one round trip (UI loader, stand-in
 * launcher, `[data-candor-open]`, the engine's triggers and event listeners).
 */
export { wireLater } from '../loader/page-later';

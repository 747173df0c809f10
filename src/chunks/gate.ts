/**
 * The gate chunk the script-tag loader imports once the page has an element marked
 * `data-consent`: script revival, embeds and their placeholders, wired for the page. Kept out of
 * the synchronous loader so that it stays small.
 */
export { attachGate } from '../loader/gate-wiring';

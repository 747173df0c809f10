/**
 * The gate chunk the script-tag loader imports once the page has an element marked
 * `data-consent` (or a service's cookies must be deleted): script revival, embeds and their
 * placeholders, cookie clean-up, wired for the page. Kept out of the synchronous loader so that it
 * stays small.
 */
export { attachGate, onRevokeLazy as onRevoke } from '../loader/gate-wiring';

/**
 * The gate chunk the script-tag loader imports once the page has an element marked
 * `data-consent` (or a service's cookies must be deleted): script revival, embeds and their
 * placeholders, cookie clean-up. Kept out of the synchronous loader so that it stays small.
 */
export { deleteCookies } from '../gate/cookies';
export { createGate } from '../gate/gate';

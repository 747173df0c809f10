/**
 * The engine chunk the script tag's loader imports on demand (`dist/candor-engine.mjs`): the full
 * `createConsent` with its signals, config validation and record building, and the page's
 * listeners on its events.
 */
export { createConsent } from '../instance/create-consent';
export { replayChange, wireEngineEvents } from '../loader/engine-events';

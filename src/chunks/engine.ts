/**
 * The engine chunk the script tag's loader imports on demand (`dist/candor-engine.mjs`): the full
 * `createConsent` with its signals, config validation and record building.
 */
export { createConsent } from '../instance/create-consent';

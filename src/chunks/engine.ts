/**
 * The engine chunk the script tag's loader imports on demand (`dist/candor-engine.mjs`): the full
 * `createConsent` with its signals, config validation and record building (its config findings
 * said to the site owner in every build; a first visit's tap recorded as one record by every tab
 * that records it: instance/tap-ids.ts), the page's listeners on its events (with the check of
 * how the loader was loaded), what follows a revocation (loader/revoke.ts), and the request for
 * the gate chunk as the engine starts, on a page that will need it (`tellConfig`:
 * loader/gate-prefetch.ts).
 */
export { createTapped as createConsent } from '../instance/tap-ids';
export { tellConfig } from '../loader/config-diagnostics';
export { replayChange } from '../loader/engine-events';
export { wireTagEngineEvents as wireEngineEvents } from '../loader/tag-engine-events';
export { onRevoke } from '../loader/revoke';

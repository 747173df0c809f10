/**
 * The panel's second half, loaded on demand (its own chunk): the preference center and the
 * privacy dashboard. The banner and the consent switches never wait for it.
 */
export { Dashboard } from './Dashboard';
export { PreferenceCenter } from './PreferenceCenter';

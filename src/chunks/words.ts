/**
 * The script tag's config words chunk (`dist/candor-chunk-words.mjs`): every word a config check
 * says (core/config-messages.ts), imported by the engine only when its config has a warning or an
 * issue (loader/config-diagnostics.ts); a correct config's page never fetches it.
 */
export { formatIssue, messageOf } from '../core/config-messages';

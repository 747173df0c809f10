/**
 * What the script-tag builds use instead of warn.ts (rollup.config.mjs, `production`): the same
 * functions, printing nothing, so no development warning's words reach a visitor's browser (the
 * script tag tells site owners about their mistakes through the diagnostics chunk instead).
 */
import type * as Warn from './warn';

export const warnOnce: typeof Warn.warnOnce = () => {};
export const warnUnknownEvent: typeof Warn.warnUnknownEvent = () => {};

/**
 * Defaults that more than one module applies: the validated config (parse-config.ts) and the
 * loader's reading of a config the engine has not validated yet (site-view.ts, fast-path).
 */

/** How long a decision counts: CNIL's guidance of six months. */
export const DEFAULT_EXPIRES_AFTER_DAYS = 182;

/** How long Google tags wait for the Consent Mode update, in milliseconds. */
export const DEFAULT_WAIT_FOR_UPDATE = 500;

/**
 * How far ahead of this device's clock a decision may be dated and still be accepted (another
 * device's clock a little ahead). Anything later is refused on every entry path: a decision from
 * the future would win every "newest wins" comparison and pin consent.
 */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** The longest a decision may last (config `expiresAfterDays` allows at most 3650 days). */
export const MAX_DECISION_LIFETIME_MS = 3650 * 86_400_000;

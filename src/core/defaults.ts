/**
 * Defaults that more than one module applies: the validated config (parse-config.ts) and the
 * loader's reading of a config the engine has not validated yet (site-view.ts, fast-path).
 */

/** How long a decision counts: CNIL's guidance of six months. */
export const DEFAULT_EXPIRES_AFTER_DAYS = 182;

/** How long Google tags wait for the Consent Mode update, in milliseconds. */
export const DEFAULT_WAIT_FOR_UPDATE = 500;

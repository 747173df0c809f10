/** How far ahead of this device's clock a decision may be dated (docs/storage.md: "Nothing from the future"). */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** The longest a decision may last (config `expiresAfterDays` allows at most 3650 days). */
export const MAX_DECISION_LIFETIME_MS = 3650 * 86_400_000;

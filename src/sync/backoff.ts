/**
 * Retry timing for sync: exponential backoff with full jitter (AWS architecture blog, "Exponential
 * Backoff And Jitter"), never sooner than a server's `Retry-After`. Pure: the random source and the
 * clock are parameters.
 */

/** @default 1000 ms first step, capped at 5 minutes; `Retry-After` up to a day. */
export const BASE_DELAY_MS = 1000;
export const MAX_DELAY_MS = 5 * 60_000;
export const MAX_RETRY_AFTER_MS = 86_400_000;

/** `Retry-After` as milliseconds from `now`: delta-seconds or an HTTP date; null when absent or invalid. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** The delay before retry number `attempt` (0-based). */
export function retryDelay(attempt: number, retryAfterMs: number | null, random: () => number): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.min(attempt, 20));
  return Math.max(Math.floor(random() * ceiling), Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS), 100);
}

/** What a response status means for the records sent. */
export type Outcome = 'delivered' | 'retry' | 'drop';

/**
 * 2xx acknowledges; 408, 429, 5xx and a redirect (3xx: not followed, transport.ts) are worth
 * retrying; any other status never succeeds.
 */
export function outcomeOf(status: number): Outcome {
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 408 || status === 429 || status >= 500 || (status >= 300 && status < 400)) return 'retry';
  return 'drop';
}

/**
 * A per-client rate limit (token bucket, in memory): each client (`limitKey`) may send `requests`
 * requests per `windowSeconds`, in bursts up to that many; above it the answer is 429 with
 * `Retry-After`, which the Candor client honours before it retries (nothing is lost, the records
 * wait in its outbox). One process keeps its own buckets: behind several app servers the limit is
 * per server (put a shared limit in the proxy in front when that matters).
 */
import { limitKey } from './client-address';

/** @see ConsentServerOptions.rateLimit */
export interface RateLimitOptions {
  /** Requests a client may send per window. @default 300 */
  readonly requests?: number;
  /** The window in seconds. @default 60 */
  readonly windowSeconds?: number;
  /** Clients remembered at most (the least recently seen are forgotten first). @default 50000 */
  readonly maxClients?: number;
  /** Requests of one client in progress at once, at most (more: 429 at once). @default 16 */
  readonly concurrent?: number;
}

/** Takes a token for a client: `0` when the request may go on, else the seconds to wait. */
export type RateLimiter = (address: string) => number;

/** A limiter with the given options and clock (epoch milliseconds). */
export function createRateLimiter(options: RateLimitOptions, now: () => number): RateLimiter {
  const capacity = options.requests ?? 300;
  const perMs = capacity / ((options.windowSeconds ?? 60) * 1000);
  const maxClients = options.maxClients ?? 50_000;
  if (!(capacity >= 1) || !(perMs > 0) || !Number.isFinite(perMs))
    throw new Error('candor/server: rateLimit needs requests ≥ 1 and windowSeconds > 0');
  // 0 forgot each client as it came (no limit at all); NaN (an unset environment value) never forgot one.
  if (!(Number.isInteger(maxClients) && maxClients >= 1))
    throw new Error('candor/server: rateLimit.maxClients must be a whole number ≥ 1');
  // A Map keeps insertion order: re-inserting on each use makes the first key the least recent.
  const buckets = new Map<string, { tokens: number; at: number }>();
  return (address) => {
    const client = limitKey(address);
    const t = now();
    const b = buckets.get(client) ?? { tokens: capacity, at: t };
    buckets.delete(client);
    b.tokens = Math.min(capacity, b.tokens + (t - b.at) * perMs);
    b.at = t;
    buckets.set(client, b);
    if (buckets.size > maxClients) buckets.delete(buckets.keys().next().value as string);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000));
  };
}

/** Each client's requests in progress: `enter` is false at `max` (the limit above counts starts). */
export interface Busy {
  enter(client: string): boolean;
  leave(client: string): void;
}

export function createBusy(max = 16): Busy {
  if (!(max >= 1)) throw new Error('candor/server: rateLimit.concurrent must be ≥ 1');
  const busy = new Map<string, number>();
  return {
    enter: (client) => {
      const n = busy.get(client) ?? 0;
      if (n < max) busy.set(client, n + 1);
      return n < max;
    },
    leave: (client) => {
      const n = (busy.get(client) ?? 1) - 1;
      return n ? busy.set(client, n) : busy.delete(client);
    },
  };
}

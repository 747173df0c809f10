/**
 * What every request passes before a route: the origin check (a page on an origin not listed may
 * not write through the visitor's cookies: a form post or `text/plain` fetch needs no preflight),
 * the CORS preflight, and the per-client rate limit.
 */
import { clientAddressOf } from './client-address';
import { isHttpsOf, PREFLIGHT_HEADERS, type Cors } from './cors';
import { problem } from './respond';
import type { RateLimiter } from './rate-limit';

/** What the gate is configured with. */
export interface GateDeps {
  readonly cors: Cors;
  readonly limit: RateLimiter | null;
  readonly trustProxy: boolean;
  readonly onError: (e: unknown) => void;
}

/** The gate: an answer that stops the request, or null to go on. */
export type Gate = (request: Request, url: URL, headers: Headers, info: unknown) => Response | null;

/** Creates the gate. */
export function createGate(deps: GateDeps): Gate {
  let warnedNoClient = false;
  let warnedScheme = false;
  return (request, url, headers, info) => {
    const origin = request.headers.get('origin');
    if (!warnedScheme && isHttpsOf(origin, url)) {
      warnedScheme = true;
      deps.onError(
        new Error('candor/server: requests arrive as http from https pages (behind a TLS proxy: set trustProxy)'),
      );
    }
    // Sec-Fetch-Site cannot be set by a page: same-origin holds even when a TLS proxy makes url.origin http.
    const sameOrigin = request.headers.get('sec-fetch-site') === 'same-origin';
    if (origin !== null && !sameOrigin && !deps.cors.allows(request, url))
      return problem(403, 'request/origin', 'origin not allowed', undefined, headers);
    if (request.method === 'OPTIONS') {
      for (const [k, v] of Object.entries(PREFLIGHT_HEADERS)) headers.set(k, v);
      return new Response(null, { status: 204, headers });
    }
    if (!deps.limit) return null;
    const client = clientAddressOf(request, info, deps.trustProxy);
    if (client === null) {
      if (!warnedNoClient)
        deps.onError(new Error('candor/server: no client address, so no rate limit (behind a proxy: trustProxy)'));
      warnedNoClient = true;
      return null;
    }
    const wait = deps.limit(client); // in memory only: never stored
    if (!wait) return null;
    headers.set('retry-after', String(wait));
    return problem(429, 'request/rate-limited', 'too many requests: retry later', undefined, headers);
  };
}

/**
 * CORS for the sync endpoint (docs/sync-protocol.md, "CORS"): answers carry credentials, so only
 * listed origins (and the endpoint's own) are ever named in `Access-Control-Allow-Origin`; never
 * `*`, never a reflected `Origin`, never `null` (sandboxed frames, file: pages). `Vary: Origin`
 * on every answer, allowed or not, so a cache never hands one origin's answer to another.
 */

/** `https://www.example.com` as browsers send it in `Origin`; throws for anything else ('*', 'null', paths). */
export function toOrigin(entry: string): string {
  const fail = (why: string): Error => new Error(`candor/server: CORS origin "${entry}" ${why}`);
  if (entry === '*' || entry === 'null') throw fail('is never allowed (answers carry credentials): list each origin');
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    throw fail('is not an origin such as https://www.example.com');
  }
  const extra = url.username || url.password || url.pathname !== '/' || url.search || url.hash;
  if (!/^https?:$/.test(url.protocol) || extra || /[?#]$/.test(entry))
    throw fail('is not an origin such as https://www.example.com (scheme, host and port only)');
  // No browser sends a wildcard in Origin: such an entry would match nothing (every page refused, its records dropped).
  if (url.hostname.includes('*')) throw fail('has a wildcard, which matches no page: list each origin');
  return url.origin;
}

/** The origins of a comma-separated list, such as the CANDOR_ALLOWED_ORIGINS variable (unset: none). */
export function parseOrigins(list: string | undefined): string[] {
  return (list ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(toOrigin);
}

/** Whether `origin` is `url`'s host over https while the server sees http (a TLS proxy without trustProxy). */
export const isHttpsOf = (origin: string | null, url: URL): boolean =>
  url.protocol === 'http:' && origin === `https://${url.host}`;

/** Whether `origin` is the endpoint's own (at `url`): equal, or differing in the scheme only, as above. */
export const isOwnOrigin = (origin: string | null, url: URL): boolean =>
  origin === url.origin || isHttpsOf(origin, url);

/** Decides, per request, which CORS headers an answer carries. */
export interface Cors {
  /** Whether the request's `Origin` may read answers: the endpoint's own origin, or a listed one. */
  allows(request: Request, self: URL): boolean;
  /** The headers every answer to `request` carries. */
  headers(request: Request, self: URL): Headers;
}

/** A CORS policy for the listed `origins` (plus the endpoint's own origin). */
export function createCors(origins: readonly string[]): Cors {
  const allowed = new Set(origins.map(toOrigin));
  const allows = (request: Request, self: URL): boolean => {
    const origin = request.headers.get('origin');
    return origin !== null && origin !== 'null' && (isOwnOrigin(origin, self) || allowed.has(origin));
  };
  return {
    allows,
    headers(request, self) {
      const h = new Headers({ vary: 'Origin' });
      if (allows(request, self)) {
        h.set('access-control-allow-origin', request.headers.get('origin') ?? '');
        h.set('access-control-allow-credentials', 'true');
        // Else a page on another origin cannot read it, and retries on its own backoff.
        h.set('access-control-expose-headers', 'Retry-After');
      }
      return h;
    },
  };
}

/** The headers of an accepted preflight (`OPTIONS`), on top of the CORS headers. */
export const PREFLIGHT_HEADERS: Readonly<Record<string, string>> = {
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'content-type, authorization',
  'access-control-max-age': '600',
};

/**
 * One HTTP exchange with the site's endpoint (docs/sync-protocol.md): `POST {endpoint}` with
 * `{ records }`, `GET {endpoint}?subject=…`, `POST {endpoint}/requests`, `POST
 * {endpoint}/impressions`. Never throws: network failures come back as `status: 0`.
 */
import type { SyncHeaders } from '../core/config-types';

/** How to reach the endpoint. */
export interface Endpoint {
  readonly url: string;
  readonly headers: SyncHeaders;
  readonly credentials: RequestCredentials;
}

/** A response, or status 0 for a network failure. */
export interface Reply {
  readonly status: number;
  readonly retryAfter: string | null;
  readonly body: unknown;
  /** A POST answered with a redirect, not followed (status 0 in a browser, 3xx elsewhere). */
  readonly redirected?: true;
}

async function headersOf(h: SyncHeaders): Promise<Record<string, string>> {
  return Object.fromEntries(new Headers(typeof h === 'function' ? await h() : h));
}

/** Sends `body` (JSON), reads a GET's JSON reply; 30 s unanswered (headers included): status 0 (not keepalive). */
export async function exchange(
  fetchFn: typeof fetch,
  ep: Endpoint,
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
  keepalive = false,
): Promise<Reply> {
  try {
    const signal = keepalive ? null : (AbortSignal.timeout?.(30_000) ?? null);
    // The 30 s cover a site's headers function too (one that never settles held the flush and its lock).
    const headers = await Promise.race([
      headersOf(ep.headers),
      new Promise<never>((_, no) => signal?.addEventListener('abort', no)),
    ]);
    const res = await fetchFn(url, {
      method,
      credentials: ep.credentials,
      keepalive,
      signal,
      // The pull's newest record, not a cached copy.
      cache: 'no-store',
      // Not followed: a redirected POST arrives as a GET without its body, a login page's 200 is no ack.
      redirect: method === 'POST' ? 'manual' : 'follow',
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400))
      return { status: res.status, retryAfter: null, body: null, redirected: true };
    // A POST's answer is its status: its body, which may never end, is read without waiting (it frees the connection).
    const parsed: unknown = method === 'GET' ? await res.json().catch(() => null) : void res.text().catch(() => {});
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: parsed };
  } catch {
    return { status: 0, retryAfter: null, body: null };
  }
}

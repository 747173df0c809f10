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
  return typeof h === 'function' ? await h() : { ...h };
}

/** Sends `body` (JSON) and reads a JSON reply if there is one. */
export async function exchange(
  fetchFn: typeof fetch,
  ep: Endpoint,
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
  keepalive = false,
): Promise<Reply> {
  try {
    const res = await fetchFn(url, {
      method,
      credentials: ep.credentials,
      keepalive,
      // A redirected POST arrives as a GET without its body (301, 302, 303), and a login page or
      // the new address answering 200 would count as delivered: not followed, and kept to retry.
      redirect: method === 'POST' ? 'manual' : 'follow',
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(await headersOf(ep.headers)),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400))
      return { status: res.status, retryAfter: null, body: null, redirected: true };
    let parsed: unknown = null;
    try {
      parsed = await res.json();
    } catch {
      parsed = null; // empty or non-JSON bodies are fine for acknowledgements
    }
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: parsed };
  } catch {
    return { status: 0, retryAfter: null, body: null };
  }
}

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
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(await headersOf(ep.headers)),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
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

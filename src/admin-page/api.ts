/**
 * The admin API client: same origin, the bearer token on every call, JSON both ways. It never
 * throws anything but an {@link ApiError}; a refused token (401) also calls `onUnauthorized`, so the
 * page can return to the sign-in form wherever the call came from.
 */

/** A failed call: `status` 0 when the server was not reached or did not answer JSON. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Query values; empty ones are left out. */
export type Query = Readonly<Record<string, string | number | undefined>>;

export interface Api {
  get(path: string, query?: Query): Promise<unknown>;
  post(path: string, body?: unknown): Promise<unknown>;
}

export interface ApiOptions {
  /** The API's base URL, ending in `/` (`…/candor-admin/api/`). */
  readonly base: URL;
  readonly token: string;
  readonly onUnauthorized: () => void;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

/** What the server said went wrong, from its JSON problem (`error`, `reasons`), as text. */
function problemText(body: unknown, status: number): string {
  const o = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const error = Object.hasOwn(o, 'error') && typeof o['error'] === 'string' ? o['error'] : `HTTP ${status}`;
  const reasons = Object.hasOwn(o, 'reasons') && Array.isArray(o['reasons']) ? o['reasons'] : [];
  const texts = reasons.filter((r): r is string => typeof r === 'string');
  return texts.length ? `${error}: ${texts.join('; ')}` : error;
}

export function createApi(options: ApiOptions): Api {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const call = async (method: 'GET' | 'POST', url: URL, body?: unknown): Promise<unknown> => {
    const headers: Record<string, string> = { authorization: `Bearer ${options.token}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await doFetch(url.href, {
        method,
        headers,
        credentials: 'same-origin',
        cache: 'no-store',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      throw new ApiError(0, 'The server could not be reached.');
    }
    let data: unknown;
    try {
      data = await response.json();
    } catch {
      data = undefined;
    }
    if (response.status === 401) {
      options.onUnauthorized();
      throw new ApiError(401, 'The server refused the token.');
    }
    if (!response.ok) throw new ApiError(response.status, problemText(data, response.status));
    if (data === undefined) throw new ApiError(0, 'The server did not answer with JSON.');
    return data;
  };
  const url = (path: string, query: Query = {}): URL => {
    const u = new URL(path, options.base);
    for (const [key, value] of Object.entries(query))
      if (value !== undefined && value !== '') u.searchParams.set(key, String(value));
    return u;
  };
  return {
    get: (path, query) => call('GET', url(path, query)),
    post: (path, body = {}) => call('POST', url(path), body),
  };
}

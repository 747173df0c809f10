/**
 * The one way Candor fetches a JSON file (a config given by URL, a locale file): the parsed body,
 * or a rejection that names the status and the URL. Shared by the loader, the first layer and the
 * gate's placeholders.
 */

/** The JSON at `url`; rejects with `HTTP <status> for <url>` when the response is not ok. */
export const fetchJson = <T = unknown>(url: URL, init?: RequestInit): Promise<T> =>
  fetch(url, init).then((r) =>
    r.ok ? (r.json() as Promise<T>) : Promise.reject(new Error(`HTTP ${r.status} for ${r.url || url.href}`)),
  );

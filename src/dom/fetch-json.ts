/**
 * The one way Candor fetches a JSON file (a config given by URL, a locale file): the parsed body,
 * or a rejection that names the URL and what went wrong (the status, a network failure, a body
 * that is not JSON), so that the site owner's console says which file to fix. Shared by the
 * loader, the first layer and the gate's placeholders.
 */

/**
 * The JSON at `url`; rejects with `<what>: HTTP <status>` (or the fetch's or parser's message) when
 * it cannot. `what` names the file: its URL, or the setting that gave it (`data-config URL "…"`).
 */
export const fetchJson = <T = unknown>(url: URL, what: string | URL = url): Promise<T> =>
  fetch(url)
    .then((r) => (r.ok ? (r.json() as Promise<T>) : Promise.reject(Error(`HTTP ${r.status}`))))
    .catch((e: Error) => Promise.reject(Error(`${what}: ${e.message}`)));

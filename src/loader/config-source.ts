/**
 * Where the script tag's config comes from: `data-config` naming a JSON `<script>` (read
 * synchronously) or a same-origin URL (fetched), or `window.candorConfig` set before the loader.
 * It only reads; the engine validates what it returns.
 */
import type { Diagnostic } from '../core/diagnostics';
import { fetchJson } from '../dom/fetch-json';

/**
 * The raw config for a `data-config` value: the parsed JSON, a promise of it for a URL, or
 * `window.candorConfig` when there is no attribute. When there is nothing to read, throws the
 * `noConfig` diagnostic (its words load only then: loader/diagnostics.ts), and the page is no
 * first visit to show a banner for; an invalid selector throws the browser's own error.
 */
export function readConfig(source: string | null | undefined): Promise<unknown> | unknown {
  const none = (why?: 'origin' | 'missing' | 'json', detail?: unknown): Diagnostic => ({
    code: 'noConfig',
    source,
    why,
    detail: String(detail),
  });
  if (!source) {
    // Read once, here: a config set later is not seen (docs: set it before the loader). A copy: the
    // first layer's banner and the engine, which loads later, read the same config, whatever a page
    // script does to the object meanwhile (an added purpose would be granted by an Accept all whose
    // banner did not list it). One with a function (`sync.headers`) or a promise cannot be copied.
    const c = window.candorConfig;
    if (c === undefined) throw none();
    try {
      return structuredClone(c);
    } catch {
      return c;
    }
  }
  if (/^(\/|\.\.?\/|https?:)/.test(source)) {
    const url = new URL(source, location.href);
    if (url.origin !== location.origin) throw none('origin');
    // Same-origin: fetch's default credentials, the site's cookies. A failure names the attribute as
    // written (`data-config URL "/candor.json": HTTP 404`), as the other origin's finding does.
    return fetchJson(url, `data-config URL "${source}"`);
  }
  // The first <script> it matches: an element of markup parsed before it (a comment that a sanitizer
  // let through with its id) is none, so it cannot choose the config (opt-out mode, region defaults).
  for (const el of document.scripts)
    if (el.matches(source))
      try {
        return JSON.parse(el.text);
      } catch (e) {
        throw none('json', e);
      }
  throw none('missing');
}

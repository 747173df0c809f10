/**
 * Where the script tag's config comes from: `data-config` naming a JSON `<script>` (read
 * synchronously) or a same-origin URL (fetched), or `window.candorConfig` set before the loader.
 * It only reads; the engine validates what it returns.
 */
import { fetchJson } from '../dom/fetch-json';

/**
 * The raw config for a `data-config` value: the parsed JSON, a promise of it for a URL, or
 * `window.candorConfig` when there is no attribute. Throws an Error that says what to fix (then
 * the page is no first visit to show a banner for: the engine reports it, and nothing else).
 */
export function readConfig(source: string | null | undefined): Promise<unknown> | unknown {
  if (!source) {
    // Read once, here: a config set later is not seen (docs: set it before the loader).
    if (window.candorConfig === undefined)
      throw new Error('no config: give data-config="#candor-config" or set window.candorConfig before the loader');
    return window.candorConfig;
  }
  if (/^(\/|\.\.?\/|https?:)/.test(source)) {
    const url = new URL(source, location.href);
    if (url.origin !== location.origin) throw new Error(`data-config URL "${source}" must be same-origin`);
    return fetchJson(url, { credentials: 'same-origin' });
  }
  const el = document.querySelector(source);
  if (!el) throw new Error(`data-config "${source}" matches no element; put the JSON <script> before the loader`);
  try {
    return JSON.parse(el.textContent ?? '');
  } catch (e) {
    throw new Error(`the config in ${source} is not valid JSON (${String(e)})`, { cause: e });
  }
}

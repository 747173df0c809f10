/**
 * The script tag's first-layer chunk (`dist/candor-first.mjs`), requested by the loader at once
 * when the visitor must be asked (a first visit, an expired or outdated decision), or when a
 * returning visitor uses the launcher or the engine starts: the part of the page wiring that can
 * wait one round trip (UI loader, the page's listeners on the engine), the banner and launcher
 * without a framework, the config validation a first visit runs before the banner, in the chosen
 * locale only. The Preact panel is imported the first time the visitor opens it. One file, so a
 * first visit gets everything before the banner in one request and one gzip stream.
 */
export { wireLater } from '../loader/page-later';

/**
 * The script tag's first-layer chunk (`dist/candor-banner.mjs`), imported by the loader when a
 * prompt is needed or the panel is opened: the banner and launcher without a framework, the chosen
 * locale only, and the Preact panel imported the first time the visitor opens it. On a first visit
 * it validates the config itself and shows the banner before the engine has loaded.
 */
export { mountForLoader } from '../ui/banner-mount';

/**
 * The script tag's full UI chunk (`dist/candor-ui.mjs`): `mountUI` for pages that mount the panel
 * themselves (an account page with `container`). The loader itself uses candor-first.mjs.
 */
export { mountUI } from '../ui/mount-ui';

/**
 * Constructable stylesheets: the one way Candor styles anything (no inline styles, so no
 * `style-src 'unsafe-inline'` under a strict CSP). Shared by the UI, the gate's placeholders and
 * the loader's stand-in launcher.
 */

/**
 * Adopts `css` into `target` (a shadow root or a document) after the sheets it already has.
 * Changes nothing where constructable stylesheets are missing: what was to be styled still works,
 * unstyled.
 */
export function adoptCss(target: ShadowRoot | Document, css: string): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    target.adoptedStyleSheets = [...target.adoptedStyleSheets, sheet];
  } catch {
    // no constructable stylesheets: unstyled
  }
}

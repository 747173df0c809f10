/**
 * Says the site owner's mistakes on the console, once each per page, in every build (the site
 * owner who makes one does not know to turn debugging on). This module and the words it prints
 * (core/diagnostics.ts) are the `candor-diagnostics.mjs` chunk, imported only when something was
 * found: every chunk imports it from the same URL, so the page has one copy and one list of what
 * was said.
 */
import { diagnosticText, type Diagnostic } from '../core/diagnostics';

const said = new Set<string>();

/**
 * Prints each of `found` that was not said before on this page: an error when tags may run without
 * consent or nothing starts, else a warning.
 */
export function tell(...found: readonly Diagnostic[]): void {
  for (const d of found) {
    const text = `Candor: ${diagnosticText(d)}`;
    if (said.has(text)) continue;
    said.add(text);
    if (/^(autoBlock|afterGoogle|noConfig)/.test(d.code)) console.error(text);
    else console.warn(text);
  }
}

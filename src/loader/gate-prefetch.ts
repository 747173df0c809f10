/**
 * The gate chunk asked for as the engine starts (by `tellConfig`, config-diagnostics.ts: the engine
 * calls it after its config check, before it creates the instance, the long part of its start), on
 * a first visit's page (its banner is up as the engine arrives: the first layer shows it before)
 * that holds a marked element nothing handled yet. Such a page needs the gate once the engine has
 * loaded (page-wiring.ts `gateMoments`); asked for only then, its download followed the engine's
 * start, one more round trip between Accept all and the tags it releases. Asked for here, it
 * overlaps the engine's start; the loader's own import of the same URL (chunks.ts) then finds it
 * loaded, and alone attaches the gate: the chunk does nothing as it loads. Not for a returning
 * visitor (no banner before the engine), whose refused tags need no gate until a grant. Never throws.
 */
export function prefetchGate(doc: Document, load: () => Promise<unknown>): void {
  try {
    if (doc.querySelector('[data-candor-ui]') && doc.querySelector('[data-consent]:not([data-candor])'))
      load().catch(() => {});
  } catch {
    // markup that shadows the document's own method, or no document: the loader asks for the gate itself
  }
}

/** This module's URL: the engine chunk's (a variable, so that Vite in the tests leaves `new URL` alone). */
const here = import.meta.url;

/** `prefetchGate` for this page, with the gate chunk next to the engine chunk (dist/candor-gate.mjs). */
export const prefetch = (): void =>
  prefetchGate(globalThis.document, () => import(/* @vite-ignore */ new URL('candor-gate.mjs', here).href));

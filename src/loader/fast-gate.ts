/**
 * A returning visitor's marked scripts, run by the loader itself once the page is parsed (at
 * DOMContentLoaded, before the page's own listeners for it; later ones as they are added), without
 * waiting for the gate chunk, which a browser runs only after the page's first paint (issue 16).
 * Not sooner: the parser adds a script's text after the element, and may stop between two network
 * packets, so a tag seen earlier may not be whole. Only the plain case: an inline
 * `<script type="text/plain">` whose condition the cookie grants (a granted condition names only
 * the config's ids). An inline script whose condition the cookie does not grant (or that names no
 * id of the config) waits, inert, without the gate: nothing may run it before the grants change,
 * and whenever they may have, the fast path looks again (page-wiring.ts) and hands the page to the
 * gate once one is granted (its queue runs the tags one task each: the click that granted them
 * stays responsive), so a visitor who said no downloads no gate until they allow something.
 * Anything else (an external script, an embed, a script the page's Trusted Types refused) goes to
 * the gate, with every marked element after it, so that the scripts still run in document order,
 * and the gate loads as before.
 */
import { reviveInline } from '../gate/scripts';

/**
 * Runs `el` now if it is an inline gated script that `has` grants (gate/scripts.ts) and `run`, or
 * leaves it waiting if `has` does not: truthy. Falsy: it is the gate's (one granted when not
 * `run`; one the page refused: its Trusted Types want the gate's policy, and the gate tries again
 * and reports it).
 */
export function runNow(el: Element, has: (condition: string) => boolean, run: unknown): unknown {
  try {
    return (
      el.matches('script:not([src],[data-src])') &&
      (el as HTMLScriptElement).type === 'text/plain' &&
      // Not granted: it waits (truthy: taken, nothing run).
      (!has(el.getAttribute('data-consent')!) ||
        // Plain strings: the fast path runs only for a loader without a nonce (no strict CSP), as the first frame's hold.
        (run && reviveInline(el as HTMLScriptElement, String)))
    );
  } catch {
    // falsy (undefined): the gate's
  }
}

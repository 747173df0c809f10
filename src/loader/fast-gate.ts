/**
 * A returning visitor's marked scripts, run by the loader itself as the parser adds them, without
 * waiting for the gate chunk (which a browser runs only after the page's first paint): what the
 * trusted cookie grants runs before that paint, as an unmarked script would have (issue 16). Only
 * the plain case: an inline `<script type="text/plain">` whose condition the cookie grants (a
 * granted condition names only the config's ids). Anything else (an external script, an embed, a
 * condition not granted, a marking mistake) goes to the gate, with every marked element after it,
 * so that the scripts still run in document order (page-wiring.ts), and the gate loads as before.
 */
import { reviveInline } from '../gate/scripts';

/**
 * Runs `el` now if it is an inline gated script that `has` grants (gate/scripts.ts). False: it is
 * the gate's (also when the page refused it: its Trusted Types want the gate's policy, and the
 * gate tries again and reports it).
 */
export function runNow(el: Element, has: (condition: string) => boolean): boolean {
  try {
    return (
      el.matches('script:not([src],[data-src])') &&
      (el as HTMLScriptElement).type === 'text/plain' &&
      has(el.getAttribute('data-consent')!) &&
      // Plain strings: the fast path runs only for a loader without a nonce (no strict CSP), as the first frame's hold.
      (reviveInline(el as HTMLScriptElement, String), true)
    );
  } catch {
    return false;
  }
}

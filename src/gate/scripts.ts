/**
 * Revives gated scripts: `<script type="text/plain" data-consent="…">` becomes a fresh script
 * element (changing `type` does not run a script), with its attributes but `on…`, `data-type` as its
 * type (`module`), the nonce carried over, through a Trusted Types policy where the page has
 * Trusted Types. They run one at a time in the order they were queued (document order): an
 * external script finishes before the next one runs, as the parser would have done, unless it
 * was marked `async`; each one after the first runs in a task of its own.
 */

/**
 * Makes script text and URLs acceptable under an enforced Trusted Types CSP, for the one value the
 * gate is reviving at that moment: the `candor` policy itself refuses anything else, so whoever
 * gets hold of it (a script that wraps `trustedTypes.createPolicy`) cannot bless other code.
 */
export interface ScriptPolicy {
  createScript(text: string): string;
  createScriptURL(url: string): string;
}

type TrustedTypesLike = { createPolicy(name: string, rules: ScriptPolicy): ScriptPolicy };

/** The `candor` Trusted Types policy, or plain strings where Trusted Types are absent or refuse it. */
export function createScriptPolicy(w: { trustedTypes?: TrustedTypesLike }): ScriptPolicy {
  let expected: string | null = null; // kind + value: the one value allowed, during one call
  const only =
    (kind: keyof ScriptPolicy) =>
    (value: string): string => {
      if (expected !== kind + value) throw new TypeError("Candor: the candor policy creates only the gate's scripts");
      expected = null;
      return value;
    };
  let tt: ScriptPolicy | undefined;
  try {
    // The site allows it with `trusted-types candor` in its CSP (docs/csp.md).
    tt = w.trustedTypes?.createPolicy('candor', {
      createScript: only('createScript'),
      createScriptURL: only('createScriptURL'),
    });
  } catch {
    // refused by the CSP, or a policy of that name exists: plain strings (the browser then refuses them)
  }
  const once =
    (kind: keyof ScriptPolicy) =>
    (value: string): string => {
      expected = kind + value;
      try {
        return tt ? tt[kind](value) : value;
      } finally {
        expected = null;
      }
    };
  return { createScript: once('createScript'), createScriptURL: once('createScriptURL') };
}

const SKIP = /^(type|nonce|on.*|src|data-(type|src|candor))$/;

/** `data-src`, else `src`; none or empty: inline. */
const scriptSrc = (old: Element): string | null => old.getAttribute('data-src') ?? old.getAttribute('src');

/** The script that stands in for `old`. */
function copyScript(old: HTMLScriptElement): HTMLScriptElement {
  const s = old.ownerDocument.createElement('script');
  for (const a of old.attributes) if (!SKIP.test(a.name)) s.setAttribute(a.name, a.value);
  s.setAttribute('data-candor', 'ran');
  const type = old.getAttribute('data-type');
  if (type) s.setAttribute('type', type);
  s.nonce = old.nonce; // the attribute reads "" once parsed
  return s;
}

/** Runs the inline `old` now (also loader/fast-gate.ts), returns its stand-in; throws, `old` unchanged, if Trusted Types refuse. */
export function reviveInline(old: HTMLScriptElement, createScript: ScriptPolicy['createScript']): HTMLScriptElement {
  const s = copyScript(old);
  (s as { text: unknown }).text = createScript(old.textContent!); // an element's is never null
  old.replaceWith(s);
  old.setAttribute('data-candor', 'ran'); // put back in the page, it runs no second time
  return s;
}
/** A gated script that never finishes loading must not hold the queue forever. */
const LOAD_TIMEOUT_MS = 15_000;

/**
 * Queues scripts for revival; returns `enqueue`. Each element is revived at most once per page, and
 * only if its condition is still granted (`has`) when its turn comes: a script queued behind a slow
 * one (an external tag takes up to 15 s) is not run after the visitor took the grant back meanwhile.
 * It goes back to waiting, unmarked, so that a later grant queues it again.
 */
export function createScriptQueue(
  policy: ScriptPolicy,
  onError: (e: unknown) => void,
  has: (condition: string) => boolean,
): (old: HTMLScriptElement) => void {
  let chain: Promise<unknown> = Promise.resolve();
  const revive = (old: HTMLScriptElement): Promise<unknown> | void => {
    const src = scriptSrc(old);
    if (!src) return void reviveInline(old, policy.createScript);
    const s = copyScript(old);
    s.async = old.hasAttribute('async'); // dynamic scripts are async by default; keep the parser's order instead
    const done = new Promise((resolve) => {
      setTimeout(resolve, LOAD_TIMEOUT_MS); // a later call changes nothing
      // Told on the held element, where the page listens (its `onload` attribute too: not copied).
      // Not `s.onload`: the page may set it on the copy, and the queue would wait 15 s.
      for (const type of ['load', 'error']) s.addEventListener(type, () => resolve(old.dispatchEvent(new Event(type))));
    });
    (s as { src: unknown }).src = policy.createScriptURL(src);
    old.replaceWith(s);
    if (!s.async) return done;
  };
  // Scripts queued behind another run in a later task each (the browser may paint and handle
  // input between them: a click on Accept all that releases ten tags stays responsive).
  let queued = 0;
  const nextTask = (): Promise<void> => new Promise((r) => setTimeout(r));
  return (old) => {
    if (old.hasAttribute('data-candor')) return;
    old.setAttribute('data-candor', 'queued');
    const behind = queued++ > 0;
    chain = chain
      .then((): unknown => behind && nextTask())
      .then(() => (has(old.getAttribute('data-consent') ?? '') ? revive(old) : void old.removeAttribute('data-candor')))
      .catch(onError)
      .finally(() => void queued--);
  };
}

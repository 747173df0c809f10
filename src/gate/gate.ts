/**
 * The gate: finds every element marked `data-consent` (now, and as the page adds more: its owner
 * feeds it added elements through `scan`), runs or loads it once its condition is granted, and
 * holds embeds back again when it is revoked. Scripts are handled here; embeds and their
 * placeholders by ./embed-gate.ts, imported only on a page that has one (a chunk of its own).
 */
import type { Diagnostic } from '../core/diagnostics';
import type { Messages } from '../core/locale';
import type { SiteView } from '../core/site-view';
import type * as EmbedGate from './embed-gate';
import { isMatch, protoGet, queryAll } from '../dom/unclobbered';
import { createScriptPolicy, createScriptQueue } from './scripts';

/** What the gate needs from its surroundings. */
export interface GateOptions {
  readonly doc: Document;
  readonly view: SiteView;
  /** Whether a condition (`id` or `a,b`) is granted now. */
  readonly has: (condition: string) => boolean;
  /**
   * Grants services (`id` or `a,b`) from a placeholder's button: never a whole purpose. `shown`:
   * the placeholder's words as the visitor saw them (the `placeholder.*` texts, in their locale),
   * for the record (DecisionOptions `locale` and `texts`).
   */
  readonly grant: (services: string, shown: { readonly locale: string; readonly texts: Messages }) => void;
  /**
   * The loader's CSP nonce (`document.currentScript.nonce`), "" without one. With a nonce, only
   * marked scripts that carry it are revived: markup injected into the page cannot have it.
   */
  readonly nonce?: string;
  /** Whether auto-blocking held `el` back from a running script's DOM call (it has no nonce to check). */
  readonly vouched?: (el: Element) => boolean;
  readonly onError: (e: unknown) => void;
  /**
   * The placeholders' locale, when the page chose one already (the script tag's loader does).
   * @default chosen when a placeholder first shows (core/locale-choice.ts, imported only then)
   */
  readonly locale?: string;
  /** Loads a locale file for the placeholders' words. @default fetched from locales/ next to the gate chunk */
  readonly loadLocale?: (locale: string) => Promise<Messages>;
  /**
   * Tells the site owner about a marking mistake (an unknown id, a marked element the browser
   * runs or loads anyway), once each, in every build (the script tag: loader/diagnostics.ts).
   */
  readonly warn: (d: Diagnostic) => void;
}

const MARKED = '[data-consent]';

/**
 * The site owner's marking mistakes, as data (their words load only when there is one): an id in
 * `data-consent` that names no purpose or service (the element would never load), and a marked
 * element the browser runs or loads at once, before any consent: a `<script>` without
 * `type="text/plain"`, an embed with a URL in `src` (a `<link>`'s `href`; an image's `srcset`, a
 * video's `poster`: embeds.ts `urlAttrsOf`) instead of `data-src` (…). Elements the gate has
 * handled (`data-candor`) are not looked at for the second.
 */
export function markingChecker(
  view: SiteView,
  warn: (d: Diagnostic) => void,
): (el: Element, condition: string) => void {
  const known = [...view.purposes, ...view.services].map((x) => x.id);
  // Once each here too: the gate looks at every marked element again whenever the grants change.
  const seen = new Set<string>();
  const once = (d: Diagnostic): void => {
    const key = JSON.stringify(d);
    if (!seen.has(key)) warn((seen.add(key), d));
  };
  return (el, condition) => {
    // No purposes (a valid config has one): the config could not be read (Candor said why), not a marking mistake.
    if (view.purposes.length)
      for (const id of condition.split(',').map((s) => s.trim()))
        if (!known.includes(id)) once({ code: 'unknownId', condition, id, known });
    if (el.hasAttribute('data-candor')) return;
    const tag = el.localName;
    if (tag === 'script') {
      if (el.getAttribute('type') !== 'text/plain') once({ code: 'runsAnyway', tag, attr: 'src', condition });
    } else
      // Also beside an equal data- twin (a CMS's fallback), not beside a local stand-in.
      for (const attr of tag === 'link' ? ['href'] : ['src', 'srcset', 'poster'])
        if (el.hasAttribute(attr) && [null, el.getAttribute(attr)].includes(el.getAttribute(`data-${attr}`)))
          once({ code: 'runsAnyway', tag, attr, condition });
  };
}

/** A running gate. */
export interface Gate {
  /** Brings every marked element in line with the current grants. */
  apply(): void;
  /** Handles one element (marked, or just held back by auto-blocking). */
  process(el: Element): void;
  /** Handles an added subtree: `root` and every marked element inside it. */
  scan(root: Element): void;
  /** Runs none of the scripts still waiting for the page to be parsed (candor/page's disconnect). */
  stop(): void;
}

/** Starts gating `doc`. */
export function createGate(o: GateOptions): Gate {
  const { doc, has } = o;
  const policy = createScriptPolicy(protoGet(doc, 'defaultView'));
  // Embeds and their placeholders (with their words and styles) load only on a page that has one.
  let embeds: Promise<ReturnType<typeof EmbedGate.createEmbedGate>> | undefined;
  const embed = (el: Element, condition: string): void =>
    void (embeds ??= import('./embed-gate').then((m) => m.createEmbedGate(o, policy)))
      .then((e) => e(el, condition))
      .catch(o.onError);
  const enqueue = createScriptQueue(policy, o.onError, has);
  /** Whether the site put this script in the page: always without a loader nonce (sites without CSP). */
  const trusted = (el: Element): boolean =>
    !o.nonce || (el as HTMLScriptElement).nonce === o.nonce || !!o.vouched?.(el);
  const checkMarking = markingChecker(o.view, o.warn);
  // Granted scripts until DOMContentLoaded (a tag's text may be half parsed: e2e streamed-page.spec.ts).
  let waiting: Set<Element> | null = protoGet(doc, 'readyState') === 'loading' ? new Set() : null;

  const process = (el: Element): void => {
    try {
      const condition = el.getAttribute('data-consent');
      if (condition === null) return;
      checkMarking(el, condition); // an empty one never loads: said too
      if (!condition) return;
      if (el.localName === 'script') {
        if (el.getAttribute('type') !== 'text/plain' || el.hasAttribute('data-candor')) return;
        if (!trusted(el)) {
          // Once per element: it is marked refused and never looked at again.
          el.setAttribute('data-candor', 'refused');
          throw new Error(
            `a marked script without the loader's CSP nonce never runs (docs/csp.md): ${el.outerHTML.slice(0, 200)}`,
          );
        }
        if (!has(condition)) return;
        if (waiting) waiting.add(el);
        else enqueue(el as HTMLScriptElement);
        return;
      }
      embed(el, condition);
    } catch (e) {
      o.onError(e);
    }
  };
  // Each element alone (dom/unclobbered.ts).
  const apply = (): void => queryAll(doc, MARKED).forEach(process);
  // In document order, then those `apply` cannot see (in a shadow root).
  let stopped = false;
  const parsed = (): void => {
    const held = waiting;
    waiting = null;
    if (!held || stopped) return;
    apply();
    held.forEach(process);
  };
  if (waiting) protoGet<Document['addEventListener']>(doc, 'addEventListener').call(doc, 'DOMContentLoaded', parsed);

  return {
    apply,
    process,
    scan(root) {
      if (isMatch(root, MARKED)) process(root);
      queryAll(root, MARKED).forEach(process);
    },
    stop: () => void (stopped = true),
  };
}

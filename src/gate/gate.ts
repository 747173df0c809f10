/**
 * The gate: finds every element marked `data-consent` (now and as the page adds more, through a
 * MutationObserver), runs or loads it once its condition is granted, and holds embeds back again
 * when it is revoked.
 */
import type { SiteView } from '../core/site-view';
import { activateEmbed, DEFAULT_PLACEHOLDER_TEXTS, holdEmbed, PLACEHOLDER_CSS, type PlaceholderTexts } from './embeds';
import { createScriptPolicy, createScriptQueue } from './scripts';

/** What the gate needs from its surroundings. */
export interface GateOptions {
  readonly doc: Document;
  readonly view: SiteView;
  /** Whether a condition (`id` or `a,b`) is granted now. */
  readonly has: (condition: string) => boolean;
  /** Grants a condition from a placeholder's button. */
  readonly grant: (condition: string) => void;
  /** The site's placeholder texts; English defaults fill the rest. */
  readonly texts: Partial<PlaceholderTexts>;
  readonly onError: (e: unknown) => void;
}

/** A running gate. */
export interface Gate {
  /** Brings every marked element in line with the current grants. */
  apply(): void;
  /** Handles one element (marked, or just held back by auto-blocking). */
  process(el: Element): void;
  /** Whether a script that already ran is no longer granted (only a reload unruns it). */
  hasRevokedScripts(): boolean;
  stop(): void;
}

function adoptStyles(doc: Document): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(PLACEHOLDER_CSS);
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  } catch {
    /* no constructable stylesheets: placeholders still work, unstyled */
  }
}

/** Starts gating `doc`. */
export function createGate(o: GateOptions): Gate {
  const { doc, has } = o;
  const texts: PlaceholderTexts = { ...DEFAULT_PLACEHOLDER_TEXTS, ...o.texts };
  const enqueue = createScriptQueue(doc, createScriptPolicy(doc.defaultView as never), o.onError);
  adoptStyles(doc);

  const process = (el: Element): void => {
    const condition = el.getAttribute('data-consent');
    if (!condition) return;
    try {
      if (el.localName === 'script') {
        if (el.getAttribute('type') === 'text/plain' && !el.hasAttribute('data-candor') && has(condition)) enqueue(el as HTMLScriptElement);
        return;
      }
      const state = el.getAttribute('data-candor');
      if (has(condition)) {
        if (state !== 'active') activateEmbed(el);
      } else if (state !== 'held') {
        const service = o.view.services.find((s) => s.id === condition) ?? null;
        holdEmbed(doc, el, service, condition, texts, o.grant);
      }
    } catch (e) {
      o.onError(e);
    }
  };
  const apply = (): void => doc.querySelectorAll('[data-consent]').forEach(process);

  const observer = new MutationObserver((records) => {
    for (const r of records) {
      for (const node of Array.from(r.addedNodes)) {
        if (node.nodeType !== 1) continue;
        const el = node as Element;
        if (el.hasAttribute('data-consent')) process(el);
        el.querySelectorAll('[data-consent]').forEach(process);
      }
    }
  });
  observer.observe(doc.documentElement, { childList: true, subtree: true });

  return {
    apply,
    process,
    hasRevokedScripts: () => Array.from(doc.querySelectorAll('script[data-candor="ran"][data-consent]')).some((s) => !has(s.getAttribute('data-consent') ?? '')),
    stop: () => observer.disconnect(),
  };
}

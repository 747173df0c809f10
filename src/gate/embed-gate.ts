/**
 * The gate's embed half, a chunk of its own that the gate imports only when the page has a marked
 * element that is not a script: loads an embed once the service its URL belongs to is granted
 * (with its purpose, or alone), or its condition when no service serves it; else holds it back
 * behind a placeholder whose words come from the locale file the UI would choose (fetched only
 * then), and holds it back again on revoke.
 */
import { mergeMessages, type Messages } from '../core/locale';
import { adoptCss } from '../dom/adopt-css';
import { fetchJson } from '../dom/fetch-json';
import {
  activateEmbed,
  holdEmbed,
  offerOf,
  placeholderOf,
  PLACEHOLDER_CSS,
  wantsPlaceholder,
  type PlaceholderWords,
} from './embeds';
import type { GateOptions } from './gate';
import type { ScriptPolicy } from './scripts';

/** This chunk's URL (a variable, so that Vite in the tests leaves `new URL` alone). */
const here = import.meta.url;
/** A locale file, next to this chunk (dist/locales/). */
const fetchLocale = (locale: string): Promise<Messages> => fetchJson<Messages>(new URL(`locales/${locale}.json`, here));

/**
 * The placeholders' words, loaded once and only when a placeholder shows: the locale file of the
 * page's locale (the loader's choice, else the one the UI would choose; English when it cannot
 * load) with the site's texts (config `texts`, `placeholder.*`) merged in.
 */
function placeholderWords(o: GateOptions): () => Promise<PlaceholderWords> {
  let words: Promise<PlaceholderWords> | undefined;
  const { doc, view } = o;
  const load = o.loadLocale ?? fetchLocale;
  // The site's texts as they reach the gate, unvalidated (an invalid config still gates): words only (not blank).
  const texts = Object.fromEntries(
    Object.entries(view.texts).map(([l, m]): [string, Messages] => [
      l,
      Object.fromEntries(
        Object.entries(typeof m === 'object' && m ? m : {}).filter(([, v]) => typeof v === 'string' && v.trim()),
      ),
    ]),
  );
  const at = async (locale: string): Promise<PlaceholderWords> => ({
    locale,
    messages: mergeMessages(locale, await load(locale), texts),
  });
  return () =>
    (words ??= (async () => {
      const locale =
        o.locale ??
        (await import('../core/locale-choice')).chooseLocale(
          view.locale,
          doc.documentElement.lang || null,
          navigator.languages,
        );
      return at(locale).catch(() => at('en'));
    })());
}

/** The embed handler for one gate: `(el, condition)` brings `el` in line with the current grants. */
export function createEmbedGate(o: GateOptions, policy: ScriptPolicy): (el: Element, condition: string) => void {
  const { doc, has } = o;
  const words = placeholderWords(o);
  adoptCss(doc, PLACEHOLDER_CSS); // without constructable stylesheets placeholders work unstyled
  // Each placeholder's element. One the page removed (a framework's route change) takes its
  // placeholder with it (its button would grant a service for nothing on the page), one it moved (a
  // re-sorted list) has it moved back beside it, one marked otherwise since has it removed; forgotten
  // once either is gone (a grant removes the placeholder), and the page watched while there is one.
  const placed = new Map<Element, Element>();
  const removals = new MutationObserver(() => {
    placed.forEach((el, box) => {
      if (!el.isConnected || !box.isConnected || box.getAttribute('data-for') !== el.getAttribute('data-consent'))
        void (box.remove(), placed.delete(box));
      else if (box.nextElementSibling !== el) el.before(box);
    });
    if (!placed.size) removals.disconnect();
  });
  return (el, condition) => {
    const state = el.getAttribute('data-candor');
    if (state === 'refused') return; // a URL it may not load (embeds.ts mayLoad): reported once
    // The element's base URL, which is the document's: `<img name="baseURI">` shadows `doc.baseURI`,
    // and no service would then serve the URL (its purpose alone decided, past a service switched off).
    // Only a form's own properties can be shadowed (`<input name="baseURI">`), and a form loads nothing.
    const offer = offerOf(el, condition, o.view.services, el.baseURI);
    // The service that serves it, when known, decides: granted with its purpose (services follow
    // their purpose) or alone (a placeholder's button), and held when the visitor switched that
    // service off though its purpose is on. Else the condition as marked.
    if (offer.grant !== null ? has(offer.grant) : has(condition)) {
      // Also one auto-blocking let through while held (a widget switching to a granted service's
      // URL): shown, and its placeholder for the service it had goes (its `data-for` differs).
      if (state !== 'active' || el.hasAttribute('data-candor-held')) {
        activateEmbed(el, policy);
        placed.forEach((of, box) => of === el && box.remove());
      }
    } else if (state !== 'held' || (wantsPlaceholder(el) && !placeholderOf(el))) {
      // Held again, also one that comes back into the page without its placeholder.
      const box = holdEmbed(doc, el, offer, condition, words, o.grant);
      if (box) {
        placed.set(box, el);
        removals.observe(doc, { childList: true, subtree: true });
      }
    }
  };
}

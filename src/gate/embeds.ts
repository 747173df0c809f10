/**
 * Embeds and media (`iframe`, `img`, `video`, `audio`, `source`, `link`, `embed`) stay inert with
 * `data-src` / `data-href` until granted. An iframe (or any element with `data-placeholder`) shows
 * an accessible placeholder meanwhile: what it is, who provides it, and a button that grants just
 * that service and loads it. An embed marked with a purpose is granted through the one service of
 * that purpose whose `hosts` serve it; without one, the button opens the privacy settings instead
 * (a placeholder never grants a whole purpose). On revoke the embed is unloaded and the
 * placeholder comes back.
 */
import type { SiteService } from '../core/site-view';
import { serviceForUrl } from './autoblock';
import type { ScriptPolicy } from './scripts';

/** Texts of the placeholder; `{name}` and `{provider}` are filled in. */
export interface PlaceholderTexts {
  readonly text: string;
  readonly button: string;
  /** When no service can be granted from the placeholder: its text and the button that opens the privacy settings. */
  readonly settingsText: string;
  readonly settingsButton: string;
}

export const DEFAULT_PLACEHOLDER_TEXTS: PlaceholderTexts = {
  text: '{name} from {provider} is off until you allow it. Loading it lets {provider} set cookies and see that you visited this page.',
  button: 'Load {name} from {provider}',
  settingsText: '{name} is off until you allow it in the privacy settings.',
  settingsButton: 'Open privacy settings to load {name}',
};

/** What a placeholder offers: whom it names, and the services (`id` or `a,b`) its button grants (null: none). */
export interface Offer {
  readonly service: SiteService | null;
  readonly grant: string | null;
}

/**
 * The offer for `el` marked `condition`: a condition of services grants them; a single purpose
 * id grants the service of that purpose whose `hosts` cover the embed's URL, if there is one;
 * anything else grants nothing from the placeholder.
 */
export function offerOf(el: Element, condition: string, services: readonly SiteService[], base: string): Offer {
  const ids = condition.split(',').map((id) => id.trim());
  const named = ids.map((id) => services.find((s) => s.id === id));
  if (named.every((s) => s)) return { service: named.length === 1 ? (named[0] ?? null) : null, grant: ids.join(',') };
  const url = el.getAttribute(`data-${attrOf(el)}`);
  const service =
    ids.length === 1 && url
      ? serviceForUrl(
          url,
          base,
          services.filter((s) => s.purpose === ids[0]),
        )
      : null;
  return { service, grant: service?.id ?? null };
}

const fill = (t: string, s: { name: string; provider: string }): string =>
  (s.provider ? t : t.replace(/ from \{provider\}/g, ''))
    .replace(/\{name\}/g, s.name)
    .replace(/\{provider\}/g, s.provider || s.name);

/** The attribute an element loads from: `href` for `<link>`, `src` otherwise. */
const attrOf = (el: Element): 'href' | 'src' => (el.localName === 'link' ? 'href' : 'src');

/** Whether `el` needs a placeholder while it is held back. */
export const wantsPlaceholder = (el: Element): boolean =>
  el.localName === 'iframe' || el.hasAttribute('data-placeholder');

/**
 * Loads a held-back element and removes its placeholder. An `<embed>`'s `src` is a script URL
 * under Trusted Types: it goes through the gate's policy.
 */
export function activateEmbed(el: Element, policy: ScriptPolicy): void {
  const attr = attrOf(el);
  const url = el.getAttribute(`data-${attr}`);
  placeholderOf(el)?.remove();
  el.removeAttribute('data-candor-held');
  if (url !== null && el.getAttribute(attr) !== url)
    el.setAttribute(attr, el.localName === 'embed' ? policy.createScriptURL(url) : url);
  el.setAttribute('data-candor', 'active');
  // A <source> only takes effect when its media element loads again.
  if (el.localName === 'source') (el.parentElement as HTMLMediaElement | null)?.load?.();
}

function placeholderOf(el: Element): Element | null {
  const prev = el.previousElementSibling;
  return prev?.classList.contains('candor-placeholder') &&
    prev.getAttribute('data-for') === el.getAttribute('data-consent')
    ? prev
    : null;
}

/**
 * Holds `el` back: removes a loaded URL (unloading it), hides it and shows a placeholder whose
 * button grants `offer.grant`, or opens the privacy settings (`data-candor-open`) when it has
 * nothing to grant. Returns the element to keep tracking (an iframe is replaced by a clone,
 * since removing `src` does not unload a frame).
 */
export function holdEmbed(
  doc: Document,
  el: Element,
  offer: Offer,
  condition: string,
  texts: PlaceholderTexts,
  grant: (services: string) => void,
): Element {
  let target = el;
  const attr = attrOf(el);
  if (el.hasAttribute(attr)) {
    target = el.cloneNode(true) as Element;
    target.removeAttribute(attr);
    el.replaceWith(target);
  }
  target.setAttribute('data-candor', 'held');
  if (!wantsPlaceholder(target) || placeholderOf(target)) return target;
  target.setAttribute('data-candor-held', '');
  const { service, grant: ids } = offer;
  const who = { name: service?.name ?? target.getAttribute('title') ?? condition, provider: service?.provider ?? '' };
  const box = doc.createElement('div');
  box.className = 'candor-placeholder';
  box.setAttribute('data-for', condition);
  const p = doc.createElement('p');
  p.textContent = fill(ids === null ? texts.settingsText : texts.text, who);
  const button = doc.createElement('button');
  button.type = 'button';
  button.textContent = fill(ids === null ? texts.settingsButton : texts.button, who);
  // The page's [data-candor-open] handler opens the panel (the loader's, or mountUI's).
  if (ids === null) button.setAttribute('data-candor-open', '');
  else button.addEventListener('click', () => grant(ids));
  box.append(p, button);
  target.before(box);
  return target;
}

/** Placeholder styles, adopted as a constructable stylesheet (no inline styles: strict-CSP safe). */
export const PLACEHOLDER_CSS =
  '[data-candor-held]{display:none!important}' +
  '.candor-placeholder{box-sizing:border-box;display:flex;flex-direction:column;align-items:flex-start;justify-content:center;gap:.75em;min-height:12em;padding:1.25em;border:1px solid #6b6b6b;border-radius:.5em;background:#f4f4f4;color:#1a1a1a;font:inherit;max-width:100%}' +
  '.candor-placeholder p{margin:0;max-width:40em}' +
  '.candor-placeholder button{font:inherit;min-height:44px;min-width:44px;padding:.5em 1em;border:2px solid #1a1a1a;border-radius:.4em;background:#1a1a1a;color:#fff;cursor:pointer}' +
  '.candor-placeholder button:focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}' +
  '@media (prefers-color-scheme:dark){.candor-placeholder{background:#222;color:#f2f2f2;border-color:#8a8a8a}.candor-placeholder button{background:#f2f2f2;color:#111;border-color:#f2f2f2}}';

/**
 * Embeds and media (`iframe`, `img`, `video`, `audio`, `source`, `link`, `embed`) stay inert with
 * `data-src` / `data-href` (and an image's `data-srcset`, a video's `data-poster`) until granted.
 * A frame, a video or an audio player (or any element with `data-placeholder`) shows an
 * accessible placeholder of its size meanwhile: what it is, who provides it, that the choice is
 * remembered for that service only, and a button that grants just that service and loads it. Its
 * words come from the locale files, fetched only when a placeholder shows. An embed marked with a purpose is granted through the one service of that
 * purpose whose `hosts` serve it; without one, the button opens the privacy settings instead (a
 * placeholder never grants a whole purpose). On revoke the embed is unloaded and the placeholder
 * comes back.
 */
import { localText, type ShownText } from '../core/local-text';
import { isRtl, type Messages } from '../core/locale';
import type { SiteService } from '../core/site-view';
import { serviceForUrl } from './autoblock';
import type { GateOptions } from './gate';
import type { ScriptPolicy } from './scripts';

/** The placeholder's words: the texts of `locale` (a locale file with the site's texts merged in). */
export interface PlaceholderWords {
  readonly locale: string;
  readonly messages: Messages;
}

/**
 * What a placeholder offers: the services its button grants, as the config names them (none: the
 * button opens the privacy settings), and those services' ids (`id` or `a,b`; null: none).
 */
export interface Offer {
  readonly services: readonly SiteService[];
  readonly grant: string | null;
}

/**
 * The offer for `el` marked `condition`: a condition of services grants them (each once); a single
 * purpose id grants the service of that purpose whose `hosts` cover the embed's URL, if there is
 * one; anything else grants nothing from the placeholder.
 */
export function offerOf(el: Element, condition: string, services: readonly SiteService[], base: string): Offer {
  const ids = [...new Set(condition.split(',').map((id) => id.trim()))];
  const named = ids.map((id) => services.find((s) => s.id === id));
  if (named.every((s) => s)) return { services: named as SiteService[], grant: ids.join(',') };
  // Its main URL, else its candidates (a `<picture>` source has only `data-srcset`), whose host is
  // the first one's: a URL parser keeps the rest, spaces and commas, in the path.
  const url = el.getAttribute(`data-${urlAttrsOf(el)[0]!}`) ?? el.getAttribute('data-srcset');
  const service =
    ids.length === 1 && url
      ? serviceForUrl(
          url,
          base,
          services.filter((s) => s.purpose === ids[0]),
        )
      : null;
  return service ? { services: [service], grant: service.id } : { services: [], grant: null };
}

/**
 * `text` with its `{name}` variables as `<bdi>` elements: a name from the config keeps its own
 * direction inside the sentence (an English name in Arabic text), and its `lang` when it is a fallback.
 */
function fill(doc: Document, text: string, vars: Readonly<Record<string, ShownText>>): (Node | string)[] {
  return text.split(/\{(\w+)\}/).map((part, i) => {
    const v = Object.hasOwn(vars, part) ? vars[part] : undefined; // never {constructor} and the like
    if (i % 2 === 0 || !v) return i % 2 ? `{${part}}` : part;
    const bdi = doc.createElement('bdi');
    bdi.textContent = v.text;
    if (v.lang) bdi.lang = v.lang;
    return bdi;
  });
}

/**
 * The attributes an element loads from, its main one first: `href` for a `<link>`, else `src`; an
 * image's or a `<picture>` source's `srcset` and a video's `poster` too. The site writes each as
 * `data-…` (`data-srcset`), and the gate copies it back once granted.
 */
export const urlAttrsOf = (el: Element): string[] => {
  const tag = el.localName;
  return tag === 'link'
    ? ['href']
    : ['src', ...(tag === 'img' || tag === 'source' ? ['srcset'] : tag === 'video' ? ['poster'] : [])];
};

/**
 * Whether `el` needs a placeholder while it is held back: a frame, a video or an audio player (what
 * a visitor sees and would miss), or any element marked `data-placeholder`. Not by default an
 * `<img>` (most marked images are tracking pixels, which a box of text would make visible) nor a
 * `<link>`, `<source>` or `<embed>` (nothing of them shows, or their media element does).
 */
export const wantsPlaceholder = (el: Element): boolean =>
  /^(iframe|video|audio)$/.test(el.localName) || el.hasAttribute('data-placeholder');

/** The elements that may load a `data:` or `blob:` URL (media; never a frame, an embed or a style sheet). */
const MEDIA = /^(img|video|audio|source)$/;

/**
 * Whether `el` may load `url` (resolved against `base`): http(s) only, and `data:` or `blob:` for
 * media. The URL comes from the page's markup (`data-src`), which an HTML sanitizer passes
 * unchecked (a data attribute), so the gate must never turn it into a `javascript:` frame.
 */
export function mayLoad(el: Element, url: string, base: string): boolean {
  try {
    const scheme = new URL(url, base).protocol;
    return /^https?:$/.test(scheme) || (MEDIA.test(el.localName) && /^(data|blob):$/.test(scheme));
  } catch {
    return false;
  }
}

/**
 * Loads a held-back element and removes its placeholder. An `<embed>`'s `src` is a script URL
 * under Trusted Types: it goes through the gate's policy. A URL it may not load (`mayLoad`) leaves
 * it inert, marked `data-candor="refused"`, and throws (the gate reports it). An image's `srcset`
 * and a video's `poster` load images only, which never run script: they are copied as they are.
 */
export function activateEmbed(el: Element, policy: ScriptPolicy): void {
  const [attr, ...more] = urlAttrsOf(el) as [string, ...string[]];
  const url = el.getAttribute(`data-${attr}`);
  if (url !== null && !mayLoad(el, url, el.baseURI)) {
    el.setAttribute('data-candor', 'refused');
    throw new Error(`a marked ${el.localName} may load only an http(s) URL (docs/security.md): ${url.slice(0, 200)}`);
  }
  const box = placeholderOf(el);
  // Its button had focus (it loaded the embed): the embed takes it, not <body>.
  const focus = box?.matches(':focus-within');
  box?.remove();
  el.removeAttribute('data-candor-held');
  if (focus) {
    const to = (): void => (el as HTMLElement).focus();
    to();
    // Not focusable itself (an image, a <div data-placeholder>): made so, out of the tab order.
    if ((el.getRootNode() as Document).activeElement !== el) {
      el.setAttribute('tabindex', '-1');
      to();
    }
  }
  // Before its URL: auto-blocking lets an `active` element's through (gate/autoblock.ts).
  el.setAttribute('data-candor', 'active');
  // Before `src`: the browser picks an image from both at once.
  for (const a of more) {
    const v = el.getAttribute(`data-${a}`);
    if (v !== null && el.getAttribute(a) !== v) el.setAttribute(a, v);
  }
  if (url !== null && el.getAttribute(attr) !== url)
    el.setAttribute(attr, el.localName === 'embed' ? policy.createScriptURL(url) : url);
  if (el.localName === 'source') reload(el.parentElement);
}

/** Loads a media element again: a <source> takes effect (or stops playing) only then. */
const reload = (el: Element | null): void => (el as HTMLMediaElement | null)?.load?.();

export function placeholderOf(el: Element): Element | null {
  const prev = el.previousElementSibling;
  return prev?.classList.contains('candor-placeholder') &&
    prev.getAttribute('data-for') === el.getAttribute('data-consent')
    ? prev
    : null;
}

/**
 * Holds `el` back: removes a loaded URL (unloading it), hides it and shows a placeholder of its size
 * (the page does not move when it loads) whose button grants `offer.grant`, or opens the privacy
 * settings (`data-candor-open`) when it has nothing to grant. Its words arrive with `words()` (the
 * locale file, fetched once). Returns the placeholder it made, if any. `el` stays the same node,
 * where it was: a framework that rendered it (React, Vue) removes it later.
 */
export function holdEmbed(
  doc: Document,
  el: Element,
  offer: Offer,
  condition: string,
  words: () => Promise<PlaceholderWords>,
  grant: GateOptions['grant'],
): Element | null {
  const attrs = urlAttrsOf(el);
  // Before it is hidden: its box, and whether it sits on the text's baseline as an inline frame does.
  const size = wantsPlaceholder(el) ? el.getBoundingClientRect() : null;
  // Not `doc.defaultView`'s: markup can shadow it.
  const inline = size && getComputedStyle(el).display === 'inline';
  // Held, not new, for a gate call queued before this one.
  el.setAttribute('data-candor', 'held');
  if (attrs.some((a) => el.hasAttribute(a))) {
    // Unloaded in place: a media element by loading again without its URL; a frame or a plugin,
    // which keep their document when the URL goes, by leaving the page and coming back to the same
    // place (a new, empty document).
    for (const a of attrs) el.removeAttribute(a);
    if (/^(iframe|embed|object)$/.test(el.localName)) el.parentNode?.insertBefore(el, el.nextSibling);
    reload(el);
  }
  if (el.localName === 'source') reload(el.parentElement);
  if (!wantsPlaceholder(el) || placeholderOf(el)) return null;
  el.setAttribute('data-candor-held', '');
  const { services, grant: ids } = offer;
  const names = services.map((s) => s.name);
  // What the button grants is named from the config alone, never from the page's markup (a
  // `title`, which markup injected into the page controls); the markup names only an embed whose
  // button grants nothing (it opens the privacy settings).
  let name = ids === null ? (el.getAttribute('title') ?? condition) : names.join(', ');
  const box = doc.createElement('div');
  box.className = 'candor-placeholder';
  box.setAttribute('data-for', condition);
  // Through the CSSOM, which a strict CSP allows; it grows only if its text needs more room.
  if (size?.width && size.height) {
    box.style.width = `${size.width}px`;
    box.style.minHeight = `${size.height}px`;
  }
  if (inline) box.style.display = 'inline-block'; // overflow:hidden puts its baseline at its bottom, as a frame's
  const p = doc.createElement('p');
  const button = doc.createElement('button');
  button.type = 'button';
  button.hidden = true; // until its words have loaded: never a button without a name
  // The page's [data-candor-open] handler opens the panel (the loader's, or mountUI's).
  let shown = { locale: 'en', texts: {} as Messages }; // set with the words, before the button shows
  if (ids === null) button.setAttribute('data-candor-open', '');
  else button.addEventListener('click', () => grant(ids, shown));
  box.append(p, button);
  el.before(box);
  words()
    .then(({ locale, messages }) => {
      // What the record says the visitor saw: the placeholder's own texts, in this locale.
      shown = {
        locale,
        texts: Object.fromEntries(Object.entries(messages).filter(([k]) => k.startsWith('placeholder.'))),
      };
      // Strings only (the site's are filtered in embed-gate.ts; a broken locale file is not): else the key.
      const t = (key: string): string => (typeof messages[key] === 'string' ? messages[key] : key);
      const list = (items: string[]): string =>
        items.length > 1 ? new Intl.ListFormat(locale, { type: 'conjunction' }).format(items) : (items[0] ?? '');
      if (ids !== null) name = list(names);
      // One service: its provider (none: its name). Several: each one's provider, else its name.
      const providers = services.map((s) => localText(s.provider, locale));
      const one = services.length === 1 ? providers[0]! : null;
      const provider = one?.text
        ? one
        : { text: one ? name : list([...new Set(providers.map((p, i) => p.text || names[i]!))]) };
      const vars = { name: { text: name }, provider };
      box.lang = locale;
      box.dir = isRtl(locale) ? 'rtl' : 'ltr';
      p.append(
        ...(ids === null
          ? fill(doc, t('placeholder.settingsText'), vars)
          : [...fill(doc, t('placeholder.text'), vars), ' ', ...fill(doc, t('placeholder.remember'), vars)]),
      );
      const label = ids === null ? 'settingsButton' : one?.text ? 'button' : 'buttonName';
      button.append(...fill(doc, t(`placeholder.${label}`), vars));
      button.hidden = false;
    })
    .catch(() => {
      button.replaceChildren(name); // no locale file could load (or its texts are broken): the button still says what it loads
      button.hidden = false;
    });
  return box;
}

/** Placeholder styles, adopted as a constructable stylesheet (no inline styles: strict-CSP safe). */
export const PLACEHOLDER_CSS =
  '[data-candor-held]{display:none!important}' +
  '.candor-placeholder{box-sizing:border-box;display:flex;flex-direction:column;align-items:flex-start;justify-content:center;min-height:12em;padding:1.25em;border:1px solid #6b6b6b;border-radius:.5em;background:#f4f4f4;color:#1a1a1a;font:inherit;max-width:100%;overflow:hidden;overflow-wrap:break-word}' +
  '.candor-placeholder p{margin:0 0 .75em;max-width:40em}' +
  '.candor-placeholder button{font:inherit;min-height:44px;min-width:44px;padding:.5em 1em;border:2px solid #1a1a1a;border-radius:.4em;background:#1a1a1a;color:#fff;cursor:pointer}' +
  '.candor-placeholder button:focus-visible{outline:3px solid #3a7bd5;outline-offset:2px}' +
  '@media (prefers-color-scheme:dark){.candor-placeholder{background:#222;color:#f2f2f2;border-color:#8a8a8a}.candor-placeholder button{background:#f2f2f2;color:#111;border-color:#f2f2f2}}';

/**
 * Auto-blocking by host (`autoBlock: true`): scripts and iframes that the site did not mark, but
 * whose URL is on a configured service's `hosts`, are held back until that service is granted.
 *
 * What it catches: elements created by script (`createElement('script')` then `src` or
 * `setAttribute('src')`, as tag managers and pixel snippets do): they are turned into gated
 * elements before they are inserted, so no request is made; and parser-inserted `<script src>` /
 * `<iframe src>` that follow the loader in the document: they are neutralised as the parser adds
 * them, so they do not run. What it cannot catch (docs/auto-blocking.md): scripts before the
 * loader; the browser's preload scanner, which may fetch a parser-inserted script early (it still
 * does not run); `fetch`, XHR, `sendBeacon`, `new Image()` pixels and CSS from a script that is
 * already running; and frames or scripts written with `document.write`.
 */
import type { SiteService } from '../core/site-view';
import type { OnAddedElements } from '../dom/added-elements';

/** The service whose `hosts` cover `url` (the host itself or any subdomain of it), or null. */
export function serviceForUrl(url: string, base: string, services: readonly SiteService[]): SiteService | null {
  let host: string;
  try {
    host = new URL(url, base).hostname.toLowerCase();
  } catch {
    return null;
  }
  return services.find((s) => s.hosts.some((h) => host === h.toLowerCase() || host.endsWith(`.${h.toLowerCase()}`))) ?? null;
}

/** Turns `el` into a gated element for `service`: it loads only once `data-consent` is granted. */
function hold(el: Element, url: string, service: SiteService): void {
  el.setAttribute('data-consent', service.id);
  el.setAttribute('data-src', url);
  el.setAttribute('data-candor-auto', '');
  if (el.localName === 'script') el.setAttribute('type', 'text/plain');
}

/**
 * Installs the interception. `has` answers whether a service is granted now; `onHold` is told of
 * each element held back (the gate then treats it like a marked one).
 */
export function installAutoBlock(
  w: Window & typeof globalThis,
  services: readonly SiteService[],
  has: (id: string) => boolean,
  onHold: (el: Element) => void,
  onAdded: OnAddedElements,
): () => void {
  const blocked = (el: Element, url: unknown): SiteService | null => {
    if (typeof url !== 'string' && !(url instanceof w.URL)) return null;
    const s = serviceForUrl(String(url), w.location.href, services);
    return s && !has(s.id) && !el.hasAttribute('data-candor') ? s : null;
  };
  const restore: (() => void)[] = [];
  for (const Ctor of [w.HTMLScriptElement, w.HTMLIFrameElement]) {
    const desc = Object.getOwnPropertyDescriptor(Ctor.prototype, 'src');
    if (!desc?.set || !desc.get) continue;
    const { get, set } = desc;
    Object.defineProperty(Ctor.prototype, 'src', {
      configurable: true,
      enumerable: desc.enumerable ?? true,
      get() {
        return get.call(this);
      },
      set(value: unknown) {
        const s = blocked(this as Element, value);
        if (s) {
          hold(this as Element, String(value), s);
          onHold(this as Element);
        } else set.call(this, value);
      },
    });
    restore.push(() => Object.defineProperty(Ctor.prototype, 'src', desc));
  }
  const setAttribute = w.Element.prototype.setAttribute;
  w.Element.prototype.setAttribute = function (this: Element, name: string, value: string) {
    const s = name.toLowerCase() === 'src' && (this.localName === 'script' || this.localName === 'iframe') ? blocked(this, value) : null;
    if (s) {
      hold(this, value, s);
      onHold(this);
    } else setAttribute.call(this, name, value);
  };
  restore.push(() => (w.Element.prototype.setAttribute = setAttribute));

  // Parser-inserted elements after the loader: neutralise them as they arrive, before they run.
  restore.push(
    onAdded((el) => {
      if ((el.localName !== 'script' && el.localName !== 'iframe') || el.hasAttribute('data-consent')) return;
      const url = el.getAttribute('src');
      const s = url ? blocked(el, url) : null;
      if (!s || !url) return;
      el.removeAttribute('src');
      hold(el, url, s);
      onHold(el);
    }),
  );
  return () => restore.forEach((r) => r());
}

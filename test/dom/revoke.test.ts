// @vitest-environment happy-dom
// What follows a revocation (loader/revoke.ts): the cookies of the revoked services, `candor:revoke`
// with whether a revoked script ran, the optional reload; no gate, no network, never a throw.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { onRevoke, revokedScriptsRan } from '../../src/loader/revoke';

const service = (id: string, cookies: string[] = []) => ({ id, purpose: 'analytics', cookies }) as never;
const granted =
  (...ids: string[]) =>
  (c: string): boolean =>
    ids.includes(c);
/** A script as the gate, the loader's fast path or auto-blocking leaves it (`data-candor`), for `consent`. */
const marked = (consent: string, state = 'ran'): HTMLScriptElement => {
  const s = document.createElement('script');
  s.setAttribute('data-consent', consent);
  s.setAttribute('data-candor', state);
  return s;
};
/** `marked`, in the document. */
const script = (consent: string, state = 'ran'): HTMLScriptElement => document.body.appendChild(marked(consent, state));
/** The detail of every `candor:revoke` dispatched during `run`. */
function revokes(run: () => void): unknown[] {
  const seen: unknown[] = [];
  const on = (e: Event) => seen.push((e as CustomEvent).detail);
  document.addEventListener('candor:revoke', on);
  try {
    run();
  } finally {
    document.removeEventListener('candor:revoke', on);
  }
  return seen;
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  document.body.innerHTML = '';
  for (const c of document.cookie.split(';')) document.cookie = `${c.split('=')[0]!.trim()}=; Max-Age=0; Path=/`;
});

describe('revokedScriptsRan', () => {
  it('is true only for a script that ran and whose condition is no longer granted', () => {
    expect(revokedScriptsRan(document, granted())).toBe(false);
    script('analytics', 'queued'); // not run yet: the gate drops it
    expect(revokedScriptsRan(document, granted())).toBe(false);
    script('ga4');
    expect(revokedScriptsRan(document, granted('ga4'))).toBe(false);
    expect(revokedScriptsRan(document, granted())).toBe(true);
  });

  it('looks into open shadow roots, at any depth (a script auto-blocking let through in a widget)', () => {
    const host = document.body.appendChild(document.createElement('div'));
    const inner = host.attachShadow({ mode: 'open' }).appendChild(document.createElement('span'));
    const s = inner.attachShadow({ mode: 'open' }).appendChild(marked('chat'));
    expect(revokedScriptsRan(document, granted('chat'))).toBe(false);
    expect(revokedScriptsRan(document, granted())).toBe(true);
    s.setAttribute('data-candor', 'queued'); // not run: nothing to stop
    expect(revokedScriptsRan(document, granted())).toBe(false);
  });

  it("reads a shadow root through the browser's own getter: a custom element's getter that throws, or returns the document, changes nothing", () => {
    class Widget extends HTMLElement {
      override get shadowRoot(): ShadowRoot | null {
        throw new Error('page code');
      }
    }
    class Loop extends HTMLElement {
      override get shadowRoot(): ShadowRoot | null {
        return document as never;
      }
    }
    customElements.define('x-throwing-widget', Widget);
    customElements.define('x-looping-widget', Loop);
    const widget = document.body.appendChild(document.createElement('x-throwing-widget'));
    document.body.appendChild(document.createElement('x-looping-widget'));
    widget.attachShadow({ mode: 'open' }).appendChild(marked('chat'));
    expect(revokedScriptsRan(document, granted('chat'))).toBe(false);
    expect(revokedScriptsRan(document, granted())).toBe(true);
  });

  it('treats a ran script without a condition as revoked (it asks has(""), which grants nothing)', () => {
    const s = script('x');
    s.setAttribute('data-consent', '');
    expect(revokedScriptsRan(document, (c) => c !== '')).toBe(true);
  });
});

describe('onRevoke', () => {
  it("deletes only the revoked services' cookies and tells the page, without a reload when no revoked script ran", () => {
    // happy-dom keeps a cookie set with Max-Age=0 for the rest of its millisecond (a browser drops
    // it at once: e2e), so the clock moves on before the check, whatever the machine's speed.
    vi.useFakeTimers({ toFake: ['Date'] });
    document.cookie = '_ga=1; Path=/';
    document.cookie = '_ga_X=1; Path=/';
    document.cookie = 'keep=1; Path=/';
    const reload = vi.spyOn(location, 'reload').mockImplementation(() => {});
    const seen = revokes(() =>
      onRevoke([service('ga4', ['_ga', '/^_ga_/']), service('video')], { reloadOnRevoke: true }, granted()),
    );
    expect(seen).toEqual([{ services: ['ga4', 'video'], reloadRecommended: false }]);
    vi.advanceTimersByTime(1);
    expect(document.cookie).toBe('keep=1');
    expect(reload).not.toHaveBeenCalled();
  });

  it('a look at the page that throws (a page that patched the DOM) recommends the reload, says why, and still tells the page', () => {
    script('ga4');
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const broken = (): boolean => {
      throw new Error('patched');
    };
    expect(revokes(() => onRevoke([service('ga4')], { reloadOnRevoke: false }, broken))).toEqual([
      { services: ['ga4'], reloadRecommended: true },
    ]);
    expect(error).toHaveBeenCalledTimes(1);
  });

  it('recommends the reload when a revoked script ran, and reloads only when the config asks', () => {
    script('ga4');
    const reload = vi.spyOn(location, 'reload').mockImplementation(() => {});
    expect(revokes(() => onRevoke([service('ga4')], { reloadOnRevoke: false }, granted()))).toEqual([
      { services: ['ga4'], reloadRecommended: true },
    ]);
    expect(reload).not.toHaveBeenCalled();
    revokes(() => onRevoke([service('ga4')], { reloadOnRevoke: true }, granted()));
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('a document whose cookies cannot be read (a sandboxed frame): each failure reported, the page still told, nothing thrown', () => {
    // The browser's own accessor throws (Candor reads through it, not the document's own property).
    let owner: object = Object.getPrototypeOf(document) as object;
    while (!Object.hasOwn(owner, 'cookie')) owner = Object.getPrototypeOf(owner) as object;
    vi.spyOn(owner as Document, 'cookie', 'get').mockImplementation(() => {
      throw new DOMException('The document is sandboxed', 'SecurityError');
    });
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const seen = revokes(() =>
      onRevoke(
        [service('ga4', ['_ga']), service('video'), service('ads', ['_fbp'])],
        { reloadOnRevoke: false },
        granted(),
      ),
    );
    expect(seen).toEqual([{ services: ['ga4', 'video', 'ads'], reloadRecommended: false }]);
    // A service without cookies is not read for any (no false report for it).
    expect(error.mock.calls.map(([m]) => String(m).split(':').slice(0, 2).join(':'))).toEqual([
      'Candor: could not delete the cookies of ga4',
      'Candor: could not delete the cookies of ads',
    ]);
  });
});

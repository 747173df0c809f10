/**
 * Google Consent Mode v2 through gtag: `default` with every type denied before any Google tag
 * runs, then `update` once the stored decision is known and on every change. gtag pushes the
 * `arguments` object to `dataLayer`, exactly as Google's snippet does: gtag.js ignores plain
 * arrays (https://developers.google.com/tag-platform/gtagjs/reference).
 */
import { gcmStateOf, toGcmState, type GcmState } from '../core/gcm-map';
import type { SiteView } from '../core/site-view';
import { dataLayerOf } from './events';

/** `gtag(...)`. */
export type Gtag = (...args: unknown[]) => void;
interface GtagWindow {
  dataLayer?: unknown[];
  gtag?: Gtag;
}

/**
 * `window.gtag`, defined as Google's snippet defines it when the site has not (yet): it pushes to
 * the `dataLayer` of the moment, so that a page that replaces the array after the loader
 * (`dataLayer = [{…}]`, as older GTM guides showed) still gets every later update in the one GTM reads.
 * Where `window.gtag` is no function when called (read-only: never set, where strict code threw), ours.
 */
export function ensureGtag(w: GtagWindow): Gtag {
  const own: Gtag = function gtag() {
    // eslint-disable-next-line prefer-rest-params -- gtag.js reads Arguments objects only
    dataLayerOf(w).push(arguments);
  };
  try {
    if (typeof w.gtag !== 'function') w.gtag = own;
  } catch {
    // read-only
  }
  // window.gtag at call time (a site's own does the same push); one that throws is said.
  return (...args) => {
    try {
      (typeof w.gtag === 'function' ? w.gtag : own)(...args);
    } catch (e) {
      console.error(e);
    }
  };
}

/**
 * The loader's very first action: everything denied, region defaults, and the page options. With
 * Global Privacy Control on (`gpc`), no region grants anything by default: GPC opts out of sale and
 * sharing, and the defaults are sent before the config is checked; the engine's update says what
 * the visitor's choices and GPC allow.
 */
export const sendGcmDefault = (gtag: Gtag, view: SiteView, gpc: boolean): void => {
  const wait = { wait_for_update: view.gcm.waitForUpdate };
  for (const [region, granted] of gpc ? [] : Object.entries(view.gcm.regions))
    gtag('consent', 'default', { ...gcmStateOf(granted), ...wait, region: [region] });
  gtag('consent', 'default', { ...gcmStateOf(), ...wait });
  if (view.gcm.adsDataRedaction) gtag('set', 'ads_data_redaction', true);
  if (view.gcm.urlPassthrough) gtag('set', 'url_passthrough', true);
};

/** Sends the state `has` grants now. */
export function sendGcmUpdate(gtag: Gtag, view: SiteView, has: (id: string) => boolean): GcmState {
  const state = toGcmState(view.purposes, has);
  gtag('consent', 'update', state);
  return state;
}

/** gtag commands that set Google's tag up or send something: Consent Mode's defaults must come first. */
const SETS_UP = ['js', 'config', 'event'];

/**
 * What Google's tag found before Consent Mode's defaults: `found` names it; `cause`: Google's tag
 * was set up first (`order`), the queue holds no default at all (`replaced`: the page replaced
 * dataLayer after the loader), or only defaults pushed as plain arrays (`arrays`: the page's own
 * `gtag` pushes arrays, which gtag.js ignores).
 */
export interface GoogleFirst {
  readonly found: string;
  readonly cause: 'order' | 'replaced' | 'arrays';
}

/**
 * What Google's tag queued in the page's `dataLayer` (`w`'s own) before the first Consent Mode
 * default: `gtag('js')`, `gtag('config')`, `gtag('event')`, or Google Tag Manager's start
 * (`gtm.js`); null when a default came first, or none of these is there. gtag.js and GTM work
 * through the queue in order, so a tag may send data before it knows that consent is denied
 * (Google's Consent Mode guide: the default command comes before any other). The script tag sends
 * its defaults as its first action: such an entry means the page set Google's tag up before the
 * loader, replaced `dataLayer` after it (`dataLayer = […]`, which dropped them), or defined a `gtag`
 * that pushes arrays (`(...a) => dataLayer.push(a)`: gtag.js reads only Arguments objects, so the
 * defaults never count). The page's own values: entries that cannot be read are skipped; the first
 * 1,000 at most.
 */
export function googleBeforeDefaults(w: object): GoogleFirst | null {
  try {
    const layer: unknown = Object.hasOwn(w, 'dataLayer') && (w as { dataLayer?: unknown }).dataLayer;
    if (!Array.isArray(layer)) return null;
    let found: string | null = null;
    let arrays = false;
    for (const entry of layer.slice(0, 1000) as unknown[])
      try {
        if (typeof entry !== 'object' || entry === null) continue;
        const e = entry as Record<string, unknown>;
        const gtag = Object.prototype.toString.call(e) === '[object Arguments]';
        // A command as gtag pushes it (Arguments), or as a gtag of the page's own that pushes arrays.
        const command = gtag || Array.isArray(e) ? e[0] : undefined;
        if (command === 'consent' && e[1] === 'default') {
          if (gtag) return found ? { found, cause: 'order' } : null;
          arrays = true; // gtag.js never reads it
        } else if (!found)
          if (!gtag && Object.hasOwn(e, 'event') && e['event'] === 'gtm.js') found = 'Google Tag Manager';
          else if (typeof command === 'string' && SETS_UP.includes(command)) found = `gtag('${command}')`;
      } catch {
        // an entry whose reading throws (a getter, a revoked Proxy): not Google's
      }
    return found ? { found, cause: arrays ? 'arrays' : 'replaced' } : null;
  } catch {
    return null; // a dataLayer that cannot be read
  }
}

/**
 * What the script-tag loader needs of a config before the engine has validated it: read
 * defensively from the raw JSON, dropping anything malformed (the engine reports it). It can only
 * ever hold things back (gating, Consent Mode defaults), never grant: grants come from `has()`.
 */
import { isRecord, isRegionCode } from './check';
import { GCM_TYPES, type GcmType } from './config-types';
import { DEFAULT_WAIT_FOR_UPDATE } from './defaults';
import { defaultGcmOf } from './gcm-map';

/** A service as the loader sees it. */
export interface SiteService {
  readonly id: string;
  readonly purpose: string;
  readonly name: string;
  /** As written (one text or texts by locale, unvalidated): shown through `localText`, which takes anything. */
  readonly provider: unknown;
  readonly hosts: readonly string[];
  readonly cookies: readonly string[];
}

/** The loader's view of a raw config. */
export interface SiteView {
  readonly purposes: readonly { readonly id: string; readonly gcm: readonly GcmType[] }[];
  readonly services: readonly SiteService[];
  readonly gcm: {
    readonly waitForUpdate: number;
    readonly urlPassthrough: boolean;
    readonly adsDataRedaction: boolean;
    readonly regions: Readonly<Record<string, readonly GcmType[]>>;
  };
  readonly autoBlock: boolean;
  readonly reloadOnRevoke: boolean;
  readonly texts: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** `ui.locale` as written ("auto" when absent): the UI's locale can be fetched before validation. */
  readonly locale: string;
  /** `ui.launcher` (a returning visitor's stand-in launcher is shown before the engine loads). */
  readonly launcher: boolean;
  /** `ui.theme` as written (the stand-in launcher follows it; anything unknown is "auto"). */
  readonly theme: string;
  /**
   * Everything is denied until the visitor opts in (`jurisdiction` absent or "opt-in"): on a first
   * visit the banner can show before the engine has loaded, since nothing is granted meanwhile.
   */
  readonly optIn: boolean;
}

/** `v` if a string, else `fallback`. */
export const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const types = (v: unknown): GcmType[] => strings(v).filter((t): t is GcmType => GCM_TYPES.includes(t as GcmType));
/** `v`'s own entries (none unless a record), without a prototype: a polluted Object.prototype must not reach region defaults. */
export const rec = (v: unknown): Record<string, unknown> => Object.assign(Object.create(null), isRecord(v) && v);
// Each entry by its own entries too: a config fetched from a URL (or given as a promise) is read
// after the page's scripts ran, maybe after one polluted Object.prototype (`gcm`: Consent Mode types).
const list = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.filter(isRecord).map(rec) : []);

/** Reads the loader's view of `raw`; never throws. */
export const toSiteView = (raw?: unknown): SiteView => {
  const c = rec(raw);
  const g = rec(c['gcm']);
  const regions: Record<string, GcmType[]> = {};
  // Only ISO 3166 codes reach gtag; the engine reports anything else.
  for (const [code, t] of Object.entries(rec(g['regions']))) if (isRegionCode(code)) regions[code] = types(t);
  const ui = rec(c['ui']);
  return {
    locale: str(ui['locale'], 'auto'),
    launcher: ui['launcher'] !== false,
    theme: str(ui['theme'], 'auto'),
    optIn: c['jurisdiction'] === undefined || c['jurisdiction'] === 'opt-in',
    purposes: list(c['purposes']).map((p) => {
      const id = str(p['id']);
      return { id, gcm: Array.isArray(p['gcm']) ? types(p['gcm']) : defaultGcmOf(id) };
    }),
    services: list(c['services']).map((s) => {
      const id = str(s['id']);
      return {
        id,
        purpose: str(s['purpose']),
        name: str(s['name'], id),
        provider: s['provider'],
        hosts: strings(s['hosts']),
        cookies: strings(s['cookies']),
      };
    }),
    gcm: {
      waitForUpdate: typeof g['waitForUpdate'] === 'number' ? g['waitForUpdate'] : DEFAULT_WAIT_FOR_UPDATE,
      urlPassthrough: g['urlPassthrough'] === true,
      adsDataRedaction: g['adsDataRedaction'] !== false,
      regions,
    },
    autoBlock: c['autoBlock'] === true,
    reloadOnRevoke: c['reloadOnRevoke'] === true,
    texts: rec(c['texts']) as SiteView['texts'],
  };
};

/**
 * The chunks a first visit's banner waits for in `raw`, which the loader requests at once (no
 * round trip after the first layer): the first layer, the preferences' parser for a config with
 * `preferences`, and a modal's wall (`ui.blocking`) or Minimize button (ui/banner-mount.ts). Names
 * as `loader/chunks.ts` takes them. The script tag's alone (not in the view: candor/page needs none).
 */
export function firstChunks(raw: unknown): string[] {
  const c = rec(raw);
  const ui = rec(c['ui']);
  return [
    'first',
    // Truthiness suffices: a config whose `preferences` is not a list, or `blocking` not a boolean,
    // fails validation, and no banner waits for anything then.
    !!c['preferences'] && 'chunk-preferences',
    ui['layout'] === 'modal' && (ui['blocking'] ? 'chunk-wall' : 'chunk-minimize'),
  ].filter((name): name is string => !!name);
}

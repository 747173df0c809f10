/**
 * `checkConfig`: validates and normalises a site's config, returning every issue with its path
 * (never only the first) and warnings for unknown keys, each as a message code and its raw
 * values (`config-problems.ts`). It carries no message text, so the script tag's first layer can
 * tell a valid config from an invalid one without the words; `parseConfig` (parse-config.ts)
 * and the engine put them in (`config-messages.ts`). Pure: the same input and preferences' parser
 * give the same result.
 */
import {
  at,
  checkKeys,
  createChecker,
  field,
  isBoolean,
  isCount,
  isLocaleTag,
  isRecord,
  isRegionCode,
  isReservedRegion,
  isString,
  isStringArray,
  isTexts,
  checked,
  oneOf,
  report,
  required,
  type Checker,
} from './check';
import { problem, type Finding, type Problem } from './config-problems';
import { DEFAULT_EXPIRES_AFTER_DAYS, DEFAULT_WAIT_FOR_UPDATE } from './defaults';
import { contactProblem, endpointProblem, linkProblem } from './url-rules';
import type { Config, GcmType, JurisdictionMode, SyncHeaders } from './config-types';
import type { parsePreferences } from './preferences';
import { isGcmList, parsePurposes, parseServices } from './parse-purposes';

const TOP_KEYS = [
  'policy',
  'jurisdiction',
  'expiresAfterDays',
  'purposes',
  'services',
  'preferences',
  'sync',
  'gcm',
  'autoBlock',
  'reloadOnRevoke',
  'cookie',
  'ui',
  'texts',
] as const;
const MODES: readonly JurisdictionMode[] = ['opt-in', 'opt-out'];

/** The result of `checkConfig`: the normalised config, or every issue found (codes, no text). */
export type CheckResult =
  | { readonly ok: true; readonly config: Config; readonly warnings: readonly Finding[] }
  | { readonly ok: false; readonly issues: readonly Finding[]; readonly warnings: readonly Finding[] };

/**
 * What checks a config's `preferences`: `parsePreferences` (preferences.ts), passed in rather than
 * imported here, because the script tag's first layer loads it only for a config that has
 * preferences (its own chunk, which the loader requests with the first layer's); every other
 * site's banner carries none of it (0.5 KB gzip, issue 16). Else `noPreferences`.
 */
export type PreferencesParser = typeof parsePreferences;

/**
 * The parser for a config without preferences, which the first layer uses instead of loading the
 * real one: `preferences` must then be absent. Anything else is an issue (fail closed: a config
 * whose `preferences` appeared after the first layer looked fails here, and the engine, which
 * checks with the real parser, says what is wrong with it).
 */
export const noPreferences: PreferencesParser = (c, input) =>
  input === undefined ? [] : (report(c, 'preferences', 'expected', 'preferences', input), []);

/** Why `code` is not a region code (see `isRegionCode`), or null when it is one. */
function regionProblem(code: string): Problem | null {
  if (isRegionCode(code)) return null;
  if (!isReservedRegion(code) || !/^[A-Z]{2}(-|$)/.test(code)) return problem('notRegion', code);
  return problem('reservedRegion', code);
}

function parseJurisdiction(c: Checker, v: unknown): Config['jurisdiction'] {
  if (v === undefined) return 'opt-in';
  if (MODES.includes(v as JurisdictionMode)) return v as JurisdictionMode;
  if (!isRecord(v)) {
    report(c, 'jurisdiction', 'expected', 'jurisdiction', v);
    return 'opt-in';
  }
  const out: Record<string, JurisdictionMode> = {};
  for (const [region, mode] of Object.entries(v)) {
    checked(c, at('jurisdiction', region), region === 'default' ? null : region, regionProblem);
    if (!MODES.includes(mode as JurisdictionMode)) report(c, at('jurisdiction', region), 'expected', 'mode', mode);
    else out[region] = mode as JurisdictionMode;
  }
  if (!Object.hasOwn(v, 'default')) report(c, 'jurisdiction.default', 'required', 'defaultMode');
  return out;
}

function parseSync(c: Checker, v: unknown): Config['sync'] {
  if (v === undefined) return null;
  if (!isRecord(v)) {
    report(c, 'sync', 'expected', 'sync', v);
    return null;
  }
  checkKeys(c, v, ['endpoint', 'headers', 'credentials', 'batchSize', 'pull', 'analytics'], 'sync');
  const analytics = field(c, v, 'analytics', 'sync', isBoolean, false, 'bool');
  // The counters go to the endpoint too: without one, the message says what it is for.
  const endpoint = required(c, v, 'endpoint', 'sync', isString, '', analytics ? 'analytics' : 'endpoint');
  checked(c, 'sync.endpoint', endpoint || null, endpointProblem);
  const isHeaders = (h: unknown): h is SyncHeaders =>
    typeof h === 'function' || (isRecord(h) && Object.values(h).every((x) => typeof x === 'string'));
  const batchSize = field(c, v, 'batchSize', 'sync', isCount, 20);
  if (batchSize < 1 || batchSize > 500) report(c, 'sync.batchSize', 'expected', 'batchSize', batchSize);
  const credentials = oneOf(['omit', 'same-origin', 'include'] as const);
  return {
    endpoint,
    headers: field<SyncHeaders>(c, v, 'headers', 'sync', isHeaders, {}),
    credentials: field(c, v, 'credentials', 'sync', credentials, 'same-origin'),
    batchSize,
    pull: field(c, v, 'pull', 'sync', isBoolean, true, 'bool'),
    analytics,
  };
}

/** The object at `path` (absent: empty; not an object: empty, and said), its unknown keys warned of. */
function section(c: Checker, v: unknown, path: string, keys: readonly string[]): Record<string, unknown> {
  if (v === undefined) return {};
  if (!isRecord(v)) {
    report(c, path, 'expected', 'object', v);
    return {};
  }
  checkKeys(c, v, keys, path);
  return v;
}

function parseGcm(c: Checker, v: unknown): Config['gcm'] {
  const g = section(c, v, 'gcm', ['waitForUpdate', 'urlPassthrough', 'adsDataRedaction', 'mode', 'regions']);
  const regions: Record<string, readonly GcmType[]> = {};
  const rawRegions = field(c, g, 'regions', 'gcm', isRecord, {}, 'gcmRegions');
  for (const [code, types] of Object.entries(rawRegions)) {
    checked(c, at('gcm.regions', code), code, regionProblem);
    if (!isGcmList(types)) report(c, at('gcm.regions', code), 'malformed', 'gcmTypes');
    else regions[code] = types;
  }
  return {
    waitForUpdate: field(c, g, 'waitForUpdate', 'gcm', isCount, DEFAULT_WAIT_FOR_UPDATE),
    urlPassthrough: field(c, g, 'urlPassthrough', 'gcm', isBoolean, false, 'bool'),
    adsDataRedaction: field(c, g, 'adsDataRedaction', 'gcm', isBoolean, true, 'bool'),
    mode: field(c, g, 'mode', 'gcm', oneOf(['basic', 'advanced'] as const), 'basic', 'gcmMode'),
    regions,
  };
}

function parseTexts(c: Checker, v: unknown): Config['texts'] {
  const texts = section(c, v, 'texts', Object.keys(isRecord(v) ? v : {}));
  for (const [locale, map] of Object.entries(texts)) {
    if (!isLocaleTag(locale)) report(c, at('texts', locale), 'notLocale', locale);
    if (!isTexts(map)) report(c, at('texts', locale), 'malformed', 'textMap');
  }
  return texts as Config['texts'];
}

function parsePolicy(c: Checker, v: unknown): Config['policy'] {
  const policy = section(c, v, 'policy', ['revision', 'url', 'contact']);
  if (v === undefined) report(c, 'policy', 'required', 'policy');
  const url = field<string | null>(c, policy, 'url', 'policy', isString, null);
  const contact = field<string | null>(c, policy, 'contact', 'policy', isString, null);
  return {
    revision: v === undefined ? 0 : required(c, policy, 'revision', 'policy', isCount, 0),
    url: checked(c, 'policy.url', url, linkProblem),
    contact: checked(c, 'policy.contact', contact, contactProblem),
  };
}

function parseExpiry(c: Checker, input: Record<string, unknown>): number {
  const days = field(c, input, 'expiresAfterDays', '', isCount, DEFAULT_EXPIRES_AFTER_DAYS, 'days');
  if (days < 1 || days > 3650) report(c, 'expiresAfterDays', 'expected', 'days', days);
  return days;
}

function parseCookie(c: Checker, v: unknown): Config['cookie'] {
  const cookie = section(c, v, 'cookie', ['domain', 'path']);
  const isPath = (p: unknown): p is string => isString(p) && p.startsWith('/');
  return {
    domain: field<string | null>(c, cookie, 'domain', 'cookie', isString, null),
    path: field(c, cookie, 'path', 'cookie', isPath, '/', 'cookiePath'),
  };
}

/** Policy pages (only ever compared with the page's URL): by default the policy's own. */
const policyPages = (c: Checker, ui: Record<string, unknown>, url: string | null): readonly string[] =>
  field(c, ui, 'policyPages', 'ui', isStringArray, url ? [url] : []);

function parseUi(c: Checker, v: unknown, policyUrl: string | null): Config['ui'] {
  const ui = section(c, v, 'ui', ['layout', 'locale', 'launcher', 'theme', 'blocking', 'policyPages']);
  const layouts = ['bar', 'box', 'modal'] as const;
  const themes = ['auto', 'light', 'dark'] as const;
  return {
    layout: field(c, ui, 'layout', 'ui', oneOf(layouts), 'bar'),
    locale: field(c, ui, 'locale', 'ui', isString, 'auto'),
    launcher: field(c, ui, 'launcher', 'ui', isBoolean, true, 'bool'),
    theme: field(c, ui, 'theme', 'ui', oneOf(themes), 'auto'),
    blocking: field(c, ui, 'blocking', 'ui', isBoolean, false, 'bool'),
    policyPages: policyPages(c, ui, policyUrl),
  };
}

/** Validates and normalises `input`, its preferences with `preferences`; never throws. */
export function checkConfig(raw: unknown, preferences: PreferencesParser): CheckResult {
  const c = createChecker();
  if (!isRecord(raw))
    return { ok: false, issues: [{ path: '(config)', ...problem('expected', 'config', raw) }], warnings: [] };
  // Own entries only (sections read theirs with `field`): what a page adds to Object.prototype (a
  // careless merge of `?__proto__[jurisdiction]=opt-out`) says nothing here.
  const input = Object.assign(Object.create(null) as Record<string, unknown>, raw);
  checkKeys(c, input, TOP_KEYS, '');
  const seen = new Map<string, string>();
  const purposes = parsePurposes(c, input['purposes'], seen);
  const expiresAfterDays = parseExpiry(c, input);
  const policy = parsePolicy(c, input['policy']);
  const config: Config = {
    policy,
    jurisdiction: parseJurisdiction(c, input['jurisdiction']),
    expiresAfterDays,
    purposes,
    services: parseServices(c, input['services'], purposes, seen),
    preferences: preferences(
      c,
      input['preferences'],
      purposes.map((p) => p.id),
    ),
    sync: parseSync(c, input['sync']),
    gcm: parseGcm(c, input['gcm']),
    autoBlock: field(c, input, 'autoBlock', '', isBoolean, false, 'bool'),
    reloadOnRevoke: field(c, input, 'reloadOnRevoke', '', isBoolean, false, 'bool'),
    cookie: parseCookie(c, input['cookie']),
    ui: parseUi(c, input['ui'], policy.url),
    texts: parseTexts(c, input['texts']),
  };
  return c.issues.length > 0 ? { ok: false, ...c } : { ok: true, config, warnings: c.warnings };
}

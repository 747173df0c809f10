/**
 * `parseConfig`: validates and normalises a site's config, returning every issue with its path
 * (never only the first) and warnings for unknown keys. Pure: the same input gives the same result.
 */
import {
  at,
  checkKeys,
  createChecker,
  describe,
  field,
  isBoolean,
  isCount,
  isLocaleTag,
  isRecord,
  isRegionCode,
  isReservedRegion,
  isString,
  isStringArray,
  checked,
  listOf,
  oneOf,
  required,
  type Checker,
} from './check';
import { DEFAULT_EXPIRES_AFTER_DAYS, DEFAULT_WAIT_FOR_UPDATE } from './defaults';
import { contactIssue, endpointIssue, linkIssue } from './links';
import { GCM_TYPES, type Config, type GcmType, type JurisdictionMode, type SyncHeaders } from './config-types';
import { ConsentError, type Issue } from './errors';
import { parsePreferences } from './preferences';
import { parsePurposes, parseServices } from './parse-purposes';

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

/** The result of `parseConfig`: the normalised config, or every issue found. */
export type ParseResult =
  | { readonly ok: true; readonly config: Config; readonly warnings: readonly Issue[] }
  | { readonly ok: false; readonly issues: readonly Issue[]; readonly warnings: readonly Issue[] };

/** Why `code` is not a region code (see `isRegionCode`), or null when it is one. */
function regionIssue(code: string): string | null {
  if (isRegionCode(code)) return null;
  if (!isReservedRegion(code) || !/^[A-Z]{2}(-|$)/.test(code))
    return `"${code}" is not an ISO 3166 code such as "DE" or "US-CA"`;
  return `"${code}" is a reserved grouping, not an ISO 3166 country code${code === 'UK' ? ' (use "GB")' : '; list the countries instead'}`;
}

function parseJurisdiction(c: Checker, v: unknown): Config['jurisdiction'] {
  if (v === undefined) return 'opt-in';
  if (MODES.includes(v as JurisdictionMode)) return v as JurisdictionMode;
  if (!isRecord(v)) {
    c.issues.push({
      path: 'jurisdiction',
      message: `expected ${listOf(MODES)} or a map of region → mode with a "default" key, got ${describe(v)}`,
    });
    return 'opt-in';
  }
  const out: Record<string, JurisdictionMode> = {};
  for (const [region, mode] of Object.entries(v)) {
    const why = region === 'default' ? null : regionIssue(region);
    if (why) c.issues.push({ path: at('jurisdiction', region), message: why });
    if (!MODES.includes(mode as JurisdictionMode))
      c.issues.push({ path: at('jurisdiction', region), message: `expected ${listOf(MODES)}, got ${describe(mode)}` });
    else out[region] = mode as JurisdictionMode;
  }
  if (v['default'] === undefined)
    c.issues.push({ path: 'jurisdiction.default', message: 'required: the mode for regions not listed' });
  return out;
}

function parseSync(c: Checker, v: unknown): Config['sync'] {
  if (v === undefined) return null;
  if (!isRecord(v)) {
    c.issues.push({ path: 'sync', message: `expected { "endpoint": "https://…" }, got ${describe(v)}` });
    return null;
  }
  checkKeys(c, v, ['endpoint', 'headers', 'credentials', 'batchSize', 'pull'], 'sync');
  const endpoint = required(c, v, 'endpoint', 'sync', isString, 'an https URL or a same-origin path', '');
  const why = endpoint ? endpointIssue(endpoint) : null;
  if (why) c.issues.push({ path: 'sync.endpoint', message: why });
  const isHeaders = (h: unknown): h is SyncHeaders =>
    typeof h === 'function' || (isRecord(h) && Object.values(h).every((x) => typeof x === 'string'));
  const batchSize = field(c, v, 'batchSize', 'sync', isCount, 'a whole number from 1 to 500', 20);
  if (batchSize < 1 || batchSize > 500)
    c.issues.push({ path: 'sync.batchSize', message: `expected a whole number from 1 to 500, got ${batchSize}` });
  return {
    endpoint,
    headers: field<SyncHeaders>(
      c,
      v,
      'headers',
      'sync',
      isHeaders,
      'an object of header → text, or a function returning one',
      {},
    ),
    credentials: field(
      c,
      v,
      'credentials',
      'sync',
      oneOf(['omit', 'same-origin', 'include'] as const),
      '"omit", "same-origin" or "include"',
      'same-origin',
    ),
    batchSize,
    pull: field(c, v, 'pull', 'sync', isBoolean, 'true or false', true),
  };
}

function parseGcm(c: Checker, v: unknown): Config['gcm'] {
  const g = isRecord(v) ? v : {};
  if (v !== undefined && !isRecord(v))
    c.issues.push({ path: 'gcm', message: `expected an object, got ${describe(v)}` });
  checkKeys(c, g, ['waitForUpdate', 'urlPassthrough', 'adsDataRedaction', 'mode', 'regions'], 'gcm');
  const regions: Record<string, readonly GcmType[]> = {};
  const rawRegions = field(c, g, 'regions', 'gcm', isRecord, 'an object of ISO 3166 code → granted types', {});
  for (const [code, types] of Object.entries(rawRegions)) {
    const why = regionIssue(code);
    if (why) c.issues.push({ path: at('gcm.regions', code), message: why });
    if (!Array.isArray(types) || !types.every((t) => GCM_TYPES.includes(t as GcmType))) {
      c.issues.push({
        path: at('gcm.regions', code),
        message: `expected a list of Consent Mode types (${listOf(GCM_TYPES)})`,
      });
    } else regions[code] = types as GcmType[];
  }
  return {
    waitForUpdate: field(
      c,
      g,
      'waitForUpdate',
      'gcm',
      isCount,
      'milliseconds (a whole number)',
      DEFAULT_WAIT_FOR_UPDATE,
    ),
    urlPassthrough: field(c, g, 'urlPassthrough', 'gcm', isBoolean, 'true or false', false),
    adsDataRedaction: field(c, g, 'adsDataRedaction', 'gcm', isBoolean, 'true or false', true),
    mode: field(c, g, 'mode', 'gcm', oneOf(['basic', 'advanced'] as const), '"basic" or "advanced"', 'basic'),
    regions,
  };
}

function section(c: Checker, v: unknown, path: string, keys: readonly string[]): Record<string, unknown> {
  if (v === undefined) return {};
  if (!isRecord(v)) {
    c.issues.push({ path, message: `expected an object, got ${describe(v)}` });
    return {};
  }
  checkKeys(c, v, keys, path);
  return v;
}

function parseTexts(c: Checker, v: unknown): Config['texts'] {
  const texts = section(c, v, 'texts', Object.keys(isRecord(v) ? v : {}));
  for (const [locale, map] of Object.entries(texts)) {
    if (!isLocaleTag(locale))
      c.issues.push({ path: at('texts', locale), message: `"${locale}" is not a locale tag such as "de" or "pt-BR"` });
    if (!isRecord(map) || !Object.values(map).every((t) => typeof t === 'string')) {
      c.issues.push({ path: at('texts', locale), message: 'expected an object of text key → text' });
    }
  }
  return texts as Config['texts'];
}

function parsePolicy(c: Checker, v: unknown): Config['policy'] {
  const policy = section(c, v, 'policy', ['revision', 'url', 'contact']);
  if (v === undefined) {
    c.issues.push({
      path: 'policy',
      message: 'required: { "revision": 1 } (raise the revision to ask every visitor again)',
    });
  }
  const url = field<string | null>(c, policy, 'url', 'policy', isString, 'a URL', null);
  const contact = field<string | null>(c, policy, 'contact', 'policy', isString, 'an email address or URL', null);
  return {
    revision: v === undefined ? 0 : required(c, policy, 'revision', 'policy', isCount, 'a whole number, 0 or more', 0),
    url: checked(c, 'policy.url', url, linkIssue),
    contact: checked(c, 'policy.contact', contact, contactIssue),
  };
}

function parseExpiry(c: Checker, input: Record<string, unknown>): number {
  const what = 'a whole number of days from 1 to 3650';
  const days = field(c, input, 'expiresAfterDays', '', isCount, what, DEFAULT_EXPIRES_AFTER_DAYS);
  if (days < 1 || days > 3650) c.issues.push({ path: 'expiresAfterDays', message: `expected ${what}, got ${days}` });
  return days;
}

function parseCookie(c: Checker, v: unknown): Config['cookie'] {
  const cookie = section(c, v, 'cookie', ['domain', 'path']);
  const isPath = (p: unknown): p is string => isString(p) && p.startsWith('/');
  return {
    domain: field<string | null>(c, cookie, 'domain', 'cookie', isString, 'a domain such as "example.com"', null),
    path: field(c, cookie, 'path', 'cookie', isPath, 'a path starting with "/"', '/'),
  };
}

/** Policy pages (only ever compared with the page's URL): by default the policy's own. */
const policyPages = (c: Checker, ui: Record<string, unknown>, url: string | null): readonly string[] =>
  field(c, ui, 'policyPages', 'ui', isStringArray, 'a list of paths or URLs', url ? [url] : []);

function parseUi(c: Checker, v: unknown, policyUrl: string | null): Config['ui'] {
  const ui = section(c, v, 'ui', ['layout', 'locale', 'launcher', 'theme', 'blocking', 'policyPages']);
  const layouts = ['bar', 'box', 'modal'] as const;
  const themes = ['auto', 'light', 'dark'] as const;
  return {
    layout: field(c, ui, 'layout', 'ui', oneOf(layouts), '"bar", "box" or "modal"', 'bar'),
    locale: field(c, ui, 'locale', 'ui', isString, '"auto" or a locale tag such as "de"', 'auto'),
    launcher: field(c, ui, 'launcher', 'ui', isBoolean, 'true or false', true),
    theme: field(c, ui, 'theme', 'ui', oneOf(themes), '"auto", "light" or "dark"', 'auto'),
    blocking: field(c, ui, 'blocking', 'ui', isBoolean, 'true or false', false),
    policyPages: policyPages(c, ui, policyUrl),
  };
}

/** Validates and normalises `input`; never throws. */
export function parseConfig(input: unknown): ParseResult {
  const c = createChecker();
  if (!isRecord(input)) {
    return {
      ok: false,
      issues: [
        { path: '(config)', message: `expected a config object, got ${input === null ? 'null' : describe(input)}` },
      ],
      warnings: [],
    };
  }
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
    preferences: parsePreferences(
      c,
      input['preferences'],
      purposes.map((p) => p.id),
    ),
    sync: parseSync(c, input['sync']),
    gcm: parseGcm(c, input['gcm']),
    autoBlock: field(c, input, 'autoBlock', '', isBoolean, 'true or false', false),
    reloadOnRevoke: field(c, input, 'reloadOnRevoke', '', isBoolean, 'true or false', false),
    cookie: parseCookie(c, input['cookie']),
    ui: parseUi(c, input['ui'], policy.url),
    texts: parseTexts(c, input['texts']),
  };
  return c.issues.length > 0
    ? { ok: false, issues: c.issues, warnings: c.warnings }
    : { ok: true, config, warnings: c.warnings };
}

/** The `ConsentError('config/invalid')` listing every issue, one per line with its path. */
export function configError(issues: readonly Issue[]): ConsentError {
  const n = issues.length;
  return new ConsentError('config/invalid', `Candor: invalid config (${n} issue${n === 1 ? '' : 's'}):`, issues);
}

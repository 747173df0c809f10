/**
 * Every word a config check says: the message for each problem code (`config-problems.ts`), with
 * "did you mean" suggestions. The checks themselves carry only codes and raw values, so a bundle
 * that needs just the verdict (the script tag's first layer) leaves this module out; the engine
 * and `parseConfig` format with it when there is something to say.
 */
import { GCM_TYPES } from './config-types';
import type { Issue } from './errors';
import type { Finding, Problem, ProblemArgs, ProblemCode, What } from './config-problems';
import { CONTROL } from './url-rules';
import { BOOL, closeTo, describe, didYouMean, got, listOf, VALUE_MESSAGES } from './value-messages';

export { describe, didYouMean, listOf };

const BY_LOCALE = ' (or one per locale: { "en": "…" })';
const MODES = '"opt-in" or "opt-out"';

const WHAT: Record<What, string> = {
  bool: BOOL,
  config: 'a config object',
  object: 'an object',
  policy: '{ "revision": 1 } (raise the revision to ask every visitor again)',
  revision: 'a whole number, 0 or more',
  url: 'a URL',
  contact: 'an email address or URL',
  days: 'a whole number of days from 1 to 3650',
  mode: MODES,
  jurisdiction: `${MODES} or a map of region → mode with a "default" key`,
  defaultMode: 'the mode for regions not listed',
  sync: '{ "endpoint": "https://…" }',
  endpoint: 'an https URL or a same-origin path',
  analytics: 'an https URL or a same-origin path (sync.analytics sends its counts to {endpoint}/impressions)',
  batchSize: 'a whole number from 1 to 500',
  headers: 'an object of header → text, or a function returning one',
  credentials: '"omit", "same-origin" or "include"',
  gcmRegions: 'an object of ISO 3166 code → granted types',
  gcmTypes: `a list of Consent Mode types (${listOf(GCM_TYPES)})`,
  waitForUpdate: 'milliseconds (a whole number)',
  gcmMode: '"basic" or "advanced"',
  textMap: 'an object of text key → text, none of them blank',
  domain: 'a domain such as "example.com"',
  cookiePath: 'a path starting with "/"',
  policyPages: 'a list of paths or URLs',
  layout: '"bar", "box" or "modal"',
  locale: '"auto" or a locale tag such as "de"',
  theme: '"auto", "light" or "dark"',
  purposesStart: 'a list of purposes, starting with { "id": "necessary" }',
  purposes: 'a list of purposes',
  purpose: 'a purpose object like { "id": "analytics" }',
  id: 'an id of letters, digits, "-" or "_"',
  services: 'a list of services',
  service: 'a service object like { "id": "ga4", "purpose": "analytics" }',
  purposeId: 'the id of a purpose',
  cookies: 'a list of cookie names or "/regex/" patterns',
  name: 'a name',
  provider: `a provider name${BY_LOCALE}`,
  retention: `a text such as "14 months"${BY_LOCALE}`,
  hosts: 'a list of host names',
  preferences: 'a list of preference fields',
  preference: 'a field like { "id": "newsletter", "type": "boolean" }',
  texts: 'a non-empty list of texts',
};

/** The items that are no Consent Mode type. */
const notGcm = (v: unknown): string =>
  Array.isArray(v)
    ? v
        .filter((t) => !GCM_TYPES.includes(t as never))
        .map((t) => `; ${describe(t)} is not one${closeTo(t, GCM_TYPES)}`)
        .join('')
    : '';
/** A suggestion for `v` among `candidates` when `v` is a non-empty text. */
const suggest = (v: unknown, candidates: readonly string[]): string =>
  typeof v === 'string' && v.length > 0 ? didYouMean(v, candidates) : '';

const MESSAGES: { readonly [C in ProblemCode]: (...args: ProblemArgs[C]) => string } = {
  ...VALUE_MESSAGES,
  expected: (what, v) => `expected ${WHAT[what]}${got(v)}${what === 'gcmTypes' ? notGcm(v) : ''}`,
  malformed: (what) => `expected ${WHAT[what]}`,
  required: (what) => `required: ${WHAT[what]}`,
  missing: (what, v) => `required: ${WHAT[what]}${got(v)}`,
  expectedOneOf: (values, v) => `expected ${listOf(values)}${got(v)}${suggest(v, values)}`,
  unknownKey: (key, allowed) => `unknown key, ignored${didYouMean(key, allowed)}`,
  notRegion: (code) => `"${code}" is not an ISO 3166 code such as "DE" or "US-CA"`,
  reservedRegion: (code) =>
    `"${code}" is a reserved grouping, not an ISO 3166 country code${code === 'UK' ? ' (use "GB")' : '; list the countries instead'}`,
  notLocale: (tag) => `"${tag}" is not a locale tag such as "de" or "pt-BR"`,
  duplicateId: (id, first) => `duplicate id "${id}"${first === undefined ? '' : ` (first used at ${first})`}`,
  duplicateEntry: (entry) => `duplicate entry "${entry}"`,
  necessaryRequired: () => '"necessary" is always required',
  requiredSensitive: () => 'a required purpose cannot be sensitive (sensitive purposes need an explicit opt-in)',
  requiredSaleOrSharing: () => 'a required purpose cannot be sold or shared (visitors may opt out of it)',
  noNecessary: () => 'a purpose { "id": "necessary" } is required (always granted)',
  unknownPurpose: (purpose, ids) => `unknown purpose "${purpose}"${didYouMean(purpose, ids)}`,
  pattern: (pattern) => `invalid pattern ${pattern}`,
  cookieName: (name) => `"${name}" is a whole name, no cookie's: a pattern goes between slashes, such as "/^_ga_/"`,
  hostName: (entry) =>
    `"${entry}" is no host name, so autoBlock lets its tags through: write one per entry, such as "connect.facebook.net"`,
  purposeIdTaken: (id) => `"${id}" is already a purpose id; a preference needs its own`,
  requires: (v, candidates) => `expected a purpose id or a boolean preference id${got(v)}${closeTo(v, candidates)}`,
  linkControl: () => 'a URL may not contain control characters (tabs, newlines)',
  linkSpaces: () => 'a URL may not start or end with spaces',
  linkInvalid: (url) => `"${url}" is not a URL: the link goes nowhere`,
  purposeWords: (id, key, locales) =>
    `${locales.length ? `only texts.${locales.join(', texts.')}` : 'no locale file'} has words for "${id}": visitors read "${key}"; add texts.en["${key}"]`,
  textsPurpose: (key, id, ids) => `"${key}" names no purpose of the config${didYouMean(id, ids)}`,
  blockingModal: (layout) => `only the modal layout blocks the page, not the ${layout}`,
  linkScheme: (scheme) => `"${scheme}:" links are not allowed; use https:, http:, mailto: or a relative URL`,
  notEmail: (contact) => `"${contact}" is not an email address such as "privacy@example.com"`,
  endpointControl: (url) => `"${url.replace(CONTROL, '?')}" may not contain spaces or control characters`,
  endpointBackslash: (url) =>
    `"${url}" may not contain a backslash (browsers read it as "/", which can point at another host)`,
  endpointHttp: (url) =>
    `"${url}" uses plain http: consent records must travel over https (http is allowed only for loopback, or give a same-origin path such as "/api/consent")`,
  notEndpoint: (url) => `"${url}" is not an https URL or a same-origin path such as "/api/consent"`,
};

/** The message for `p`. */
export const messageOf = (p: Problem): string =>
  (MESSAGES[p.code] as (...args: readonly unknown[]) => string)(...p.args);

/** The message for `p`, or null when there is no problem. */
export const explain = (p: Problem | null): string | null => (p === null ? null : messageOf(p));

/** `finding` with its message, as `ConsentError.issues` and `parseConfig` report it. */
export const formatIssue = (finding: Finding): Issue => ({ path: finding.path, message: messageOf(finding) });

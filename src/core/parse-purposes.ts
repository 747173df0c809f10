/** Validation and normalisation of `purposes` and `services`, collecting every issue with its path. */
import {
  at,
  checked,
  checkKeys,
  didYouMean,
  field,
  isBoolean,
  isId,
  isLocalText,
  isRecord,
  isString,
  isStringArray,
  listOf,
  required,
  type Checker,
} from './check';
import { GCM_TYPES, type GcmType, type Purpose, type Service } from './config-types';
import { linkIssue } from './links';
import { defaultGcmOf } from './gcm-map';
import type { LocalText } from './local-text';

const PURPOSE_KEYS = ['id', 'required', 'sensitive', 'saleOrSharing', 'gcm'] as const;
const SERVICE_KEYS = ['id', 'purpose', 'name', 'provider', 'privacyUrl', 'hosts', 'cookies', 'retention'] as const;
const ID_RULE = 'an id of letters, digits, "-" or "_"';
const BY_LOCALE = ' (or one per locale: { "en": "…" })';

const isGcmList = (v: unknown): v is GcmType[] => Array.isArray(v) && v.every((t) => GCM_TYPES.includes(t as GcmType));

function checkUnique(c: Checker, seen: Map<string, string>, id: string, path: string): void {
  const first = seen.get(id);
  if (first !== undefined)
    c.issues.push({ path: at(path, 'id'), message: `duplicate id "${id}" (first used at ${first})` });
  else seen.set(id, path);
}

/** Parses `purposes`; `seen` collects ids shared with services (one namespace for `has()`). */
export function parsePurposes(c: Checker, input: unknown, seen: Map<string, string>): Purpose[] {
  if (!Array.isArray(input)) {
    c.issues.push({
      path: 'purposes',
      message:
        input === undefined
          ? 'required: a list of purposes, starting with { "id": "necessary" }'
          : `expected a list of purposes, got ${input === null ? 'null' : 'an object'}`,
    });
    return [];
  }
  const out: Purpose[] = [];
  input.forEach((raw: unknown, i) => {
    const path = at('purposes', i);
    if (!isRecord(raw)) {
      c.issues.push({ path, message: 'expected a purpose object like { "id": "analytics" }' });
      return;
    }
    checkKeys(c, raw, PURPOSE_KEYS, path);
    const id = required(c, raw, 'id', path, isId, ID_RULE, '');
    if (id) checkUnique(c, seen, id, path);
    const isNecessary = id === 'necessary';
    const req = field(c, raw, 'required', path, isBoolean, 'true or false', isNecessary);
    const sensitive = field(c, raw, 'sensitive', path, isBoolean, 'true or false', false);
    if (isNecessary && !req) c.issues.push({ path: at(path, 'required'), message: '"necessary" is always required' });
    if (req && sensitive)
      c.issues.push({
        path: at(path, 'sensitive'),
        message: 'a required purpose cannot be sensitive (sensitive purposes need an explicit opt-in)',
      });
    const gcm = field(
      c,
      raw,
      'gcm',
      path,
      isGcmList,
      `a list of Consent Mode types (${listOf(GCM_TYPES)})`,
      defaultGcmOf(id),
    );
    out.push({
      id,
      required: req,
      sensitive,
      saleOrSharing: field(c, raw, 'saleOrSharing', path, isBoolean, 'true or false', false),
      gcm,
    });
  });
  if (!out.some((p) => p.id === 'necessary')) {
    c.issues.push({ path: 'purposes', message: 'a purpose { "id": "necessary", "required": true } is required' });
  }
  return out;
}

/** Parses `services`, checking that each names a known purpose. */
export function parseServices(
  c: Checker,
  input: unknown,
  purposes: readonly Purpose[],
  seen: Map<string, string>,
): Service[] {
  if (input === undefined) return [];
  if (!Array.isArray(input)) {
    c.issues.push({
      path: 'services',
      message: `expected a list of services, got ${input === null ? 'null' : 'an object'}`,
    });
    return [];
  }
  const purposeIds = purposes.map((p) => p.id);
  const out: Service[] = [];
  input.forEach((raw: unknown, i) => {
    const path = at('services', i);
    if (!isRecord(raw)) {
      c.issues.push({ path, message: 'expected a service object like { "id": "ga4", "purpose": "analytics" }' });
      return;
    }
    checkKeys(c, raw, SERVICE_KEYS, path);
    const id = required(c, raw, 'id', path, isId, ID_RULE, '');
    if (id) checkUnique(c, seen, id, path);
    const purpose = required(c, raw, 'purpose', path, isString, 'the id of a purpose', '');
    if (purpose && !purposeIds.includes(purpose)) {
      c.issues.push({
        path: at(path, 'purpose'),
        message: `unknown purpose "${purpose}"${didYouMean(purpose, purposeIds)}`,
      });
    }
    const cookies = field(c, raw, 'cookies', path, isStringArray, 'a list of cookie names or "/regex/" patterns', []);
    cookies.forEach((name, j) => {
      if (!/^\/.+\/$/.test(name)) return;
      try {
        new RegExp(name.slice(1, -1));
      } catch {
        c.issues.push({ path: at(at(path, 'cookies'), j), message: `invalid pattern ${name}` });
      }
    });
    out.push({
      id,
      purpose,
      name: field(c, raw, 'name', path, isString, 'a name', id),
      provider: field<LocalText | null>(c, raw, 'provider', path, isLocalText, `a provider name${BY_LOCALE}`, null),
      privacyUrl: checked(
        c,
        at(path, 'privacyUrl'),
        field<string | null>(c, raw, 'privacyUrl', path, isString, 'a URL', null),
        linkIssue,
      ),
      hosts: field(c, raw, 'hosts', path, isStringArray, 'a list of host names', []),
      cookies,
      retention: field<LocalText | null>(
        c,
        raw,
        'retention',
        path,
        isLocalText,
        `a text such as "14 months"${BY_LOCALE}`,
        null,
      ),
    });
  });
  return out;
}

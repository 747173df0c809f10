/**
 * Validation and normalisation of `purposes` and `services`, collecting every issue with its path
 * (as codes: config-problems.ts).
 */
import {
  at,
  checked,
  checkKeys,
  field,
  isBoolean,
  isId,
  isLocalText,
  isRecord,
  isString,
  isStringArray,
  report,
  required,
  type Checker,
} from './check';
import { GCM_TYPES, type GcmType, type Purpose, type Service } from './config-types';
import { linkProblem } from './url-rules';
import { defaultGcmOf } from './gcm-map';
import type { LocalText } from './local-text';

const PURPOSE_KEYS = ['id', 'required', 'sensitive', 'saleOrSharing', 'gcm'] as const;
const SERVICE_KEYS = ['id', 'purpose', 'name', 'provider', 'privacyUrl', 'hosts', 'cookies', 'retention'] as const;

export const isGcmList = (v: unknown): v is GcmType[] =>
  Array.isArray(v) && v.every((t) => GCM_TYPES.includes(t as GcmType));

function checkUnique(c: Checker, seen: Map<string, string>, id: string, path: string): void {
  const first = seen.get(id);
  if (first !== undefined) report(c, at(path, 'id'), 'duplicateId', id, first);
  else seen.set(id, path);
}

/** Parses `purposes`; `seen` collects ids shared with services (one namespace for `has()`). */
export function parsePurposes(c: Checker, input: unknown, seen: Map<string, string>): Purpose[] {
  if (!Array.isArray(input)) {
    if (input === undefined) report(c, 'purposes', 'required', 'purposesStart');
    else report(c, 'purposes', 'expected', 'purposes', input);
    return [];
  }
  const out: Purpose[] = [];
  input.forEach((raw: unknown, i) => {
    const path = at('purposes', i);
    if (!isRecord(raw)) {
      report(c, path, 'malformed', 'purpose');
      return;
    }
    checkKeys(c, raw, PURPOSE_KEYS, path);
    const id = required(c, raw, 'id', path, isId, '');
    if (id) checkUnique(c, seen, id, path);
    const isNecessary = id === 'necessary';
    const req = field(c, raw, 'required', path, isBoolean, isNecessary, 'bool');
    const sensitive = field(c, raw, 'sensitive', path, isBoolean, false, 'bool');
    if (isNecessary && !req) report(c, at(path, 'required'), 'necessaryRequired');
    if (req && sensitive) report(c, at(path, 'sensitive'), 'requiredSensitive');
    const saleOrSharing = field(c, raw, 'saleOrSharing', path, isBoolean, false, 'bool');
    // A visitor must be able to opt out of a sale or sharing (GPC, "Do not sell or share").
    if (req && saleOrSharing) report(c, at(path, 'saleOrSharing'), 'requiredSaleOrSharing');
    const gcm = field(c, raw, 'gcm', path, isGcmList, defaultGcmOf(id), 'gcmTypes');
    out.push({ id, required: req, sensitive, saleOrSharing, gcm });
  });
  if (!out.some((p) => p.id === 'necessary')) report(c, 'purposes', 'noNecessary');
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
    report(c, 'services', 'expected', 'services', input);
    return [];
  }
  const purposeIds = purposes.map((p) => p.id);
  const out: Service[] = [];
  input.forEach((raw: unknown, i) => {
    const path = at('services', i);
    if (!isRecord(raw)) {
      report(c, path, 'malformed', 'service');
      return;
    }
    checkKeys(c, raw, SERVICE_KEYS, path);
    const id = required(c, raw, 'id', path, isId, '');
    if (id) checkUnique(c, seen, id, path);
    const purpose = required(c, raw, 'purpose', path, isString, '', 'purposeId');
    if (purpose && !purposeIds.includes(purpose)) report(c, at(path, 'purpose'), 'unknownPurpose', purpose, purposeIds);
    const cookies = field(c, raw, 'cookies', path, isStringArray, []);
    cookies.forEach((name, j) => {
      if (!/^\/.+\/$/.test(name)) return;
      try {
        new RegExp(name.slice(1, -1));
      } catch {
        report(c, at(at(path, 'cookies'), j), 'pattern', name);
      }
    });
    out.push({
      id,
      purpose,
      name: field(c, raw, 'name', path, isString, id),
      provider: field<LocalText | null>(c, raw, 'provider', path, isLocalText, null),
      privacyUrl: checked(
        c,
        at(path, 'privacyUrl'),
        field<string | null>(c, raw, 'privacyUrl', path, isString, null, 'url'),
        linkProblem,
      ),
      hosts: field(c, raw, 'hosts', path, isStringArray, []),
      cookies,
      retention: field<LocalText | null>(c, raw, 'retention', path, isLocalText, null),
    });
  });
  return out;
}

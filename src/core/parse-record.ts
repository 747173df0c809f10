/**
 * Validation of consent records read from untrusted places (the cookie, IndexedDB, another tab,
 * a server, a site's own storage). `parseRecordFor` is the one boundary parser: a record is
 * checked for shape, bounded in time (nothing from the future, nothing that lasts longer than a
 * config may ask), and rebuilt from the config's own ids (unknown purposes, services and
 * preferences dropped, preference values checked against their field), so corrupt or hostile data
 * can only ever mean "no decision".
 */
import { isRecord } from './check';
import type { Config, PreferenceValue } from './config-types';
import { MAX_CLOCK_SKEW_MS, MAX_DECISION_LIFETIME_MS } from './limits';
import { checkPreferenceValue } from './preferences';
import { METHODS, type ConsentRecord, type Decision, type Method } from './record';

const isIso = (v: unknown): v is string =>
  typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) && !Number.isNaN(Date.parse(v));
export const isStr = (v: unknown, max = 256, min = 1): v is string =>
  typeof v === 'string' && v.length >= min && v.length <= max;
const isBoolMap = (v: unknown): v is Record<string, boolean> =>
  isRecord(v) && Object.values(v).every((x) => typeof x === 'boolean');

/**
 * The record, or null when `v` is not a well-formed schema-1 consent record. A copy through JSON:
 * a stored BigInt would fail every send of the outbox it is in.
 */
export function parseRecord(v: unknown): ConsentRecord | null {
  if (!isRecord(v)) return null;
  const ok =
    v['schemaVersion'] === 1 &&
    isStr(v['id']) &&
    isStr(v['subject']) &&
    isIso(v['issuedAt']) &&
    isIso(v['expiresAt']) &&
    Number.isInteger(v['policyRevision']) &&
    (v['policyRevision'] as number) >= 0 &&
    typeof v['configHash'] === 'string' &&
    /^[0-9a-f]{8,64}$/.test(v['configHash']) &&
    (v['jurisdiction'] === 'opt-in' || v['jurisdiction'] === 'opt-out') &&
    METHODS.includes(v['method'] as Method) &&
    isBoolMap(v['purposes']) &&
    isBoolMap(v['services']) &&
    isRecord(v['preferences']) &&
    typeof v['gpc'] === 'boolean' &&
    isStr(v['locale'], 35, 0) &&
    isStr(v['textHash'], 128, 0) &&
    isStr(v['sdkVersion'], 32, 0) &&
    (v['prevHash'] === null || (typeof v['prevHash'] === 'string' && /^[0-9a-f]{64}$/.test(v['prevHash'])));
  if (!ok) return null;
  try {
    return JSON.parse(JSON.stringify(v)) as ConsentRecord;
  } catch {
    return null;
  }
}

/** True when `a` is newer than `b` (later `issuedAt`; ties broken by id so every tab agrees). */
export function isNewer(a: { issuedAt: number; id: string }, b: { issuedAt: number; id: string } | null): boolean {
  if (!b) return true;
  return a.issuedAt > b.issuedAt || (a.issuedAt === b.issuedAt && a.id > b.id);
}

/**
 * Whether a decision's dates can be believed at `now`: issued no later than `now` plus the
 * allowed clock skew, and expiring after it was issued, within the longest lifetime a config
 * allows.
 */
export function isPlausible(d: Pick<Decision, 'issuedAt' | 'expiresAt'>, now: number): boolean {
  return (
    d.issuedAt <= now + MAX_CLOCK_SKEW_MS &&
    d.expiresAt > d.issuedAt &&
    d.expiresAt - d.issuedAt <= MAX_DECISION_LIFETIME_MS
  );
}

/** `m[k]`, own entries only. */
export const own = <T>(m: Readonly<Record<string, T>> | undefined, k: string): T | undefined =>
  m && Object.hasOwn(m, k) ? m[k] : undefined;

/** `map` rebuilt from `ids` only: own boolean entries, nothing inherited, nothing unknown. */
function pickBooleans(
  ids: readonly { readonly id: string }[],
  map: Readonly<Record<string, boolean>>,
): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const { id } of ids) {
    const v = own(map, id);
    if (typeof v === 'boolean') out[id] = v;
  }
  return out;
}

/** Preference values that fit their field in `config`; anything else is dropped. */
export function pickPreferences(config: Config, values: unknown): Record<string, PreferenceValue> {
  const out: Record<string, PreferenceValue> = {};
  if (!isRecord(values)) return out;
  for (const field of config.preferences) {
    const v = own(values, field.id);
    // A deep copy through JSON: plain data only, no shared references into the untrusted input.
    if (v !== undefined && checkPreferenceValue(field, v) === null)
      out[field.id] = JSON.parse(JSON.stringify(v)) as PreferenceValue;
  }
  return out;
}

/**
 * The one boundary parser: `v` as a record of `config`'s decisions at `now`, or null when it is
 * not a well-formed schema-1 record or its dates cannot be believed (see `isPlausible`). The
 * result is a fresh object holding the config's ids only.
 */
export function parseRecordFor(config: Config, v: unknown, now: number): ConsentRecord | null {
  const r = parseRecord(v);
  if (!r || !isPlausible({ issuedAt: Date.parse(r.issuedAt), expiresAt: Date.parse(r.expiresAt) }, now)) return null;
  return {
    id: r.id,
    subject: r.subject,
    issuedAt: r.issuedAt,
    policyRevision: r.policyRevision,
    configHash: r.configHash,
    jurisdiction: r.jurisdiction,
    method: r.method,
    purposes: pickBooleans(config.purposes, r.purposes),
    services: pickBooleans(config.services, r.services),
    preferences: pickPreferences(config, r.preferences),
    gpc: r.gpc,
    locale: r.locale,
    textHash: r.textHash,
    sdkVersion: r.sdkVersion,
    expiresAt: r.expiresAt,
    schemaVersion: 1,
    prevHash: r.prevHash,
  };
}

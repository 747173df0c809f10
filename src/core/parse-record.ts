/**
 * Validation of consent records read from untrusted places (IndexedDB, another tab, a server).
 * Anything that is not exactly a record is rejected, so corrupt data can only mean "no decision".
 */
import { isRecord } from './check';
import { METHODS, type ConsentRecord, type Method } from './record';

const isIso = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) && !Number.isNaN(Date.parse(v));
const isStr = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 256;
const isBoolMap = (v: unknown): v is Record<string, boolean> => isRecord(v) && Object.values(v).every((x) => typeof x === 'boolean');

/** The record, or null when `v` is not a well-formed schema-1 consent record. */
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
    typeof v['locale'] === 'string' &&
    typeof v['textHash'] === 'string' &&
    typeof v['sdkVersion'] === 'string' &&
    (v['prevHash'] === null || (typeof v['prevHash'] === 'string' && /^[0-9a-f]{64}$/.test(v['prevHash'])));
  return ok ? (v as unknown as ConsentRecord) : null;
}

/** True when `a` is newer than `b` (later `issuedAt`; ties broken by id so every tab agrees). */
export function isNewer(a: { issuedAt: number; id: string }, b: { issuedAt: number; id: string } | null): boolean {
  if (!b) return true;
  return a.issuedAt > b.issuedAt || (a.issuedAt === b.issuedAt && a.id > b.id);
}

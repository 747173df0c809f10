/**
 * The consent record (receipt): the durable proof of one decision, append-only and hash-chained
 * per subject. Field names follow ISO/IEC TS 27560 and the Kantara receipt where they fit.
 */
import { canonicalJson } from './canonical-json';
import type { JurisdictionMode, PreferenceValue } from './config-types';

/** How a decision was made. */
export type Method =
  'banner:accept-all' | 'banner:reject-all' | 'panel:save' | 'api' | 'gpc' | 'withdraw' | 'placeholder';

/** Every method, for validation of stored and pulled records. */
export const METHODS: readonly Method[] = [
  'banner:accept-all',
  'banner:reject-all',
  'panel:save',
  'api',
  'gpc',
  'withdraw',
  'placeholder',
];

/**
 * METHODS as the loader's fast path decodes the cookie's method field (an index into METHODS):
 * the same length, with only the name it needs (a placeholder's grant, core/policy.ts
 * `isServicesOnly`), so the loader does not carry the others. Unit-tested against METHODS.
 */
export const FAST_METHODS: readonly ('' | 'placeholder')[] = ['', '', '', '', '', '', 'placeholder'];

/** One decision as stored, synced and downloaded (docs/consent-record.schema.json; docs/sync-protocol.md). */
export interface ConsentRecord {
  readonly id: string;
  readonly subject: string;
  readonly issuedAt: string;
  readonly policyRevision: number;
  readonly configHash: string;
  readonly jurisdiction: JurisdictionMode;
  readonly method: Method;
  readonly purposes: Readonly<Record<string, boolean>>;
  readonly services: Readonly<Record<string, boolean>>;
  readonly preferences: Readonly<Record<string, PreferenceValue>>;
  readonly gpc: boolean;
  readonly locale: string;
  readonly textHash: string;
  readonly sdkVersion: string;
  readonly expiresAt: string;
  readonly schemaVersion: 1;
  readonly prevHash: string | null;
}

/**
 * What gating needs of a decision: a record without the receipt fields. The cookie mirror holds
 * only this, with `configHash` shortened to a prefix.
 */
export interface Decision {
  readonly id: string;
  /** Epoch milliseconds. */
  readonly issuedAt: number;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
  readonly revision: number;
  /** Full hex hash, or a prefix of at least 8 characters. */
  readonly configHash: string;
  readonly method: Method;
  readonly purposes: Readonly<Record<string, boolean>>;
  readonly services: Readonly<Record<string, boolean>>;
  readonly gpc: boolean;
}

/** The decision a record carries. */
export function toDecision(r: ConsentRecord): Decision {
  return {
    id: r.id,
    issuedAt: Date.parse(r.issuedAt),
    expiresAt: Date.parse(r.expiresAt),
    revision: r.policyRevision,
    configHash: r.configHash,
    method: r.method,
    // Own entries only: a polluted Object.prototype grants nothing.
    purposes: { __proto__: null, ...r.purposes } as unknown as Record<string, boolean>,
    services: { __proto__: null, ...r.services } as unknown as Record<string, boolean>,
    gpc: r.gpc,
  };
}

/** The hash that the next record of the same subject puts in `prevHash`. */
export const recordHash = (r: ConsentRecord, hash: (text: string) => string): string => hash(canonicalJson(r));

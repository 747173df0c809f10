/**
 * The previous record as the SDK saw it: read with its config's ids only (`parseRecordFor`), and
 * that copy hashed as the next record's `prevHash`. After a site removes an id from its config, or
 * a pull of a record with more ids, that copy was never held here (docs/server.md, "Hash chains").
 */
import type { ConsentRecord } from '../core/record';
import { hashRecord } from './record-hash';

const pick = <T>(map: Readonly<Record<string, T>>, keys: object): Record<string, T> =>
  Object.fromEntries(Object.entries(map).filter(([k]) => Object.hasOwn(keys, k)));

/** The hash of `prev` with only the purposes, services and preference fields `next` carries (the schema allows no other top-level field). */
export const viewHash = (prev: ConsentRecord, next: ConsentRecord): string =>
  hashRecord({
    ...prev,
    purposes: pick(prev.purposes, next.purposes),
    services: pick(prev.services, next.services),
    preferences: pick(prev.preferences, next.preferences),
  });

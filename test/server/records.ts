/** Real consent records for the server tests, made by the client itself (createConsent), so their hash chain is the client's. */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../src/core/canonical-json';
import { recordHash, type ConsentRecord } from '../../src/core/record';
import { createConsent } from '../../src/instance/create-consent';
import { sample } from '../unit/fixtures';

export { sample };

/** `n` decisions of one visitor, oldest first: each record's prevHash is the hash of the one before. */
export async function decisions(n: number, now: () => number = Date.now): Promise<ConsentRecord[]> {
  const consent = createConsent(sample, { now });
  await consent.ready;
  const actions = [
    () => consent.acceptAll(),
    () => consent.rejectAll(),
    () => consent.update({ purposes: { analytics: true } }),
  ];
  for (let i = 0; i < n; i++) await actions[i % actions.length]!();
  const records = (await consent.records()).reverse();
  consent.destroy();
  return records;
}

/** One record, with fields replaced. */
export const withFields = (r: ConsentRecord, fields: Record<string, unknown>): ConsentRecord =>
  ({ ...r, ...fields }) as ConsentRecord;

/** The hash the next record of the same subject puts in prevHash. */
export const hashOf = (r: ConsentRecord): string => recordHash(r, (t) => createHash('sha256').update(t).digest('hex'));

/** A body for `POST {endpoint}`. */
export const batch = (...records: unknown[]): string => JSON.stringify({ records });

export { canonicalJson };

/**
 * The records with `fields(record, index)` replaced and their chain re-linked (each prevHash the
 * hash of the one before; the first keeps its own), as a client would have written them.
 */
export function rechain(
  records: readonly ConsentRecord[],
  fields: (r: ConsentRecord, i: number) => Record<string, unknown>,
): ConsentRecord[] {
  let prev: string | null = records[0]?.prevHash ?? null;
  return records.map((r, i) => {
    const next = withFields(r, { ...fields(r, i), prevHash: prev });
    prev = hashOf(next);
    return next;
  });
}

/** The records as `append` takes them: each with its hash. */
export const hashed = (...records: ConsentRecord[]) => records.map((record) => ({ record, hash: hashOf(record) }));

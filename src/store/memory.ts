/**
 * An in-memory storage: the last fallback when neither IndexedDB nor cookies work, and the
 * default outside browsers (SSR, tests). Nothing survives a reload, so the visitor is asked again:
 * never a silent grant.
 */
import { toDecision, type ConsentRecord } from '../core/record';
import { asHistory, HISTORY_LIMIT, union, type ConsentStorage, type Snapshot } from './storage';

/** A storage that keeps records in memory; `initial` seeds the history (newest first). */
export function createMemoryStorage(
  initial: readonly ConsentRecord[] = [],
): ConsentStorage & Required<Pick<ConsentStorage, 'counts'>> {
  let list = initial.slice(0, HISTORY_LIMIT);
  let queue: ConsentRecord[] = [];
  let counts: unknown;
  const snapshot = (): Snapshot => {
    const record = list[0] ?? null;
    return { record, decision: record ? toDecision(record) : null };
  };
  return {
    peek: snapshot,
    load: () => Promise.resolve(snapshot()),
    append(record, options) {
      list = asHistory(union([record], list));
      if (options?.outbox) queue = union(queue, [record]);
      return Promise.resolve();
    },
    outbox: () => Promise.resolve(queue.slice()),
    ack(ids) {
      queue = queue.filter((r) => !ids.includes(r.id));
      return Promise.resolve();
    },
    records: () => Promise.resolve(list.slice()),
    counts: (change) => Promise.resolve(change ? (counts = change(counts)) : counts),
    subscribe: () => () => {},
    close() {},
  };
}

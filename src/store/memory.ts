/**
 * An in-memory storage: the last fallback when neither IndexedDB nor cookies work, and the
 * default outside browsers (SSR, tests). Nothing survives a reload, so the visitor is asked again:
 * never a silent grant.
 */
import { toDecision, type ConsentRecord } from '../core/record';
import { HISTORY_LIMIT, newestFirst, type ConsentStorage, type Snapshot } from './storage';

/** A storage that keeps records in memory; `initial` seeds the history (newest first). */
export function createMemoryStorage(
  initial: readonly ConsentRecord[] = [],
): ConsentStorage & Required<Pick<ConsentStorage, 'counts'>> {
  let history = initial.slice(0, HISTORY_LIMIT);
  let queue: ConsentRecord[] = [];
  let counts: unknown;
  const snapshot = (): Snapshot => {
    const record = history[0] ?? null;
    return { record, decision: record ? toDecision(record) : null };
  };
  return {
    peek: snapshot,
    load: () => Promise.resolve(snapshot()),
    append(record, options) {
      history = [record, ...history.filter((r) => r.id !== record.id)].sort(newestFirst).slice(0, HISTORY_LIMIT);
      if (options?.outbox && !queue.some((r) => r.id === record.id)) queue = [...queue, record];
      return Promise.resolve();
    },
    outbox: () => Promise.resolve(queue.slice()),
    ack(ids) {
      queue = queue.filter((r) => !ids.includes(r.id));
      return Promise.resolve();
    },
    records: () => Promise.resolve(history.slice()),
    counts: (change) => Promise.resolve(change ? (counts = change(counts)) : counts),
    subscribe: () => () => {},
    close() {},
  };
}

// A memory storage whose other-tab messages a test sends itself: the bindings' tests of a decision
// made in another tab.
import type { ConsentRecord } from '../../src/core/record';
import { createMemoryStorage } from '../../src/store/memory';

/** The storage factory, its memory (another page's instance may share it), and the tab message. */
export function tabStorage() {
  const memory = createMemoryStorage();
  let listener: ((record: ConsentRecord) => void) | undefined;
  return {
    memory,
    storage: () => ({
      ...memory,
      subscribe: (fn: typeof listener & {}) => ((listener = fn), () => (listener = undefined)),
    }),
    /** Whether the instance listens (it subscribes once its stored decision is read). */
    listening: () => listener !== undefined,
    tell: (record: ConsentRecord | null) => listener?.(record!),
  };
}

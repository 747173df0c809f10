/**
 * Cross-tab messages: a decision made in one tab reaches the others within a second.
 * BroadcastChannel where it exists, else the `storage` event of a localStorage key (which fires in
 * every other tab of the origin). Payloads are validated by the receiver.
 */

import { CHANNEL_NAME as NAME } from './keys';

/** Sends and receives records between tabs of the same origin. */
export interface TabChannel {
  post(message: unknown): void;
  subscribe(fn: (message: unknown) => void): () => void;
  close(): void;
}

/** The best channel the browser offers; a silent no-op channel where neither exists. */
export function createTabChannel(scope: typeof globalThis = globalThis): TabChannel {
  const listeners = new Set<(message: unknown) => void>();
  const deliver = (m: unknown): void => listeners.forEach((fn) => fn(m));
  if (typeof scope.BroadcastChannel === 'function') {
    const bc = new scope.BroadcastChannel(NAME);
    bc.onmessage = (e: MessageEvent) => deliver(e.data);
    return {
      post: (m) => bc.postMessage(m),
      subscribe: (fn) => (listeners.add(fn), () => listeners.delete(fn)),
      close: () => bc.close(),
    };
  }
  const onStorage = (e: StorageEvent): void => {
    if (e.key !== NAME || !e.newValue) return;
    try {
      deliver(JSON.parse(e.newValue));
    } catch {
      /* a foreign value: ignored, the receiver would reject it anyway */
    }
  };
  scope.addEventListener?.('storage', onStorage);
  return {
    post(m) {
      try {
        scope.localStorage.setItem(NAME, JSON.stringify(m));
      } catch {
        /* storage blocked: other tabs pick the decision up on their next load */
      }
    },
    subscribe: (fn) => (listeners.add(fn), () => listeners.delete(fn)),
    close: () => scope.removeEventListener?.('storage', onStorage),
  };
}

/**
 * The instance's event emitter: listeners per event name, isolated from each other. A listener
 * that throws neither stops the others nor reaches the host page; it is reported as an `error`
 * event instead (an `error` listener that throws is not reported again: that could loop).
 */
import { ConsentError } from '../core/errors';

/** Emits typed events to listeners added with `on`. */
export interface Emitter<E> {
  emit<K extends keyof E>(type: K, payload: E[K]): void;
  /** Adds a listener; returns the unsubscribe. */
  on<K extends keyof E>(type: K, fn: (payload: E[K]) => void): () => void;
  /** Removes every listener. */
  clear(): void;
}

/** Creates an emitter for the events `E` (which must include `error: ConsentError`). */
export function createEmitter<E extends { error: ConsentError }>(): Emitter<E> {
  const listeners = new Map<keyof E, Set<(payload: never) => void>>();
  const emitter: Emitter<E> = {
    emit(type, payload) {
      for (const fn of [...(listeners.get(type) ?? [])]) {
        try {
          (fn as (p: typeof payload) => void)(payload);
        } catch (cause) {
          if (type !== 'error')
            emitter.emit(
              'error',
              new ConsentError('listener/failed', `Candor: a "${String(type)}" listener threw`, [], cause),
            );
        }
      }
    },
    on(type, fn) {
      const set = listeners.get(type) ?? new Set();
      listeners.set(type, set);
      set.add(fn as (payload: never) => void);
      return () => set.delete(fn as (payload: never) => void);
    },
    clear: () => listeners.clear(),
  };
  return emitter;
}

/**
 * Which storage an instance persists through: the one the caller gave (an object or a factory),
 * else IndexedDB + cookie mirror in a browser, else memory (Node, SSR, tests).
 */
import type { Config } from '../core/config-types';
import type { ConsentError } from '../core/errors';
import { createBrowserStorage, isBrowser } from '../store/browser';
import { createMemoryStorage } from '../store/memory';
import type { ConsentStorage, StorageFactory } from '../store/storage';

/** What the browser storage needs to know about the instance. */
export interface StorageChoice {
  readonly config: Config;
  readonly now: () => number;
  /** The consent-relevant config hash (a stored decision for another config does not count). */
  readonly configHash: string;
  /** The config stamp the cookie carries for the loader's fast path. */
  readonly stamp: string;
  readonly onError: (e: ConsentError) => void;
}

/** The storage for an instance. */
export function chooseStorage(given: ConsentStorage | StorageFactory | undefined, c: StorageChoice): ConsentStorage {
  if (typeof given === 'function') return given({ onError: c.onError });
  if (given) return given;
  if (!isBrowser()) return createMemoryStorage();
  return createBrowserStorage(
    { config: c.config, now: c.now, configHash: c.configHash, stamp: c.stamp },
    { onError: c.onError },
  );
}

/**
 * The browser storage: the `candor` cookie (synchronous fast path) + IndexedDB (records and
 * history) + memory, with a cross-tab channel. Each layer that fails drops out with an `error`
 * event, and the rest carries on:
 *   IndexedDB missing, blocked or stuck → cookie + memory (`storage/unavailable`)
 *   cookies blocked                     → memory only; the visitor is asked again next visit
 *   corrupt cookie or record            → no decision (`storage/corrupt`), never a throw
 * When cookie and IndexedDB disagree, the newest decision wins and the stale cookie is rewritten.
 */
import type { Config } from '../core/config-types';
import { ConsentError } from '../core/errors';
import { isNewer, parseRecord } from '../core/parse-record';
import { toDecision, type Decision } from '../core/record';
import { createTabChannel, type TabChannel } from './channel';
import { cookieString, decodeDecision, encodeDecision, idsOf, readCookie, type CookieJar } from './cookie';
import { createIdbStore, isFailure, type IdbStore, type StoreFailure } from './idb';
import { createMemoryStorage } from './memory';
import type { ConsentStorage, Snapshot, StorageContext } from './storage';

/** Options of the browser storage; every ambient input can be replaced in tests. */
export interface BrowserStorageOptions {
  readonly config: Config;
  /** The consent-relevant config hash decisions are valid for. */
  readonly configHash: string;
  /** The validated config's stamp (see `configStamp`), written with valid decisions. */
  readonly stamp: string;
  /** @default document.cookie */
  readonly cookies?: CookieJar;
  /** @default globalThis.indexedDB */
  readonly indexedDB?: () => IDBFactory | undefined;
  /** How long one IndexedDB call may take before it counts as unavailable. @default 1000 */
  readonly timeoutMs?: number;
  /** @default the best of BroadcastChannel and the storage event */
  readonly channel?: TabChannel;
  /** @default location.protocol === 'https:' */
  readonly secure?: boolean;
  /** @default Date.now */
  readonly now?: () => number;
}

/** How long one tab may hold the sync lease; longer than one flush of a batch normally takes. */
const LEASE_MS = 15_000;

const documentJar = (): CookieJar => ({
  get: () => document.cookie,
  set: (c) => {
    document.cookie = c;
  },
});

/** The storage `createConsent` uses in browsers. */
// eslint-disable-next-line max-lines-per-function -- one closure over the three layers' shared state (cookie, IndexedDB, memory, channel); every method is short
export function createBrowserStorage(options: BrowserStorageOptions, ctx: StorageContext): ConsentStorage {
  const { config } = options;
  const ids = idsOf(config);
  const now = options.now ?? Date.now;
  const jar = options.cookies ?? documentJar();
  const secure = options.secure ?? (typeof location !== 'undefined' && location.protocol === 'https:');
  const memory = createMemoryStorage();
  let fault = false;
  const report = (code: 'storage/unavailable' | 'storage/corrupt', detail: string, cause?: unknown): void => {
    fault = true;
    ctx.onError(new ConsentError(code, `Candor: ${detail}`, [], cause));
  };

  let cookiesWork = true;
  const readJar = (): string => {
    try {
      return jar.get();
    } catch (e) {
      cookiesWork = false;
      report('storage/unavailable', 'cookies are blocked; choices last only for this page view', e);
      return '';
    }
  };

  const readCookieDecision = (): Decision | null => {
    const value = decodeDecision(ids, readCookie(readJar()));
    if (value === null) report('storage/corrupt', 'the "candor" cookie is corrupt or from another config; treated as no decision');
    return value?.decision ?? null;
  };

  const writeCookie = (d: Decision): void => {
    if (!cookiesWork) return;
    // Only a decision valid under this very config carries its stamp (the loader's fast path).
    const valid = d.revision === config.policy.revision && d.configHash.slice(0, 8) === options.configHash.slice(0, 8);
    const value = encodeDecision(ids, d, valid ? options.stamp : '0');
    try {
      jar.set(cookieString(config.cookie, value, (d.expiresAt - now()) / 1000, secure));
      if (readCookie(jar.get()) !== value) throw new Error('the cookie did not stick');
    } catch (e) {
      cookiesWork = false;
      report('storage/unavailable', 'cookies are blocked; the visitor will be asked again on the next visit', e);
    }
  };

  let idb: IdbStore | null = null;
  const dropIdb = (f: StoreFailure): void => {
    if (f.failure === 'corrupt') {
      report('storage/corrupt', `${f.detail}; treated as no decision`);
      return;
    }
    idb = null;
    report('storage/unavailable', `${f.detail}; using the cookie and memory instead`);
  };
  const opened = createIdbStore(options.timeoutMs ?? 1000, options.indexedDB);
  if (isFailure(opened)) dropIdb(opened);
  else idb = opened;

  let fast: Decision | null = readCookieDecision();
  const ownerId = `${now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  let channel: TabChannel | null = null;
  try {
    channel = options.channel ?? createTabChannel();
  } catch {
    channel = null; // no channel: other tabs catch up on their next load
  }

  const peek = (): Snapshot => {
    const m = memory.peek();
    const current = m.decision && (m.decision.id === fast?.id || isNewer(m.decision, fast)) ? m : { decision: fast, record: null };
    return fault ? { ...current, fault } : current;
  };

  return {
    peek,
    async load() {
      if (!idb) return peek();
      const stored = await idb.readDecision();
      if (isFailure(stored)) {
        dropIdb(stored);
        return peek();
      }
      if (stored) {
        await memory.append(stored);
        const d = toDecision(stored);
        // IndexedDB holds a newer decision than the cookie (or the cookie was lost): rewrite it.
        if (!fast || (fast.id !== d.id && isNewer(d, fast))) {
          fast = d;
          writeCookie(d);
        }
      }
      return peek();
    },
    async append(record, opts) {
      const d = toDecision(record);
      // Memory queues the record only when IndexedDB cannot (below), so tabs share one outbox.
      await memory.append(record, { outbox: !!opts?.outbox && !idb });
      // This tab's own latest decision replaces the cookie's unless another tab decided later.
      if (!fast || d.issuedAt >= fast.issuedAt) {
        fast = d;
        writeCookie(d);
      }
      try {
        channel?.post({ candor: 1, record });
      } catch {
        /* other tabs catch up on their next load */
      }
      if (idb) {
        // The outbox first: a record that is queued is never lost, even if the rest fails.
        const queued = opts?.outbox ? await idb.updateOutbox([record], []) : true;
        if (isFailure(queued)) await memory.append(record, { outbox: true });
        const result = isFailure(queued) ? queued : await idb.append(record);
        if (isFailure(result)) dropIdb(result);
      }
    },
    async outbox() {
      if (idb) {
        const list = await idb.readOutbox();
        if (!isFailure(list)) {
          // Records queued in memory while IndexedDB failed earlier on this page come along.
          const mem = await memory.outbox();
          return [...list, ...mem.filter((m) => !list.some((r) => r.id === m.id))];
        }
        dropIdb(list);
      }
      return memory.outbox();
    },
    async ack(ids) {
      await memory.ack(ids);
      if (idb) {
        const done = await idb.updateOutbox([], ids);
        if (isFailure(done)) dropIdb(done);
      }
    },
    async records() {
      if (idb) {
        const list = await idb.readHistory();
        if (!isFailure(list)) return list;
        dropIdb(list);
      }
      return memory.records();
    },
    async exclusive(fn) {
      const owner = ownerId;
      // A lease, not a lock: a tab that dies while holding it frees it when it expires.
      if (idb && !(await idb.lease(owner, now(), now() + LEASE_MS))) return false;
      try {
        await fn();
      } finally {
        await idb?.release(owner);
      }
      return true;
    },
    subscribe(fn) {
      if (!channel) return () => {};
      return channel.subscribe((m) => {
        const record = typeof m === 'object' && m !== null && (m as { candor?: unknown }).candor === 1 ? parseRecord((m as { record?: unknown }).record) : null;
        if (!record) return;
        const d = toDecision(record);
        void memory.append(record);
        if (isNewer(d, fast)) {
          fast = d;
          writeCookie(d); // converge: the newest decision ends up in the cookie whichever tab wrote last
        }
        fn(record);
      });
    },
    close() {
      channel?.close();
    },
  };
}

/** Whether this environment has what the browser storage needs. */
export const isBrowser = (): boolean => typeof document !== 'undefined' && typeof window !== 'undefined';


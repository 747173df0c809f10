/**
 * Connects the sync to a consent instance: the outbox through the store, Web Locks or the store's
 * lease, the browser's online / visibility / pagehide triggers, data-subject requests, and (with
 * `sync.analytics`, loaded only then) the anonymous banner counts. Used by create-consent.ts,
 * the one place that creates an instance.
 */
import type { Config } from '../core/config-types';
import { ConsentError } from '../core/errors';
import { configError } from '../core/find-config';
import type { ConsentRecord, Method } from '../core/record';
import type { ImpressionOptions, Impressions } from './impressions';
import type { DataRequestType } from './types';
import { isBrowser } from '../store/browser';
import { markOutbox, syncHold } from '../store/outbox-flag';
import type { ConsentStorage } from '../store/storage';
import { outcomeOf, parseRetryAfter, retryDelay } from '../sync/backoff';
import { createSync, webLock, type Exclusive, type Sync, type SyncEvent } from '../sync/sync';
import { exchange, type Endpoint } from '../sync/transport';
import { onPageRestore } from './page-restore';

/** The sync side of an instance. */
export interface SyncWiring {
  /** Null without a `sync` config (or without fetch, e.g. some SSR runtimes). */
  readonly sync: Sync | null;
  /** `POST {endpoint}/requests`. */
  request(type: DataRequestType, subject: string, message?: string): Promise<'sent' | 'failed' | 'unavailable'>;
  /** A decision was recorded (for the banner counts: see instance/impressions.ts). */
  decided(method: Method, prompted: boolean, locale: string): void;
  dispose(): void;
}

/**
 * The endpoint resolved against the page (`new URL`, as fetch will): an absolute URL that is
 * https, or plain http on loopback, or on the page's own origin. Null where a same-origin path
 * has no page to resolve against (SSR: no sync there). Throws `ConsentError('config/invalid')`
 * for anything else: the config check already refuses such values, this is the second lock.
 */
export function resolveEndpoint(endpoint: string, base?: string | null): string | null {
  let url: URL;
  try {
    url = base ? new URL(endpoint, base) : new URL(endpoint);
  } catch {
    if (!base && endpoint.startsWith('/')) return null;
    throw configError([{ path: 'sync.endpoint', message: `"${endpoint}" is not a URL` }]);
  }
  const sameOrigin = !!base && url.origin === new URL(base).origin;
  const loopback = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/.test(url.hostname);
  // Never sent, with the pull's ?subject= after it.
  url.hash = '';
  if (url.protocol === 'https:' || sameOrigin || (url.protocol === 'http:' && loopback)) return url.href;
  throw configError([
    {
      path: 'sync.endpoint',
      message: `"${endpoint}" resolves to ${url.origin}: records go only to https, loopback or this page's origin`,
    },
  ]);
}

/** `{endpoint}/{path}`, the query kept. */
export function endpointAt(endpoint: string, path: string): string {
  const at = new URL(endpoint);
  at.pathname = `${at.pathname.replace(/\/$/, '')}/${path}`;
  return at.href;
}

/** What the banner counts are given besides the engine's code (see `loadCounts`). */
type CountsContext = Pick<ImpressionOptions, 'config' | 'url' | 'storage' | 'fetch' | 'now' | 'onError'> & {
  readonly lease: Exclusive | null;
};

/**
 * The banner counts (`sync.analytics`): their own chunk, loaded only for a config that turns them
 * on, given the engine's code they need (see sync/impressions.ts for why). Never rejects.
 */
const loadCounts = (c: CountsContext): Promise<Impressions | null> =>
  import('./impressions')
    .then((m) =>
      m.wireImpressions({
        ...c,
        exchange,
        rules: { outcomeOf, parseRetryAfter, retryDelay },
        exclusive: webLock(undefined, 'candor:impressions') ?? c.lease ?? (async (fn) => (await fn(), true)),
        // The flag makes a later page load the engine to send them (records clear it once delivered).
        onPending: () => markOutbox(true),
        onRestore: onPageRestore,
      }),
    )
    .catch((e: unknown) => (c.onError('sync/network', `Candor: no banner counts: ${String(e)}`), null));

/** Creates the sync for `config` (or none) and attaches the browser triggers. */
export function wireSync(
  config: Config,
  storage: ConsentStorage,
  o: {
    fetch?: typeof fetch;
    now: () => number;
    emit: (e: SyncEvent) => void;
    onError: (e: ConsentError) => void;
  },
): SyncWiring {
  const fetchFn = o.fetch ?? (globalThis.fetch as typeof fetch | undefined)?.bind?.(globalThis);
  const cfg = config.sync;
  const url = cfg ? resolveEndpoint(cfg.endpoint, (globalThis.location as Location | undefined)?.href) : null;
  if (!cfg || !fetchFn || !url)
    return { sync: null, request: () => Promise.resolve('unavailable'), decided: () => {}, dispose: () => {} };
  const endpoint: Endpoint = { url, headers: cfg.headers, credentials: cfg.credentials };
  const lease = storage.exclusive ? (fn: () => Promise<void>) => storage.exclusive!(fn) : null;
  const onError = (code: ConsentError['code'], message: string): void => o.onError(new ConsentError(code, message));
  const flagged = (list: ConsentRecord[]): ConsentRecord[] => {
    if (list.length > 0) markOutbox(true);
    else if (storage.durable?.() !== false) markOutbox(false);
    return list;
  };
  const sync = createSync({
    endpoint,
    batchSize: cfg.batchSize,
    // The flag tells the loader of a later page to load the engine and deliver what is left. It is
    // cleared only on an empty outbox read from durable storage: with IndexedDB unavailable on this
    // page (a timeout), the records earlier pages left are still there, waiting for a later one.
    outbox: {
      read: async () => flagged(await storage.outbox()),
      remove: async (ids) => {
        await storage.ack(ids);
        flagged(await storage.outbox());
      },
    },
    fetch: fetchFn,
    emit: o.emit,
    // Web Locks where the browser has them, else the store's lease in IndexedDB.
    ...(!webLock() && lease ? { exclusive: lease } : {}),
    onError,
    now: o.now,
    held: syncHold,
  });
  const counts =
    cfg.analytics && isBrowser()
      ? loadCounts({ config, url: endpointAt(url, 'impressions'), storage, fetch: fetchFn, lease, now: o.now, onError })
      : null;
  let dispose = (): void => sync.stop();
  if (isBrowser()) {
    const onOnline = (): void => void sync.flush();
    const onVisible = (): void => void (document.visibilityState === 'visible' && sync.flush());
    const onHide = (): void => sync.flushOnExit();
    addEventListener('online', onOnline);
    document.addEventListener('visibilitychange', onVisible);
    addEventListener('pagehide', onHide);
    dispose = () => {
      sync.stop();
      removeEventListener('online', onOnline);
      document.removeEventListener('visibilitychange', onVisible);
      removeEventListener('pagehide', onHide);
    };
  }
  return {
    sync,
    async request(type, subject, message) {
      const reply = await exchange(fetchFn, endpoint, 'POST', endpointAt(url, 'requests'), {
        type,
        subject,
        ...(message ? { message } : {}),
      });
      return reply.status >= 200 && reply.status < 300 ? 'sent' : 'failed';
    },
    decided: (method, prompted, locale) => void counts?.then((c) => c?.decided(method, prompted, locale)),
    dispose: () => (dispose(), void counts?.then((c) => c?.dispose())),
  };
}

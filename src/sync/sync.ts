/**
 * Delivery of consent records to the site's endpoint, losing none: records wait in a persisted
 * outbox (appended by the store before anything else happens) and leave it only when the server
 * acknowledged them (2xx) or refused them for good (4xx other than 408/429, reported). Network
 * errors, 408, 429 and 5xx are retried with backoff and jitter, honouring `Retry-After`. One tab
 * flushes at a time (Web Locks); the server deduplicates by record id, which covers the rest.
 */
import type { ConsentRecord } from '../core/record';
import { MAX_RETRY_AFTER_MS, outcomeOf, parseRetryAfter, retryDelay } from './backoff';
import { exchange, type Endpoint, type Reply } from './transport';

/** Where undelivered records wait (implemented over IndexedDB by the store). */
export interface OutboxPort {
  /** Undelivered records, oldest first. */
  read(): Promise<ConsentRecord[]>;
  remove(ids: readonly string[]): Promise<void>;
}

/** A sync event for site code and tests. */
export interface SyncEvent {
  readonly type: 'queued' | 'delivered' | 'retrying' | 'dropped';
  readonly ids: readonly string[];
  readonly status?: number;
  readonly retryInMs?: number;
}

/** What the sync needs; ambient inputs are parameters so tests control them. */
export interface SyncOptions {
  readonly endpoint: Endpoint;
  readonly batchSize: number;
  readonly outbox: OutboxPort;
  readonly fetch: typeof fetch;
  readonly emit: (e: SyncEvent) => void;
  readonly onError: (code: 'sync/http' | 'sync/network', message: string) => void;
  /** @default Math.random */
  readonly random?: () => number;
  /** @default Date.now */
  readonly now?: () => number;
  /** @default setTimeout */
  readonly schedule?: (fn: () => void, ms: number) => () => void;
  /** Runs `fn` while holding the cross-tab sync lock, or not at all if another tab holds it. @default Web Locks, else just runs */
  readonly exclusive?: (fn: () => Promise<void>) => Promise<boolean>;
  /** The end of a `Retry-After` (epoch ms, 0: none), kept for every page (more than a day on: none). @default this page only */
  readonly held?: { read(): number; write(until: number): void };
}

/** A running sync. */
export interface Sync {
  /** Tells the sync that records were queued; starts a flush. */
  queued(records: readonly ConsentRecord[]): void;
  /** Remembers a record for `flushOnExit` before its write to the outbox has finished. */
  pending(record: ConsentRecord): void;
  /** Delivers what is in the outbox now. */
  flush(): Promise<void>;
  /** Last chance on `pagehide`: sends the known outbox with `keepalive` (64 KB limit). */
  flushOnExit(): void;
  /** `GET {endpoint}?subject=…`: the subject's newest record, null when none, undefined on failure. */
  pull(subject: string): Promise<ConsentRecord | null | undefined>;
  stop(): void;
}

/** keepalive bodies are limited to 64 KiB per page (Fetch standard); stay under it. */
const KEEPALIVE_LIMIT = 60_000;

const defaultSchedule = (fn: () => void, ms: number): (() => void) => {
  const t = setTimeout(fn, ms);
  return () => clearTimeout(t);
};

/** Runs `fn` only if no other tab runs it; resolves whether it ran. */
export type Exclusive = (fn: () => Promise<void>) => Promise<boolean>;

/**
 * The one Web Locks detection: the cross-tab sync lock `name` (the banner counts have their own)
 * where the browser has Web Locks, else null (the caller falls back to the store's lease, or to
 * no locking: ids keep delivery idempotent).
 */
export function webLock(
  nav: unknown = typeof navigator === 'undefined' ? undefined : navigator,
  name = 'candor:sync',
): Exclusive | null {
  const locks = (
    nav as
      | {
          locks?: {
            request: (name: string, opts: object, cb: (lock: unknown) => Promise<boolean>) => Promise<boolean>;
          };
        }
      | undefined
  )?.locks;
  if (!locks) return null;
  return async (fn) => {
    let ran = false;
    try {
      return await locks.request(name, { ifAvailable: true }, async (lock) =>
        lock ? ((ran = true), await fn(), true) : false,
      );
    } catch (e) {
      // Denied (an opaque origin: a sandboxed frame, file://): no lock, as where Web Locks are missing.
      if (ran) throw e;
      await fn();
      return true;
    }
  };
}

/** Starts a sync. */
// eslint-disable-next-line max-lines-per-function -- one closure over the delivery state (timer, attempt, in-flight batch); every method is short
export function createSync(o: SyncOptions): Sync {
  const now = o.now ?? Date.now;
  const random = o.random ?? Math.random;
  const schedule = o.schedule ?? defaultSchedule;
  const exclusive: Exclusive = o.exclusive ?? webLock() ?? (async (fn) => (await fn(), true));
  let mirror: ConsentRecord[] = [];
  let attempt = 0;
  let notBefore = 0; // Retry-After
  // When sending may start. A kept time over a day on is no server's (forged, a clock set right).
  const until = (): number => {
    const kept = o.held?.read() ?? 0;
    return Math.max(notBefore, kept > now() + MAX_RETRY_AFTER_MS ? 0 : kept);
  };
  let cancelRetry: (() => void) | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let failing = false;

  const retryLater = (reply: Reply, ids: string[]): void => {
    const { status } = reply;
    const after = parseRetryAfter(reply.retryAfter, now());
    const delay = retryDelay(attempt++, after, random);
    notBefore = after === null ? 0 : now() + delay;
    if (after !== null) o.held?.write(notBefore);
    o.emit({ type: 'retrying', ids, status, retryInMs: delay });
    if (!failing) {
      failing = true; // one error event per failure streak, not one per retry
      o.onError(
        status === 0 && !reply.redirected ? 'sync/network' : 'sync/http',
        reply.redirected
          ? `Candor: the consent endpoint ${o.endpoint.url} answered with a redirect, which a POST does not follow; records are kept and retried (set sync.endpoint to the address that receives them)`
          : status === 0
            ? 'Candor: the consent endpoint is unreachable; records are kept and retried'
            : `Candor: the consent endpoint answered ${status}; records are kept and retried`,
      );
    }
    cancelRetry?.();
    cancelRetry = schedule(() => void flush(), delay);
  };

  /** Sends `batch`; on a permanent refusal of a batch, isolates the refused records one by one. */
  const send = async (batch: ConsentRecord[]): Promise<'ok' | 'retry'> => {
    const ids = batch.map((r) => r.id);
    const reply = await exchange(o.fetch, o.endpoint, 'POST', o.endpoint.url, { records: batch });
    const outcome = reply.status === 0 ? 'retry' : outcomeOf(reply.status);
    if (outcome === 'retry') {
      retryLater(reply, ids);
      return 'retry';
    }
    if (outcome === 'drop' && batch.length > 1) {
      for (const r of batch) if ((await send([r])) === 'retry') return 'retry';
      return 'ok';
    }
    await o.outbox.remove(ids);
    mirror = mirror.filter((r) => !ids.includes(r.id));
    if (outcome === 'delivered') {
      attempt = 0;
      failing = false;
      o.held?.write(0); // the server takes records again
      o.emit({ type: 'delivered', ids, status: reply.status });
    } else {
      o.emit({ type: 'dropped', ids, status: reply.status });
      o.onError(
        'sync/http',
        `Candor: the consent endpoint refused record ${ids.join(', ')} with ${reply.status}; it stays in the local history but will not be sent again`,
      );
    }
    return 'ok';
  };

  const flushOnce = async (): Promise<void> => {
    const got = await exclusive(async () => {
      mirror = await o.outbox.read();
      for (let i = 0; i < mirror.length && !stopped;) {
        const batch = mirror.slice(i, i + o.batchSize);
        if ((await send(batch)) === 'retry') return;
        // `send` removed the batch from the mirror: the next batch starts at the same index
      }
    });
    // Another tab holds the lock: it may have read the outbox before our record arrived.
    if (!got && !stopped) {
      cancelRetry?.();
      cancelRetry = schedule(() => void flush(), 1000 + Math.floor(random() * 1000));
    }
  };

  const flush = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    const wait = until() - now();
    if (wait > 0) {
      // Not before a Retry-After's end (whoever was told it).
      cancelRetry?.();
      cancelRetry = schedule(() => void flush(), wait);
      return Promise.resolve();
    }
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await flushOnce();
      } while (again && !stopped && now() >= until());
    })().finally(() => (running = null));
    return running;
  };

  const pending = (record: ConsentRecord): void => {
    if (!mirror.some((m) => m.id === record.id)) mirror = [...mirror, record];
  };

  return {
    queued(records) {
      records.forEach(pending);
      o.emit({ type: 'queued', ids: records.map((r) => r.id) });
      // A new decision is worth trying at once, even during a backoff; not during a Retry-After,
      // which flush waits for.
      if (now() >= until()) attempt = 0;
      void flush();
    },
    flush,
    pending,
    flushOnExit() {
      if (now() < until()) return;
      const out: ConsentRecord[] = [];
      let size = 16;
      const utf8 = new TextEncoder();
      for (const r of mirror) {
        size += utf8.encode(JSON.stringify(r)).length + 1; // bytes, not UTF-16 units
        if (size > KEEPALIVE_LIMIT) break;
        out.push(r);
      }
      if (out.length === 0) return;
      void exchange(o.fetch, o.endpoint, 'POST', o.endpoint.url, { records: out }, true).then(async (reply) => {
        if (outcomeOf(reply.status) === 'delivered') await o.outbox.remove(out.map((r) => r.id));
      });
    },
    async pull(subject) {
      const sep = o.endpoint.url.includes('?') ? '&' : '?';
      const reply = await exchange(
        o.fetch,
        o.endpoint,
        'GET',
        `${o.endpoint.url}${sep}subject=${encodeURIComponent(subject)}`,
      );
      if (reply.status < 200 || reply.status >= 300 || typeof reply.body !== 'object' || reply.body === null)
        return undefined;
      return (reply.body as { record?: ConsentRecord | null }).record ?? null;
    },
    stop() {
      stopped = true;
      cancelRetry?.();
    },
  };
}

/**
 * Delivery of the anonymous banner counts (core/impressions.ts) to `POST {endpoint}/impressions`
 * with the outbox's rules (sync.ts): kept counts leave the store only once the server took them
 * (2xx) or refused them for good (a 4xx other than 408/429: reported, dropped); network errors,
 * 408, 429 and 5xx are retried with backoff and jitter, never sooner than `Retry-After`. One tab
 * sends at a time (the same cross-tab lock).
 *
 * Counts carry no id, so the server cannot drop a second copy as it does records: every request
 * is `keepalive` (it reaches the server even when the page goes first), and what a page hands
 * over as it goes (its requests still unanswered, and what was not sent yet, on `pagehide` or
 * when it is hidden) is noted as handed over (store/counts-journal.ts) and not sent again; if
 * the page lives to read a failure, those counts come back. Only a keepalive request that fails
 * after its page has gone loses its counts. Requests carry no credentials (no cookie), none of
 * the site's `sync.headers` (they might identify) and no referrer.
 *
 * This module loads on demand (instance/impressions.ts), so it takes the engine's code it needs
 * (`exchange`, the retry rules) as parameters instead of importing it: a chunk loaded later that
 * imported the engine's modules would make the bundler split the engine chunk to share them.
 */
import { addCounts, type ImpressionCount } from '../core/impressions';
import type { Outcome, outcomeOf, parseRetryAfter, retryDelay } from './backoff';
import type { Exclusive } from './sync';
import type { Endpoint, exchange } from './transport';

/** Where the counts are kept (the store, and the note of what was handed over on exit). */
export interface CountPorts {
  /** The kept counts. */
  read(): Promise<ImpressionCount[]>;
  /** Adds (1) or takes away (-1) `delta`, in one step. */
  change(delta: readonly ImpressionCount[], sign: 1 | -1): Promise<void>;
  /** What pages handed over on exit and the kept counts still hold (synchronous: the page may be going). */
  handedOver(): ImpressionCount[];
  /** Notes `delta` as handed over (1), or no longer (-1: taken out of the kept counts, or back). */
  handOver(delta: readonly ImpressionCount[], sign?: 1 | -1): void;
}

/** What the sender needs; ambient inputs are parameters so tests control them. */
export interface CountSenderOptions {
  /** `{endpoint}/impressions`, resolved. */
  readonly url: string;
  readonly fetch: typeof fetch;
  /** sync/transport.ts's `exchange`. */
  readonly exchange: typeof exchange;
  /** The outbox's retry rules (sync/backoff.ts). */
  readonly rules: {
    readonly outcomeOf: typeof outcomeOf;
    readonly parseRetryAfter: typeof parseRetryAfter;
    readonly retryDelay: typeof retryDelay;
  };
  readonly ports: CountPorts;
  readonly exclusive: Exclusive;
  readonly onError: (code: 'sync/http' | 'sync/network', message: string) => void;
  /** Counts are kept after a failure: a later page should load the engine to send them. */
  readonly onPending: () => void;
  /** Entries per request; small, because keepalive bodies share 64 KiB with the records' exit flush. @default 30 */
  readonly perRequest?: number;
  /** @default Math.random */
  readonly random?: () => number;
  /** @default Date.now */
  readonly now?: () => number;
  /** @default setTimeout */
  readonly schedule?: (fn: () => void, ms: number) => () => void;
}

/** A running sender. */
export interface CountSender {
  /** Counts this page has just kept (already in the store). */
  counted(delta: readonly ImpressionCount[]): void;
  /**
   * Sends what is kept now (first taking out what earlier pages handed over); with `earlier`, only
   * what earlier page views left (at start-up: this page view's counts wait for its answer, or for
   * the page to go, and leave in one request).
   */
  flush(earlier?: boolean): Promise<void>;
  /** The page may be going: hands over its unanswered requests and sends the rest with `keepalive`. */
  flushOnExit(): void;
  stop(): void;
}

/** One request's counts, and whether they were handed over (then the note accounts for them). */
interface Sending {
  readonly batch: readonly ImpressionCount[];
  handed: boolean;
}

const defaultSchedule = (fn: () => void, ms: number): (() => void) => {
  const t = setTimeout(fn, ms);
  return () => clearTimeout(t);
};

/** Starts a sender. */
// eslint-disable-next-line max-lines-per-function -- one closure over the delivery state (timer, attempt, requests in flight); every member is short
export function createCountSender(o: CountSenderOptions): CountSender {
  const { ports, rules } = o;
  const now = o.now ?? Date.now;
  const random = o.random ?? Math.random;
  const schedule = o.schedule ?? defaultSchedule;
  const perRequest = o.perRequest ?? 30;
  const endpoint: Endpoint = { url: o.url, headers: {}, credentials: 'omit' };
  const fetchFn: typeof fetch = (url, init) => o.fetch(url, { ...init, referrerPolicy: 'no-referrer' });
  /** Kept counts this page knows of and has not handed over (those in flight included). */
  let mirror: ImpressionCount[] = [];
  /** What this page view counted. */
  let fresh: ImpressionCount[] = [];
  const sending = new Set<Sending>();
  let attempt = 0;
  let failing = false;
  let stopped = false;
  let again = false;
  let running: Promise<void> | null = null;
  let cancel: (() => void) | null = null;

  const keep = async (delta: readonly ImpressionCount[], sign: 1 | -1): Promise<void> => {
    mirror = addCounts(mirror, delta, sign);
    await ports.change(delta, sign);
  };
  const later = (ms: number): void => {
    cancel?.();
    if (!stopped) cancel = schedule(() => void flush(), ms);
  };
  const failed = (status: number, retryAfter: string | null): void => {
    later(rules.retryDelay(attempt++, rules.parseRetryAfter(retryAfter, now()), random));
    o.onPending();
    if (failing) return;
    failing = true; // one error event per failure streak
    o.onError(
      status === 0 ? 'sync/network' : 'sync/http',
      status === 0
        ? 'Candor: the impressions endpoint is unreachable; the banner counts are kept and retried'
        : `Candor: the impressions endpoint answered ${status}; the banner counts are kept and retried`,
    );
  };

  /** Posts `s.batch`; once answered, the counts leave the store, stay, or (handed over, not delivered) come back. */
  const post = async (s: Sending): Promise<{ outcome: Outcome; status: number; retryAfter: string | null }> => {
    sending.add(s);
    const reply = await o.exchange(fetchFn, endpoint, 'POST', o.url, { impressions: s.batch }, true);
    sending.delete(s);
    const outcome = reply.status === 0 ? 'retry' : rules.outcomeOf(reply.status);
    if (outcome === 'retry' ? s.handed : !s.handed && !(outcome === 'drop' && s.batch.length > 1))
      await keep(s.batch, s.handed ? 1 : -1);
    if (outcome === 'delivered') {
      attempt = 0;
      failing = false;
    } else if (outcome === 'drop' && (s.handed || s.batch.length === 1)) {
      const what = s.batch.map((c) => `${c.day}/${c.policyRevision}/${c.locale}`).join(', ');
      o.onError(
        'sync/http',
        `Candor: the impressions endpoint refused the banner counts of ${what} with ${reply.status}; they are dropped`,
      );
    }
    return { outcome, status: reply.status, retryAfter: reply.retryAfter };
  };

  /** Sends `batch` while flushing; a batch refused for good goes again entry by entry, to drop only the refused. */
  const send = async (batch: readonly ImpressionCount[]): Promise<boolean> => {
    const s: Sending = { batch, handed: false };
    const r = await post(s);
    if (r.outcome === 'retry') failed(r.status, r.retryAfter);
    else if (r.outcome === 'drop' && batch.length > 1 && !s.handed) {
      for (const c of batch) if (!(await send([c]))) return false;
    }
    return r.outcome !== 'retry';
  };

  const flushOnce = async (earlier: boolean): Promise<void> => {
    const next = (): ImpressionCount[] => (earlier ? addCounts(mirror, fresh, -1) : mirror).slice(0, perRequest);
    const ran = await o.exclusive(async () => {
      const handed = ports.handedOver();
      if (handed.length > 0) {
        await ports.change(handed, -1);
        ports.handOver(handed, -1);
      }
      // What is handed over meanwhile (this page going) is not sent again.
      mirror = addCounts(await ports.read(), ports.handedOver(), -1);
      // Each answered batch leaves the mirror (and so does what this page hands over on exit).
      for (let batch = next(); batch.length > 0 && !stopped; batch = next()) if (!(await send(batch))) return;
    });
    if (!ran) later(1000 + Math.floor(random() * 1000)); // another tab is sending
  };

  const flush = (earlier = false): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true; // then everything
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await flushOnce(earlier);
        earlier = false;
      } while (again && !stopped);
    })().finally(() => (running = null));
    return running;
  };

  return {
    counted(delta) {
      mirror = addCounts(mirror, delta);
      fresh = addCounts(fresh, delta);
    },
    flush,
    flushOnExit() {
      if (stopped) return;
      for (const s of sending)
        if (!s.handed) {
          s.handed = true;
          ports.handOver(s.batch);
          mirror = addCounts(mirror, s.batch, -1);
        }
      const rest = mirror;
      mirror = [];
      for (let i = 0; i < rest.length; i += perRequest) {
        const s: Sending = { batch: rest.slice(i, i + perRequest), handed: true };
        ports.handOver(s.batch);
        void post(s).then((r) => void (r.outcome === 'retry' && failed(r.status, r.retryAfter)));
      }
    },
    stop() {
      stopped = true;
      cancel?.();
    },
  };
}

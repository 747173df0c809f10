import { describe, expect, it, vi } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import type { ConsentRecord } from '../../src/core/record';
import { createMemoryStorage } from '../../src/store/memory';
import { MAX_DELAY_MS, MAX_RETRY_AFTER_MS, outcomeOf, parseRetryAfter, retryDelay } from '../../src/sync/backoff';
import { createSync, type SyncEvent } from '../../src/sync/sync';
import { exchange, type Reply } from '../../src/sync/transport';
import { DAY, NOW, sample } from './fixtures';

/** Faked timers, and AbortSignal.timeout as browsers have it, on the faked clock. */
function fakeTimeouts(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  vi.spyOn(AbortSignal, 'timeout').mockImplementation((ms) => {
    const c = new AbortController();
    setTimeout(() => c.abort(new DOMException('timed out', 'TimeoutError')), ms);
    return c.signal;
  });
}

/** A sync whose every request is a keepalive one answered 503; `bodies` are what it sent. */
function exitSync(outbox: Parameters<typeof createSync>[0]['outbox']) {
  const bodies: string[] = [];
  const sync = createSync({
    endpoint: { url: 'https://example.com/c', headers: {}, credentials: 'omit' },
    batchSize: 500,
    outbox,
    fetch: (async (_u: string, init: RequestInit) => {
      expect(init.keepalive).toBe(true);
      bodies.push(String(init.body));
      return new Response('{}', { status: 503 });
    }) as unknown as typeof fetch,
    emit: () => {},
    onError: () => {},
  });
  return { sync, bodies };
}

describe('backoff', () => {
  it.each([
    [0, 0.5, null, 500],
    [1, 0.5, null, 1000],
    [3, 0.99, null, 7920],
    [30, 0.5, null, MAX_DELAY_MS / 2],
    [0, 0, null, 100],
    [0, 0.5, 30_000, 30_000],
    [5, 1, 1000, 32_000],
  ])('attempt %i, random %f, Retry-After %s ms → %i ms', (attempt, r, after, expected) => {
    expect(retryDelay(attempt, after, () => r)).toBe(expected);
  });
  it('waits as long as the server says, beyond its own cap, up to a day', () => {
    expect(retryDelay(2, 10 * 60_000, () => 0.1)).toBe(10 * 60_000);
    expect(retryDelay(30, null, () => 0.999)).toBeLessThanOrEqual(MAX_DELAY_MS);
    expect(retryDelay(0, 30 * 86_400_000, () => 0.5)).toBe(MAX_RETRY_AFTER_MS);
  });
  it.each([
    ['120', 120_000],
    ['Sun, 22 Nov 2026 10:00:30 GMT', 30_000],
    ['Sun, 22 Nov 2026 09:00:00 GMT', 0],
    ['soon', null],
    [null, null],
  ])('parses Retry-After %j', (v, ms) => {
    expect(parseRetryAfter(v, NOW)).toBe(ms);
  });
  it.each([
    [200, 'delivered'],
    [204, 'delivered'],
    [408, 'retry'],
    [429, 'retry'],
    [500, 'retry'],
    [503, 'retry'],
    [400, 'drop'],
    [401, 'drop'],
    [413, 'drop'],
    [404, 'drop'],
    [301, 'retry'],
    [302, 'retry'],
    [303, 'retry'],
    [307, 'retry'],
  ])('status %i → %s', (status, outcome) => {
    expect(outcomeOf(status)).toBe(outcome);
  });
});

/**
 * A scripted endpoint: answers each POST with the next status (then 200), recording bodies and how
 * redirects were asked to be handled; 'redirect' is a browser's answer to a redirect not followed.
 */
function scripted(statuses: (number | 'network' | 'redirect')[]) {
  const posts: ConsentRecord[][] = [];
  const redirects: (RequestRedirect | undefined)[] = [];
  const fetchFn = (async (_url: string, init: RequestInit) => {
    const next = statuses.shift() ?? 200;
    if (init.method === 'POST') posts.push((JSON.parse(String(init.body)) as { records: ConsentRecord[] }).records);
    redirects.push(init.redirect);
    if (next === 'network') throw new TypeError('Failed to fetch');
    if (next === 'redirect')
      return {
        type: 'opaqueredirect',
        status: 0,
        headers: new Headers(),
        json: () => Promise.reject(new SyntaxError()),
      };
    return new Response(JSON.stringify({}), { status: next, headers: next === 429 ? { 'retry-after': '2' } : {} });
  }) as unknown as typeof fetch;
  return { posts, redirects, fetchFn };
}

async function harness(statuses: (number | 'network' | 'redirect')[], batchSize = 20) {
  const storage = createMemoryStorage();
  const events: SyncEvent[] = [];
  const errors: string[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  let t = NOW; // the sync's clock: a timer runs when its time has come
  const endpoint = scripted(statuses);
  const sync = createSync({
    endpoint: {
      url: 'https://example.com/consent',
      headers: () => ({ authorization: 'Bearer t' }),
      credentials: 'omit',
    },
    batchSize,
    outbox: { read: () => storage.outbox(), remove: (ids) => storage.ack(ids) },
    fetch: endpoint.fetchFn,
    emit: (e) => events.push(e),
    onError: (code) => errors.push(code),
    random: () => 0.5,
    now: () => t,
    schedule: (fn, ms) => (timers.push({ fn, ms }), () => {}),
    exclusive: async (fn) => (await fn(), true),
  });
  const consent = createConsent(sample, { now: () => NOW });
  const queue = async (n: number): Promise<ConsentRecord[]> => {
    const out: ConsentRecord[] = [];
    for (let i = 0; i < n; i++) {
      const r = (await consent.update({ purposes: { analytics: i % 2 === 0 } }))!;
      await storage.append(r, { outbox: true });
      out.push(r);
    }
    return out;
  };
  const runTimer = async (): Promise<void> => {
    const timer = timers.shift();
    t += timer?.ms ?? 0;
    timer?.fn();
    await sync.flush();
  };
  return { storage, events, errors, timers, endpoint, sync, queue, runTimer };
}

/**
 * A page's sync over the shared `outbox` and `held` (none: this page only), its clock `clock.t`, its
 * endpoint answering `status.now` (a 429 with an hour's Retry-After).
 */
function retryAfterPage(
  outbox: ReturnType<typeof createMemoryStorage>,
  held: { read(): number; write(until: number): void } | undefined,
  clock: { t: number },
  status: { now: number },
) {
  const posts: number[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const fetchFn = (async (_url: string, init: RequestInit) => {
    posts.push((JSON.parse(String(init.body)) as { records: unknown[] }).records.length);
    const code = status.now;
    return new Response('{}', { status: code, headers: code === 429 ? { 'retry-after': '3600' } : {} });
  }) as unknown as typeof fetch;
  const sync = createSync({
    endpoint: { url: 'https://example.com/consent', headers: () => ({}), credentials: 'omit' },
    batchSize: 20,
    outbox: { read: () => outbox.outbox(), remove: (ids) => outbox.ack(ids) },
    fetch: fetchFn,
    emit: () => {},
    onError: () => {},
    random: () => 0.5,
    now: () => clock.t,
    schedule: (fn, ms) => (timers.push({ fn, ms }), () => {}),
    exclusive: async (fn) => (await fn(), true),
    ...(held ? { held } : {}),
  });
  return { sync, posts, timers };
}

describe('sync delivery', () => {
  it('a page whose fetch is no function (replaced by page code) gets no sync, and createConsent throws nothing', async () => {
    vi.stubGlobal('fetch', {});
    try {
      const config = { ...sample, sync: { endpoint: 'https://records.example/c' } };
      const consent = createConsent(config, { storage: createMemoryStorage(), now: () => NOW });
      await consent.ready;
      expect(await consent.acceptAll()).not.toBeNull();
      expect(await consent.request('access')).toBe('unavailable');
      consent.destroy();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('does not follow a redirect of its POST (a login page or the new address answering 200 would count as delivered): the records stay, are retried, and one error says why', async () => {
    const h = await harness(['redirect', 302]);
    const [r] = await h.queue(1);
    h.sync.queued([r!]); // sent at once: a browser's answer, the redirect not followed (opaque)
    await h.sync.flush(); // elsewhere: the 302 itself
    expect(h.events.filter((e) => e.type === 'retrying').map((e) => e.status)).toEqual([0, 302]);
    expect(await h.storage.outbox()).toHaveLength(1);
    expect(h.errors).toEqual(['sync/http']); // once per failure streak, not "unreachable"
    await h.runTimer(); // the endpoint fixed: delivered
    expect(await h.storage.outbox()).toEqual([]);
    expect(h.endpoint.redirects).toEqual(['manual', 'manual', 'manual']);
    expect(h.events.filter((e) => e.type === 'dropped')).toEqual([]);
  });

  it('delivers queued records in batches and empties the outbox', async () => {
    const h = await harness([], 2);
    const records = await h.queue(5);
    h.sync.queued(records);
    await h.sync.flush();
    expect(h.endpoint.posts.map((b) => b.length)).toEqual([2, 2, 1]);
    expect(await h.storage.outbox()).toEqual([]);
    expect(h.events.map((e) => e.type)).toEqual(['queued', 'delivered', 'delivered', 'delivered']);
  });

  it('retries 5xx with growing delays, then delivers once', async () => {
    const h = await harness([500, 500, 500]);
    const [r] = await h.queue(1);
    h.sync.queued([r!]);
    await h.sync.flush();
    await h.runTimer();
    await h.runTimer();
    await h.runTimer();
    expect(h.endpoint.posts).toHaveLength(4);
    expect(h.events.filter((e) => e.type === 'retrying').map((e) => e.retryInMs)).toEqual([500, 1000, 2000]);
    expect(h.events.at(-1)).toMatchObject({ type: 'delivered', ids: [r!.id] });
    expect(h.errors).toEqual(['sync/http']); // one error per failure streak
    expect(await h.storage.outbox()).toEqual([]);
  });

  it('honours Retry-After on 429 and treats network errors as retryable', async () => {
    const h = await harness([429, 'network']);
    const records = await h.queue(1);
    h.sync.queued(records);
    await h.sync.flush();
    expect(h.timers[0]?.ms).toBe(2000);
    await h.runTimer();
    expect(h.errors).toEqual(['sync/http']);
    expect(h.events.filter((e) => e.type === 'retrying').map((e) => e.status)).toEqual([429, 0]);
    await h.runTimer();
    expect(await h.storage.outbox()).toEqual([]);
  });

  it('sends nothing before a Retry-After has passed (beyond the backoff cap): not a new decision, not on page exit; then everything', async () => {
    const clock = { t: NOW };
    const status = { now: 429 };
    const storage = createMemoryStorage();
    const { sync, posts, timers } = retryAfterPage(storage, undefined, clock, status);
    const consent = createConsent(sample, { now: () => NOW });
    const decide = async (): Promise<ConsentRecord> => {
      const r = (await consent.acceptAll())!;
      await storage.append(r, { outbox: true });
      return r;
    };
    sync.queued([await decide()]);
    await sync.flush();
    expect(posts).toEqual([1]);
    expect(timers.map((x) => x.ms)).toEqual([3_600_000]); // not the backoff's 5-minute cap
    clock.t += 60_000;
    sync.queued([await decide()]); // a new decision waits too
    sync.flushOnExit(); // and the page's exit sends nothing: the outbox keeps them for a later page
    await new Promise((r) => setTimeout(r, 0)); // every fake answers within this turn's microtasks
    expect(posts).toEqual([1]);
    expect(await storage.outbox()).toHaveLength(2);
    clock.t = NOW + 3_600_000;
    status.now = 200;
    timers.shift()!.fn();
    await sync.flush();
    expect(posts).toEqual([1, 2]);
    expect(await storage.outbox()).toEqual([]);
    sync.queued([await decide()]); // delivered: a new decision goes at once again
    await sync.flush();
    expect(posts).toEqual([1, 2, 1]);
  });

  describe("a Retry-After kept for the site's other tabs and later pages", () => {
    const setup = async () => {
      const storage = createMemoryStorage();
      let kept = 0;
      const writes: number[] = [];
      const held = { read: () => kept, write: (t: number) => void writes.push((kept = t)) };
      const consent = createConsent(sample, { now: () => NOW });
      const r = (await consent.acceptAll())!;
      await storage.append(r, { outbox: true });
      return { storage, held, writes, clock: { t: NOW }, status: { now: 429 } };
    };

    it('another tab, or the next page, sends nothing before it either (not at start, not when shown again or online, not on exit), flushes when it ends, and clears it once delivered', async () => {
      const { storage, held, writes, clock, status } = await setup();
      const first = retryAfterPage(storage, held, clock, status);
      await first.sync.flush();
      expect(first.posts).toEqual([1]);
      expect(writes).toEqual([NOW + 3_600_000]);
      clock.t += 60_000;
      const next = retryAfterPage(storage, held, clock, status);
      await next.sync.flush(); // its start-up flush
      await next.sync.flush(); // shown again, back online
      next.sync.flushOnExit();
      await new Promise((r) => setTimeout(r, 0));
      expect(next.posts).toEqual([]);
      expect(next.timers.at(-1)?.ms).toBe(3_540_000); // its own flush when the wait ends
      clock.t = NOW + 3_600_000;
      status.now = 200;
      next.timers.at(-1)!.fn();
      await next.sync.flush();
      expect(next.posts).toEqual([1]);
      expect(await storage.outbox()).toEqual([]);
      expect(writes).toEqual([NOW + 3_600_000, 0]);
    });

    it('this page waits for it too when told to flush (shown again, back online), not only for a new decision', async () => {
      const { storage, clock, status } = await setup();
      const alone = retryAfterPage(storage, { read: () => 0, write: () => {} }, clock, status);
      await alone.sync.flush();
      clock.t += 1000;
      await alone.sync.flush();
      expect(alone.posts).toEqual([1]);
      expect(alone.timers.at(-1)?.ms).toBe(3_599_000);
    });

    it('a kept time more than a day ahead (no server says that: another script wrote it, or the clock was ahead and is now right) is ignored; a day or less is waited for', async () => {
      const { storage, clock, status } = await setup();
      status.now = 200;
      const forged = retryAfterPage(storage, { read: () => NOW + 30 * DAY, write: () => {} }, clock, status);
      await forged.sync.flush();
      expect(forged.posts).toEqual([1]); // else every page would wait a day, then another, for 30 days
      await storage.append((await createConsent(sample, { now: () => NOW }).acceptAll())!, { outbox: true });
      const held = retryAfterPage(storage, { read: () => NOW + MAX_RETRY_AFTER_MS, write: () => {} }, clock, status);
      await held.sync.flush();
      expect(held.posts).toEqual([]);
      expect(held.timers.at(-1)?.ms).toBe(MAX_RETRY_AFTER_MS);
      clock.t += MAX_RETRY_AFTER_MS;
      held.timers.at(-1)!.fn();
      await held.sync.flush();
      expect(held.posts).toEqual([1]);
    });
  });

  it('drops a record refused with 400 (reported, kept in history), without a retry storm, and isolates it from the batch', async () => {
    const h = await harness([400, 200, 400]);
    const records = await h.queue(2);
    h.sync.queued(records);
    await h.sync.flush();
    expect(h.endpoint.posts.map((b) => b.map((r) => r.id))).toEqual([
      [records[0]!.id, records[1]!.id],
      [records[0]!.id],
      [records[1]!.id],
    ]);
    expect(h.events.filter((e) => e.type !== 'queued').map((e) => e.type)).toEqual(['delivered', 'dropped']);
    expect(h.errors).toEqual(['sync/http']);
    expect(h.timers).toEqual([]);
    expect(await h.storage.outbox()).toEqual([]);
    expect((await h.storage.records()).map((r) => r.id)).toContain(records[1]!.id);
  });

  it.each([
    ['an object (a Promise of one)', async () => ({ authorization: 'Bearer abc' })],
    ['a Headers object', () => new Headers({ Authorization: 'Bearer abc' })],
    ['name and value pairs', async () => [['Authorization', 'Bearer abc']]],
  ])(
    "a headers function that returns %s sends them (the last two from plain JavaScript: the endpoint's 401 would drop every record)",
    async (_n, headers) => {
      let seen: HeadersInit | undefined;
      const storage = createMemoryStorage();
      const events: SyncEvent[] = [];
      const sync = createSync({
        endpoint: {
          url: 'https://example.com/c',
          headers: headers as unknown as () => Record<string, string>,
          credentials: 'include',
        },
        batchSize: 5,
        outbox: { read: () => storage.outbox(), remove: (ids) => storage.ack(ids) },
        fetch: (async (_u: string, init: RequestInit) => (
          (seen = init.headers),
          new Response('{}', { status: (init.headers as Record<string, string>)['authorization'] ? 200 : 401 })
        )) as unknown as typeof fetch,
        emit: (e) => events.push(e),
        onError: () => {},
        exclusive: async (fn) => (await fn(), true),
      });
      const r = (await createConsent(sample).acceptAll())!;
      await storage.append(r, { outbox: true });
      await sync.flush();
      expect(seen).toMatchObject({ authorization: 'Bearer abc', 'content-type': 'application/json' });
      expect(events.map((e) => e.type)).toEqual(['delivered']);
    },
  );

  it('a stalled endpoint holds nothing: an answer is its status (its body is not awaited), and no answer within 30 s is a network failure, retried', async () => {
    fakeTimeouts();
    try {
      const storage = createMemoryStorage();
      const events: SyncEvent[] = [];
      const timers: (() => void)[] = [];
      let calls = 0;
      const sync = createSync({
        endpoint: { url: 'https://example.com/c', headers: {}, credentials: 'omit' },
        batchSize: 20,
        outbox: { read: () => storage.outbox(), remove: (ids) => storage.ack(ids) },
        fetch: ((_: string, init: RequestInit) => {
          calls++;
          // 1: 200, then a body that never ends; 2: no answer until the request is aborted; then 200.
          if (calls === 1) return Promise.resolve(new Response(new ReadableStream({ start() {} }), { status: 200 }));
          if (calls === 2)
            return new Promise<Response>((_, reject) =>
              init.signal?.addEventListener('abort', () => reject(init.signal!.reason)),
            );
          return Promise.resolve(new Response('{}', { status: 200 }));
        }) as unknown as typeof fetch,
        emit: (e) => events.push(e),
        onError: () => {},
        random: () => 0.5,
        schedule: (fn) => (timers.push(fn), () => {}),
        exclusive: async (fn) => (await fn(), true),
      });
      const consent = createConsent(sample, { storage: createMemoryStorage() });
      const first = (await consent.acceptAll())!;
      await storage.append(first, { outbox: true });
      sync.queued([first]);
      await vi.waitFor(() => expect(events.map((e) => e.type)).toEqual(['queued', 'delivered']));
      const second = (await consent.rejectAll())!;
      await storage.append(second, { outbox: true });
      sync.queued([second]);
      await vi.advanceTimersByTimeAsync(30_000);
      expect(events.at(-1)).toMatchObject({ type: 'retrying', status: 0, ids: [second.id] });
      timers.shift()!();
      await vi.waitFor(() => expect(events.at(-1)).toMatchObject({ type: 'delivered', ids: [second.id] }));
      expect(await storage.outbox()).toEqual([]);
      consent.destroy();
    } finally {
      vi.useRealTimers();
    }
  });

  it("a site's headers function that never settles counts against the 30 s: a network failure, and the fetch is not made", async () => {
    fakeTimeouts();
    try {
      const fetched = vi.fn();
      const ep = {
        url: 'https://example.com/c',
        headers: () => new Promise<never>(() => {}),
        credentials: 'omit' as const,
      };
      let reply: Reply | undefined;
      void exchange(fetched as unknown as typeof fetch, ep, 'POST', ep.url, { records: [] }).then((r) => (reply = r));
      await vi.advanceTimersByTimeAsync(29_000);
      expect(reply).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1_000);
      expect(reply).toEqual({ status: 0, retryAfter: null, body: null });
      expect(fetched).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
      vi.restoreAllMocks();
    }
  });

  it('keepalive on exit sends at most ~60 KB (the 64 KB keepalive limit)', async () => {
    const storage = createMemoryStorage();
    const { sync, bodies } = exitSync({ read: () => storage.outbox(), remove: (ids) => storage.ack(ids) });
    const consent = createConsent(sample);
    const many: ConsentRecord[] = [];
    for (let i = 0; i < 120; i++) many.push((await consent.update({ purposes: { analytics: i % 2 === 0 } }))!);
    sync.queued([]);
    sync.queued(many);
    sync.stop();
    sync.flushOnExit();
    await vi.waitFor(() => expect(bodies).toHaveLength(1));
    expect(bodies[0]!.length).toBeLessThanOrEqual(60_000);
    expect(JSON.parse(bodies[0]!).records.length).toBeGreaterThan(10);
  });

  it('the keepalive limit counts bytes: records with text outside ASCII stay under 64 KiB', async () => {
    const { sync, bodies } = exitSync({ read: async () => [], remove: async () => {} });
    const consent = createConsent(sample);
    const base = (await consent.acceptAll())!;
    // Six records of about 9,500 characters each (57,000 in all), 3 bytes apiece in UTF-8: over 160 KB.
    const wide = [1, 2, 3, 4, 5, 6].map((i) => ({ ...base, id: `${base.id}-${i}`, note: '€'.repeat(9_000) }));
    sync.stop();
    sync.queued(wide as ConsentRecord[]);
    sync.flushOnExit();
    await vi.waitFor(() => expect(bodies).toHaveLength(1));
    expect(new TextEncoder().encode(bodies[0]!).length).toBeLessThanOrEqual(60_000);
    expect(JSON.parse(bodies[0]!).records).toHaveLength(2);
  });
});

describe('identify(): merge rules for a pulled record', () => {
  const endpoint = (reply: unknown) => {
    const posts: ConsentRecord[][] = [];
    const fetchFn = (async (url: string, init: RequestInit) => {
      if (init.method === 'POST') {
        posts.push((JSON.parse(String(init.body)) as { records: ConsentRecord[] }).records);
        return new Response('{}');
      }
      expect(url).toContain('subject=user%201');
      return new Response(JSON.stringify(reply));
    }) as unknown as typeof fetch;
    return { posts, fetchFn };
  };
  const config = { ...sample, sync: { endpoint: 'https://example.com/consent' } };
  const other = async (at: number, revision = 3) =>
    (await createConsent(
      { ...config, policy: { revision } },
      { now: () => at, fetch: endpoint(null).fetchFn },
    ).acceptAll())!;

  it('a newer record for the current revision applies here (source "remote")', async () => {
    const remote = { ...(await other(NOW + 60_000)), subject: 'user 1' };
    const ep = endpoint({ record: remote });
    const c = createConsent(config, { now: () => NOW, fetch: ep.fetchFn });
    await c.rejectAll();
    const sources: string[] = [];
    c.on('change', (e) => sources.push(e.source));
    await c.identify('user 1');
    expect(c.has('marketing')).toBe(true);
    expect(sources).toEqual(['remote']);
  });

  it.each([
    ['older than the local decision', () => other(NOW - 60_000)],
    ['from another policy revision', () => other(NOW + 60_000, 2)],
  ])('a pulled record %s does not apply; the local decision is linked to the user instead', async (_n, make) => {
    const remote = { ...(await make()), subject: 'user 1' };
    const ep = endpoint({ record: remote });
    const c = createConsent(config, { now: () => NOW, fetch: ep.fetchFn });
    await c.rejectAll();
    await c.identify('user 1');
    expect(c.has('marketing')).toBe(false);
    const [latest] = await c.records();
    expect(latest).toMatchObject({ subject: 'user 1', purposes: { marketing: false } });
  });

  it('a pulled record that is malformed does not apply, and nothing is linked (as when the GET fails)', async () => {
    const ep = endpoint({ record: { id: 'x', subject: 'user 1' } });
    const c = createConsent(config, { now: () => NOW, fetch: ep.fetchFn });
    const refused = (await c.rejectAll())!;
    await c.identify('user 1');
    expect(c.has('marketing')).toBe(false);
    expect((await c.records()).map((r) => r.id)).toEqual([refused.id]);
  });

  it('the local decision linked to the user keeps its expiry: linking is no new consent', async () => {
    let t = NOW - 181 * DAY;
    const c = createConsent(config, { now: () => t, fetch: endpoint({ record: null }).fetchFn });
    const made = (await c.acceptAll())!;
    t = NOW;
    await c.identify('user 1');
    const [linked] = await c.records();
    expect(linked).toMatchObject({
      subject: 'user 1',
      method: 'api',
      purposes: made.purposes,
      services: made.services,
    });
    expect(linked!.id).not.toBe(made.id);
    // Dated just after the decision it restates, not at the call: see the test below.
    expect(linked!.issuedAt).toBe(new Date(Date.parse(made.issuedAt) + 1).toISOString());
    expect(linked!.expiresAt).toBe(made.expiresAt); // not NOW + 182 days
    t = Date.parse(made.expiresAt);
    expect(c.has('analytics')).toBe(false);
  });

  it("a link restates an older decision: it does not outrank the user's later choice on another device (review)", async () => {
    let phoneNow = NOW; // day 0: the phone accepts, anonymous
    const phone = createConsent(config, { now: () => phoneNow, fetch: endpoint({ record: null }).fetchFn });
    const granted = (await phone.acceptAll())!;
    let laptopReply: unknown = null;
    let laptopNow = NOW + 170 * DAY; // day 170: the laptop refuses, anonymous
    const laptop = createConsent(config, {
      now: () => laptopNow,
      fetch: (async (url: string, init: RequestInit) =>
        endpoint(laptopReply).fetchFn(url, init)) as unknown as typeof fetch,
    });
    await laptop.rejectAll();
    // Day 180: the user signs in on the phone; the endpoint holds nothing for them yet: a link.
    phoneNow = NOW + 180 * DAY;
    await phone.identify('user 1');
    const link = (await phone.records())[0]!;
    expect(link).toMatchObject({ subject: 'user 1', purposes: granted.purposes, expiresAt: granted.expiresAt });
    expect(Date.parse(link.issuedAt)).toBe(Date.parse(granted.issuedAt) + 1);
    // Day 181: the user signs in on the laptop; its refusal (day 170) is their latest choice.
    laptopNow = NOW + 181 * DAY;
    laptopReply = { record: link };
    await laptop.identify('user 1');
    expect([laptop.has('marketing'), laptop.has('analytics')]).toEqual([false, false]);
    expect((await laptop.records())[0]).toMatchObject({ subject: 'user 1', purposes: { marketing: false } });
  });

  it("an endpoint with a #fragment still pulls (the subject is sent, not appended to the fragment), and no HTTP cache's copy answers", async () => {
    const seen: [string, RequestInit][] = [];
    const fetchFn = (async (url: string, init: RequestInit) => {
      seen.push([url, init]);
      return new Response(JSON.stringify(init.method === 'GET' ? { record: null } : {}));
    }) as unknown as typeof fetch;
    const c = createConsent(
      { ...config, sync: { endpoint: 'https://example.com/consent?site=a#records' } },
      { now: () => NOW, fetch: fetchFn },
    );
    await c.acceptAll();
    await c.identify('user 1');
    await vi.waitFor(() => expect(seen.filter(([, init]) => init.method === 'POST').length).toBeGreaterThan(0));
    const gets = seen.filter(([, init]) => init.method === 'GET');
    expect(gets.map(([url]) => url)).toEqual(['https://example.com/consent?site=a&subject=user%201']);
    expect(gets[0]![1].cache).toBe('no-store');
    expect(seen.every(([url]) => !url.includes('#'))).toBe(true);
  });

  it("a pulled record with the id of this device's own (an altered copy, dated later) replaces nothing", async () => {
    let reply: unknown = { record: null };
    const c = createConsent(config, {
      now: () => NOW + 120_000,
      fetch: (async (url: string, init: RequestInit) => endpoint(reply).fetchFn(url, init)) as unknown as typeof fetch,
    });
    await c.identify('user 1'); // nothing on the endpoint yet
    const refused = (await c.rejectAll())!;
    // Records are append-only and the id is the proof's identity: the endpoint's copy says otherwise.
    reply = {
      record: {
        ...refused,
        issuedAt: new Date(Date.parse(refused.issuedAt) + 60_000).toISOString(),
        purposes: { ...refused.purposes, analytics: true, marketing: true },
      },
    };
    await c.identify('user 1');
    expect(c.has('marketing')).toBe(false);
    expect((await c.records())[0]).toEqual(refused); // the visitor's own record, as made
  });

  it("a newer record made under another version of the config replaces no decision valid here: in opt-out mode the visitor's refusal would give way to the defaults (review)", async () => {
    const optOut = { ...config, jurisdiction: 'opt-out' as const };
    // The phone still runs the config before the site's last deploy (a cached page, an app not updated).
    const before = { ...optOut, services: sample.services.slice(0, 3) };
    const phone = createConsent(before, { now: () => NOW + 120_000, gpc: false, fetch: endpoint(null).fetchFn });
    const remote = { ...(await phone.rejectAll())!, subject: 'user 1' };
    let laptopNow = NOW; // the laptop's refusal is older than the phone's
    const laptop = createConsent(optOut, {
      now: () => laptopNow,
      gpc: false,
      fetch: endpoint({ record: remote }).fetchFn,
    });
    const refused = (await laptop.rejectAll())!;
    laptopNow = NOW + 180_000;
    await laptop.identify('user 1');
    // The user refused everything on both devices: nothing is granted here.
    expect([laptop.has('analytics'), laptop.has('marketing'), laptop.needsPrompt.value]).toEqual([false, false, false]);
    expect((await laptop.records()).map((r) => [r.subject, r.purposes])).toEqual([
      ['user 1', refused.purposes], // this device's refusal, linked to the user
      [refused.subject, refused.purposes],
    ]);
  });

  it('a newer record pulled from a device without GPC grants no sale or sharing on a device with it (opt-out mode)', async () => {
    const optOut = { ...config, jurisdiction: 'opt-out' as const };
    const laptop = createConsent(optOut, { now: () => NOW + 60_000, gpc: false, fetch: endpoint(null).fetchFn });
    const remote = { ...(await laptop.acceptAll())!, subject: 'user 1' };
    const phone = createConsent(optOut, { now: () => NOW, gpc: true, fetch: endpoint({ record: remote }).fetchFn });
    await phone.ready;
    await phone.identify('user 1');
    expect((await phone.records())[0]!.id).toBe(remote.id); // it applies here
    expect([phone.has('marketing'), phone.has('meta-pixel'), phone.has('analytics')]).toEqual([false, false, true]);
  });
});

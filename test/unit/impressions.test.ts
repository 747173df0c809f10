// The anonymous banner counts (sync.analytics): merging, the stored data's parser, the sender's
// outbox rules (batches, retry, drop, exit hand-over) and where they are kept.
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import type { ConsentError } from '../../src/core/errors';
import {
  addCounts,
  countLocale,
  dayOf,
  isCountLocale,
  MAX_COUNT,
  parseCounts,
  type ImpressionCount,
} from '../../src/core/impressions';
import { LOCALES } from '../../src/core/locale-choice';
import { configHashOf, configStamp } from '../../src/core/policy';
import { sha256 } from '../../src/core/sha256';
import { createBrowserStorage } from '../../src/store/browser';
import { createMemoryStorage } from '../../src/store/memory';
import { outcomeOf, parseRetryAfter, retryDelay } from '../../src/sync/backoff';
import { createCountSender, type CountPorts, type CountSenderOptions } from '../../src/sync/impressions';
import { exchange } from '../../src/sync/transport';
import { configOf, fakeTabBus, NOW, sample } from './fixtures';

const at = (day: string, shown: number, answered = 0, locale = 'en', policyRevision = 3): ImpressionCount => ({
  day,
  policyRevision,
  locale,
  shown,
  answered,
});

describe('counts: merging and parsing', () => {
  it('merges per day, revision and locale', () => {
    const list = addCounts(
      [at('2026-11-30', 1)],
      [at('2026-11-30', 2, 1), at('2026-11-30', 1, 0, 'de'), at('2026-11-30', 1, 0, 'en', 4), at('2026-12-01', 1)],
    );
    expect(list).toEqual([
      at('2026-11-30', 3, 1),
      at('2026-11-30', 1, 0, 'de'),
      at('2026-11-30', 1, 0, 'en', 4),
      at('2026-12-01', 1),
    ]);
  });

  it('takes away what was sent and drops what is left with nothing, never below zero', () => {
    const kept = [at('2026-11-30', 3, 1), at('2026-11-29', 1)];
    expect(addCounts(kept, [at('2026-11-30', 2, 1), at('2026-11-29', 5)], -1)).toEqual([at('2026-11-30', 1, 0)]);
    expect(addCounts([], [at('2026-11-30', 1)], -1)).toEqual([]);
  });

  it('never goes above the server’s limit', () => {
    expect(addCounts([at('2026-11-30', MAX_COUNT)], [at('2026-11-30', 5, 5)])).toEqual([
      at('2026-11-30', MAX_COUNT, 5),
    ]);
  });

  it('keeps only valid stored entries, with exactly the five keys', () => {
    const inherited = Object.create({ day: '2026-11-30', policyRevision: 1, locale: 'en', shown: 1, answered: 0 });
    expect(
      parseCounts([
        { ...at('2026-11-30', 1), subject: 'u-1', id: 'x' },
        { ...at('2026-11-30', 1), day: '30.11.2026' },
        { ...at('2026-11-30', 1), day: '2026-13-45' },
        { ...at('2026-11-30', 1), locale: 'de DE' },
        { ...at('2026-11-30', 1), shown: -1 },
        { ...at('2026-11-30', 1), answered: 1.5 },
        { ...at('2026-11-30', 1), shown: MAX_COUNT + 1 },
        { ...at('2026-11-30', 1), policyRevision: '3' },
        inherited,
        null,
        [at('2026-11-30', 1)],
        'x',
      ]),
    ).toEqual([at('2026-11-30', 1)]);
    expect(Object.keys(parseCounts([{ ...at('2026-11-30', 1), subject: 'u-1' }])[0]!)).toEqual([
      'day',
      'policyRevision',
      'locale',
      'shown',
      'answered',
    ]);
    for (const raw of [undefined, null, {}, 'x', 1]) expect(parseCounts(raw)).toEqual([]);
  });

  it('dates by UTC and keeps only locales the server accepts', () => {
    expect(dayOf(Date.parse('2026-11-30T23:59:59.999-05:00'))).toBe('2026-12-01');
    expect(dayOf(Date.parse('2026-11-30T00:30:00+02:00'))).toBe('2026-11-29');
    expect(countLocale('pt-BR')).toBe('pt-BR');
    expect(countLocale('x'.repeat(36))).toBe('und');
    expect(countLocale('de_DE')).toBe('und');
    expect(countLocale('')).toBe('und');
    expect(countLocale(null)).toBe('und');
  });

  it('keeps a locale only in the form language[-Script][-REGION] (no room for an identifier), in canonical case', () => {
    const kept = {
      en: 'en',
      'pt-BR': 'pt-BR',
      'pt-br': 'pt-BR',
      'ZH-HANT-tw': 'zh-Hant-TW',
      'es-419': 'es-419',
      und: 'und',
    };
    for (const [tag, want] of Object.entries(kept)) expect(countLocale(tag)).toBe(want);
    for (const tag of ['en-x-alice', 'alice-example-com', 'de-DE-1996', 'en-US-u-ca-gregory', 'e', 'engl', 'en-12'])
      expect(countLocale(tag)).toBe('und');
    // Candor's own locales all keep their tag.
    for (const tag of LOCALES) expect(countLocale(tag)).toBe(tag);
    expect(isCountLocale('pt-BR')).toBe(true);
    expect(isCountLocale('pt-br')).toBe(false); // the client sends the canonical case; the server takes no other
    expect(parseCounts([at('2026-11-30', 1, 0, 'en-x-alice')])).toEqual([]);
  });
});

interface Call {
  readonly url: string;
  readonly init: RequestInit;
  readonly body: { impressions: ImpressionCount[] };
  answer(status: number | 'network', headers?: Record<string, string>): void;
}

/** A sender over in-memory ports, with a fetch the test answers by hand and timers it runs. */
function harness(over: Partial<CountSenderOptions> = {}) {
  const state = { kept: [] as ImpressionCount[], journal: [] as ImpressionCount[] };
  const ports: CountPorts = {
    read: () => Promise.resolve(state.kept),
    change: (d, sign) => Promise.resolve(void (state.kept = addCounts(state.kept, d, sign))),
    handedOver: () => state.journal,
    handOver: (d, sign = 1) => void (state.journal = addCounts(state.journal, d, sign)),
  };
  const calls: Call[] = [];
  const waiting: (() => void)[] = [];
  const fetchFn = ((url: string, init: RequestInit) =>
    new Promise<Response>((resolve, reject) => {
      calls.push({
        url,
        init,
        body: JSON.parse(String(init.body)) as Call['body'],
        answer: (status, headers = {}) =>
          status === 'network'
            ? reject(new TypeError('Failed to fetch'))
            : resolve(new Response('{"received":1}', { status, headers })),
      });
      waiting.splice(0).forEach((w) => w());
    })) as unknown as typeof fetch;
  const timers: { fn: () => void; ms: number; live: boolean }[] = [];
  const errors: string[] = [];
  let pending = 0;
  const sender = createCountSender({
    url: 'https://consent.example/api/consent/impressions',
    fetch: fetchFn,
    exchange,
    rules: { outcomeOf, parseRetryAfter, retryDelay },
    ports,
    exclusive: async (fn) => (await fn(), true),
    onError: (code, message) => void errors.push(`${code}: ${message}`),
    onPending: () => void pending++,
    random: () => 0.5,
    now: () => NOW,
    schedule: (fn, ms) => {
      const t = { fn: () => ((t.live = false), fn()), ms, live: true };
      timers.push(t);
      return () => void (t.live = false);
    },
    ...over,
  });
  /** The next request, once it is made. */
  const next = async (n: number): Promise<Call> => {
    while (calls.length < n) await new Promise<void>((r) => waiting.push(r));
    return calls[n - 1]!;
  };
  const live = () => timers.filter((t) => t.live);
  return { state, ports, sender, calls, next, errors, live, pendingMarks: () => pending };
}

describe('sending the counts', () => {
  it('posts { impressions } with keepalive, no credentials, no custom headers, no referrer; a 2xx takes out exactly what was sent', async () => {
    const h = harness();
    h.state.kept = [at('2026-11-30', 2, 1)];
    const flushed = h.sender.flush();
    const call = await h.next(1);
    expect(call.url).toBe('https://consent.example/api/consent/impressions');
    expect(call.init).toMatchObject({
      method: 'POST',
      keepalive: true,
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      headers: { 'content-type': 'application/json' },
    });
    expect(Object.keys(call.init.headers as object)).toEqual(['content-type']);
    expect(call.body).toEqual({ impressions: [at('2026-11-30', 2, 1)] });
    // Counted while the request was on its way: stays for the next one.
    h.state.kept = addCounts(h.state.kept, [at('2026-11-30', 1)]);
    call.answer(202);
    await flushed;
    expect(h.state.kept).toEqual([at('2026-11-30', 1, 0)]);
    expect(h.errors).toEqual([]);
  });

  it('sends many entries in batches', async () => {
    const h = harness({ perRequest: 2 });
    h.state.kept = ['2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30'].map((d) => at(d, 1));
    const flushed = h.sender.flush();
    for (let n = 1; n <= 3; n++) (await h.next(n)).answer(200);
    await flushed;
    expect(h.calls.map((c) => c.body.impressions.map((i) => i.day))).toEqual([
      ['2026-11-26', '2026-11-27'],
      ['2026-11-28', '2026-11-29'],
      ['2026-11-30'],
    ]);
    expect(h.state.kept).toEqual([]);
  });

  it.each([
    [503, 'sync/http', '503'],
    [429, 'sync/http', '429'],
    [408, 'sync/http', '408'],
    ['network' as const, 'sync/network', 'unreachable'],
  ])('keeps the counts on %s and retries with backoff, one error per streak', async (status, code, words) => {
    const h = harness();
    h.state.kept = [at('2026-11-30', 1)];
    const flushed = h.sender.flush();
    (await h.next(1)).answer(status, status === 429 ? { 'retry-after': '30' } : {});
    await flushed;
    expect(h.state.kept).toEqual([at('2026-11-30', 1)]);
    expect(h.errors).toHaveLength(1);
    expect(h.errors[0]).toMatch(new RegExp(`^${code}: .*${words}`));
    expect(h.pendingMarks()).toBe(1);
    const [timer] = h.live();
    expect(timer!.ms).toBe(status === 429 ? 30_000 : 500);
    // The retry fails again: no second error; then it goes through.
    timer!.fn();
    (await h.next(2)).answer(500);
    await vi.waitFor(() => expect(h.live()).toHaveLength(1)); // the next retry, later
    expect(h.live()[0]!.ms).toBe(1000);
    expect(h.errors).toHaveLength(1);
    expect(h.pendingMarks()).toBe(2);
    h.live().at(-1)!.fn();
    (await h.next(3)).answer(200);
    await h.sender.flush();
    expect(h.state.kept).toEqual([]);
  });

  it('a batch refused for good goes again entry by entry: only the refused entry is dropped, and reported', async () => {
    const h = harness();
    h.state.kept = [at('2026-11-28', 1), at('2026-10-01', 1), at('2026-11-30', 2, 1)];
    const flushed = h.sender.flush();
    (await h.next(1)).answer(400);
    (await h.next(2)).answer(202);
    (await h.next(3)).answer(400);
    (await h.next(4)).answer(202);
    await flushed;
    expect(h.calls.map((c) => c.body.impressions.length)).toEqual([3, 1, 1, 1]);
    expect(h.state.kept).toEqual([]);
    expect(h.errors).toEqual([
      'sync/http: Candor: the impressions endpoint refused the banner counts of 2026-10-01/3/en with 400; they are dropped',
    ]);
    expect(h.live()).toEqual([]);
  });

  it('at start-up, sends only what earlier page views left: this page view’s counts wait', async () => {
    const h = harness();
    h.state.kept = [at('2026-11-29', 1), at('2026-11-30', 2)]; // one of 2026-11-30 is this page view's
    h.sender.counted([at('2026-11-30', 1)]);
    const flushed = h.sender.flush(true);
    (await h.next(1)).answer(202);
    await flushed;
    expect(h.calls[0]!.body.impressions).toEqual([at('2026-11-29', 1), at('2026-11-30', 1)]);
    expect(h.state.kept).toEqual([at('2026-11-30', 1)]);
    // Then (an answer, the page visible again) everything goes.
    const all = h.sender.flush();
    (await h.next(2)).answer(202);
    await all;
    expect(h.calls[1]!.body.impressions).toEqual([at('2026-11-30', 1)]);
    expect(h.state.kept).toEqual([]);
  });

  it('waits when another tab is sending', async () => {
    const h = harness({ exclusive: () => Promise.resolve(false) });
    h.state.kept = [at('2026-11-30', 1)];
    await h.sender.flush();
    expect(h.calls).toEqual([]);
    expect(h.live().map((t) => t.ms)).toEqual([1500]);
  });

  it('sends nothing after stop, and its retry is cancelled', async () => {
    const h = harness();
    h.state.kept = [at('2026-11-30', 1)];
    const flushed = h.sender.flush();
    (await h.next(1)).answer(503);
    await flushed;
    h.sender.stop();
    expect(h.live()).toEqual([]);
    await h.sender.flush();
    h.sender.flushOnExit();
    expect(h.calls).toHaveLength(1);
  });
});

describe('sending the counts as the page goes', () => {
  /** A page that kept one count of its own hands it over as it goes. */
  const leaving = () => {
    const h = harness();
    h.state.kept = [at('2026-11-30', 1)];
    h.sender.counted([at('2026-11-30', 1)]);
    h.sender.flushOnExit();
    return h;
  };

  it('hands over what is kept: sent once with keepalive, noted, and not sent again by the next page', async () => {
    const h = leaving();
    const call = await h.next(1);
    expect(call.init.keepalive).toBe(true);
    expect(call.body).toEqual({ impressions: [at('2026-11-30', 1)] });
    expect(h.state.journal).toEqual([at('2026-11-30', 1)]);
    // The page is gone before the answer: the next page view's flush takes the note out and sends nothing.
    const next = harness();
    next.state.kept = h.state.kept;
    next.state.journal = h.state.journal;
    await next.sender.flush();
    expect(next.calls).toEqual([]);
    expect(next.state).toEqual({ kept: [], journal: [] });
  });

  it('a request still on its way is handed over too, and its answer then changes nothing', async () => {
    const h = harness();
    h.state.kept = [at('2026-11-30', 1, 1)];
    const flushed = h.sender.flush();
    const call = await h.next(1);
    h.sender.flushOnExit();
    expect(h.calls).toHaveLength(1); // not sent a second time
    expect(h.state.journal).toEqual([at('2026-11-30', 1, 1)]);
    call.answer(202);
    await flushed;
    expect(h.state.kept).toEqual([at('2026-11-30', 1, 1)]); // the note takes them out, once
    await h.sender.flush();
    expect(h.calls).toHaveLength(1);
    expect(h.state).toEqual({ kept: [], journal: [] });
  });

  it('counts handed over come back when the page lives to see them fail', async () => {
    const h = leaving();
    (await h.next(1)).answer(503);
    await vi.waitFor(() => expect(h.errors).toHaveLength(1));
    expect(h.state.kept).toEqual([at('2026-11-30', 2)]); // back in; the note still takes one out
    h.live()[0]!.fn();
    (await h.next(2)).answer(200);
    await h.sender.flush();
    expect(h.calls.map((c) => c.body.impressions)).toEqual([[at('2026-11-30', 1)], [at('2026-11-30', 1)]]);
    expect(h.state).toEqual({ kept: [], journal: [] });
  });

  it('counts handed over and refused for good are dropped and reported', async () => {
    const h = leaving();
    (await h.next(1)).answer(400);
    await vi.waitFor(() =>
      expect(h.errors).toEqual([expect.stringContaining('refused the banner counts of 2026-11-30/3/en with 400')]),
    );
    await h.sender.flush();
    expect(h.calls).toHaveLength(1);
    expect(h.state).toEqual({ kept: [], journal: [] });
  });

  it('hands over nothing when nothing is kept', async () => {
    const h = harness();
    h.sender.flushOnExit();
    await h.sender.flush();
    expect(h.calls).toEqual([]);
  });
});

describe('where the counts are kept', () => {
  const config = configOf(sample);
  const storageOf = (idb: () => IDBFactory | undefined, errors: ConsentError[]) =>
    createBrowserStorage(
      {
        config,
        configHash: configHashOf(config, 'opt-in', sha256),
        stamp: configStamp(sample, null),
        cookies: { get: () => '', set: () => {} },
        copy: { get: () => null, set: () => {}, remove: () => {} },
        indexedDB: idb,
        channel: fakeTabBus().open(),
        now: () => NOW,
        secure: true,
        timeoutMs: 200,
      },
      { onError: (e) => void errors.push(e) },
    );

  it('IndexedDB keeps them for the next page view, changed in one step', async () => {
    const idb = new IDBFactory();
    const errors: ConsentError[] = [];
    const one = storageOf(() => idb, errors);
    await one.counts!((kept) => addCounts(parseCounts(kept), [at('2026-11-30', 1)]));
    await one.counts!((kept) => addCounts(parseCounts(kept), [at('2026-11-30', 1, 1)]));
    one.close();
    const two = storageOf(() => idb, errors);
    expect(parseCounts(await two.counts!())).toEqual([at('2026-11-30', 2, 1)]);
    expect(errors).toEqual([]);
  });

  it('without IndexedDB, memory keeps them for the page view (reported once)', async () => {
    const errors: ConsentError[] = [];
    const s = storageOf(() => undefined, errors);
    expect(await s.counts!((kept) => addCounts(parseCounts(kept), [at('2026-11-30', 1)]))).toEqual([
      at('2026-11-30', 1),
    ]);
    expect(parseCounts(await s.counts!())).toEqual([at('2026-11-30', 1)]);
    expect(errors.map((e) => e.code)).toEqual(['storage/unavailable']);
  });

  it('the memory storage keeps them too', async () => {
    const s = createMemoryStorage();
    expect(await s.counts()).toBeUndefined();
    await s.counts((kept) => addCounts(parseCounts(kept), [at('2026-11-30', 1)]));
    expect(await s.counts()).toEqual([at('2026-11-30', 1)]);
  });
});

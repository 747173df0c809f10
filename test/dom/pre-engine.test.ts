// @vitest-environment happy-dom
// The first layer's instance before the engine (ui/pre-engine.ts): a decision hides the banner at
// once; an engine not there yet starts after the click's frame (its first start wires the page, about
// 30 ms of main thread at 4x throttle: not in the click's own task, INP); an engine already there
// records at once (a page left right after the click must not lose the decision to a frame); a
// decision made before the engine arrives is marked for the next page at once.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Config } from '../../src/core/config-types';
import { MARK_KEY } from '../../src/dom/pending-mark';
import { COPY_KEY } from '../../src/store/keys';
import type { Consent } from '../../src/instance/types';
import { preEngine, type EngineHandle } from '../../src/ui/pre-engine';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** An engine instance with what preEngine uses of it; each decision it is given makes a new one. */
function fakeInstance(): Consent & { acceptAll: ReturnType<typeof vi.fn> } {
  const acceptAll = vi.fn(() => Promise.resolve(null));
  const rejectAll = vi.fn(() => Promise.resolve(null));
  const made = (): number => acceptAll.mock.calls.length + rejectAll.mock.calls.length;
  return {
    ready: Promise.resolve(),
    needsPrompt: { peek: () => true, subscribe: (fn: (v: boolean) => void) => (fn(true), () => {}) },
    state: { peek: () => ({ purposes: {}, decision: made() ? { id: `made-${made()}` } : null }) },
    acceptAll,
    rejectAll,
  } as unknown as Consent & { acceptAll: ReturnType<typeof vi.fn> };
}

function setUp(loadedAlready: boolean) {
  const instance = fakeInstance();
  let resolveLoaded = (_: Consent | undefined): void => {};
  const loaded = new Promise<Consent | undefined>((r) => (resolveLoaded = r));
  const start = vi.fn(() => (resolveLoaded(instance), Promise.resolve(instance as Consent)));
  if (loadedAlready) resolveLoaded(instance);
  const first = preEngine({} as Config, { start, loaded }, () => {});
  const prompts: boolean[] = [];
  first.needsPrompt.subscribe((v) => void prompts.push(v));
  return { first, start, instance, prompts };
}

describe('a decision in the first layer', () => {
  it('with the engine not there yet: the banner goes at once, the engine starts after the frame, then records', async () => {
    const { first, start, instance, prompts } = setUp(false);
    const done = first.acceptAll();
    expect(prompts).toEqual([true, false]); // hidden in the click's own task
    expect(start).not.toHaveBeenCalled(); // not in the click's task
    await vi.advanceTimersByTimeAsync(40); // a frame, then a task
    expect(start).toHaveBeenCalledTimes(1);
    await done;
    expect(instance.acceptAll).toHaveBeenCalledTimes(1);
  });

  it('two decisions before the engine arrives are applied in the order they were made', async () => {
    const { first, instance } = setUp(false);
    const order: string[] = [];
    instance.acceptAll.mockImplementation(() => (order.push('accept'), Promise.resolve(null)));
    (instance.rejectAll as ReturnType<typeof vi.fn>).mockImplementation(
      () => (order.push('reject'), Promise.resolve(null)),
    );
    const both = Promise.all([first.acceptAll(), first.rejectAll()]);
    await vi.advanceTimersByTimeAsync(40);
    await both;
    expect(order).toEqual(['accept', 'reject']);
  });

  it('an engine that fails: the decision rejects (nothing was recorded) and the UI is removed', async () => {
    let resolveLoaded = (_: Consent | undefined): void => {};
    const loaded = new Promise<Consent | undefined>((r) => (resolveLoaded = r));
    const start = vi.fn(() => (resolveLoaded(undefined), Promise.resolve(undefined)));
    const fail = vi.fn();
    const first = preEngine({} as Config, { start, loaded }, fail);
    const done = first.acceptAll();
    const settled = done.then(
      () => 'resolved',
      () => 'rejected',
    );
    await vi.advanceTimersByTimeAsync(40);
    expect(await settled).toBe('rejected');
    expect(fail).toHaveBeenCalled();
  });

  it('with the engine there: it records without waiting for a frame', async () => {
    const { first, start, instance } = setUp(true);
    await vi.advanceTimersByTimeAsync(0); // the engine's `ready` is seen
    const done = first.acceptAll();
    await vi.advanceTimersByTimeAsync(0); // pending microtasks and due timers only: no frame
    expect(start).toHaveBeenCalledTimes(1);
    await done;
    expect(instance.acceptAll).toHaveBeenCalledTimes(1);
  });

  it('a decision made once the engine is there still waits for the one made before it (order kept)', async () => {
    const instance = fakeInstance();
    const order: string[] = [];
    instance.acceptAll.mockImplementation(() => (order.push('accept'), Promise.resolve(null)));
    (instance.rejectAll as ReturnType<typeof vi.fn>).mockImplementation(
      () => (order.push('reject'), Promise.resolve(null)),
    );
    let arrive = (_: Consent | undefined): void => {};
    const loaded = new Promise<Consent | undefined>((r) => (arrive = r));
    const first = preEngine({} as Config, { start: () => Promise.resolve(instance), loaded }, () => {});
    const accept = first.acceptAll(); // waits for the click's frame
    // The engine arrives before that frame (another trigger loaded it): the next decision needs no
    // frame, and must still not overtake the first.
    arrive(instance);
    await vi.advanceTimersByTimeAsync(0); // the engine's `ready` is seen; no frame
    const reject = first.rejectAll();
    await vi.advanceTimersByTimeAsync(200);
    await Promise.all([accept, reject]);
    expect(order).toEqual(['accept', 'reject']);
  });
});

describe('engine.settled: what the panel and window.Candor’s decisions wait for', () => {
  it('resolves only once the banner’s decision has reached an engine whose `ready` came late', async () => {
    const instance = fakeInstance();
    let isReady = (): void => {};
    Object.assign(instance, { ready: new Promise<void>((r) => (isReady = r)) });
    const loaded = Promise.resolve(instance as Consent);
    const handle: EngineHandle = { start: () => loaded, loaded };
    const first = preEngine({} as Config, handle, () => {});
    expect(handle.settled).toBeUndefined(); // no decision: nothing to wait for
    void first.acceptAll();
    let settled = false;
    void handle.settled!.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(200); // the frame passed, the engine is there, its `ready` is not
    expect(instance.acceptAll).not.toHaveBeenCalled();
    expect(settled).toBe(false);
    isReady();
    await vi.advanceTimersByTimeAsync(0);
    expect(instance.acceptAll).toHaveBeenCalledTimes(1);
    expect(settled).toBe(true);
  });

  it('resolves once the decision is applied, without waiting for it to be stored (after the next paint)', async () => {
    const instance = fakeInstance();
    instance.acceptAll.mockImplementation(() => new Promise(() => {})); // stored never, here
    const loaded = Promise.resolve(instance as Consent);
    const handle: EngineHandle = { start: () => loaded, loaded };
    const first = preEngine({} as Config, handle, () => {});
    void first.acceptAll();
    let settled = false;
    void handle.settled!.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(200);
    expect(instance.acceptAll).toHaveBeenCalledTimes(1);
    expect(settled).toBe(true);
  });

  it('resolves when the engine failed too (the panel then reports its own failure)', async () => {
    const loaded = Promise.resolve(undefined);
    const handle: EngineHandle = { start: () => loaded, loaded };
    const first = preEngine({} as Config, handle, () => {});
    const done = first.acceptAll();
    done.catch(() => {});
    const settled = handle.settled;
    await vi.advanceTimersByTimeAsync(200);
    await expect(settled).resolves.toBeUndefined();
    await expect(done).rejects.toBeUndefined();
  });
});

describe('a decision made elsewhere while the banner’s waited for the engine', () => {
  it('the engine gets the click’s time (DecisionOptions.madeAt), with the options the banner gave', async () => {
    const { first, instance } = setUp(false);
    const clicked = Date.now();
    const done = first.acceptAll({ method: 'banner:accept-all', locale: 'de' });
    await vi.advanceTimersByTimeAsync(200); // the frame, the engine, its `ready`
    await done;
    // 1 ms after it when marked (no engine yet): a time no clock of this page read before the click.
    expect(instance.acceptAll).toHaveBeenCalledWith({ method: 'banner:accept-all', locale: 'de', madeAt: clicked + 1 });
    expect(Date.now()).toBeGreaterThan(clicked); // applied later than it was made
  });

  it('when the engine records nothing for it (a newer decision made elsewhere stands), it rejects: nothing is announced', async () => {
    const { first, instance } = setUp(false);
    // The engine yields: its state keeps the decision made elsewhere (DecisionOptions.madeAt).
    Object.assign(instance, { state: { peek: () => ({ purposes: {}, decision: { id: 'made-elsewhere' } }) } });
    const outcome = first.rejectAll().then(
      () => 'recorded',
      () => 'not recorded',
    );
    await vi.advanceTimersByTimeAsync(200);
    expect(await outcome).toBe('not recorded');
    expect(instance.rejectAll).toHaveBeenCalledTimes(1);
  });
});

describe('the mark for the next page (dom/pending-mark.ts): a decision made before the engine arrives', () => {
  beforeEach(() => localStorage.clear());
  const CONFIG = { policy: { revision: 3 } } as unknown as Config;

  it('is kept at once, in the click’s own task: the decision, the options shown, when, the config, and an id drawn at the tap', () => {
    const instance = fakeInstance();
    const first = preEngine(
      CONFIG,
      { start: () => Promise.resolve(instance), loaded: new Promise(() => {}) },
      () => {},
    );
    const clicked = Date.now();
    void first.rejectAll({ method: 'banner:reject-all', locale: 'de' });
    const mark = JSON.parse(localStorage.getItem(COPY_KEY)!) as unknown[];
    expect(mark).toEqual([
      'rejectAll',
      { method: 'banner:reject-all', locale: 'de' },
      clicked + 1, // no clock of this page read that time before the click (instance/tap-ids.ts)
      CONFIG,
      expect.any(String),
    ]);
    // crypto.randomUUID's: a new one at every tap (instance/tap-ids.ts draws the record's ids from it).
    expect(mark[4]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    void first.acceptAll({ method: 'banner:accept-all' });
    expect((JSON.parse(localStorage.getItem(COPY_KEY)!) as unknown[])[4]).not.toBe(mark[4]);
  });

  it('has no id on a page without crypto.randomUUID (plain http): null, and the engine draws random ids', () => {
    vi.stubGlobal('crypto', { getRandomValues: crypto.getRandomValues.bind(crypto) });
    try {
      const first = preEngine(
        CONFIG,
        { start: () => Promise.resolve(fakeInstance()), loaded: new Promise(() => {}) },
        () => {},
      );
      void first.acceptAll({ method: 'banner:accept-all' });
      expect((JSON.parse(localStorage.getItem(COPY_KEY)!) as unknown[])[4]).toBeNull();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('is not kept once the engine is there: the decision is applied in the same task’s microtasks', async () => {
    const { first, instance } = setUp(true);
    await vi.advanceTimersByTimeAsync(0); // the engine's `ready` is seen
    const done = first.acceptAll();
    expect(localStorage.getItem(COPY_KEY)).toBeNull();
    await done;
    expect(instance.acceptAll).toHaveBeenCalledTimes(1);
  });

  it('where localStorage throws, the banner still goes at once and the engine still records it', async () => {
    const setItem = vi.spyOn(localStorage, 'setItem').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    try {
      const { first, instance, prompts } = setUp(false);
      const done = first.acceptAll();
      expect(prompts).toEqual([true, false]);
      await vi.advanceTimersByTimeAsync(200);
      await done;
      expect(instance.acceptAll).toHaveBeenCalledTimes(1);
      expect(setItem).toHaveBeenCalled();
    } finally {
      setItem.mockRestore();
    }
  });

  it('its key is the cookie copy’s (written out in dom/, which imports only core/)', () => {
    expect(MARK_KEY).toBe(COPY_KEY);
  });
});

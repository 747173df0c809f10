/**
 * The script tag loads the engine only when it is needed (issue 16): a returning visitor whose
 * cookie answers does not load it until an action, `ready`, or one of the loader's triggers
 * (expiry, another tab, an undelivered outbox) asks for it. Gated scripts queued behind another
 * run in tasks of their own.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import { watchEngineTriggers } from '../../src/loader/engine-triggers';
import { createFacade, type EngineModule } from '../../src/loader/facade';
import { createScriptPolicy, createScriptQueue } from '../../src/gate/scripts';
import { CHANNEL_NAME, COPY_KEY, OUTBOX_FLAG_KEY } from '../../src/store/keys';
import { analyticsGrants, sample } from './fixtures';

const NOW = Date.parse('2026-11-30T10:00:00Z');
const DAY = 86_400_000;
const engine: EngineModule = { createConsent: createConsent as EngineModule['createConsent'] };
const fast = analyticsGrants(NOW + DAY);

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('window.Candor loads the engine only when needed', () => {
  it('answers has(), on() and whenGranted() for what the cookie grants without loading it', async () => {
    const load = vi.fn(() => Promise.resolve(engine));
    const { candor } = createFacade(
      load,
      () => sample,
      {},
      vi.fn(),
      fast,
      () => NOW,
    );
    expect(candor.has('analytics')).toBe(true);
    expect(candor.has('marketing')).toBe(false);
    const change = vi.fn();
    candor.on('change', change);
    await candor.whenGranted('analytics');
    expect(candor.config).toBeUndefined();
    expect(candor.state).toBeUndefined();
    expect(load).not.toHaveBeenCalled();
  });

  it('loads it for an action, and for reading ready, once', async () => {
    const load = vi.fn(() => Promise.resolve(engine));
    const { candor } = createFacade(
      load,
      () => sample,
      {},
      vi.fn(),
      fast,
      () => NOW,
    );
    const change = vi.fn();
    candor.on('change', change); // registered before: attached when the engine arrives
    await candor.rejectAll();
    await candor.ready;
    expect(load).toHaveBeenCalledTimes(1);
    expect(candor.config?.policy.revision).toBe(3);
    expect(candor.has('analytics')).toBe(false);
    expect(change).toHaveBeenCalledTimes(1);
  });

  it('a decision through the API waits for the first layer’s earlier ones (facade.settled): it is never overtaken', async () => {
    const facade = createFacade(
      () => Promise.resolve(engine),
      () => sample,
      {},
      vi.fn(),
      null,
      () => NOW,
    );
    const instance = (await facade.start())!;
    await instance.ready;
    let bannerDone = (): void => {};
    // The first layer's Accept all, still waiting for the engine's `ready` (ui/pre-engine.ts).
    facade.settled = new Promise<void>((r) => (bannerDone = r)).then(() =>
      instance.acceptAll({ method: 'banner:accept-all' }),
    );
    const rejected = facade.candor.rejectAll();
    await Promise.resolve();
    expect(instance.state.peek().decision).toBeNull(); // the page's call waits
    bannerDone();
    await rejected;
    expect(instance.state.peek().decision?.method).toBe('api'); // the later call is the last word
    expect(facade.candor.has('analytics')).toBe(false);
    expect((await facade.candor.records()).map((r) => r.method)).toEqual(['api', 'banner:accept-all']);
  });

  it('a decision through the API made before a banner click does not wait for it (it is applied first)', async () => {
    let arrive = (_: EngineModule): void => {};
    const facade = createFacade(
      () => new Promise<EngineModule>((r) => (arrive = r)),
      () => sample,
      {},
      vi.fn(),
      null,
      () => NOW,
    );
    const granted = facade.candor.update({ services: { ga4: true } }, { method: 'placeholder' }); // a placeholder's grant
    // Then the banner's Reject all, applied once the engine's `ready` has come (ui/pre-engine.ts).
    let bannerDone = (): void => {};
    const banner = new Promise<void>((r) => (bannerDone = r))
      .then(() => facade.loaded)
      .then((i) => i!.rejectAll({ method: 'banner:reject-all' }));
    facade.settled = banner;
    arrive(engine);
    await granted; // applied without waiting for the later click
    expect(facade.candor.has('ga4')).toBe(true);
    bannerDone();
    await banner;
    expect(facade.candor.has('ga4')).toBe(false); // the later click is the last word
    expect((await facade.candor.records()).map((r) => r.method)).toEqual(['banner:reject-all', 'placeholder']);
  });

  it('a whenGranted() the cookie does not answer waits for the engine without loading it', async () => {
    const load = vi.fn(() => Promise.resolve(engine));
    const { candor, start } = createFacade(
      load,
      () => sample,
      {},
      vi.fn(),
      fast,
      () => NOW,
    );
    let granted = false;
    void candor.whenGranted('marketing').then(() => (granted = true));
    await Promise.resolve();
    expect(load).not.toHaveBeenCalled();
    await start();
    await candor.ready;
    await candor.acceptAll();
    await vi.waitFor(() => expect(granted).toBe(true));
  });
});

describe('window.Candor’s decisions are dated when asked for (DecisionOptions.madeAt)', () => {
  it('each decision gets the time of its call, in its options argument, keeping what the page gave', async () => {
    const decide = () => vi.fn(() => Promise.resolve(null));
    const instance = {
      ready: Promise.resolve(),
      acceptAll: decide(),
      rejectAll: decide(),
      update: decide(),
      withdraw: decide(),
    };
    const load = () => Promise.resolve({ createConsent: () => instance } as unknown as EngineModule);
    let t = NOW;
    const { candor } = createFacade(
      load,
      () => sample,
      {},
      vi.fn(),
      null,
      () => t,
    );
    // Asked for before the engine has arrived; applied once it has, later.
    const calls = [
      candor.acceptAll({ method: 'banner:accept-all' }),
      candor.update({ services: { youtube: true } }, { method: 'placeholder' }),
      candor.withdraw(),
      candor.rejectAll({ madeAt: NOW - 5 }),
    ];
    t = NOW + 1_000;
    await Promise.all(calls);
    expect(instance.acceptAll).toHaveBeenCalledWith({ madeAt: NOW, method: 'banner:accept-all' });
    expect(instance.update).toHaveBeenCalledWith(
      { services: { youtube: true } },
      { madeAt: NOW, method: 'placeholder' },
    );
    expect(instance.withdraw).toHaveBeenCalledWith({ madeAt: NOW });
    expect(instance.rejectAll).toHaveBeenCalledWith({ madeAt: NOW - 5 }); // the page's own
  });
});

describe('the loader’s engine triggers', () => {
  const storage = (flag: boolean) => ({ getItem: (k: string) => (k === OUTBOX_FLAG_KEY && flag ? '1' : null) });
  const page = (flag = false) => {
    const win = new EventTarget();
    vi.stubGlobal('addEventListener', win.addEventListener.bind(win));
    vi.stubGlobal('removeEventListener', win.removeEventListener.bind(win));
    vi.stubGlobal('localStorage', storage(flag));
    vi.stubGlobal('window', { requestIdleCallback: (fn: () => void) => setTimeout(fn, 0) });
    return win;
  };
  const storageEvent = (key: string) => Object.assign(new Event('storage'), { key });

  it('start the engine when the decision expires, once', () => {
    vi.useFakeTimers({ now: NOW });
    page();
    const start = vi.fn();
    watchEngineTriggers(start, NOW + 1000, () => NOW);
    vi.advanceTimersByTime(999);
    expect(start).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(start).toHaveBeenCalledTimes(1);
  });

  it('start it when another tab decides (its copy of the cookie or the channel fallback), not for other keys', () => {
    const win = page();
    vi.stubGlobal('BroadcastChannel', undefined);
    const start = vi.fn();
    watchEngineTriggers(start, NOW + DAY, () => NOW);
    win.dispatchEvent(storageEvent('candor:v1:launcher'));
    expect(start).not.toHaveBeenCalled();
    win.dispatchEvent(storageEvent(COPY_KEY));
    win.dispatchEvent(storageEvent(CHANNEL_NAME));
    expect(start).toHaveBeenCalledTimes(1);
  });

  it('start it on a message on the tabs’ BroadcastChannel', async () => {
    page();
    const start = vi.fn();
    watchEngineTriggers(start, NOW + DAY, () => NOW);
    const other = new BroadcastChannel(CHANNEL_NAME);
    other.postMessage({ candor: 1 });
    await vi.waitFor(() => expect(start).toHaveBeenCalledTimes(1));
    other.close();
  });

  it('start it when the outbox still holds records from an earlier page, and not otherwise', async () => {
    page(true);
    const start = vi.fn();
    watchEngineTriggers(start, NOW + DAY, () => NOW);
    await vi.waitFor(() => expect(start).toHaveBeenCalledTimes(1));
    page(false);
    const idle = vi.fn();
    watchEngineTriggers(idle, NOW + DAY, () => NOW);
    await new Promise((r) => setTimeout(r, 5));
    expect(idle).not.toHaveBeenCalled();
  });
});

describe('released scripts', () => {
  /** A gated `<script>` as the queue sees it; `ran` gets its id when it is revived (replaced). */
  const fakeScript = (ran: string[], id: string, condition = 'analytics', src?: string) => {
    const attrs: Record<string, string> = { 'data-consent': condition, ...(src ? { 'data-src': src } : {}) };
    return {
      attributes: [],
      textContent: id,
      nonce: '',
      hasAttribute: (n: string) => n in attrs,
      setAttribute: (n: string, v: string) => void (attrs[n] = v),
      removeAttribute: (n: string) => void delete attrs[n],
      getAttribute: (n: string) => attrs[n] ?? null,
      replaceWith: () => void ran.push(id),
      dispatchEvent: () => true, // its copy's load, told to the page's listeners on it
      attrs,
    };
  };
  /** A document whose new scripts report `load` through `loads`. */
  const fakeDoc = (loads: (() => void)[] = []) => ({
    createElement: () => ({
      setAttribute() {},
      nonce: '',
      addEventListener: (type: string, fn: () => void) => type === 'load' && loads.push(fn),
    }),
  });
  /** The queue, for scripts of `doc` (each new script is made by its `ownerDocument`). */
  const queue = (doc: ReturnType<typeof fakeDoc>, has: (c: string) => boolean) => {
    const enqueue = createScriptQueue(
      createScriptPolicy({}),
      (e) => {
        throw e;
      },
      has,
    );
    return (old: object) => enqueue(Object.assign(old, { ownerDocument: doc }) as never);
  };

  it('each script queued behind another runs in a task of its own', async () => {
    const ran: string[] = [];
    const enqueue = queue(fakeDoc(), () => true);
    enqueue(fakeScript(ran, 'a') as never);
    enqueue(fakeScript(ran, 'b') as never);
    for (let i = 0; i < 50; i++) await Promise.resolve(); // every microtask of this task
    expect(ran).toEqual(['a']); // b waits for a later task
    await new Promise((r) => setTimeout(r, 0));
    await vi.waitFor(() => expect(ran).toEqual(['a', 'b']));
  });

  it('a script queued behind a slow one runs only if it is still granted when its turn comes, and again once granted again', async () => {
    const ran: string[] = [];
    const loads: (() => void)[] = [];
    const granted = new Set(['analytics', 'marketing']);
    const enqueue = queue(fakeDoc(loads), (c) => granted.has(c));
    const slow = fakeScript(ran, 'gtag', 'analytics', 'https://www.googletagmanager.com/gtag/js');
    const pixel = fakeScript(ran, 'pixel', 'marketing');
    enqueue(slow as never);
    enqueue(pixel as never);
    await vi.waitFor(() => expect(ran).toEqual(['gtag'])); // inserted; the pixel waits for it to load
    granted.delete('marketing'); // the visitor takes marketing back while gtag.js is on its way
    loads[0]!();
    await new Promise((r) => setTimeout(r, 5));
    expect(ran).toEqual(['gtag']); // the pixel did not run
    expect(pixel.attrs['data-candor']).toBeUndefined(); // waiting again, unmarked
    granted.add('marketing');
    enqueue(pixel as never); // what the gate does on the next grant
    await vi.waitFor(() => expect(ran).toEqual(['gtag', 'pixel']));
    enqueue(pixel as never);
    await new Promise((r) => setTimeout(r, 5));
    expect(ran).toEqual(['gtag', 'pixel']); // once
  });
});

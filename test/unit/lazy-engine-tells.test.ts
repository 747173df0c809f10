// @vitest-environment happy-dom
/**
 * Before the engine has loaded, what the cookie answers is told to the page (Consent Mode, the
 * gate, the dataLayer: the page wiring's `known`) whenever that answer changes, not only once the
 * engine speaks: a Google tag already running reads Consent Mode, not `has()`.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toSiteView } from '../../src/core/site-view';
import { fetchJson } from '../../src/dom/fetch-json';
import { afterPaint } from '../../src/instance/after-paint';
import { createConsent } from '../../src/instance/create-consent';
import type { ConsentEvents, ConsentOptions } from '../../src/instance/types';
import { createMemoryStorage } from '../../src/store/memory';
import { replayChange } from '../../src/loader/engine-events';
import { watchAddedElements } from '../../src/dom/added-elements';
import { createFacade, type EngineModule, type Facade } from '../../src/loader/facade';
import type { FastGrants } from '../../src/loader/fast-path';
import { wireReturning } from '../../src/loader/returning';
import { cookieGrants, cookieNowSays, DAY, NOW, rereadAs, sample } from './fixtures';

const granted: FastGrants = cookieGrants({ analytics: true });
const refused: FastGrants = cookieGrants({ analytics: false });
const never = (): Promise<EngineModule> => new Promise(() => {});

/** A facade over `sample`: the cookie answered `fast` (default `granted`) at boot, `reread` when read again (fixtures.ts `rereadAs`). */
const facadeOf = (o: {
  load: () => Promise<EngineModule>;
  options?: ConsentOptions;
  report?: (message: string) => void;
  fast?: FastGrants | null;
  now?: () => number;
  reread: (was?: FastGrants | null) => FastGrants | null;
}): Facade => {
  const facade = createFacade(
    o.load,
    () => sample,
    o.options ?? {},
    o.report ?? vi.fn(),
    o.fast === undefined ? granted : o.fast,
    o.now ?? (() => NOW),
    o.reread,
  );
  // The page's one observer of added elements, as the page wiring sets it on every page before
  // either chunk loads (loader/page-wiring.ts; the chunks' follow-body.ts relies on it).
  facade.added = watchAddedElements(document);
  return facade;
};

/**
 * What the page wiring sets on `facade` on every page (loader/page-wiring.ts), a returning
 * visitor's too, where the page chunk and its `hooks` never load: `told` holds what
 * has('analytics') answered each time the page was told.
 */
function tell(facade: Facade): boolean[] {
  const told: boolean[] = [];
  facade.known = () => void told.push(facade.candor.has('analytics'));
  return told;
}

afterEach(() => {
  vi.useRealTimers();
});

/** Resolves after what `afterPaint` was asked to run before it (the replay of what the engine read). */
const nextFrame = (): Promise<void> => new Promise((r) => afterPaint(() => r()));

describe('the page is told what the cookie answers before the engine has loaded', () => {
  it('on a back/forward restore where another page changed the decision (the engine not needed to tell it, but brought in)', () => {
    const load = vi.fn(never);
    const facade = facadeOf({ load, reread: cookieNowSays(refused) });
    const told = tell(facade);
    dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
    expect(facade.candor.has('analytics')).toBe(false);
    expect(told).toEqual([false]); // Consent Mode and the dataLayer hear of the withdrawal too, before the engine
    expect(load).toHaveBeenCalledTimes(1); // which brings it to events, whenGranted and state
  });

  it('on a back/forward restore where nothing changed: no engine', () => {
    const load = vi.fn(never);
    const facade = facadeOf({ load, reread: rereadAs(refused) });
    const told = tell(facade);
    dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
    expect(told).toEqual([true]);
    expect(load).not.toHaveBeenCalled();
  });

  it('when the engine fails to load after the cookie had answered', async () => {
    const report = vi.fn();
    const facade = facadeOf({
      load: () => Promise.reject(new Error('net::ERR_FAILED')),
      report: report,
      reread: rereadAs(granted),
    });
    const told = tell(facade);
    await facade.start();
    expect(facade.candor.has('analytics')).toBe(false);
    expect(told).toEqual([false]);
    expect(report).toHaveBeenCalledTimes(1);
  });

  it('when the engine fails to load on a page the cookie did not answer: told once, nothing granted (the Consent Mode defaults of a region are taken back)', async () => {
    const report = vi.fn();
    const facade = facadeOf({
      load: () => Promise.reject(new Error('net::ERR_FAILED')),
      report,
      fast: null,
      reread: rereadAs(null),
    });
    const told = tell(facade);
    await facade.start();
    expect(told).toEqual([false]);
    expect(report).toHaveBeenCalledTimes(1);
  });

  it('when the decision expires, at once, not only once the engine has loaded', async () => {
    vi.useFakeTimers({ now: NOW });
    const until = NOW + 1000;
    const load = vi.fn(never);
    const facade = facadeOf({ load, fast: { ...granted, until }, now: Date.now, reread: rereadAs(null) });
    const known = vi.fn(() => facade.candor.has('analytics'));
    const page = vi.fn(never as never);
    wireReturning(
      facade,
      { ...toSiteView(sample), launcher: false },
      {
        until,
        locale: 'en',
        base: 'http://localhost/',
        json: fetchJson,
        known,
        page,
        gate: undefined, // no marked elements: wired at once
      },
    );
    await vi.advanceTimersByTimeAsync(999);
    expect(load).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(load).toHaveBeenCalledTimes(1);
    expect(known).toHaveBeenCalled();
    expect(known.mock.results.at(-1)?.value).toBe(false);
    expect(page).not.toHaveBeenCalled(); // the UI loader only when the launcher or the panel is used
  });
});

describe('listeners registered before the engine hear what changed while it was away', () => {
  it('the launcher and the triggers wait for the gate to have run the tags, at most 3 s', async () => {
    vi.useFakeTimers({ now: NOW });
    const load = vi.fn(never);
    const facade = facadeOf({ load, now: Date.now, reread: rereadAs(null) });
    const wiredAfter = async (gate: Promise<unknown>, ms: number): Promise<boolean> => {
      const known = vi.fn(() => facade.candor.has('analytics'));
      const view = { ...toSiteView(sample), launcher: false };
      wireReturning(facade, view, {
        until: NOW + DAY,
        locale: 'en',
        base: 'http://localhost/',
        json: fetchJson,
        known,
        page: () => new Promise(() => {}),
        gate,
      });
      await vi.advanceTimersByTimeAsync(ms);
      return known.mock.calls.length > 0; // the chunk tells the page once it is wired
    };
    let ran = (): void => {};
    const gate = new Promise<void>((r) => (ran = r));
    expect(await wiredAfter(gate, 2000)).toBe(false);
    ran();
    await vi.advanceTimersByTimeAsync(0);
    expect(await wiredAfter(gate, 0)).toBe(true);
    // A gate that never answers (a stalled request) holds the launcher and the triggers 3 s at most.
    expect(await wiredAfter(new Promise(() => {}), 2999)).toBe(false);
    expect(await wiredAfter(new Promise(() => {}), 3000)).toBe(true);
  });

  it('a withdrawal in another tab (read once the engine loads) is a change event, on() and candor:change', async () => {
    // Another tab rejected everything: the store this page's engine will read.
    const storage = createMemoryStorage();
    const other = createConsent(sample, { storage, now: () => NOW, gpc: false });
    await other.ready;
    await other.rejectAll();
    const engine: EngineModule = { createConsent: createConsent as EngineModule['createConsent'], replayChange };
    const facade = facadeOf({
      load: () => Promise.resolve(engine),
      options: { storage, now: () => NOW, gpc: false },
      reread: rereadAs(granted),
    });
    const heard: ConsentEvents['change'][] = [];
    facade.candor.on('change', (e) => heard.push(e));
    const dom: unknown[] = [];
    document.addEventListener('candor:change', (e) => dom.push((e as CustomEvent).detail));
    expect(facade.candor.has('analytics')).toBe(true); // what the page was answered from the cookie
    await facade.candor.ready; // the trigger (another tab's message) loads the engine
    expect(facade.candor.has('analytics')).toBe(false);
    await nextFrame(); // told after the next frame (engine-events.ts)
    expect(heard.map((e) => [e.previous.purposes['analytics'], e.state.purposes['analytics']])).toEqual([
      [true, false],
    ]);
    expect(dom).toHaveLength(1);
  });

  it('a withdrawal found on a back/forward restore is a change event once the engine loads', async () => {
    const storage = createMemoryStorage();
    const other = createConsent(sample, { storage, now: () => NOW, gpc: false });
    await other.ready;
    await other.rejectAll();
    const refusedAll = { ...granted, purposes: { ...other.state.peek().purposes }, services: {} };
    const engine: EngineModule = { createConsent: createConsent as EngineModule['createConsent'], replayChange };
    const facade = facadeOf({
      load: () => Promise.resolve(engine),
      options: { storage, now: () => NOW, gpc: false },
      reread: cookieNowSays(refusedAll),
    });
    const heard = vi.fn();
    facade.candor.on('change', heard);
    dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true })); // the cookie now says: refused
    expect(facade.candor.has('analytics')).toBe(false);
    await facade.candor.ready; // later: the launcher, say
    await nextFrame();
    expect(heard).toHaveBeenCalledTimes(1);
  });

  it('no change event when the engine agrees with the cookie', async () => {
    const engine: EngineModule = { createConsent: createConsent as EngineModule['createConsent'], replayChange };
    const storage = createMemoryStorage();
    const other = createConsent(sample, { storage, now: () => NOW, gpc: false });
    await other.ready;
    await other.update({ purposes: { analytics: true } });
    const same = {
      ...granted,
      purposes: { ...other.state.peek().purposes },
      services: { ...other.state.peek().services },
    };
    const facade = facadeOf({
      load: () => Promise.resolve(engine),
      options: { storage, now: () => NOW, gpc: false },
      fast: same,
      reread: rereadAs(same),
    });
    const heard = vi.fn();
    facade.candor.on('change', heard);
    await facade.candor.ready;
    await nextFrame();
    expect(heard).not.toHaveBeenCalled();
  });

  it('no change event for a placeholder’s grant alone (the engine answers for the necessary purpose the cookie does not)', async () => {
    const engine: EngineModule = { createConsent: createConsent as EngineModule['createConsent'], replayChange };
    const storage = createMemoryStorage();
    const other = createConsent(sample, { storage, now: () => NOW, gpc: false });
    await other.ready;
    await other.update({ services: { ga4: true } }, { method: 'placeholder' });
    const none = Object.fromEntries(Object.keys(other.state.peek().purposes).map((k) => [k, false]));
    const servicesOnly = { ...cookieGrants(none), services: { ga4: true }, servicesOnly: true };
    const facade = facadeOf({
      load: () => Promise.resolve(engine),
      options: { storage, now: () => NOW, gpc: false },
      fast: servicesOnly,
      reread: rereadAs(servicesOnly),
    });
    const heard = vi.fn();
    facade.candor.on('change', heard);
    await facade.candor.ready;
    await nextFrame();
    expect(facade.candor.has('ga4')).toBe(true);
    expect(heard).not.toHaveBeenCalled();
  });
});

/**
 * A page restored from the back/forward cache re-reads the decision (cookie, then IndexedDB)
 * before it answers `has()`: the scenario WebKit showed (accept here, reject on another page whose
 * tab message never reached this frozen page, Back). The window is a plain EventTarget.
 */
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { configHashOf, configStamp } from '../../src/core/policy';
import { sha256 } from '../../src/core/sha256';
import { createConsent } from '../../src/instance/create-consent';
import { onPageRestore, onPageVisible } from '../../src/instance/page-restore';
import type { ConsentEvents } from '../../src/instance/types';
import { createFacade, type EngineModule } from '../../src/loader/facade';
import { createBrowserStorage } from '../../src/store/browser';
import type { TabChannel } from '../../src/store/channel';
import { NOW, configOf, cookieGrants, cookieNowSays, rereadAs, sample } from './fixtures';

const config = configOf(sample);
const configHash = configHashOf(config, 'opt-in', sha256);
const stamp = configStamp(sample, null);

/** A channel that delivers nothing: the frozen page misses the other page's message. */
const deaf = (): TabChannel => ({ post: () => {}, subscribe: () => () => {}, close: () => {} });

/** One browser profile: a cookie jar, this origin's copy of the cookie and IndexedDB, shared by its pages. */
function profile() {
  let cookie = '';
  let copy: string | null = null;
  const idb = new IDBFactory();
  let t = NOW;
  const page = () =>
    createConsent(sample, {
      now: () => t,
      storage: (ctx) =>
        createBrowserStorage(
          {
            config,
            configHash,
            stamp,
            cookies: { get: () => cookie, set: (c) => void (cookie = c.split(';')[0]!) },
            copy: { get: () => copy, set: (v) => void (copy = v), remove: () => void (copy = null) },
            indexedDB: () => idb,
            channel: deaf(),
            now: () => t,
            secure: false,
          },
          ctx,
        ),
    });
  return { page, later: (ms: number) => void (t += ms) };
}

const pageshow = (persisted: boolean): Event => Object.assign(new Event('pageshow'), { persisted });

let win: EventTarget;
beforeEach(() => {
  win = new EventTarget();
  vi.stubGlobal('addEventListener', win.addEventListener.bind(win));
  vi.stubGlobal('removeEventListener', win.removeEventListener.bind(win));
});
afterEach(() => void vi.unstubAllGlobals());

describe('back/forward cache restore', () => {
  it('re-reads the decision another page made while this one was cached: the cookie at once, then IndexedDB; one change event', async () => {
    const p = profile();
    const home = p.page();
    await home.ready;
    await home.acceptAll();
    p.later(1_000);
    const privacy = p.page(); // the next page; its message to the cached page is lost
    await privacy.ready;
    const reject = await privacy.rejectAll();
    expect(home.has('marketing')).toBe(true); // what WebKit answered after Back

    const changes: ConsentEvents['change'][] = [];
    home.on('change', (e) => changes.push(e));
    win.dispatchEvent(pageshow(true));
    expect(home.has('marketing')).toBe(false); // synchronously, from the cookie
    expect(home.state.value.decision?.id).toBe(reject!.id);
    await vi.waitFor(() => expect(home.state.value.subject).toBe(reject!.subject));
    expect(changes.map((e) => [e.source, e.previous.purposes['marketing'], e.state.purposes['marketing']])).toEqual([
      ['storage', true, false],
    ]);
    expect(home.needsPrompt.value).toBe(false);
  });

  it('does nothing on an ordinary pageshow, and nothing once the instance is destroyed', async () => {
    const p = profile();
    const home = p.page();
    await home.ready;
    await home.acceptAll();
    p.later(1_000);
    const other = p.page();
    await other.ready;
    await other.rejectAll();
    win.dispatchEvent(pageshow(false));
    expect(home.has('marketing')).toBe(true);
    home.destroy();
    win.dispatchEvent(pageshow(true));
    // Not restored: the decision last read stays (the other page's refusal is not taken); a destroyed
    // instance grants nothing optional from it (create-consent.ts destroy).
    expect(home.state.value.decision?.purposes['marketing']).toBe(true);
    expect(home.has('marketing')).toBe(false);
  });

  it('keeps a decision newer than the stored one (restore applies only newer decisions)', async () => {
    const p = profile();
    const home = p.page();
    await home.ready;
    await home.rejectAll();
    p.later(1_000);
    await home.acceptAll();
    win.dispatchEvent(pageshow(true));
    await new Promise((r) => setTimeout(r, 20));
    expect(home.has('marketing')).toBe(true);
  });

  it('onPageRestore: calls back only for persisted pageshow events; the unsubscribe stops it', () => {
    const fn = vi.fn();
    const off = onPageRestore(fn, win);
    win.dispatchEvent(pageshow(false));
    win.dispatchEvent(new Event('pageshow'));
    win.dispatchEvent(pageshow(true));
    off();
    win.dispatchEvent(pageshow(true));
    expect(fn).toHaveBeenCalledTimes(1);
    expect(onPageRestore(fn, undefined)).toBeTypeOf('function'); // no window (Node, SSR): nothing to listen to
  });

  it('onPageVisible: calls back when the page becomes visible (the visitor back on its tab) or its window gets focus, not hidden; the unsubscribe stops it', () => {
    const fn = vi.fn();
    const doc = Object.assign(new EventTarget(), { visibilityState: 'hidden' as DocumentVisibilityState });
    const win = new EventTarget();
    const off = onPageVisible(fn, doc, win);
    doc.dispatchEvent(new Event('visibilitychange'));
    doc.visibilityState = 'visible';
    doc.dispatchEvent(new Event('visibilitychange'));
    expect(fn).toHaveBeenCalledTimes(1);
    // Two windows side by side, both visible: back in this one by clicking into it.
    win.dispatchEvent(new Event('focus'));
    expect(fn).toHaveBeenCalledTimes(2);
    off();
    doc.dispatchEvent(new Event('visibilitychange'));
    win.dispatchEvent(new Event('focus'));
    expect(fn).toHaveBeenCalledTimes(2);
    expect(onPageVisible(fn, undefined)).toBeTypeOf('function'); // no document (Node, SSR)
  });
});

describe('window.Candor before the engine, on restore', () => {
  const engine: EngineModule = { createConsent: createConsent as EngineModule['createConsent'] };

  it('reads the cookie grants again on a persisted pageshow while the engine is still loading', async () => {
    const granted = cookieGrants({ marketing: true });
    const refused = cookieGrants({ marketing: false });
    let release: (m: EngineModule) => void = () => {};
    let reread = rereadAs(refused); // the cookie as it was read
    const facade = createFacade(
      () => new Promise((r) => (release = r)),
      () => sample,
      {},
      vi.fn(),
      granted,
      () => NOW,
      (was) => reread(was),
    ).candor;
    expect(facade.has('marketing')).toBe(true);
    win.dispatchEvent(pageshow(false));
    expect(facade.has('marketing')).toBe(true);
    reread = cookieNowSays(refused); // another page refused while this one was in the cache
    win.dispatchEvent(pageshow(true));
    expect(facade.has('marketing')).toBe(false);
    const ready = facade.ready; // loads the engine
    release(engine);
    await ready;
  });

  it('never answers from the cookie again once the engine failed, restore or not', async () => {
    const granted = cookieGrants({ marketing: true });
    const facade = createFacade(
      () => Promise.reject(new Error('net::ERR_FAILED')),
      () => sample,
      {},
      vi.fn(),
      granted,
      () => NOW,
      rereadAs(granted),
    ).candor;
    await facade.ready;
    win.dispatchEvent(pageshow(true));
    expect(facade.has('marketing')).toBe(false);
  });
});

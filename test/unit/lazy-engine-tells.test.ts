// @vitest-environment happy-dom
/**
 * Before the engine has loaded, what the cookie answers is told to the page (Consent Mode, the
 * gate, the dataLayer: the page wiring's `known`) whenever that answer changes, not only once the
 * engine speaks: a Google tag already running reads Consent Mode, not `has()`.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toSiteView } from '../../src/core/site-view';
import { createFacade, type EngineModule, type Facade } from '../../src/loader/facade';
import type { FastGrants } from '../../src/loader/fast-path';
import { wireLater } from '../../src/loader/page-later';
import { DAY, NOW, sample } from './fixtures';

const granted: FastGrants = { purposes: { analytics: true }, services: {}, until: NOW + DAY, servicesOnly: false };
const refused: FastGrants = { purposes: { analytics: false }, services: {}, until: NOW + DAY, servicesOnly: false };
const never = (): Promise<EngineModule> => new Promise(() => {});

/** The page wiring's hooks on `facade`; `told` holds what has('analytics') answered each time the page was told. */
function tell(facade: Facade): boolean[] {
  const told: boolean[] = [];
  facade.hooks = { known: () => void told.push(facade.candor.has('analytics')), prompt: vi.fn(), decided: vi.fn() };
  return told;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the page is told what the cookie answers before the engine has loaded', () => {
  it('on a back/forward restore where another page changed the decision (the engine not needed)', () => {
    const facade = createFacade(
      never,
      () => sample,
      {},
      vi.fn(),
      granted,
      () => NOW,
      () => refused,
    );
    const told = tell(facade);
    dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
    expect(facade.candor.has('analytics')).toBe(false);
    expect(told).toEqual([false]); // Consent Mode and the dataLayer hear of the withdrawal too
    expect(facade.started()).toBe(false);
  });

  it('when the engine fails to load after the cookie had answered', async () => {
    const report = vi.fn();
    const facade = createFacade(
      () => Promise.reject(new Error('net::ERR_FAILED')),
      () => sample,
      {},
      report,
      granted,
      () => NOW,
      () => granted,
    );
    const told = tell(facade);
    await facade.start();
    expect(facade.candor.has('analytics')).toBe(false);
    expect(told).toEqual([false]);
    expect(report).toHaveBeenCalledTimes(1);
  });

  it('when the decision expires, at once, not only once the engine has loaded', () => {
    vi.useFakeTimers({ now: NOW });
    const until = NOW + 1000;
    const facade = createFacade(
      never,
      () => sample,
      {},
      vi.fn(),
      { ...granted, until },
      Date.now,
      () => null,
    );
    const known = vi.fn(() => facade.candor.has('analytics'));
    wireLater(
      facade,
      { ...toSiteView(sample), launcher: false },
      {
        until,
        first: undefined,
        base: 'http://localhost/',
        report: vi.fn(),
        known,
        importChunk: never as never,
      },
    );
    vi.advanceTimersByTime(1000);
    expect(facade.started()).toBe(true);
    expect(known).toHaveBeenCalled();
    expect(known.mock.results.at(-1)?.value).toBe(false);
  });
});

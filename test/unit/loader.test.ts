import { describe, expect, it, vi } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import { createFacade, type EngineModule } from '../../src/loader/facade';
import { sample } from './fixtures';

const engine: EngineModule = { createConsent: createConsent as EngineModule['createConsent'] };

describe('script-tag facade (window.Candor)', () => {
  it('answers has() false until the engine is loaded, then delegates', async () => {
    let release: (m: EngineModule) => void = () => {};
    const facade = createFacade(
      () => new Promise((r) => (release = r)),
      () => sample,
      {},
      vi.fn(),
    ).candor;
    expect(facade.has('analytics')).toBe(false);
    expect(facade.state).toBeUndefined();
    const accepted = facade.acceptAll(); // queued until the engine arrives
    release(engine);
    await facade.ready;
    expect((await accepted)?.method).toBe('api');
    expect(facade.has('analytics')).toBe(true);
    expect(facade.state?.value.purposes['analytics']).toBe(true);
    expect(facade.config?.policy.revision).toBe(3);
  });

  it('attaches listeners registered before the engine loaded, and honours early unsubscribes', async () => {
    const facade = createFacade(
      () => Promise.resolve(engine),
      () => sample,
      {},
      vi.fn(),
    ).candor;
    const kept = vi.fn();
    const dropped = vi.fn();
    facade.on('change', kept);
    facade.on('change', dropped)();
    await facade.ready;
    await facade.rejectAll();
    expect(kept).toHaveBeenCalledTimes(1);
    expect(dropped).not.toHaveBeenCalled();
  });

  it('fails closed on an invalid config: one console report listing every issue, nothing granted, nothing thrown', async () => {
    const report = vi.fn();
    const facade = createFacade(
      () => Promise.resolve(engine),
      () => ({ policy: {}, purposes: [{ id: 'ads' }] }),
      {},
      report,
    ).candor;
    await expect(facade.ready).resolves.toBeUndefined();
    await expect(facade.acceptAll()).resolves.toBeNull();
    expect(facade.has('ads')).toBe(false);
    expect(report).toHaveBeenCalledTimes(1);
    expect(report.mock.calls[0]?.[0]).toContain('policy.revision: required');
    expect(report.mock.calls[0]?.[0]).toContain('purposes: a purpose { "id": "necessary"');
    await expect(facade.records()).resolves.toEqual([]);
  });

  it('fails closed when the engine chunk cannot load', async () => {
    const report = vi.fn();
    const facade = createFacade(
      () => Promise.reject(new Error('net::ERR_FAILED')),
      () => sample,
      {},
      report,
    ).candor;
    await facade.ready;
    expect(facade.has('analytics')).toBe(false);
    expect(report.mock.calls[0]?.[0]).toBe('Candor: could not start: net::ERR_FAILED');
  });
});

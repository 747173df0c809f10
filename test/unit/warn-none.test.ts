/** The script tag's warn-none.ts: npm's development words never, but an on() name that is no event is said (diagnostics chunk). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { warnOnce, warnUnknownEvent } from '../../src/instance/warn-none';

afterEach(() => vi.restoreAllMocks());

/** Waits until `spy` was called `n` times (the diagnostics chunk is imported on demand). */
const calls = (spy: { mock: { calls: unknown[][] } }, n: number) =>
  vi.waitFor(() => expect(spy.mock.calls.length).toBe(n));

describe('warn-none (script-tag builds)', () => {
  it('prints no development warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    warnOnce('config x: unknown key');
    expect(warn).not.toHaveBeenCalled();
  });

  it('says an on() name that is no event once per name, never an event, and never throws for a hostile value', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('trap');
        },
      },
    );
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    for (const name of ['change', 'ready', 'sync', 'prompt', 'error']) warnUnknownEvent(name);
    for (const type of ['chnage', 'chnage', 'toString', Symbol('change'), hostile, proxy, 42])
      expect(() => warnUnknownEvent(type)).not.toThrow();
    await calls(warn, 5); // chnage once, toString, a symbol, an object (both proxies), a number
    const said = warn.mock.calls.map((c) => String(c[0]));
    const tail = ', so its listener never runs. The events: ready, change, prompt, error, sync';
    expect(said).toEqual([
      `Candor: Candor.on("chnage") names no event${tail}`,
      `Candor: Candor.on("toString") names no event${tail}`,
      `Candor: Candor.on(a value of type symbol) names no event${tail}`,
      `Candor: Candor.on(a value of type object) names no event${tail}`,
      `Candor: Candor.on(a value of type number) names no event${tail}`,
    ]);
  });
});

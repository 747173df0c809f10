/** The script tag's warn-none.ts: npm's development words never, but an on() name that is no event is said (diagnostics chunk). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { warnOnce, warnUnknownEvent, warnUnknownIds } from '../../src/instance/warn-none';

afterEach(() => vi.restoreAllMocks());

/** Waits until `spy` was called `n` times (the diagnostics chunk is imported on demand). */
const calls = (spy: { mock: { calls: unknown[][] } }, n: number) =>
  vi.waitFor(() => expect(spy.mock.calls.length).toBe(n));

describe('warn-none (script-tag builds)', () => {
  it('prints no development warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    warnOnce('config x: unknown key');
    warnUnknownIds('analytcs', { purposes: [], services: [] });
    expect(warn).not.toHaveBeenCalled();
  });

  it('says an on() name that is no event once per name, never an event, escaped and cut, at most ten names, and never throws for a hostile value', async () => {
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
    const names = ['chnage', 'chnage', 'toString', Symbol('change'), hostile, proxy, 42, null, undefined];
    for (const type of names) expect(() => warnUnknownEvent(type)).not.toThrow();
    warnUnknownEvent('a"b\nCandor: all is well');
    warnUnknownEvent('x'.repeat(100));
    await calls(warn, 8); // chnage once, toString, a symbol, an object (both proxies, null), a number, undefined, two strings
    const tail = ' names no event, so its listener never runs. The events: ready, change, prompt, error, sync';
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual(
      [
        '"chnage"',
        '"toString"',
        'a value of type symbol',
        'a value of type object',
        'a value of type number',
        'a value of type undefined', // null is an object
        '"a\\"b\\nCandor: all is well"', // one line, its quote escaped
        `"${'x'.repeat(64)}"`,
      ].map((name) => `Candor: Candor.on(${name})${tail}`),
    );
    // Ten names said: no more, however many a page makes.
    for (let i = 0; i < 20; i++) warnUnknownEvent(`change:${i}`);
    // The chunk is imported already: its import resolves in microtasks, all run before waitFor's
    // first poll (a timer), so an eleventh would be there with the tenth.
    await calls(warn, 10);
    expect(warn.mock.calls.slice(8).map((c) => String(c[0]))).toEqual([
      `Candor: Candor.on("change:0")${tail}`,
      `Candor: Candor.on("change:1")${tail}`,
    ]);
  });
});

import { describe, expect, it, vi } from 'vitest';
import { importAgain } from '../../src/dom/import-again';

type Chunk = { readonly open: () => string };
const URL_ = 'https://cdn.example/candor/candor-chunk-sections.mjs';
const chunk: Chunk = { open: () => 'opened' };
/** The errors a failed import() gives, by engine (measured in Chromium 150, Firefox ESR 140 and WebKitGTK 2.50). */
const chromium = (url: string) => new TypeError(`Failed to fetch dynamically imported module: ${url}`);
const firefox = (url: string) => new TypeError(`error loading dynamically imported module: ${url}`);
const webkit = () => new TypeError('Importing a module script failed.');
const never = () => vi.fn((): Promise<object> => Promise.reject(new Error('not asked')));

describe('importAgain', () => {
  it('imports with the bundler’s import first, and only that while it succeeds', async () => {
    const load = vi.fn(() => Promise.resolve(chunk));
    const again = never();
    const get = importAgain(load, 'open', again);
    expect(await get()).toBe(chunk);
    expect(await get()).toBe(chunk);
    expect(load).toHaveBeenCalledTimes(2);
    expect(again).not.toHaveBeenCalled();
  });

  for (const [engine, error] of [
    ['Chromium', chromium],
    ['Firefox', firefox],
  ] as const)
    it(`after a failure that names the file (${engine}), asks for it at a URL of its own each time, and rethrows the failure`, async () => {
      const first = error(URL_);
      const load = vi.fn((): Promise<Chunk> => Promise.reject(first));
      const again = vi
        .fn<(url: string) => Promise<object>>()
        .mockImplementationOnce((url) => Promise.reject(error(url)))
        .mockImplementationOnce(() => Promise.resolve(chunk));
      const get = importAgain(load, 'open', again);
      await expect(get()).rejects.toBe(first);
      await expect(get()).rejects.toThrow(`${URL_}?again=1`);
      expect(await get()).toBe(chunk);
      expect(load).toHaveBeenCalledTimes(1);
      // The query of the earlier try is not kept: one query, a new value.
      expect(again.mock.calls.map(([url]) => url)).toEqual([`${URL_}?again=1`, `${URL_}?again=2`]);
    });

  it('a retried chunk whose exports the build renamed gives the namespace the build handed `load` (rollup’s `.then(e => e.p)`)', async () => {
    const namespace = Object.freeze({ __proto__: null, open: chunk.open });
    const renamed = { m: chunk.open, p: namespace, u: () => 'a hook' };
    const get = importAgain(
      () => Promise.reject(chromium(URL_)),
      'open',
      () => Promise.resolve(renamed),
    );
    await expect(get()).rejects.toThrow(URL_);
    expect(await get()).toBe(namespace);
  });

  it('a retried file without the export fails, naming it', async () => {
    const get = importAgain(
      (): Promise<Chunk> => Promise.reject(chromium(URL_)),
      'open',
      () => Promise.resolve({ other: 1 }),
    );
    await expect(get()).rejects.toThrow(URL_);
    await expect(get()).rejects.toThrow(`${URL_}?again=1 has no open`);
  });

  it('after a failure that names no file (WebKit, which fetches again itself), imports as the first time', async () => {
    const load = vi.fn<() => Promise<Chunk>>().mockRejectedValueOnce(webkit()).mockResolvedValueOnce(chunk);
    const again = never();
    const get = importAgain(load, 'open', again);
    await expect(get()).rejects.toThrow('Importing a module script failed.');
    expect(await get()).toBe(chunk);
    expect(again).not.toHaveBeenCalled();
  });

  it('a failure that is not an Error, or does not end with a script URL, changes nothing', async () => {
    const load = vi
      .fn<() => Promise<Chunk>>()
      .mockRejectedValueOnce('offline')
      .mockRejectedValueOnce(new Error('Failed to fetch dynamically imported module: javascript:alert(1)'))
      .mockRejectedValueOnce(new Error('Loading chunk 7 failed.\n(error: https://shop.example/7.js)'))
      .mockResolvedValueOnce(chunk);
    const again = never();
    const get = importAgain(load, 'open', again);
    await expect(get()).rejects.toBe('offline');
    await expect(get()).rejects.toThrow('javascript:');
    await expect(get()).rejects.toThrow('Loading chunk 7 failed.'); // webpack's, which tries again itself
    expect(await get()).toBe(chunk);
    expect(again).not.toHaveBeenCalled();
  });
});

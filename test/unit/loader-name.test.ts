/** Which script URLs count as a copy of the loader, for the warning about a second loader with other settings. */
import { describe, expect, it } from 'vitest';
import { LOADER } from '../../src/loader/tag-engine-events';

const at = (path: string): boolean => LOADER.test(`https://shop.example${path}`);

describe('a second loader’s file name', () => {
  it('is the loader or the auto-blocking one, wherever served, also renamed (minified, with a version)', () => {
    for (const path of [
      '/dist/candor.js',
      '/candor.js?v=3',
      '/js/candor-autoblock.js#x',
      '/candor.min.js',
      '/candor-1.4.2.js',
      '/candor-1.4.2.min.js',
      '/candor@1.4.2.min.js',
      '/candor.v2.js',
      '/candor-autoblock.min.js',
      '/npm/candor@1/dist/candor.js',
    ])
      expect(at(path), path).toBe(true);
  });

  it("is not a site's own script whose name only starts with candor, a chunk, a locale or a source map", () => {
    for (const path of [
      '/candor-setup.js',
      '/candor-ga4.js',
      '/mycandor.js',
      '/candor-engine.mjs',
      '/candor-first.mjs',
      '/candor.json',
      '/candor.js.map',
      '/candor.jsx',
    ])
      expect(at(path), path).toBe(false);
  });
});

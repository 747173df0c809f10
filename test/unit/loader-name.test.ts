/** Which script URLs count as a copy of the loader, for the warning about a second loader with other settings. */
import { describe, expect, it } from 'vitest';
import { LOADER } from '../../src/loader/tag-engine-events';

/** As the engine reads a script's URL: its path alone. */
const at = (url: string): boolean => LOADER.test(new URL(url, 'https://shop.example').pathname);

describe('a second loader’s file name', () => {
  it('is the loader or the auto-blocking one, wherever served, also renamed (minified, versioned, content-hashed)', () => {
    for (const path of [
      '/dist/candor.js',
      '/candor.js?v=3',
      '/js/candor-autoblock.js#x',
      '/candor.min.js',
      '/candor-1.4.2.js',
      '/candor-1.4.2.min.js',
      '/candor@1.4.2.min.js',
      '/candor-1.4.2-beta.1.js',
      '/candor-1.4.2-rc.1.min.js',
      '/candor_1.4.2.js',
      '/candor.v2.js',
      '/candor-autoblock.min.js',
      '/candor-autoblock-1.4.2.js',
      '/candor.a1b2c3d4.js',
      '/candor.3f2a1b9c.js',
      '/candor-0123456789abcdef0123456789abcdef.js',
      '/npm/candor@1/dist/candor.js',
    ])
      expect(at(path), path).toBe(true);
  });

  it("is not a site's own script whose name only starts with candor, a chunk, a locale, a source map or a name in the query", () => {
    for (const path of [
      '/candor-setup.js',
      '/candor-ga4.js',
      '/candor-2fa.js',
      '/candor-3d.js',
      '/candor-2024.js',
      '/candor-404.js',
      '/candor-0.js',
      '/candor-tracking.js',
      '/candor-consent2.js',
      '/candor-BkBFi4Bi.js', // a bundler's hash that is no hex: not told from a name
      '/mycandor.js',
      '/candor-engine.mjs',
      '/candor-first.mjs',
      '/candor.json',
      '/candor.js.map',
      '/candor.jsx',
      '/app.js?src=/candor.js',
      '/t.js#/candor-2.js',
    ])
      expect(at(path), path).toBe(false);
  });
});

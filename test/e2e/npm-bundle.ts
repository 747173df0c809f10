/**
 * Bundles an npm app as its bundler would, for the e2e specs that drive the built package in a
 * browser (npm-page, npm-ui, framework-apps): `candor` and `candor/*` resolved as Node resolves them
 * from this repository (package.json's exports, so dist/), everything else by `plugins` (default:
 * node-resolve for the browser). Resolves with the one ES module's code.
 */
import { fileURLToPath } from 'node:url';
import nodeResolve from '@rollup/plugin-node-resolve';
import { rollup, type Plugin } from 'rollup';

export async function bundleApp(input: URL, plugins: Plugin[] = [nodeResolve({ browser: true })]): Promise<string> {
  const build = await rollup({
    input: fileURLToPath(input),
    plugins: [
      {
        name: 'candor-from-exports',
        resolveId: (id) => (/^candor(\/|$)/.test(id) ? fileURLToPath(import.meta.resolve(id)) : null),
      },
      ...plugins,
    ],
    onwarn: () => {},
  });
  const { output } = await build.generate({ format: 'es', inlineDynamicImports: true });
  await build.close();
  return output[0].code;
}

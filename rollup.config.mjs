// Three builds: the npm ESM entry (dependencies external, declarations), the script-tag loader
// (a small minified IIFE) and the engine chunk the loader imports on demand (minified ESM, with
// its dependencies bundled).
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

/** Dead-code-eliminates development warnings in the script-tag builds. */
const production = () => ({
  name: 'candor-production',
  transform: (code) => (code.includes('process.env.NODE_ENV') ? { code: code.replaceAll('process.env.NODE_ENV', '"production"'), map: null } : null),
});

const minify = () => terser({ compress: { passes: 3, pure_getters: true, unsafe_arrows: true, unsafe_methods: true }, format: { comments: false }, ecma: 2020 });
const browser = () => [nodeResolve({ browser: true }), typescript({ tsconfig: './tsconfig.json', outDir: 'dist', declaration: false }), production(), minify()];

export default [
  {
    input: { index: 'src/index.ts' },
    external: (id) => /^(@preact\/|preact|idb-keyval)/.test(id),
    output: { dir: 'dist', format: 'es', entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs', sourcemap: true },
    plugins: [typescript({ tsconfig: './tsconfig.json', declaration: true, declarationDir: 'dist', outDir: 'dist', exclude: ['src/embed.ts', 'src/engine.ts', 'src/gate-chunk.ts'] })],
  },
  {
    input: 'src/embed.ts',
    output: { file: 'dist/candor.js', format: 'iife', sourcemap: true },
    plugins: browser(),
  },
  {
    input: 'src/engine.ts',
    output: { file: 'dist/candor-engine.mjs', format: 'es', sourcemap: true },
    plugins: browser(),
  },
  {
    input: 'src/gate-chunk.ts',
    output: { file: 'dist/candor-gate.mjs', format: 'es', sourcemap: true },
    plugins: browser(),
  },
];

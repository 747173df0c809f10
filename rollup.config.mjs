// Builds (inputs: src/entries/ for public entries, src/chunks/ for the script tag's lazy chunks):
// 1. npm: dist/index.mjs (headless), dist/ui.mjs (Preact UI), dist/page.mjs (the script tag's
//    page wiring for createConsent), dist/react.mjs and dist/vue.mjs (bindings), dependencies
//    external, with one bundled declaration file per entry (dist/index.d.mts, …, sharing types-*.d.mts):
//    bundled declarations have no extensionless relative imports, so they resolve under Bundler,
//    NodeNext and Node16 alike, and show the public types only. dist/candor.d.ts types the script
//    tag's window.Candor; dist/require.cjs answers require() with how to import an ES module.
// 2. script tag: dist/candor.js, the small synchronous loader (IIFE), and the ES-module chunks it
//    imports on demand: candor-first.mjs (the first layer in one file, which imports the Preact
//    panel on first open), candor-engine.mjs, candor-ui.mjs (mountUI), sharing code through
//    candor-chunk-*.mjs; candor-gate.mjs and candor-returning.mjs, each built apart; plus
//    dist/locales/*.json.
// 3. candor/server: dist/server.mjs and dist/server.d.mts (Node only, never in a browser bundle).
// 4. the site-owner page that candor/server serves: dist/admin/ (index.html, admin.js, admin.css).
// Over 300 lines on purpose: rollup reads one config, and these builds share its plugins and checks.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve as resolvePath } from 'node:path';
import json from '@rollup/plugin-json';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { dts } from 'rollup-plugin-dts';
import { allFiles, scriptTagFiles } from './scripts/cdn-files.mjs';
import { isFirstLayerKey } from './scripts/first-layer-keys.mjs';
import { tsCacheDir } from './scripts/ts-cache.mjs';
import { withFormats } from './scripts/locale-formats.mjs';

/**
 * No development warnings in the script-tag builds: src/instance/warn.ts is replaced by
 * warn-none.ts (the same functions, printing nothing; a try/catch around `process` keeps terser
 * from dropping the real ones' words), and `process.env.NODE_ENV` is "production" anywhere else.
 */
const WARN_MODULE = resolvePath('src/instance/warn.ts');
const production = () => ({
  name: 'candor-production',
  async resolveId(source, importer, options) {
    if (!/(^|\/)warn(\.ts)?$/.test(source)) return null;
    const found = await this.resolve(source, importer, { ...options, skipSelf: true });
    return found?.id === WARN_MODULE ? resolvePath('src/instance/warn-none.ts') : null;
  },
  transform: (code) =>
    code.includes('process.env.NODE_ENV')
      ? { code: code.replaceAll('process.env.NODE_ENV', '"production"'), map: null }
      : null,
});

/** A locale file bundled into a build (the npm UI's English) gets its `format.*` keys too. */
const localeFormats = () => ({
  name: 'candor-locale-formats',
  transform(code, id) {
    const m = /[\\/]locales[\\/]([\w-]+)\.json$/.exec(id);
    return m ? { code: JSON.stringify(withFormats(m[1], JSON.parse(code))), map: null } : null;
  },
});

/**
 * Only the chosen locale is fetched at run time: ship them all next to the chunks, and for each
 * the first layer's keys alone in locales/first/ (what a first visit fetches before the banner).
 */
const copyLocales = () => ({
  name: 'candor-locales',
  writeBundle() {
    mkdirSync('dist/locales/first', { recursive: true });
    for (const file of readdirSync('locales').filter((f) => f.endsWith('.json'))) {
      const all = withFormats(file.replace('.json', ''), JSON.parse(readFileSync(`locales/${file}`, 'utf8')));
      const first = Object.fromEntries(Object.entries(all).filter(([key]) => isFirstLayerKey(key)));
      writeFileSync(`dist/locales/${file}`, JSON.stringify(all));
      writeFileSync(`dist/locales/first/${file}`, JSON.stringify(first));
    }
  },
});

/**
 * The styles' line breaks (`const X_CSS = \`…\`` in src/, one rule per line to be readable) are
 * not shipped: terser keeps a template literal as it is, and every break cost two bytes (`\n`).
 * They move behind the literal, so every later line keeps its number (source maps stay right).
 */
const cssLines = () => ({
  name: 'candor-css-lines',
  transform(code) {
    if (!code.includes('_CSS = `')) return null;
    const out = code.replace(/(_CSS = `)([^`]*)`/g, (_, head, css) => {
      const flat = css.replace(/\s*\n\s*/g, (m, at, all) =>
        at === 0 || at + m.length === all.length || /[{};,]/.test(all[at - 1]) ? '' : ' ',
      );
      return `${head}${flat}\`${'\n'.repeat(css.split('\n').length - 1)}`;
    });
    return { code: out, map: null };
  },
});

/**
 * The script tag's files carry no `//# sourceMappingURL` comment: it was 25 to 30 bytes of gzip in
 * each file every visitor downloads (about 55 before a first visit's banner). The maps are still built
 * next to them; the demo's server names each in a `SourceMap` header (scripts/static-server.mjs),
 * and a site can do the same or add a map in its browser's developer tools (README).
 */
const SCRIPT_TAG_MAPS = 'hidden';

/**
 * V8's explicit compile hint (Chromium 136 and later; other engines read a comment): every
 * function in the file is compiled eagerly, as the file is parsed, instead of being pre-parsed and
 * compiled again when first called. Given to the two files a first visit runs before its banner
 * (the loader and the first layer), nearly all of whose code runs then: in five interleaved A/B
 * runs of the bench's page (14 to 24 visits each, 4x throttle) the banner came 9 to 27 ms sooner
 * (of about 300), with 1 to 14 ms less script, for 44 bytes; in the bench (15 passes, `--against`
 * a build without them) 192 against 218 ms, 0.71x the script. Not given to the gate: a returning
 * visitor's tag ran no sooner with it. (The first layer's hint alone gave about half the gain.)
 */
const COMPILE_HINT = '//# allFunctionsCalledOnLoad';
/** Fails the build when a file that should start with the compile hint does not (a tool upgrade dropped it). */
const keepsCompileHint = (files) => ({
  name: 'candor-compile-hint',
  generateBundle(_options, bundle) {
    for (const name of files)
      if (!bundle[name]?.code?.startsWith(`${COMPILE_HINT}\n`))
        this.error(`${name} does not start with ${COMPILE_HINT}`);
  },
});
/**
 * Six compress passes, not three: 21 bytes fewer before a first visit's banner (terser finds more
 * to inline and drop once the pass before has), the room for the banner's plural table (core/words.ts).
 * `inline: 1`: terser inlines a function only when it has no parameters and no variables of its
 * own (its default, 3, also copies bigger ones into each caller, which gzip paid for): 20 bytes
 * fewer in the engine and in candor.js, 23 in candor-autoblock.js, 4 in the first layer.
 * `compress`: more options for some builds (HOIST, below).
 */
const minify = (compress = {}) =>
  terser({
    compress: { passes: 6, pure_getters: true, unsafe_arrows: true, unsafe_methods: true, inline: 1, ...compress },
    // Every comment goes but the compile hint, which `banner` puts first in the files that carry it.
    // `ascii_only`: a string's `…`, `→` or `“` written as `\u2026` (the same string at run time),
    // which gzip codes in fewer bytes than their UTF-8: 10 fewer in the engine, 5 in the diagnostics
    // chunk and in candor-ui.mjs, 4 in the panel's chunk, 1 in the first layer.
    format: { comments: /^# allFunctionsCalledOnLoad$/, ascii_only: true },
    ecma: 2020,
  });
/**
 * `minify(compress)`, with more options for the build's files named in `byFile` (their own terser:
 * the options of one build are the same for all its files otherwise).
 */
const minifyEach = (compress, byFile) => {
  const all = minify(compress);
  const own = new Map(Object.entries(byFile).map(([file, more]) => [file, minify({ ...compress, ...more })]));
  return {
    name: 'candor-minify-each',
    renderChunk: (code, chunk, options) => (own.get(chunk.fileName) ?? all).renderChunk(code, chunk, options),
  };
};
/** This checkout's own folder in the TypeScript cache (scripts/ts-cache.mjs says why one per checkout). */
const TREE_CACHE = tsCacheDir('.');
/**
 * TypeScript for one build, whose program starts from the one the build before made with the same
 * tsconfig (incremental, its build info and output cached in TREE_CACHE): the builds below read
 * the same sources about ten times, and building each program from nothing was most of the
 * build's time (42 s → 30 s from a clean clone here; the output is byte for byte the same).
 * TypeScript checks each file's recorded version, so an edited file is never taken stale.
 */
const ts = (extra = {}) => {
  const tsconfig = extra.tsconfig ?? './tsconfig.json';
  // One folder holds both the build info and the output: TypeScript took a relative
  // tsBuildInfoFile from the tsconfig's folder, and the plugin the cacheDir from this one, so a
  // cache emptied without the build info (node_modules/.cache, say) left TypeScript emitting
  // nothing, and the admin page's build failed on its TypeScript ("Expected ',', got 'ident'").
  const cache = resolvePath(TREE_CACHE, tsconfig.replace(/[^\w]+/g, '-').replace(/^-+/, ''));
  return typescript({
    tsconfig,
    outDir: 'dist',
    declaration: false,
    incremental: true,
    tsBuildInfoFile: join(cache, 'build.tsbuildinfo'),
    cacheDir: cache,
    ...extra,
  });
};
const browser = (compress, byFile = {}) => [
  production(), // first: its module swap must resolve before the TypeScript plugin's
  nodeResolve({ browser: true }),
  localeFormats(),
  json({ preferConst: true, compact: true }),
  cssLines(),
  ts(),
  minifyEach(compress, byFile),
];
/**
 * Function declarations hoisted to the top of their scope (as JavaScript does anyway, so nothing
 * runs differently), in the returning visitor's chunk, the gate and the diagnostics: 3 and 5 bytes
 * fewer in the first two. Measure again when they change: gzip decides. Not in the loaders (it
 * saved 6 bytes in candor.js, then cost 10 once the loader changed), nor in the main chunk build
 * (the first layer grew by 22 with it, the engine by 94).
 */
const HOIST = { hoist_funs: true };
/**
 * No comma sequences (terser's `sequences: false`: statements stay statements, as written) in the
 * files where gzip found that smaller: 10 bytes fewer in the engine, 12 in the signals' chunk, 6
 * in the gate. Not in the others: the loader grew by 21 with it, the first layer by 10.
 */
const STATEMENTS = { sequences: false };
/**
 * `unsafe_comps` in the first layer: terser writes `n < 1` as `1 > n`, which gzip codes in fewer
 * bytes (6 before a first visit's banner, the room for the UI's events' dispatch that markup cannot
 * shadow: ui/ui-model.ts). "Unsafe" only where both sides are objects whose `valueOf` has effects
 * (the order in which they run changes); every comparison it turned in that file has a number
 * literal on one side.
 */
const FIRST_COMPS = { unsafe_comps: true };

/**
 * Everything a first visit needs before the banner (the first layer's entry and all it imports
 * statically: banner, styles, config validation, UI loader, small shared helpers) is that entry's
 * own file, candor-first.mjs: one request, one gzip stream, no import lists between files. The
 * engine and the panel import their share of it from there. A returning visitor's chunks (gate,
 * returning) are built apart (below) with their own copies of the few helpers they share with it.
 */
const FIRST_ENTRY = 'src/chunks/first.ts';
let firstModules = null;
const chunkOf = (id, { getModuleInfo }) => {
  if (!firstModules) {
    firstModules = new Set();
    const walk = (m) => {
      if (firstModules.has(m)) return;
      firstModules.add(m);
      for (const dep of getModuleInfo(m)?.importedIds ?? []) walk(dep);
    };
    walk(resolvePath(FIRST_ENTRY));
  }
  if (firstModules.has(id)) return 'first';
  // The preferences' parser, which the first layer imports only for a config that has preferences
  // (ui/banner-mount.ts), under a name the loader knows (it requests the chunk with the first layer's).
  if (/[\\/]src[\\/]core[\\/]preferences\.ts$/.test(id)) return 'preferences';
  // A short name: the loader carries it in its list of the engine's imports.
  return /[\\/]node_modules[\\/]@preact[\\/]signals-core[\\/]/.test(id) ? 'signals' : undefined;
};

/**
 * A clean dist/: a chunk left from an earlier build must not be served or measured. Files are
 * overwritten in place and only stale ones are removed at the end (not dist/ at the start), so a
 * test or server reading dist/ during a rebuild never finds it missing.
 */
const written = new Map();
/**
 * Also fails the build when two builds write the same file (the gate's and the returning
 * visitor's builds share a chunk-name pattern, as the builds share dist/): one would silently
 * overwrite the other's chunk. A rebuild in watch mode rewrites its own files only.
 */
const track = () => {
  const build = Symbol('build');
  return {
    name: 'candor-track',
    generateBundle(_options, bundle) {
      for (const name of Object.keys(bundle)) {
        const file = basename(name);
        if ((written.get(file) ?? build) !== build) this.error(`two builds write dist/${file}: rename a chunk`);
        written.set(file, build);
      }
    },
  };
};
/**
 * No request waterfall (issue 16): the chunk build records, for each entry chunk, every chunk it
 * imports statically (transitively); the loaders are built after it with that list written into
 * src/loader/chunks.ts, so they request a chunk and all its imports at once.
 */
const chunkDeps = {};
const recordChunkDeps = (entries, named = []) => ({
  name: 'candor-chunk-deps',
  generateBundle(_options, bundle) {
    const walk = (file, seen) => {
      for (const dep of bundle[file]?.imports ?? []) if (!seen.has(dep)) walk(dep, seen.add(dep));
      return seen;
    };
    // The entries the loader imports, and the files they import (chunks, or another entry: the
    // engine imports the first layer's), without `candor-` and `.mjs` (`candor-chunk-signals.mjs` is
    // `chunk-signals`): fewer bytes in the loader, which adds them back.
    const short = (f) => {
      if (!f.startsWith('candor-') || !f.endsWith('.mjs')) throw new Error(`chunk deps: ${f} is not candor-*.mjs`);
      return f.slice(7, -4);
    };
    for (const file of named) {
      if (!bundle[file]) throw new Error(`chunk deps: the build made no ${file}, which the loader requests by name`);
      // The loader requests it with the first layer alone: any other import would be a waterfall.
      const other = bundle[file].imports.filter((f) => f !== 'candor-first.mjs');
      if (other.length)
        throw new Error(`chunk deps: ${file} imports ${other.join(', ')}, which the loader does not request`);
    }
    for (const entry of entries) {
      if (!bundle[entry]) throw new Error(`chunk deps: the build made no ${entry}`);
      // The engine's import of the first layer is left out: the loader always requests that with
      // the engine (the page's hooks must be wired before the engine is created: boot.ts).
      const deps = [...walk(entry, new Set())]
        .map(short)
        .filter((f) => !(entry === 'candor-engine.mjs' && f === 'first'));
      if (deps.length) chunkDeps[short(entry)] = deps; // none: nothing to list (fewer loader bytes)
    }
  },
});
const injectChunkDeps = () => ({
  name: 'candor-inject-chunk-deps',
  transform(code, id) {
    if (!id.replaceAll('\\', '/').endsWith('/src/loader/chunks.ts')) return null;
    const out = code.replace(
      /(export const CHUNK_DEPS[^=]*= )\{\};/,
      (_, head) => `${head}${JSON.stringify(chunkDeps)};`,
    );
    if (out === code) throw new Error('src/loader/chunks.ts: CHUNK_DEPS not found');
    return { code: out, map: null };
  },
});
/** In the returning visitor's build: the diagnostics chunk is the main build's entry, imported by its file name. */
const diagnosticsEntry = () => ({
  name: 'candor-diagnostics-entry',
  resolveId: (id, importer) =>
    id === '../chunks/diagnostics' && importer ? { id: './candor-diagnostics.mjs', external: true } : null,
});
/** The npm entries; candor/react and candor/vue are built apart (see ownEntries). */
const NPM_ENTRIES = { index: 'src/entries/index.ts', ui: 'src/entries/ui.ts', page: 'src/entries/page.ts' };
const BINDINGS = { react: 'src/entries/react.ts', vue: 'src/entries/vue.ts' };
/**
 * The bindings import the engine, connectPage and mountUI as the package's own entries (`candor`,
 * `candor/page`, `candor/ui`): an app has one copy of each, and the other entries' chunks stay as
 * they are (built together, the bindings would split them further and make them larger).
 */
const OWN_ENTRIES = {
  '../instance/create-consent': 'candor',
  '../loader/connect-page': 'candor/page',
  '../ui/mount-ui': 'candor/ui',
};
const ownEntries = () => ({
  name: 'candor-own-entries',
  resolveId: (id, importer) =>
    importer?.replaceAll('\\', '/').includes('/src/bindings/') && OWN_ENTRIES[id]
      ? { id: OWN_ENTRIES[id], external: true }
      : null,
});
/** The npm entries' dependencies and optional peer dependencies (React, Vue) stay imports. */
const npmExternal = (id) => /^(@preact\/[^/]+|preact|idb-keyval|react|react-dom|vue)(\/|$)/.test(id);
/** `require('candor')` finds dist/require.cjs, which throws with how to import the ES module instead. */
const esmOnlyStub = () => ({
  name: 'candor-esm-only-stub',
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: 'require.cjs', source: readFileSync('src/entries/require.cjs', 'utf8') });
    this.emitFile({
      type: 'asset',
      fileName: 'require.d.cts',
      source: readFileSync('src/entries/require.d.cts', 'utf8'),
    });
  },
});
/**
 * The npm files, which keep the source's comments, ship none of its lint directives
 * (`// eslint-disable-next-line rule -- why`: nothing for a reader of dist/, 150 bytes of gzip in
 * dist/index.mjs). Each such line is emptied, not removed, so no line moves and the maps stay right.
 */
const dropLintDirectives = () => ({
  name: 'candor-drop-lint-directives',
  renderChunk: (code) =>
    code.includes('eslint-disable') ? { code: code.replace(/^[ \t]*\/\/ eslint-disable.*$/gm, ''), map: null } : null,
});
/** Declarations were once emitted per source file under dist/types/; only the bundles are published now. */
const dropOldDeclarations = () => ({
  name: 'candor-drop-old-declarations',
  writeBundle: () => rmSync('dist/types', { recursive: true, force: true }),
});
/** What dist/server.mjs imports rather than bundles. */
const serverExternal = (id) => id.startsWith('node:') || /^(@electric-sql\/pglite|pg)(\/|$)/.test(id);
/**
 * dist/cdn/: the script tag's files alone, the one folder a site owner copies to their server
 * (loaders, chunks, source maps, locales); stale files there are removed.
 */
const cdnFolder = () => ({
  name: 'candor-cdn-folder',
  writeBundle() {
    const files = scriptTagFiles('dist');
    for (const f of files) {
      mkdirSync(dirname(`dist/cdn/${f}`), { recursive: true });
      copyFileSync(`dist/${f}`, `dist/cdn/${f}`);
    }
    const keep = new Set(files);
    for (const f of allFiles('dist/cdn')) if (!keep.has(f)) rmSync(`dist/cdn/${f}`);
  },
});
/**
 * The site-owner page (issue 20): dist/admin/ holds exactly index.html, admin.js and admin.css, the
 * files candor/server serves at `{admin.path}/` (an allowlist). Not in dist/cdn/: visitors never load it.
 */
const ADMIN_FILES = ['index.html', 'admin.js', 'admin.css'];
const adminPage = () => ({
  name: 'candor-admin-page',
  writeBundle() {
    for (const f of ['index.html', 'admin.css']) copyFileSync(`src/admin-page/${f}`, `dist/admin/${f}`);
    for (const f of readdirSync('dist/admin'))
      if (!ADMIN_FILES.includes(f)) rmSync(`dist/admin/${f}`, { recursive: true, force: true });
  },
});
const sweep = () => ({
  name: 'candor-sweep',
  writeBundle() {
    for (const f of readdirSync('dist', { withFileTypes: true }))
      if (f.isFile() && !written.has(f.name)) rmSync(`dist/${f.name}`);
  },
});

export default [
  {
    input: NPM_ENTRIES,
    external: npmExternal,
    output: {
      dir: 'dist',
      format: 'es',
      entryFileNames: '[name].mjs',
      chunkFileNames: 'shared-[hash].mjs',
      sourcemap: true,
    },
    plugins: [localeFormats(), json({ preferConst: true }), ts(), dropLintDirectives(), esmOnlyStub(), track()],
  },
  {
    input: { ...NPM_ENTRIES, ...BINDINGS },
    external: npmExternal,
    output: { dir: 'dist', format: 'es', entryFileNames: '[name].d.mts', chunkFileNames: 'types-[hash].d.mts' },
    plugins: [dts({ tsconfig: './tsconfig.json' }), dropOldDeclarations(), track()],
  },
  {
    input: BINDINGS,
    external: npmExternal,
    output: {
      dir: 'dist',
      format: 'es',
      entryFileNames: '[name].mjs',
      chunkFileNames: 'bindings-[name].mjs',
      sourcemap: true,
      // React Server Components (Next.js App Router): candor/react is a client module, so a server
      // layout can render <ConsentProvider> itself. Here, not in the source: rollup drops a module's
      // directives when it bundles.
      banner: (chunk) => (chunk.isEntry && chunk.name === 'react' ? "'use client';" : ''),
    },
    plugins: [ownEntries(), ts(), dropLintDirectives(), track()],
  },
  {
    // The types of `candor/candor.js`: the script tag's `window.Candor` (and `window.candorConfig`).
    input: 'src/entries/script-tag.ts',
    output: {
      file: 'dist/candor.d.ts',
      format: 'es',
      footer: 'declare global {\n  interface Window {\n    Candor?: CandorGlobal;\n    candorConfig?: unknown;\n  }\n}',
    },
    external: npmExternal,
    plugins: [dts({ tsconfig: './tsconfig.json' }), track()],
  },
  {
    // The site-owner page's one script (no framework, no dependency): dist/admin/admin.js.
    input: 'src/admin-page/main.ts',
    output: { file: 'dist/admin/admin.js', format: 'iife' },
    plugins: [
      ts({ tsconfig: './src/admin-page/tsconfig.json', outDir: 'dist/admin', sourceMap: false }),
      minify(),
      adminPage(),
    ],
  },
  // candor/server (dist/server.mjs, Node only): Node built-ins and the database drivers (optional
  // peer dependencies) stay imports; checked with src/server/tsconfig.json (Node types, no DOM).
  {
    input: { server: 'src/entries/server.ts' },
    external: serverExternal,
    output: { dir: 'dist', format: 'es', entryFileNames: '[name].mjs', sourcemap: true },
    plugins: [json({ preferConst: true }), ts({ tsconfig: './src/server/tsconfig.json', noEmit: false }), track()],
  },
  {
    input: { server: 'src/entries/server.ts' },
    external: serverExternal,
    output: { dir: 'dist', format: 'es', entryFileNames: '[name].d.mts' },
    plugins: [dts({ tsconfig: './src/server/tsconfig.json' }), track()],
  },
  {
    input: {
      'candor-engine': 'src/chunks/engine.ts',
      'candor-first': 'src/chunks/first.ts',
      'candor-ui': 'src/chunks/ui.ts',
      // The words for a site owner's mistakes, imported only when there is one (issue 17).
      'candor-diagnostics': 'src/chunks/diagnostics.ts',
    },
    // Only the loader imports these entries: the first layer's entry may also export what the
    // engine and the panel share with it (chunkOf), instead of being a facade of another file.
    preserveEntrySignatures: 'allow-extension',
    output: {
      dir: 'dist',
      format: 'es',
      entryFileNames: '[name].mjs',
      chunkFileNames: 'candor-chunk-[name].mjs',
      sourcemap: SCRIPT_TAG_MAPS,
      manualChunks: chunkOf,
      banner: (chunk) => (chunk.name === 'candor-first' ? COMPILE_HINT : ''),
    },
    plugins: [
      ...browser(
        {},
        {
          'candor-engine.mjs': STATEMENTS,
          'candor-chunk-signals.mjs': STATEMENTS,
          'candor-first.mjs': FIRST_COMPS,
        },
      ),
      copyLocales(),
      recordChunkDeps(
        ['candor-first.mjs', 'candor-engine.mjs'],
        // Requested by name with the first layer's, for a config with preferences or a modal
        // (core/site-view.ts firstChunks).
        ['candor-chunk-preferences.mjs', 'candor-chunk-wall.mjs', 'candor-chunk-minimize.mjs'],
      ),
      keepsCompileHint(['candor-first.mjs']),
      track(),
    ],
  },
  // A returning visitor's chunks, each built apart so that it shares no file with the first layer
  // or with the other (each has its own copy of the few small, stateless helpers they use: locale
  // texts, DOM helpers, storage keys, the DOM event): when the cookie answers, the page gets the
  // loader, the returning visitor's chunk and, on pages with marked elements, the gate: nothing of
  // the UI. The site owner's diagnostics stay one file, the main build's entry.
  ...[
    ['candor-gate', 'src/chunks/gate.ts'],
    ['candor-returning', 'src/chunks/returning.ts'],
  ].map(([name, input]) => ({
    input: { [name]: input },
    output: {
      dir: 'dist',
      format: 'es',
      entryFileNames: '[name].mjs',
      chunkFileNames: 'candor-chunk-gate-[name].mjs',
      sourcemap: SCRIPT_TAG_MAPS,
    },
    plugins: [
      diagnosticsEntry(),
      ...browser(HOIST, { 'candor-gate.mjs': STATEMENTS }),
      recordChunkDeps([`${name}.mjs`]),
      track(),
    ],
  })),
  {
    input: 'src/entries/candor.ts',
    output: { file: 'dist/candor.js', format: 'iife', sourcemap: SCRIPT_TAG_MAPS, banner: COMPILE_HINT },
    plugins: [injectChunkDeps(), ...browser(), keepsCompileHint(['candor.js']), track()],
  },
  {
    // The same loader with auto-blocking built in, for sites with `autoBlock: true`.
    input: 'src/entries/candor-autoblock.ts',
    output: { file: 'dist/candor-autoblock.js', format: 'iife', sourcemap: SCRIPT_TAG_MAPS, banner: COMPILE_HINT },
    // The last build: sweep what none of the builds wrote.
    plugins: [
      injectChunkDeps(),
      ...browser(),
      keepsCompileHint(['candor-autoblock.js']),
      track(),
      sweep(),
      cdnFolder(),
    ],
  },
];

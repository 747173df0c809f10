// Size budgets: prints raw / gzip / brotli per built entry, fails above budget, and keeps the
// README's size table equal to what it measured (`npm run size -- --write` rewrites it).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const KB = 1024;
/** Entries the visitor's browser downloads, with their gzip budgets (null: reported only). */
const WHAT = {
  'candor.js': 'loader (script tag, sync in <head>)',
  'candor-autoblock.js': 'the loader with auto-blocking, for sites with autoBlock: true (in place of candor.js)',
  'candor-banner.mjs': 'first layer: banner and launcher, no framework (when a prompt is needed)',
  'candor-chunk-shell.mjs': 'first layer: shadow root, banner, launcher, styles (shared with candor-ui.mjs)',
  'candor-chunk-common.mjs':
    'sha-256, canonical JSON, locale rules, stylesheet adoption (shared by engine, gate and first layer)',
  'candor-engine.mjs': 'engine (validation, records, storage, sync)',
  'candor-chunk-signals-core.module.mjs': '@preact/signals-core (engine, panel)',
  'candor-chunk-preferences.mjs': 'preference rules (engine, preference center)',
  'candor-gate.mjs': 'gate (only on pages with data-consent elements)',
  'candor-chunk-panel-layer.mjs': 'preference panel: Preact, @preact/signals, panel styles (when the panel opens)',
  'candor-chunk-sections.mjs': 'preference center and dashboard (when the panel opens)',
  'candor-ui.mjs': 'mountUI with English, for pages that mount the panel themselves',
};
/** gzip budgets per file: the loader (PRODUCT.md), and the auto-blocking loader that replaces it. */
const BUDGETS = { 'candor.js': 5 * KB, 'candor-autoblock.js': 6.25 * KB };
const chunks = readdirSync('dist')
  .filter((f) => /^candor.*\.m?js$/.test(f))
  .sort((a, b) => order(a) - order(b) || a.localeCompare(b));
function order(f) {
  const i = Object.keys(WHAT).indexOf(f);
  return i < 0 ? 99 : i;
}
const ENTRIES = [
  ...chunks.map((f) => ({ file: `dist/${f}`, what: WHAT[f] ?? 'chunk', budget: BUDGETS[f] ?? null })),
  { file: 'dist/locales/en.json', what: 'one locale (English)', budget: null },
  { file: 'dist/locales/de.json', what: 'one locale (German)', budget: null },
];
/** Static imports only: dynamic import() chunks load later, on demand. */
const staticImports = (file) =>
  [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*"\.\/([^"]+)"/g)].map((m) => `dist/${m[1]}`);
const closure = (files) => {
  const seen = new Set();
  const walk = (f) => {
    if (seen.has(f) || !existsSync(f)) return;
    seen.add(f);
    staticImports(f).forEach(walk);
  };
  files.forEach(walk);
  return [...seen];
};
/**
 * The product's budget (PRODUCT.md): loader + UI + CSS + one locale ≤ 15 KB gzip. Here: the loader,
 * the first layer with everything it imports (banner, launcher, styles, sha-256) and en.json.
 */
const FIRST_LAYER = [...closure(['dist/candor.js', 'dist/candor-banner.mjs']), 'dist/locales/en.json'];
/**
 * Everything a first-time visitor downloads before the banner shows, the engine included (it
 * validates the config before any UI appears). Its budget is a ceiling against regressions, not
 * the goal: the goal (issue 16) is ≤ 15 KB for all of it, with validation messages and the engine
 * off the critical path. It was 26 KB (25.8 KB measured); the security work of wave 2 (one
 * boundary parser for records, the cookie trust rule, config URL checks, own-property lookups)
 * and the back/forward-cache re-read added about 2.8 KB to the engine, so the ceiling is now the
 * measured 28.6 KB rounded up to 29 KB, and must come down with issue 16.
 */
const FIRST_VISIT = [
  ...new Set([
    ...closure(['dist/candor.js', 'dist/candor-banner.mjs', 'dist/candor-engine.mjs']),
    'dist/locales/en.json',
  ]),
];
const SUMS = [
  { name: 'first visit: loader + UI + CSS + locale', files: FIRST_LAYER, budget: 15 * KB },
  { name: 'first visit: all of it, engine included', files: FIRST_VISIT, budget: 29 * KB },
];
const README = 'README.md';
const START = '<!-- size:start -->';
const END = '<!-- size:end -->';

const measure = (file) => {
  const buf = readFileSync(file);
  return {
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
};
const kb = (n) => `${(n / KB).toFixed(2)} KB`;

let failed = 0;
const rows = ENTRIES.map((e) => {
  if (!existsSync(e.file)) {
    console.error(`size: ${e.file} is missing; run npm run build first`);
    failed++;
    return null;
  }
  const m = measure(e.file);
  const over = e.budget !== null && m.gzip > e.budget;
  if (over) failed++;
  return { ...e, ...m, over };
}).filter(Boolean);

const sums = SUMS.map((t) => {
  const m = t.files
    .filter(existsSync)
    .map(measure)
    .reduce((a, x) => ({ raw: a.raw + x.raw, gzip: a.gzip + x.gzip, brotli: a.brotli + x.brotli }), {
      raw: 0,
      gzip: 0,
      brotli: 0,
    });
  const over = m.gzip > t.budget;
  if (over) failed++;
  return { ...t, ...m, over };
});
const table = [
  '| file | what | raw | gzip | brotli | gzip budget |',
  '| --- | --- | ---: | ---: | ---: | ---: |',
  ...rows.map(
    (r) =>
      `| \`${r.file.replace('dist/', '')}\` | ${r.what} | ${kb(r.raw)} | ${kb(r.gzip)} | ${kb(r.brotli)} | ${r.budget === null ? '—' : kb(r.budget)} |`,
  ),
  ...sums.map(
    (t) =>
      `| **${t.name}** | ${t.files.map((f) => f.replace('dist/', '')).join(' + ')} | ${kb(t.raw)} | ${kb(t.gzip)} | ${kb(t.brotli)} | ${kb(t.budget)} |`,
  ),
].join('\n');

console.log(table);
for (const r of [...rows, ...sums])
  if (r.over) console.error(`size: ${r.file ?? r.name} is ${kb(r.gzip)} gzip, over its ${kb(r.budget)} budget`);

const readme = existsSync(README) ? readFileSync(README, 'utf8') : '';
const i = readme.indexOf(START);
const j = readme.indexOf(END);
if (i < 0 || j < i) {
  console.error(`size: README.md has no ${START} … ${END} block for the size table`);
  failed++;
} else {
  const block = `${START}\n${table}\n${END}`;
  const current = readme.slice(i, j + END.length);
  if (current !== block) {
    if (process.argv.includes('--write')) {
      writeFileSync(README, readme.slice(0, i) + block + readme.slice(j + END.length));
      console.log('size: README.md table updated');
    } else {
      console.error(
        'size: the README size table differs from the measured sizes; run `npm run build && npm run size -- --write`',
      );
      failed++;
    }
  }
}
process.exit(failed ? 1 : 0);

// Size budgets: prints raw / gzip / brotli per built entry, fails above budget, and keeps the
// README's size table equal to what it measured (`npm run size -- --write` rewrites it).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const KB = 1024;
/** Entries the visitor's browser downloads, with their gzip budgets (null: reported only). */
const WHAT = {
  'candor.js': 'loader (script tag, sync in <head>)',
  'candor-engine.mjs': 'engine (validation, records, storage, sync)',
  'candor-gate.mjs': 'gate (only on pages with data-consent elements)',
  'candor-ui.mjs': 'UI entry',
  'candor-chunk-ui-entry.mjs': 'UI (Preact, banner, panel, styles, English)',
  'candor-chunk-sha256.mjs': 'shared by engine and UI (@preact/signals-core, sha-256)',
  'candor-chunk-preferences.mjs': 'shared by engine and preference center (preference rules)',
  'candor-chunk-sections.mjs': 'preference center and dashboard (when the panel opens)',
};
const chunks = readdirSync('dist').filter((f) => /^candor.*\.m?js$/.test(f)).sort((a, b) => (a === 'candor.js' ? -1 : b === 'candor.js' ? 1 : a.localeCompare(b)));
const ENTRIES = [
  ...chunks.map((f) => ({ file: `dist/${f}`, what: WHAT[f] ?? 'chunk', budget: f === 'candor.js' ? 5 * KB : null })),
  { file: 'dist/locales/de.json', what: 'one locale (German), when not English', budget: null },
];
/** Static imports only: dynamic import() chunks load later, on demand. */
const staticImports = (file) => [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*"\.\/([^"]+)"/g)].map((m) => `dist/${m[1]}`);
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
/** What a first-time visitor downloads before the banner shows (English page). */
const FIRST_VISIT = closure(['dist/candor.js', 'dist/candor-engine.mjs', 'dist/candor-ui.mjs']);
/** The product's first-visit budget: reported here, enforced once the UI work reaches it (issue 5). */
const FIRST_VISIT_TARGET = 15 * KB;
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

const first = FIRST_VISIT.filter(existsSync).map(measure).reduce((a, m) => ({ raw: a.raw + m.raw, gzip: a.gzip + m.gzip, brotli: a.brotli + m.brotli }), { raw: 0, gzip: 0, brotli: 0 });
const table = [
  '| file | what | raw | gzip | brotli | gzip budget |',
  '| --- | --- | ---: | ---: | ---: | ---: |',
  ...rows.map((r) => `| \`${r.file.replace('dist/', '')}\` | ${r.what} | ${kb(r.raw)} | ${kb(r.gzip)} | ${kb(r.brotli)} | ${r.budget === null ? '—' : kb(r.budget)} |`),
  `| **first visit** | ${FIRST_VISIT.map((f) => f.replace('dist/', '')).join(' + ')} | ${kb(first.raw)} | ${kb(first.gzip)} | ${kb(first.brotli)} | target ${kb(FIRST_VISIT_TARGET)}, not met yet |`,
].join('\n');

console.log(table);
for (const r of rows) if (r.over) console.error(`size: ${r.file} is ${kb(r.gzip)} gzip, over its ${kb(r.budget)} budget`);

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
      console.error('size: the README size table differs from the measured sizes; run `npm run build && npm run size -- --write`');
      failed++;
    }
  }
}
process.exit(failed ? 1 : 0);

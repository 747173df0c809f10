// Size budgets: prints raw / gzip / brotli per built entry, fails above budget, and keeps the
// README's size table equal to what it measured (`npm run size -- --write` rewrites it).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const KB = 1024;
/** Entries the visitor's browser downloads, with their gzip budgets (null: reported only). */
const shared = readdirSync('dist').filter((f) => /^candor-shared.*\.mjs$/.test(f)).map((f) => `dist/${f}`);
const ENTRIES = [
  { file: 'dist/candor.js', what: 'loader (script tag, sync in <head>)', budget: 5 * KB },
  { file: 'dist/candor-engine.mjs', what: 'engine chunk (validation, records, storage, sync)', budget: null },
  ...shared.map((file) => ({ file, what: 'shared chunk (@preact/signals-core, sha-256)', budget: null })),
  { file: 'dist/candor-gate.mjs', what: 'gate chunk (only on pages with data-consent elements)', budget: null },
  { file: 'dist/candor-ui.mjs', what: 'UI chunk (Preact, components, styles, English)', budget: null },
  { file: 'dist/locales/de.json', what: 'one locale (German), when not English', budget: null },
];
/** What a first-time visitor downloads before the banner shows (English page). */
const FIRST_VISIT = ['dist/candor.js', 'dist/candor-engine.mjs', ...shared, 'dist/candor-ui.mjs'];
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
  `| **first visit** | loader + engine + shared + UI (English) | ${kb(first.raw)} | ${kb(first.gzip)} | ${kb(first.brotli)} | target ${kb(FIRST_VISIT_TARGET)}, not met yet |`,
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

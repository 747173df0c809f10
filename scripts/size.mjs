// Size budgets: prints raw / gzip / brotli per built entry, fails above budget, and keeps the
// README's size table equal to what it measured (`npm run size -- --write` rewrites it).
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const KB = 1024;
/** Entries the visitor's browser downloads, with their gzip budgets (null: reported only). */
const ENTRIES = [
  { file: 'dist/candor.js', what: 'loader (script tag, sync in <head>)', budget: 5 * KB },
  { file: 'dist/candor-engine.mjs', what: 'engine chunk (signals, validation, records, storage)', budget: null },
  { file: 'dist/candor-gate.mjs', what: 'gate chunk (only on pages with data-consent elements)', budget: null },
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

const table = [
  '| file | what | raw | gzip | brotli | gzip budget |',
  '| --- | --- | ---: | ---: | ---: | ---: |',
  ...rows.map((r) => `| \`${r.file.replace('dist/', '')}\` | ${r.what} | ${kb(r.raw)} | ${kb(r.gzip)} | ${kb(r.brotli)} | ${r.budget === null ? '—' : kb(r.budget)} |`),
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

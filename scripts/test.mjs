// The one test command: type check, lint, unit and DOM tests, build, size budgets, then e2e and
// accessibility tests in real Chromium. Every step runs even when an earlier one failed (except
// those that need the build), and the last line is the plain summary `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { findChromium } from './find-chromium.mjs';

mkdirSync('reports', { recursive: true });
let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];

const run = (cmd, args, env = {}) => spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status === 0;
const step = (name, ok) => {
  console.log(`\n── ${name}: ${ok ? 'ok' : 'FAILED'}`);
  if (ok) passed++;
  else {
    failed++;
    failures.push(name);
  }
  return ok;
};
const banner = (name) => console.log(`\n━━ ${name}`);
const readJson = (file) => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
};

banner('type check');
step('type check', run('npm', ['run', '--silent', 'typecheck']));

banner('lint (with import-boundary rules)');
step('lint', run('npx', ['eslint', '.']));

banner('unit and DOM tests (vitest)');
rmSync('reports/vitest.json', { force: true });
const vitestOk = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=reports/vitest.json']);
const vitest = readJson('reports/vitest.json');
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  skipped += vitest.numPendingTests + vitest.numTodoTests;
  if (vitest.numFailedTests > 0) failures.push(`vitest: ${vitest.numFailedTests} failed`);
  if (!vitestOk && vitest.numFailedTests === 0) step('vitest run (suite error)', false);
} else step('vitest run (no report)', false);

banner('build');
const built = step('build', run('npm', ['run', '--silent', 'build']) && existsSync('dist/candor.js') && existsSync('dist/index.mjs'));

banner('size budgets');
step('size budgets', built && run('node', ['scripts/size.mjs']));

banner('e2e and accessibility (Playwright, Chromium)');
let chromium = null;
try {
  chromium = await findChromium();
  console.log(`Chromium: ${chromium}`);
} catch (e) {
  console.error(e.message);
  step('find Chromium for the browser tests', false);
}
if (chromium && !built) step('e2e (not run: the build failed)', false);
if (chromium && built) {
  rmSync('reports/playwright.json', { force: true });
  const ok = run('npx', ['playwright', 'test', '--reporter=list,json'], { CHROMIUM_PATH: chromium, PLAYWRIGHT_JSON_OUTPUT_NAME: 'reports/playwright.json' });
  const report = readJson('reports/playwright.json');
  if (report?.stats) {
    const s = report.stats;
    passed += s.expected + s.flaky;
    failed += s.unexpected;
    skipped += s.skipped;
    if (s.unexpected > 0) failures.push(`playwright: ${s.unexpected} failed`);
    if (s.expected + s.unexpected + s.flaky === 0) step('e2e ran no test', false);
    if (!ok && s.unexpected === 0) step('playwright run (suite error)', false);
  } else step('playwright run (no report)', false);
}

if (failures.length) console.log(`\nFailed: ${failures.join('; ')}`);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);

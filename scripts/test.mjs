// The one test command: type check, lint, build, unit and DOM tests, size budgets, the package as
// npm users get it (scripts/check-package.mjs), then e2e and accessibility tests in real
// Chromium, then the critical paths in Chromium, Firefox and WebKit. Every step runs even when an
// earlier one failed (except those that need the build), and the last line is the plain summary
// `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { findChromium } from './find-chromium.mjs';

mkdirSync('reports', { recursive: true });
const started = Date.now();
let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];

const run = (cmd, args, env = {}) =>
  spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status === 0;
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

banner('format (Prettier, check only)');
step('format', run('npx', ['prettier', '--check', '.', '--log-level=warn']));

// The build comes before the unit tests: some of them use what it makes (npm start serves the
// built demo and dist/server.mjs).
banner('build');
const built = step(
  'build',
  run('npm', ['run', '--silent', 'build']) && existsSync('dist/candor.js') && existsSync('dist/index.mjs'),
);

banner('unit and DOM tests (vitest)');
rmSync('reports/vitest.json', { force: true });
const vitestOk = run('npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  '--outputFile.json=reports/vitest.json',
]);
const vitest = readJson('reports/vitest.json');
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  skipped += vitest.numPendingTests + vitest.numTodoTests;
  if (vitest.numFailedTests > 0) failures.push(`vitest: ${vitest.numFailedTests} failed`);
  if (!vitestOk && vitest.numFailedTests === 0) step('vitest run (suite error)', false);
} else step('vitest run (no report)', false);

banner('size budgets');
step('size budgets', built && run('node', ['scripts/size.mjs']));

banner('package as npm users get it (attw, publint, consumer types under Bundler, NodeNext, Node16)');
step('package checks', built && run('node', ['scripts/check-package.mjs']));

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
  const ok = run('npx', ['playwright', 'test', '--reporter=list,json'], {
    CHROMIUM_PATH: chromium,
    PLAYWRIGHT_JSON_OUTPUT_NAME: 'reports/playwright.json',
  });
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

// The critical paths in three engines (test/engines, docs/browser-support.md): the same spec files
// through one driver interface; Chromium (Playwright), Firefox ESR (puppeteer-core over WebDriver
// BiDi), WebKitGTK (WebKitWebDriver; the tests start Xvfb and the driver themselves). One run per
// engine, so each gets its own time; a missing engine fails its tests, it never skips them.
banner('critical paths in Chromium, Firefox and WebKit (test/engines)');
const engineLines = [];
if (!built) step('cross-engine tests (not run: the build failed)', false);
else {
  for (const engine of ['chromium', 'firefox', 'webkit']) {
    const file = `reports/engines-${engine}.json`;
    rmSync(file, { force: true });
    const t0 = Date.now();
    const ok = run(
      'npx',
      [
        'playwright',
        'test',
        '-c',
        'test/engines/playwright.config.ts',
        `--project=${engine}`,
        '--reporter=list,json',
        '--global-timeout=420000',
      ],
      {
        PLAYWRIGHT_JSON_OUTPUT_NAME: resolve(file), // a relative name would be the config folder's
        ...(chromium ? { CHROMIUM_PATH: chromium } : {}),
      },
    );
    const seconds = Math.round((Date.now() - t0) / 1000);
    const report = readJson(file);
    const s = report?.stats;
    if (!s) {
      step(`${engine}: cross-engine run (no report)`, false);
      engineLines.push(`${engine}: no report (${seconds} s)`);
      continue;
    }
    passed += s.expected + s.flaky;
    failed += s.unexpected;
    skipped += s.skipped;
    if (s.unexpected > 0) failures.push(`${engine}: ${s.unexpected} failed`);
    if (s.expected + s.unexpected + s.flaky === 0) step(`${engine}: cross-engine run ran no test`, false);
    if (!ok && s.unexpected === 0) step(`${engine}: cross-engine run (suite error)`, false);
    engineLines.push(
      `${engine}: ${s.expected + s.flaky} passed, ${s.unexpected} failed${s.skipped ? `, ${s.skipped} skipped` : ''} in ${seconds} s`,
    );
  }
  console.log(`\nCritical paths per engine:\n  ${engineLines.join('\n  ')}`);
}

console.log(`\nnpm test took ${Math.round((Date.now() - started) / 1000)} s`);
if (failures.length) console.log(`\nFailed: ${failures.join('; ')}`);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);

// The one test command: type check, lint, build, unit and DOM tests, size budgets, the package as
// npm users get it (scripts/check-package.mjs), then e2e and accessibility tests in real
// Chromium, and beside them the critical paths in Chromium, Firefox and WebKit. Every step runs
// even when an earlier one failed (except those that need the build), and the last line is the
// plain summary `N passed, N failed`. Before it, a table of each step's time and the CPU time its
// processes used (on a shared machine the wall time says as much about the neighbours as about the
// step).
//
// The build runs beside type check, lint and format, which need nothing from it (dist/ is outside
// all three); each of these tools uses about one core. Their output is printed whole as each ends.
//
// Over 300 lines: it is the one runner of every phase, with their overlaps, the browser lookup and
// the failure listing; split up, each piece would need the counters and timings passed around.
import './node-version.mjs'; // first: a clear stop on an old Node.js
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { findChromium, findHeadlessChromium } from './find-chromium.mjs';

mkdirSync('reports', { recursive: true });
const started = Date.now();
let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
/** Each failed test's name and first error line, repeated just above the closing line (CI logs keep only the tail). */
const failedTests = [];
/** The first three lines of an error message, without terminal colours, in one line of at most 300 characters. */
const firstLine = (message) =>
  stripVTControlCharacters(String(message ?? ''))
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .slice(0, 3)
    .join(' | ')
    .slice(0, 300);
/** Adds each failed test of a Playwright JSON report to failedTests. */
const notePlaywrightFailures = (report, label) => {
  const walk = (suite) => {
    for (const spec of suite.specs ?? [])
      for (const test of spec.tests ?? [])
        if (test.status === 'unexpected') {
          const error = test.results?.find((r) => r.error)?.error;
          failedTests.push(`${label} ${spec.file}:${spec.line} › ${spec.title}\n      ${firstLine(error?.message)}`);
        }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report?.suites ?? []) walk(suite);
};

/** Clock ticks per second of /proc's CPU times. */
const ticks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;
/**
 * CPU seconds used so far by this process's ended children and all they waited for (Linux:
 * cutime + cstime of /proc/self/stat), or NaN where there is no /proc.
 */
const childCpu = () => {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // from field 3 (state) on
    return (Number(fields[13]) + Number(fields[14])) / ticks; // fields 16 and 17
  } catch {
    return NaN;
  }
};
/** [what, wall seconds, CPU seconds (null: counted with the steps beside it)], in the order they ended. */
const timings = [];
/** Starts timing `what`; the returned function records it (and returns its wall seconds). */
const timer = (what) => {
  const [t0, cpu0] = [Date.now(), childCpu()];
  return () => {
    const seconds = Math.round((Date.now() - t0) / 1000);
    timings.push([what, seconds, Math.round(childCpu() - cpu0)]);
    return seconds;
  };
};

const run = (cmd, args, env = {}) =>
  spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status === 0;
/** Like `run`, without blocking: resolves with whether the command succeeded. */
const runBeside = (cmd, args, env = {}) =>
  new Promise((done) => {
    const child = spawn(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('error', () => done(false));
    child.on('close', (code) => done(code === 0));
  });
/** Runs a command with its output collected; resolves with whether it succeeded and that output. */
const collect = (cmd, args, env = {}) =>
  new Promise((done) => {
    const output = [];
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    child.stdout.on('data', (d) => output.push(d));
    child.stderr.on('data', (d) => output.push(d));
    child.on('error', (e) => output.push(Buffer.from(`${cmd}: ${e.message}\n`)));
    child.on('close', (code) => done({ ok: code === 0, output: Buffer.concat(output).toString() }));
  });
const step = (name, ok, seconds) => {
  console.log(`\n── ${name}: ${ok ? 'ok' : 'FAILED'}${seconds === undefined ? '' : ` (${seconds} s)`}`);
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
/** A step run beside another: its output is printed whole when it ends, with its wall time. */
const besideStep = async (title, name, cmd, args, check = () => true) => {
  const t0 = Date.now();
  const { ok, output } = await collect(cmd, args);
  banner(title);
  process.stdout.write(output);
  const seconds = Math.round((Date.now() - t0) / 1000);
  timings.push([`  ${name}`, seconds, null]);
  return step(name, ok && check(), seconds);
};

const firstSteps = timer('build, beside type check, lint and format:');
const [built] = await Promise.all([
  besideStep(
    'build',
    'build',
    'npm',
    ['run', '--silent', 'build'],
    () => existsSync('dist/candor.js') && existsSync('dist/index.mjs'),
  ),
  (async () => {
    await besideStep('type check', 'type check', 'npm', ['run', '--silent', 'typecheck']);
    await besideStep('lint (with import-boundary rules)', 'lint', 'npx', ['eslint', '.']);
    await besideStep('format (Prettier, check only)', 'format', 'npx', [
      'prettier',
      '--check',
      '.',
      '--log-level=warn',
    ]);
  })(),
]);
firstSteps();

banner('size budgets');
let done = timer('size budgets');
step('size budgets', built && run('node', ['scripts/size.mjs']));
done();

// After the build: the package checks use what it makes, and so do some unit tests (npm start
// serves the built demo and dist/server.mjs). The two run side by side (neither writes what the
// other reads; together they keep both cores busy), their output printed whole as each ends.
rmSync('reports/vitest.json', { force: true });
done = timer('package checks, beside unit and DOM tests:');
const [, vitestOk] = await Promise.all([
  built
    ? besideStep(
        'package as npm users get it (attw, publint, consumer types under Bundler, NodeNext, Node16)',
        'package checks',
        'node',
        ['scripts/check-package.mjs'],
      )
    : step('package checks (not run: the build failed)', false),
  (async () => {
    const t0 = Date.now();
    const { ok, output } = await collect('npx', [
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      '--outputFile.json=reports/vitest.json',
    ]);
    banner('unit and DOM tests (vitest)');
    process.stdout.write(output);
    timings.push(['  unit and DOM tests (vitest)', Math.round((Date.now() - t0) / 1000), null]);
    return ok;
  })(),
]);
done();
const vitest = readJson('reports/vitest.json');
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  skipped += vitest.numPendingTests + vitest.numTodoTests;
  if (vitest.numFailedTests > 0) failures.push(`vitest: ${vitest.numFailedTests} failed`);
  for (const file of vitest.testResults ?? [])
    for (const t of file.assertionResults ?? [])
      if (t.status === 'failed') failedTests.push(`[vitest] ${t.fullName}\n      ${firstLine(t.failureMessages?.[0])}`);
  if (!vitestOk && vitest.numFailedTests === 0) step('vitest run (suite error)', false);
} else step('vitest run (no report)', false);

// The e2e suite and the critical paths in three engines run side by side. Neither keeps the 2-core
// machine busy alone: in CI runs the e2e suite used 465 s of CPU in 547 s (0.85 of a core; its
// tests wait on pages, animations and round trips) and each engine's run about one core, so one
// after the other left about a core idle for twelve minutes. The e2e suite keeps its two workers
// and its output as it comes; the engines run one after the other with one worker each (one more
// browser beside the e2e suite's two; ENGINE_WORKERS sets another number), their output printed
// whole after the e2e suite's. On a machine loaded by others (load 9 to 13), the accessibility
// audit spec and Chromium's critical paths took 177 and 146 s one after the other, 145 and 129 s
// side by side (the audit itself 77 s alone, 129 s beside: the engines' time is what is saved).
banner('e2e and accessibility (Playwright, Chromium), beside the critical paths in Chromium, Firefox and WebKit');
let chromium = null;
let headless = null; // the e2e suite's: Debian's chromium-headless-shell where installed
try {
  chromium = await findChromium();
  headless = await findHeadlessChromium();
  console.log(`Chromium: ${headless}${headless === chromium ? '' : ` (the cross-engine tests: ${chromium})`}`);
} catch (e) {
  console.error(e.message);
  step('find Chromium for the browser tests', false);
}
if (chromium && !built) step('e2e (not run: the build failed)', false);

// The critical paths in three engines (test/engines, docs/browser-support.md): the same spec files
// through one driver interface; Chromium (Playwright), Firefox ESR (puppeteer-core over WebDriver
// BiDi), WebKitGTK (WebKitWebDriver; the tests start Xvfb and the driver themselves). One run per
// engine, so each gets its own time; a missing engine fails its tests, it never skips them. Each
// run's output is kept, to be printed once the e2e suite has ended.
const engineLines = [];
const engineOutputs = [];
const runEngines = async () => {
  for (const engine of ['chromium', 'firefox', 'webkit']) {
    const file = `reports/engines-${engine}.json`;
    rmSync(file, { force: true });
    const t0 = Date.now();
    const { ok, output } = await collect(
      'npx',
      [
        'playwright',
        'test',
        '-c',
        'test/engines/playwright.config.ts',
        `--project=${engine}`,
        `--workers=${process.env.ENGINE_WORKERS ?? 1}`,
        '--reporter=list,json',
        '--global-timeout=420000',
      ],
      {
        PLAYWRIGHT_JSON_OUTPUT_NAME: resolve(file), // a relative name would be the config folder's
        ...(chromium ? { CHROMIUM_PATH: chromium } : {}),
      },
    );
    const seconds = Math.round((Date.now() - t0) / 1000);
    timings.push([`  critical paths in ${engine}`, seconds, null]);
    engineOutputs.push([engine, output, ok, seconds]);
  }
};
done = timer('e2e, beside the critical paths in three engines:');
const enginesRun = built ? runEngines() : Promise.resolve();
if (!built) step('cross-engine tests (not run: the build failed)', false);
if (chromium && built) {
  rmSync('reports/playwright.json', { force: true });
  const t0 = Date.now();
  const ok = await runBeside('npx', ['playwright', 'test', '--reporter=list,json'], {
    CHROMIUM_PATH: headless,
    PLAYWRIGHT_JSON_OUTPUT_NAME: 'reports/playwright.json',
  });
  timings.push(['  e2e and accessibility (Playwright, Chromium)', Math.round((Date.now() - t0) / 1000), null]);
  const report = readJson('reports/playwright.json');
  if (report?.stats) {
    const s = report.stats;
    passed += s.expected + s.flaky;
    failed += s.unexpected;
    skipped += s.skipped;
    if (s.unexpected > 0) failures.push(`playwright: ${s.unexpected} failed`);
    notePlaywrightFailures(report, '[chromium e2e]');
    if (s.expected + s.unexpected + s.flaky === 0) step('e2e ran no test', false);
    if (!ok && s.unexpected === 0) step('playwright run (suite error)', false);
  } else step('playwright run (no report)', false);
}
await enginesRun;
done();
if (built) {
  for (const [engine, output, ok, seconds] of engineOutputs) {
    banner(`critical paths in ${engine} (test/engines)`);
    process.stdout.write(output);
    const report = readJson(`reports/engines-${engine}.json`);
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
    notePlaywrightFailures(report, `[${engine}]`);
    if (s.expected + s.unexpected + s.flaky === 0) step(`${engine}: cross-engine run ran no test`, false);
    if (!ok && s.unexpected === 0) step(`${engine}: cross-engine run (suite error)`, false);
    engineLines.push(
      `${engine}: ${s.expected + s.flaky} passed, ${s.unexpected} failed${s.skipped ? `, ${s.skipped} skipped` : ''} in ${seconds} s`,
    );
  }
  console.log(`\nCritical paths per engine:\n  ${engineLines.join('\n  ')}`);
}

console.log('\nTime per step (wall, and CPU used by its processes):');
for (const [what, seconds, cpu] of timings)
  console.log(
    `  ${String(seconds).padStart(5)} s ${cpu === null ? '          ' : `${String(cpu).padStart(6)} s CPU`}  ${what}`,
  );
console.log(`\nnpm test took ${Math.round((Date.now() - started) / 1000)} s (${Math.round(childCpu())} s CPU)`);
if (failedTests.length) console.log(`\nFailed tests:\n  ${failedTests.join('\n  ')}`);
if (failures.length) console.log(`\nFailed: ${failures.join('; ')}`);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);

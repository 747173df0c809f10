// `npm run bench`: Candor side by side with vanilla-cookieconsent 3.1.0 ("vcc") and klaro 0.7.22, measured
// exactly as the measurement contract of the performance goals says (issue 16):
// - headless Chromium, one fresh browser context per run (cold cache, no cookies), viewport 1280×800, CPU
//   throttled 4× with Emulation.setCPUThrottlingRate on every page;
// - one warm-up pass over all pages (discarded), then BENCH_RUNS passes (default 9, at least 7 for
//   figures anyone compares) with the pages interleaved in each pass; medians;
// - the same minimal page per tool (heading, paragraph, purposes necessary/analytics/marketing, two
//   services, one inline script gated with the tool's own marking that sets `window.__gated`), plus a
//   page with no tool and that script ungated (the baseline); served by a local static server without
//   HTTP compression (and no-store, so a returning visitor fetches again); the peers from bench/node_modules.
// Figures (per run, then medians):
// - banner visible: performance.now() in the first requestAnimationFrame (polled by an init script from
//   navigation start) in which a button whose text matches /Accept all/i, in the document or any open
//   shadow root, has a non-zero bounding box;
// - script ms / task ms / heap: Performance.getMetrics 300 ms after the banner became visible, minus the
//   same metrics of the baseline page opened right after it, polled the same way until the same time and
//   measured 300 ms later (the rAF poll itself costs script and frames: it must cancel out);
// - bytes: gzip -9 size (computed here from the same URLs' bodies) of every JS, CSS and JSON resource in
//   the page's resource timing; "before banner" only those whose startTime ≤ banner visible;
// - first frame (a diagnostic): performance.now() in the first requestAnimationFrame of the same poll; the
//   baseline page's is the first visit's floor (no banner can be visible before the page's first frame);
// - CLS: sum of layout-shift entries without recent input, from navigation to the metrics;
// - INP of Accept all: a real mouse click on the button's box; the largest Event Timing `duration` of
//   that interaction (observer type 'event', durationThreshold 16), else the 'first-input' entry;
// - returning visitor: 500 ms after the click, reload in the same context; "gated tag ran" is the
//   performance.now() the inline gated script recorded; bytes as above. The baseline page is reloaded
//   too, after a click on it and the same wait: when the same script, ungated, runs with no tool at all
//   (a floor only roughly: how soon a reloaded page starts also depends on the page it replaces); a
//   diagnostic splits each tool's returning visit at its first script's request and arrival.
// `--json <file>` also writes the medians; `--serve` only serves the pages; `--help`.
// One file of about 700 lines on purpose: the measurement contract (the rules above, each
// figure's definition and its report) is read in one place, and nothing else imports it.
import { execFileSync, execSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../scripts/find-chromium.mjs';
import { serveStatic } from '../scripts/static-server.mjs';
import { tsCacheDir } from '../scripts/ts-cache.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const HELP = `node bench/run.mjs [--json <file>] [--against <git-ref>] [--serve]
  Measures Candor, vanilla-cookieconsent and klaro (and a page with no consent tool, the baseline) in
  headless Chromium at 4x CPU throttling: one warm-up pass, then BENCH_RUNS passes (default 9; the
  contract asks for at least 7), pages interleaved in each pass; prints medians, Candor's ratios to the
  peers and issue 16's targets (met / not met; the bench never fails on them). Measures dist/ as it is
  (run \`npm run build\` first after changing src/).
  --json <file>  also write the medians (and each run's figures) to <file>
  --against <git-ref>
                 also measure Candor as built at <git-ref> (a commit, tag or branch; built in a
                 temporary git worktree with this checkout's node_modules), on the same page, in
                 the same passes: how a change moves the figures, which runs on different days
                 cannot tell on a shared machine
  --serve        only serve the bench pages on 127.0.0.1 and print their URLs (Ctrl+C stops)
  --help         this text`;
if (argv.includes('--help')) {
  console.log(HELP);
  process.exit(0);
}
const jsonAt = argv.indexOf('--json');
const JSON_OUT = jsonAt >= 0 ? argv[jsonAt + 1] : undefined;
if (jsonAt >= 0 && (!JSON_OUT || JSON_OUT.startsWith('--'))) {
  console.error('--json needs a file name\n\n' + HELP);
  process.exit(2);
}
const againstAt = argv.indexOf('--against');
const AGAINST_REF = againstAt >= 0 ? argv[againstAt + 1] : undefined;
if (againstAt >= 0 && (!AGAINST_REF || AGAINST_REF.startsWith('--'))) {
  console.error('--against needs a git ref (a commit, tag or branch)\n\n' + HELP);
  process.exit(2);
}
const SERVE_ONLY = argv.includes('--serve');
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
if (!Number.isInteger(RUNS) || RUNS < 1) {
  console.error(`BENCH_RUNS must be a whole number ≥ 1 (got ${process.env.BENCH_RUNS})`);
  process.exit(2);
}

const THROTTLE = 4;
const VIEWPORT = { width: 1280, height: 800 };
const METRICS_AFTER_BANNER_MS = 300;
const RELOAD_AFTER_CLICK_MS = 500;
/** After the returning page's gated tag ran: time for anything else it loads to be requested. */
const RETURNING_SETTLE_MS = 1000;
const BANNER_TIMEOUT_MS = 20_000;

if (SERVE_ONLY && !existsSync(join(ROOT, 'bench/node_modules/klaro')))
  console.warn('The peers are not installed (a full `npm run bench` installs them): their pages will not load them.');
else if (!existsSync(join(ROOT, 'bench/node_modules/klaro')))
  execSync('npm ci --ignore-scripts --no-audit --no-fund', { cwd: join(ROOT, 'bench'), stdio: 'inherit' });
if (!existsSync(join(ROOT, 'dist/candor.js'))) execSync('npm run --silent build', { cwd: ROOT, stdio: 'inherit' });

/**
 * `--against <ref>`: Candor as built at `ref`, in a temporary folder served under /against/: its
 * dist/ and the bench's own Candor page loading it. Built in a temporary git worktree (removed
 * again) with this checkout's node_modules.
 */
function buildAgainst(ref) {
  const dir = mkdtempSync(join(tmpdir(), 'candor-bench-against-'));
  const tree = join(dir, 'tree');
  const commit = execFileSync('git', ['rev-parse', '--short', `${ref}^{commit}`], { cwd: ROOT })
    .toString()
    .trim();
  console.log(`Building Candor at ${ref} (${commit}) to measure beside this checkout…`);
  execFileSync('git', ['worktree', 'add', '--detach', '--quiet', tree, commit], { cwd: ROOT, stdio: 'inherit' });
  // Its own TypeScript cache in the linked node_modules (scripts/ts-cache.mjs), removed with it; a
  // ref from before one cache per checkout used the one folder every checkout then shared.
  const legacy = ['tsconfig-json', 'src-admin-page-tsconfig-json', 'src-server-tsconfig-json'];
  const caches = [tsCacheDir(tree), ...legacy.map((c) => `node_modules/.cache/candor-ts/${c}`)].map((c) =>
    join(ROOT, c),
  );
  try {
    symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'), 'dir');
    execSync('npm run --silent build', { cwd: tree, stdio: 'inherit' });
    cpSync(join(tree, 'dist'), join(dir, 'dist'), { recursive: true });
  } finally {
    execFileSync('git', ['worktree', 'remove', '--force', tree], { cwd: ROOT });
    for (const c of caches) for (const f of [c, `${c}.tsbuildinfo`]) rmSync(f, { recursive: true, force: true });
  }
  const page = readFileSync(join(ROOT, 'bench/pages/candor.html'), 'utf8');
  if (!page.includes('"/dist/candor.js"')) throw new Error('bench/pages/candor.html no longer loads /dist/candor.js');
  writeFileSync(join(dir, 'candor.html'), page.replace('"/dist/candor.js"', '"/against/dist/candor.js"'));
  return { dir, commit };
}
let against = null;
try {
  against = AGAINST_REF ? buildAgainst(AGAINST_REF) : null;
} catch (e) {
  console.error(`--against ${AGAINST_REF}: could not build it: ${e.message}`);
  process.exit(1);
}

// No HTTP compression (the byte figures are gzip -9 computed here); no-store, so every visit, the
// returning one too, fetches its real bytes. The repository root: the pages load dist/ and bench/node_modules/.
const { origin, close } = await serveStatic({
  mounts: [{ prefix: '/', dir: ROOT }, ...(against ? [{ prefix: '/against/', dir: against.dir }] : [])],
  gzip: false,
  headers: { 'cache-control': 'no-store' },
});

const BASELINE = { key: 'baseline', name: 'no consent tool (baseline)', page: '/bench/pages/baseline.html' };
const CANDOR = { key: 'candor', name: 'Candor', page: '/bench/pages/candor.html' };
const VCC = { key: 'vcc', name: 'vanilla-cookieconsent 3.1.0', page: '/bench/pages/cookieconsent.html' };
const KLARO = { key: 'klaro', name: 'klaro 0.7.22', page: '/bench/pages/klaro.html' };
const AGAINST = against && { key: 'against', name: `Candor at ${against.commit}`, page: '/against/candor.html' };
const PAGES = [BASELINE, CANDOR, VCC, KLARO, ...(AGAINST ? [AGAINST] : [])];
const TOOLS = [CANDOR, VCC, KLARO, ...(AGAINST ? [AGAINST] : [])];

if (SERVE_ONLY) {
  for (const p of PAGES) console.log(`${p.name}: ${origin}${p.page}`);
  for (const signal of ['SIGINT', 'SIGTERM'])
    process.on(signal, () => {
      if (against) rmSync(against.dir, { recursive: true, force: true });
      process.exit(0);
    });
  await new Promise(() => {}); // until a signal
}

// Runs in every page before its own scripts (and again on reload). Kept cheap: it polls a tiny DOM.
// After the banner (the contract's figure: a non-zero box) the poll goes on until the button is also
// visible by style (checkVisibility: visibility and opacity, the element and its ancestors), at most
// until the metrics are taken; a diagnostic, since a box can exist while still visibility:hidden.
// A baseline page gets `pair` = { reportAt, stopAt }: it reports its "banner" and stops polling at the
// frame times its tool did, so that it pays the same polling (about 0.3 ms of script per frame at 4x
// throttling, plus the frames it keeps producing) as the tool it is subtracted from.
const initScript = (pair = null) => `(() => {
  const PAIR = ${JSON.stringify(pair)};
  const CAP = ${METRICS_AFTER_BANNER_MS};
  const s = { firstFrameAt: null, bannerAt: null, styleVisibleAt: null, pollEndAt: null, cls: 0, events: [], firstInput: null };
  Object.defineProperty(window, '__bench', { value: s });
  const observe = (type, opts, fn) => {
    try { new PerformanceObserver((l) => l.getEntries().forEach(fn)).observe({ type, buffered: true, ...opts }); }
    catch (e) { s['no_' + type] = String(e); }
  };
  observe('layout-shift', {}, (e) => { if (!e.hadRecentInput) s.cls += e.value; });
  observe('event', { durationThreshold: 16 }, (e) =>
    s.events.push({ name: e.name, duration: e.duration, interactionId: e.interactionId, startTime: e.startTime }));
  observe('first-input', {}, (e) => { s.firstInput = { name: e.name, duration: e.duration, startTime: e.startTime }; });
  const ACCEPT = /Accept all/i;
  const find = (root) => {
    for (const b of root.querySelectorAll('button, [role="button"], input[type="button"], input[type="submit"]')) {
      if (!ACCEPT.test(b.textContent || b.value || '')) continue;
      const r = b.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) return b;
    }
    for (const el of root.querySelectorAll('*')) {
      const found = el.shadowRoot && find(el.shadowRoot);
      if (found) return found;
    }
    return null;
  };
  s.find = find;
  const report = () => typeof window.__benchBanner === 'function' && window.__benchBanner(String(s.bannerAt));
  const styleVisible = (b) => b.checkVisibility({ opacityProperty: true, visibilityProperty: true });
  const poll = () => {
    const found = find(document);
    const now = performance.now();
    if (s.firstFrameAt === null) s.firstFrameAt = now;
    if (s.bannerAt === null && (found || (PAIR && now >= PAIR.reportAt))) {
      s.bannerAt = now;
      report();
    }
    if (found && s.styleVisibleAt === null && styleVisible(found)) s.styleVisibleAt = now;
    const done = PAIR
      ? now >= PAIR.stopAt
      : s.bannerAt !== null && (s.styleVisibleAt !== null || now >= s.bannerAt + CAP);
    if (done) s.pollEndAt = now;
    else requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
})();`;

/** gzip -9 size of each JS, CSS and JSON body, by URL (fetched again here: the server does not compress). */
async function gzipSizes(urls) {
  const sizes = new Map();
  await Promise.all(
    [...new Set(urls)].map(async (url) => {
      if (!url.startsWith(origin)) return sizes.set(url, { counted: false, reason: 'not from the bench server' });
      const res = await fetch(url);
      const type = res.headers.get('content-type') ?? '';
      const body = Buffer.from(await res.arrayBuffer());
      const counted = res.ok && /javascript|css|json/i.test(type);
      sizes.set(url, { counted, gzip: counted ? gzipSync(body, { level: 9 }).length : 0 });
    }),
  );
  return sizes;
}

async function bytesOf(resources, upTo = Infinity) {
  const sizes = await gzipSizes(resources.map((r) => r.name));
  let total = 0;
  const files = [];
  for (const r of resources) {
    const size = sizes.get(r.name);
    if (!size?.counted || r.startTime > upTo) continue;
    total += size.gzip;
    files.push(new URL(r.name).pathname);
  }
  return { total, files };
}

const readResources = (page) =>
  page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => ({ name: e.name.split('#')[0], startTime: e.startTime, responseEnd: e.responseEnd })),
  );

/**
 * A fresh context and page (throttled, instrumented), navigated to `url`; resolves once the poll saw
 * the banner (or, with `stopAt`, reached that time), then 300 ms later reads the metrics.
 */
async function firstView(browser, url, pair = null) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    await page.addInitScript(initScript(pair));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
    await cdp.send('Performance.enable');
    await cdp.send('Runtime.enable'); // a binding is installed only where Runtime is enabled
    await cdp.send('Runtime.addBinding', { name: '__benchBanner' });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    let timer;
    const banner = new Promise((ok, fail) => {
      timer = setTimeout(
        () => fail(new Error(`no visible "Accept all" button within ${BANNER_TIMEOUT_MS} ms`)),
        BANNER_TIMEOUT_MS,
      );
      cdp.on('Runtime.bindingCalled', (e) => e.name === '__benchBanner' && ok(undefined));
    });
    try {
      await page.goto(url, { waitUntil: 'commit' });
      await banner;
    } finally {
      clearTimeout(timer);
    }
    await sleep(METRICS_AFTER_BANNER_MS);
    // Between the poll's report and these metrics only the page itself runs.
    const { metrics: list } = await cdp.send('Performance.getMetrics');
    const m = Object.fromEntries(list.map((x) => [x.name, x.value]));
    const metrics = { script: m.ScriptDuration * 1000, task: m.TaskDuration * 1000, heap: m.JSHeapUsedSize };
    return { context, page, cdp, errors, metrics };
  } catch (e) {
    await context.close();
    throw e;
  }
}

/**
 * The page with no tool, polled exactly like `tool`'s page was until its banner appeared (`stopAt`),
 * metrics 300 ms later: what that tool's figures are "above".
 */
async function visitBaseline(browser, pair) {
  try {
    const { context, page, metrics } = await firstView(browser, origin + BASELINE.page, pair);
    const { gated, firstFrameAt } = await page.evaluate(() => ({
      gated: window.__gated ?? null,
      firstFrameAt: window.__bench.firstFrameAt,
    }));
    // Reloaded as a returning visitor's page is (a click on the page, the same wait): when the same
    // script runs with no tool at all. A floor only roughly: how soon a reloaded page starts also
    // depends on the page it replaces (reloaded at once after its first view, as it was until
    // 2026-12-05, it often ran its script later than vanilla-cookieconsent's page).
    let backGated = null; // a reload that fails loses only this figure, not the run's first visit
    try {
      await page.mouse.click(VIEWPORT.width / 2, VIEWPORT.height / 2);
      await sleep(RELOAD_AFTER_CLICK_MS);
      await page.reload({ waitUntil: 'load' });
      backGated = await page.evaluate(() => window.__gated ?? null);
    } catch {
      // not measured in this run
    }
    await context.close();
    return { ok: true, ...pair, ...metrics, gated, backGated, firstFrameAt };
  } catch (e) {
    return { ok: false, error: e.message };
  }
}

async function visitTool(browser, tool) {
  let context;
  try {
    const view = await firstView(browser, origin + tool.page);
    context = view.context;
    const { page, cdp, errors, metrics: m } = view;
    const first = await page.evaluate(() => ({
      firstFrameAt: window.__bench.firstFrameAt,
      bannerAt: window.__bench.bannerAt,
      styleVisibleAt: window.__bench.styleVisibleAt,
      pollEndAt: window.__bench.pollEndAt,
      cls: window.__bench.cls,
      gatedBeforeConsent: window.__gated ?? null,
      dcl: performance.getEntriesByType('navigation')[0]?.domContentLoadedEventStart ?? null,
    }));
    // Where the time before the banner goes (a diagnostic): the first script's arrival, the last
    // file requested before the banner's arrival, the end of parsing.
    const before = (await readResources(page)).filter(
      (r) => r.startTime <= first.bannerAt && /\.(m?js|css|json)$/.test(r.name),
    );
    const arrivals = before.map((r) => r.responseEnd);
    const firstScript = before.find((r) => /\.m?js$/.test(r.name))?.responseEnd ?? null;
    const timeline = { firstScript, lastFile: arrivals.length ? Math.max(...arrivals) : null, dcl: first.dcl };
    // A real (trusted) mouse click in the middle of the visible Accept all button.
    const box = await page.evaluate(() => {
      const r = window.__bench.find(document)?.getBoundingClientRect();
      return r && { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    });
    if (!box) throw new Error('the Accept all button went away before the click');
    await page.mouse.click(box.x, box.y);
    await sleep(RELOAD_AFTER_CLICK_MS);
    const afterClick = await page.evaluate(() => ({
      events: window.__bench.events,
      firstInput: window.__bench.firstInput,
      gated: window.__gated ?? null,
    }));
    const firstResources = await readResources(page);

    const interaction = afterClick.events.filter((e) => e.interactionId > 0);
    const inp = interaction.length
      ? { ms: Math.max(...interaction.map((e) => e.duration)), from: 'event' }
      : afterClick.firstInput
        ? { ms: afterClick.firstInput.duration, from: 'first-input' }
        : { ms: null, from: 'none' };

    // Returning visitor: the same context (its cookies and storage), the same page, reloaded.
    await page.reload({ waitUntil: 'load' });
    // Waits for the gated tag with a bare CDP read (no Playwright helper script injected into the page).
    for (let waited = 0; waited < 10_000; waited += 100) {
      const { result } = await cdp.send('Runtime.evaluate', { expression: 'window.__gated !== undefined' });
      if (result.value) break;
      await sleep(100);
    }
    await sleep(RETURNING_SETTLE_MS);
    const back = await page.evaluate(() => ({ gated: window.__gated ?? null, bannerAt: window.__bench.bannerAt }));
    const backResources = await readResources(page);

    // Where the returning visit's time goes (a diagnostic): its first script's request (before it, the
    // browser commits the page: the same work for every tool) and arrival (then the tool's own part).
    const backScript = backResources.find((r) => /\.m?js$/.test(r.name));
    const beforeBanner = await bytesOf(firstResources, first.bannerAt);
    const firstAll = await bytesOf(firstResources);
    const backBytes = await bytesOf(backResources);
    return {
      ok: true,
      bannerMs: first.bannerAt,
      firstFrameMs: first.firstFrameAt,
      styleVisibleMs: first.styleVisibleAt,
      pollEndMs: first.pollEndAt,
      ...m,
      cls: first.cls,
      bytesBeforeBanner: beforeBanner.total,
      bytesFirst: firstAll.total,
      inpMs: inp.ms,
      inpFrom: inp.from,
      inpEvents: interaction.map(({ name, duration }) => `${name} ${duration}`),
      gatedBeforeConsent: first.gatedBeforeConsent,
      gatedAfterAccept: afterClick.gated,
      // From the click's first input event (its pointerdown) to the gated tag's run: what a visitor who
      // accepts and leaves at once gets recorded by the site's tags.
      acceptToTagMs:
        afterClick.gated !== null && afterClick.firstInput ? afterClick.gated - afterClick.firstInput.startTime : null,
      backGatedMs: back.gated,
      backBannerShown: back.bannerAt !== null,
      bytesBack: backBytes.total,
      filesBeforeBanner: beforeBanner.files,
      filesBack: backBytes.files,
      firstScriptMs: timeline.firstScript,
      lastFileMs: timeline.lastFile,
      dclMs: timeline.dcl,
      backScriptAskedMs: backScript?.startTime ?? null,
      backOwnMs: backScript && back.gated !== null ? back.gated - backScript.responseEnd : null,
      pageErrors: errors,
    };
  } catch (e) {
    return { ok: false, error: e.message };
  } finally {
    await context?.close();
  }
}

const median = (xs) => {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
};

const browser = await chromium.launch({ executablePath: await findChromium(), args: CHROMIUM_ARGS, headless: true });
const chromiumVersion = browser.version();
const runs = Object.fromEntries(TOOLS.map((t) => [t.key, []]));
const distBuilt = statSync(join(ROOT, 'dist/candor.js')).mtime;
console.log(
  `Chromium ${chromiumVersion}, headless, ${THROTTLE}x CPU throttling, ${VIEWPORT.width}x${VIEWPORT.height}; ` +
    `1 warm-up pass + ${RUNS} passes${RUNS < 7 ? ' (fewer than the 7 the contract asks for: a trial, not a result)' : ''}; ` +
    `Candor's dist/candor.js built ${distBuilt.toISOString()}`,
);
for (let pass = 0; pass <= RUNS; pass++) {
  const warmUp = pass === 0;
  // Every tool once per pass, each followed by its baseline; the order rotates from pass to pass so
  // that no tool always goes first.
  const order = TOOLS.map((_, i) => TOOLS[(i + pass) % TOOLS.length]);
  const line = [];
  for (const tool of order) {
    const r = await visitTool(browser, tool);
    if (r.ok) {
      r.baseline = await visitBaseline(browser, {
        reportAt: r.bannerMs,
        stopAt: r.pollEndMs ?? r.bannerMs + METRICS_AFTER_BANNER_MS,
      });
      if (r.baseline.ok)
        Object.assign(r, {
          scriptAbove: r.script - r.baseline.script,
          taskAbove: r.task - r.baseline.task,
          heapAbove: r.heap - r.baseline.heap,
        });
    }
    if (!warmUp) runs[tool.key].push(r);
    line.push(
      `${tool.key} ${r.ok ? `${r.bannerMs.toFixed(0)} ms${r.baseline.ok ? '' : ` (baseline FAILED: ${r.baseline.error})`}` : `FAILED (${r.error})`}`,
    );
  }
  console.log(`${warmUp ? 'warm-up' : `pass ${pass}/${RUNS}`}: ${line.join(', ')}`);
}
await browser.close();
await close();
if (against) rmSync(against.dir, { recursive: true, force: true });

const ok = (key) => runs[key].filter((r) => r.ok);
const baselines = TOOLS.flatMap((t) => ok(t.key).map((r) => r.baseline)).filter((b) => b.ok);
const base = {
  script: median(baselines.map((r) => r.script)),
  task: median(baselines.map((r) => r.task)),
  heap: median(baselines.map((r) => r.heap)),
  gated: median(baselines.map((r) => r.gated)),
  backGated: median(baselines.map((r) => r.backGated)),
  firstFrame: median(baselines.map((r) => r.firstFrameAt)),
};
// No ratio to a figure that is not positive (an above-baseline median can be ≤ 0 on a noisy machine).
const ratio = (a, b) => (a === null || b === null || !(b > 0) ? null : a / b);
const FIGURES = [
  ['bannerMs', 'first visit: banner visible (ms)'],
  ['scriptAbove', 'script ms above baseline'],
  ['taskAbove', 'task ms above baseline'],
  ['heapAbove', 'JS heap above baseline (KB)'],
  ['bytesBeforeBanner', 'bytes before the banner (gzip KB)'],
  ['bytesFirst', 'first visit: all bytes, through Accept all (gzip KB)'],
  ['cls', 'CLS'],
  ['inpMs', 'INP of Accept all (ms)'],
  ['backGatedMs', 'returning: gated tag ran (ms)'],
  ['bytesBack', 'returning: bytes (gzip KB)'],
];
const results = {};
for (const t of TOOLS) {
  const rs = ok(t.key);
  results[t.key] = {
    name: t.name,
    runs: rs.length,
    failed: runs[t.key].length - rs.length,
    ...Object.fromEntries(FIGURES.map(([k]) => [k, median(rs.map((r) => r[k]))])),
    clsMax: rs.length ? Math.max(...rs.map((r) => r.cls)) : null,
    styleVisibleMs: median(rs.map((r) => r.styleVisibleMs)),
    firstFrameMs: median(rs.map((r) => r.firstFrameMs)),
    firstScriptMs: median(rs.map((r) => r.firstScriptMs)),
    lastFileMs: median(rs.map((r) => r.lastFileMs)),
    dclMs: median(rs.map((r) => r.dclMs)),
    backScriptAskedMs: median(rs.map((r) => r.backScriptAskedMs)),
    backOwnMs: median(rs.map((r) => r.backOwnMs)),
    acceptToTagMs: median(rs.map((r) => r.acceptToTagMs)),
    inpFrom: [...new Set(rs.map((r) => r.inpFrom))].join('/'),
    checks: {
      heldBeforeConsent: rs.filter((r) => r.gatedBeforeConsent === null).length,
      ranAfterAccept: rs.filter((r) => r.gatedAfterAccept !== null).length,
      ranOnReturn: rs.filter((r) => r.backGatedMs !== null).length,
      noBannerOnReturn: rs.filter((r) => !r.backBannerShown).length,
      inpMeasured: rs.filter((r) => r.inpMs !== null).length,
      withPageErrors: rs.filter((r) => r.pageErrors.length).length,
    },
    filesBeforeBanner: rs.at(-1)?.filesBeforeBanner,
    filesBack: rs.at(-1)?.filesBack,
  };
}

const KB = 1024;
const fmt = (key, v) => {
  if (v === null || v === undefined) return '—';
  if (key.startsWith('bytes') || key === 'heapAbove') return `${(v / KB).toFixed(1)}`;
  if (key === 'cls') return v.toFixed(3);
  return v.toFixed(0);
};
console.log(
  `\nMedians of ${RUNS} runs after a warm-up (headless Chromium ${chromiumVersion}, ${THROTTLE}x CPU throttling, loopback, no HTTP compression, cold cache)`,
);
console.log(`| tool | ${FIGURES.map(([, label]) => label).join(' | ')} |`);
console.log(`| --- |${FIGURES.map(() => ' ---: |').join('')}`);
for (const t of TOOLS) {
  const r = results[t.key];
  const note = r.failed ? ` (${r.runs} of ${r.runs + r.failed} runs)` : '';
  console.log(`| ${t.name}${note} | ${FIGURES.map(([k]) => fmt(k, r[k])).join(' | ')} |`);
}
console.log(
  `\nBaseline (no consent tool, polled like each tool's page until its banner time, metrics 300 ms later; medians of all ${baselines.length}): script ${fmt('', base.script)} ms, task ${fmt('', base.task)} ms, ` +
    `JS heap ${fmt('heapAbove', base.heap)} KB (its inline script ran at ${fmt('', base.gated)} ms on a first visit, ` +
    `${fmt('', base.backGated)} ms on a reload as a returning visitor's, ${ratio(base.backGated, results.vcc.backGatedMs)?.toFixed(2) ?? '—'}× vanilla-cookieconsent's gated tag).`,
);

const ratios = {};
console.log('\nCandor ÷ peer (below 1: Candor is smaller or faster):');
for (const peer of [VCC, KLARO, ...(AGAINST ? [AGAINST] : [])]) {
  ratios[peer.key] = Object.fromEntries(
    FIGURES.filter(([k]) => k !== 'cls').map(([k]) => [k, ratio(results.candor[k], results[peer.key][k])]),
  );
  console.log(
    `- ÷ ${peer.name}: ` +
      FIGURES.filter(([k]) => k !== 'cls')
        .map(([k, label]) => `${label.replace(/ \((ms|KB|gzip KB)\)$/, '')} ${ratios[peer.key][k]?.toFixed(2) ?? '—'}`)
        .join('; '),
  );
}

const c = results.candor;
const v = results.vcc;
const TARGETS = [
  ['banner visible ≤ 0.8× vcc', ratios.vcc.bannerMs, (x) => x <= 0.8, (x) => `${x.toFixed(2)}×`],
  [
    'first-visit bytes before the banner ≤ 15 KB',
    c.bytesBeforeBanner,
    (x) => x <= 15 * KB,
    (x) => `${(x / KB).toFixed(1)} KB`,
  ],
  [
    'first-visit bytes before the banner below vcc',
    ratios.vcc.bytesBeforeBanner,
    (x) => x < 1,
    (x) => `${x.toFixed(2)}×`,
  ],
  ['returning visitor bytes ≤ 7 KB', c.bytesBack, (x) => x <= 7 * KB, (x) => `${(x / KB).toFixed(1)} KB`],
  [
    'returning visitor gated tag ran ≤ 0.7× vcc',
    ratios.vcc.backGatedMs,
    (x) => x <= 0.7,
    (x) =>
      `${x.toFixed(2)}×; the page without any tool ran it at ${ratio(base.backGated, v.backGatedMs)?.toFixed(2) ?? '—'}×`,
  ],
  ['INP of Accept all ≤ 100 ms', c.inpMs, (x) => x <= 100, (x) => `${x.toFixed(0)} ms`],
  ['script ms above baseline ≤ 1.0× vcc', ratios.vcc.scriptAbove, (x) => x <= 1, (x) => `${x.toFixed(2)}×`],
  ['CLS 0 (in every run)', c.clsMax, (x) => x === 0, (x) => `max ${x.toFixed(3)}`],
];
const targets = TARGETS.map(([label, value, test, show]) => ({
  target: label,
  value,
  met: value === null || value === undefined ? null : test(value),
  shown: value === null || value === undefined ? 'not measured' : show(value),
}));
console.log(`\nIssue 16's targets (${RUNS < 7 ? 'a trial of fewer than 7 runs; ' : ''}Candor; vcc = ${v.name}):`);
for (const t of targets)
  console.log(
    `- ${t.target}: ${t.met === null ? 'not measurable in this run' : `${t.met ? 'met' : 'not met'} (${t.shown})`}`,
  );

console.log("\nChecks (runs that passed, of each tool's successful runs):");
let suspicious = false;
for (const t of TOOLS) {
  const r = results[t.key];
  const k = r.checks;
  const all = r.runs;
  const bad =
    !all ||
    k.heldBeforeConsent !== all ||
    k.ranAfterAccept !== all ||
    k.ranOnReturn !== all ||
    k.noBannerOnReturn !== all ||
    k.inpMeasured !== all;
  suspicious ||= bad;
  console.log(
    `- ${t.name}: gated script held before consent ${k.heldBeforeConsent}/${all}, ran after Accept all ${k.ranAfterAccept}/${all}, ` +
      `ran on return ${k.ranOnReturn}/${all}, no banner on return ${k.noBannerOnReturn}/${all}, INP measured ${k.inpMeasured}/${all} ` +
      `(${r.inpFrom || '—'})${k.withPageErrors ? `, page errors in ${k.withPageErrors} runs` : ''}${r.failed ? `, ${r.failed} runs failed` : ''}${bad ? '  <- check this' : ''}`,
  );
  console.log(
    `    before the banner: ${r.filesBeforeBanner?.join(', ') || '—'}; returning: ${r.filesBack?.join(', ') || '—'}`,
  );
}
for (const t of TOOLS) for (const r of runs[t.key]) if (!r.ok) console.log(`- ${t.name} run failed: ${r.error}`);
console.log(
  '- Diagnostic, not a contract figure: the Accept all button also visible by style (visibility, opacity > 0) at ' +
    TOOLS.map((t) => `${t.name} ${fmt('', results[t.key].styleVisibleMs)} ms`).join(', ') +
    ` (— : not within ${METRICS_AFTER_BANNER_MS} ms of its box).`,
);
console.log(
  "- Diagnostic, where a first visit's time goes (medians, ms from navigation): " +
    TOOLS.map(
      (t) =>
        `${t.name}: first frame ${fmt('', results[t.key].firstFrameMs)}, first script arrived ${fmt('', results[t.key].firstScriptMs)}, last file before the banner arrived ` +
        `${fmt('', results[t.key].lastFileMs)}, parsing done (DOMContentLoaded) ${fmt('', results[t.key].dclMs)}, ` +
        `banner ${fmt('', results[t.key].bannerMs)}`,
    ).join('; ') +
    '.',
);
console.log(
  '- Diagnostic, from the press on Accept all (its pointerdown) to the gated tag ran (medians, runs measured): ' +
    TOOLS.map(
      (t) =>
        `${t.name} ${fmt('', results[t.key].acceptToTagMs)} ms (${ok(t.key).filter((r) => r.acceptToTagMs !== null).length}/${results[t.key].runs})`,
    ).join(', ') +
    `. A tag that has not run within ${RELOAD_AFTER_CLICK_MS} ms fails the check "ran after Accept all".`,
);
console.log(
  "- Diagnostic, where a returning visit's time goes (medians): " +
    TOOLS.map(
      (t) =>
        `${t.name}: first script requested at ${fmt('', results[t.key].backScriptAskedMs)} ms from navigation, ` +
        `gated tag ran ${fmt('', results[t.key].backOwnMs)} ms after it arrived`,
    ).join('; ') +
    '. Before that request the browser commits the page (and tears down the one it replaces), which no script of the ' +
    "new page can shorten; the new page's own part is the time after its script's arrival.",
);
console.log(
  `- Diagnostic, the first visit's floor: the page with no tool draws its first frame at ${fmt('', base.firstFrame)} ms ` +
    `(${ratio(base.firstFrame, v.bannerMs)?.toFixed(2) ?? '—'}× vanilla-cookieconsent's banner); no banner can be visible before the page's first frame.`,
);
if (suspicious) console.log('Some runs did not behave as a visitor expects: the figures above are not comparable.');

if (JSON_OUT) {
  const commit = (() => {
    try {
      return execSync('git rev-parse --short HEAD', { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim();
    } catch {
      return null;
    }
  })();
  writeFileSync(
    JSON_OUT,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        commit,
        chromium: chromiumVersion,
        runs: RUNS,
        throttle: THROTTLE,
        viewport: VIEWPORT,
        units: { bytes: 'gzip -9 bytes', heap: 'bytes', times: 'ms' },
        baseline: base,
        medians: results,
        ratios: {
          'candor/vcc': ratios.vcc,
          'candor/klaro': ratios.klaro,
          ...(AGAINST ? { [`candor/candor@${against.commit}`]: ratios.against } : {}),
        },
        ...(AGAINST ? { against: { ref: AGAINST_REF, commit: against.commit } } : {}),
        targets: targets.map(({ target, value, met }) => ({ target, value, met })),
        perRun: Object.fromEntries(TOOLS.map((t) => [t.key, runs[t.key]])),
      },
      null,
      2,
    ) + '\n',
  );
  console.log(`\nMedians written to ${JSON_OUT}`);
}

// `npm run bench`: Candor side by side with vanilla-cookieconsent and klaro in one run, in headless
// Chromium with 4× CPU throttling: bytes a first-time visitor downloads and main-thread time until
// the banner is visible, and what a returning visitor (decision stored) pays. Medians of N runs.
// Peers are installed into bench/node_modules (never into the product's dependencies).
// `--serve` only serves the pages (and prints their URLs) to look at them in a browser; `--help`.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../scripts/find-chromium.mjs';
import { serveStatic } from '../scripts/static-server.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SERVE_ONLY = process.argv.includes('--serve');
if (process.argv.includes('--help')) {
  console.log(
    'node bench/run.mjs [--serve]\n  Measures Candor, vanilla-cookieconsent and klaro in headless Chromium (BENCH_RUNS runs each, default 5).\n  --serve  only serve the bench pages on 127.0.0.1 and print their URLs (Ctrl+C stops).',
  );
  process.exit(0);
}
if (SERVE_ONLY && !existsSync(join(ROOT, 'bench/node_modules/klaro')))
  console.warn('The peers are not installed (a full `npm run bench` installs them): their pages will not load them.');
else if (!existsSync(join(ROOT, 'bench/node_modules/klaro')))
  execSync('npm ci --ignore-scripts --no-audit --no-fund', { cwd: join(ROOT, 'bench'), stdio: 'inherit' });
if (!existsSync(join(ROOT, 'dist/candor.js'))) execSync('npm run --silent build', { cwd: ROOT, stdio: 'inherit' });

// gzip, as any real server would; no-store, so every visit pays its real bytes (cold cache).
// The repository root: the pages load dist/ and bench/node_modules/.
const { server, origin } = await serveStatic({
  mounts: [{ prefix: '/', dir: ROOT }],
  gzip: true,
  headers: { 'cache-control': 'no-store' },
});

const TOOLS = [
  {
    name: 'Candor',
    page: '/bench/pages/candor.html',
    shown: () => !!document.querySelector('[data-candor-ui]')?.shadowRoot?.querySelector('.banner')?.offsetHeight,
    accept: "document.querySelector('[data-candor-ui]').shadowRoot.querySelector('.banner .btn').click()",
  },
  {
    name: 'vanilla-cookieconsent',
    page: '/bench/pages/cookieconsent.html',
    shown: () =>
      document.documentElement.classList.contains('show--consent') &&
      !!document.querySelector('#cc-main .cm')?.offsetHeight,
    accept: "document.querySelector('#cc-main .cm__btn[data-role=all]').click()",
  },
  {
    name: 'klaro',
    page: '/bench/pages/klaro.html',
    shown: () => !!document.querySelector('.klaro .cookie-notice')?.offsetHeight,
    accept: "document.querySelector('.klaro .cookie-notice .cm-btn-success').click()",
  },
];

if (SERVE_ONLY) {
  for (const tool of TOOLS) console.log(`${tool.name}: ${origin}${tool.page}`);
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
  await new Promise(() => {}); // until a signal
}

const browser = await chromium.launch({
  executablePath: await findChromium(),
  args: CHROMIUM_ARGS,
});

async function visit(context, tool, expectBanner) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await cdp.send('Performance.enable');
  await cdp.send('Network.enable');
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e) => (bytes += e.encodedDataLength));
  const docBytes = { n: 0 };
  cdp.on('Network.responseReceived', (e) => e.type === 'Document' && (docBytes.id = e.requestId));
  cdp.on('Network.loadingFinished', (e) => e.requestId === docBytes.id && (docBytes.n = e.encodedDataLength));
  await page.goto(`${origin}${tool.page}`, { waitUntil: 'load' });
  let visibleAt = null;
  if (expectBanner) {
    await page.waitForFunction(tool.shown, undefined, { polling: 'raf', timeout: 15_000 });
    visibleAt = await page.evaluate(() => performance.now());
  } else await page.waitForTimeout(500);
  const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  return {
    page,
    visibleAt,
    task: metrics.TaskDuration * 1000,
    script: metrics.ScriptDuration * 1000,
    bytes: bytes - docBytes.n,
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = [];
for (const tool of TOOLS) {
  const first = [];
  const back = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext();
    const v = await visit(context, tool, true);
    first.push(v);
    await v.page.evaluate(tool.accept);
    await v.page.waitForTimeout(300);
    await v.page.close();
    back.push(await visit(context, tool, false));
    await context.close();
  }
  results.push({
    tool: tool.name,
    firstBytes: median(first.map((r) => r.bytes)),
    bannerMs: median(first.map((r) => r.visibleAt)),
    firstTaskMs: median(first.map((r) => r.task)),
    backBytes: median(back.map((r) => r.bytes)),
    backTaskMs: median(back.map((r) => r.task)),
  });
}
await browser.close();
server.close();

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const ms = (n) => `${n.toFixed(0)} ms`;
const candor = results[0];
console.log(
  `\nConsent tools side by side: headless Chromium, 4x CPU throttling, loopback, gzip, cold cache, median of ${RUNS} runs`,
);
console.log(
  '| tool | first visit: bytes (gzip) | banner visible at | main-thread task time | returning: bytes (gzip) | returning: task time |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const r of results)
  console.log(
    `| ${r.tool} | ${kb(r.firstBytes)} | ${ms(r.bannerMs)} | ${ms(r.firstTaskMs)} | ${kb(r.backBytes)} | ${ms(r.backTaskMs)} |`,
  );
console.log('\nCandor ÷ peer (below 1 means Candor is smaller or faster):');
for (const r of results.slice(1)) {
  console.log(
    `- vs ${r.tool}: first-visit bytes ${(candor.firstBytes / r.firstBytes).toFixed(2)}, banner time ${(candor.bannerMs / r.bannerMs).toFixed(2)}, first-visit task time ${(candor.firstTaskMs / r.firstTaskMs).toFixed(2)}, returning bytes ${(candor.backBytes / r.backBytes).toFixed(2)}, returning task time ${(candor.backTaskMs / r.backTaskMs).toFixed(2)}`,
  );
}

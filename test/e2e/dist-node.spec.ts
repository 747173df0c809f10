/** The npm build works from a plain Node script, as the foundation issue requires. */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';

const script = `
import { createConsent, ConsentError } from ${JSON.stringify(resolve('dist/index.mjs'))};
const config = { policy: { revision: 1 }, expiresAfterDays: 30, purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }, { id: 'marketing' }] };
let now = Date.parse('2026-11-22T10:00:00Z');
const { createMemoryStorage } = await import(${JSON.stringify(resolve('dist/index.mjs'))});
const storage = createMemoryStorage();
const c = createConsent(config, { now: () => now, storage });
const out = { before: c.has('analytics') };
await c.acceptAll();
out.afterAccept = c.has('analytics');
out.afterBump = createConsent({ ...config, policy: { revision: 2 } }, { now: () => now, storage }).has('analytics');
now += 30 * 86400000;
out.afterExpiry = c.has('analytics');
now -= 30 * 86400000;
await c.rejectAll();
out.afterReject = ['analytics', 'marketing'].map((p) => c.has(p));
try { createConsent({ policy: {}, purposes: [{ id: 'ads' }] }); } catch (e) { out.error = { isConsentError: e instanceof ConsentError, code: e.code, message: e.message }; }
console.log(JSON.stringify(out));
`;

test('a plain Node script imports dist/index.mjs and gets fail-closed answers', () => {
  const out = JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }),
  ) as Record<string, unknown>;
  expect(out).toMatchObject({
    before: false,
    afterAccept: true,
    afterBump: false,
    afterExpiry: false,
    afterReject: [false, false],
  });
  expect(out['error']).toMatchObject({ isConsentError: true, code: 'config/invalid' });
  expect((out['error'] as { message: string }).message).toContain('policy.revision: required');
  expect((out['error'] as { message: string }).message).toContain('purposes: a purpose { "id": "necessary"');
});

/**
 * Imports the module at argv[1] in a fresh Node process and reports what the import did: every
 * module Node resolved for it (a resolve hook sees the real graph, dynamic imports included), the
 * browser and timer globals it read or wrote, globals it added, process listeners and active
 * resources (timers, sockets, …) it left behind, and anything it wrote to stdout or stderr. The
 * guards are armed only while the import runs; the report is the one line this process prints.
 */
const PROBE = `
import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
const proc = process;
const stdout = proc.stdout.write, stderr = proc.stderr.write;
const { port1, port2 } = new MessageChannel();
const resolved = [];
port1.on('message', (m) => m !== 'flushed' && resolved.push(m));
register('data:text/javascript,' + encodeURIComponent(\`let port;
export function initialize(data) { port = data.port; port.on('message', () => port.postMessage('flushed')); }
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  port.postMessage({ specifier, parent: context.parentURL ?? null, url: r.url });
  return r;
}\`), { data: { port: port2 }, transferList: [port2] });

let armed = false;
const touched = [];
const GUARDED = ['window', 'document', 'navigator', 'location', 'self', 'localStorage', 'sessionStorage', 'indexedDB', 'fetch', 'XMLHttpRequest', 'WebSocket', 'BroadcastChannel', 'EventSource', 'setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'requestAnimationFrame', 'requestIdleCallback', 'addEventListener', 'dispatchEvent', 'console', 'process'];
const saved = GUARDED.map((name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)]);
for (const [name, d] of saved) {
  const read = () => (d ? (d.get ? d.get.call(globalThis) : d.value) : undefined);
  Object.defineProperty(globalThis, name, {
    configurable: true,
    get: () => (armed && touched.push(name), read()),
    set: () => void (armed && touched.push(name + ' (written)')),
  });
}
const written = [];
const keys = Reflect.ownKeys(globalThis);
const listeners = (e) => proc.listenerCount(e);
const before = new Map(proc.eventNames().map((e) => [e, listeners(e)]));
const resources = proc.getActiveResourcesInfo();
proc.stdout.write = proc.stderr.write = (chunk) => (written.push(String(chunk)), true);
armed = true;
await import(proc.argv[1]);
armed = false;
proc.stdout.write = stdout;
proc.stderr.write = stderr;
const report = {
  touched,
  written,
  addedGlobals: Reflect.ownKeys(globalThis).filter((k) => !keys.includes(k)).map(String),
  addedListeners: proc.eventNames().filter((e) => listeners(e) > (before.get(e) ?? 0)).map(String),
  addedResources: proc.getActiveResourcesInfo().filter((r) => !resources.includes(r)),
};
for (const [name, d] of saved) (d ? Object.defineProperty(globalThis, name, d) : delete globalThis[name]);
// Messages on one port arrive in order: once the hook answers this, it has reported every resolve.
port1.postMessage('flush');
await new Promise((r) => port1.once('message', r));
port1.close();
stdout.call(proc.stdout, JSON.stringify({ ...report, resolved }) + '\\n');
`;

interface ImportReport {
  touched: string[];
  written: string[];
  addedGlobals: string[];
  addedListeners: string[];
  addedResources: string[];
  resolved: { specifier: string; parent: string | null; url: string }[];
}

const probe = (url: string): ImportReport => {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', PROBE, url], { encoding: 'utf8' });
  expect(run.stderr).toBe(''); // the probe's own process printed nothing else either
  expect(run.status).toBe(0);
  expect(run.stdout.split('\n')).toHaveLength(2); // one line of report, then the final newline
  return JSON.parse(run.stdout) as ImportReport;
};

const QUIET: Omit<ImportReport, 'resolved'> = {
  touched: [],
  written: [],
  addedGlobals: [],
  addedListeners: [],
  addedResources: [],
};

test('the import probe notices a module that does touch globals, timers and output', () => {
  // The control: without it a probe that sees nothing would pass the next test as well.
  const noisy = probe(
    `data:text/javascript,${encodeURIComponent('globalThis.leak = 1; setTimeout(() => {}, 1); console.log("hi"); process.on("exit", () => {});')}`,
  );
  expect(noisy).toMatchObject({
    touched: expect.arrayContaining(['setTimeout', 'console', 'process']),
    written: ['hi\n'],
    addedGlobals: ['leak'],
    addedListeners: ['exit'],
    addedResources: ['Timeout'],
  });
});

test('dist/index.mjs imports no Preact (only @preact/signals-core and idb-keyval) and runs nothing on import', () => {
  const entry = pathToFileURL(resolve('dist/index.mjs')).href;
  const dist = pathToFileURL(resolve('dist')).href + '/';
  const { resolved, ...effects } = probe(entry);
  // Runs nothing: no browser or timer global read or written, no global added, no listener, timer
  // or socket left behind, no output.
  expect(effects).toEqual(QUIET);
  // The graph: dist/index.mjs and its shared chunks import exactly the two packages, nothing else
  // (no Node built-in, nothing outside dist/), and nothing Node loaded is Preact.
  const fromDist = resolved.filter((r) => r.parent?.startsWith(dist));
  const bare = (r: { specifier: string }) => !/^(\.{1,2}\/|\/|file:)/.test(r.specifier);
  expect(resolved.map((r) => r.url)).toContain(entry);
  expect([...new Set(fromDist.filter(bare).map((r) => r.specifier))].sort()).toEqual([
    '@preact/signals-core',
    'idb-keyval',
  ]);
  expect(fromDist.filter((r) => !bare(r) && !r.url.startsWith(dist)).map((r) => r.url)).toEqual([]);
  expect(resolved.map((r) => r.url).filter((u) => /\/node_modules\/(preact|@preact\/signals)\//.test(u))).toEqual([]);
});

test('require() of any entry throws an error that says how to import the ES module', () => {
  // Run from the repository, so `candor` resolves through package.json's exports (self-reference),
  // as it does from an app's node_modules.
  const script = `
const out = {};
for (const entry of ['candor', 'candor/ui', 'candor/page', 'candor/candor.js']) {
  try { require(entry); out[entry] = 'loaded'; } catch (e) { out[entry] = { code: e.code, message: e.message }; }
}
import('candor').then((m) => { out.dynamicImport = typeof m.createConsent; console.log(JSON.stringify(out)); });
`;
  const out = JSON.parse(
    execFileSync(process.execPath, ['--input-type=commonjs', '-e', script], { encoding: 'utf8' }),
  ) as Record<string, { code: string; message: string } | string>;
  for (const entry of ['candor', 'candor/ui', 'candor/page', 'candor/candor.js'])
    expect(out[entry]).toEqual({
      code: 'ERR_REQUIRE_ESM',
      message: expect.stringMatching(/^candor is an ES module: use import … from 'candor'.*await import\('candor'\)/),
    });
  expect(out['dynamicImport']).toBe('function');
});

test("candor/react is a client module: dist/react.mjs starts with 'use client', so a React Server Components framework (Next.js App Router) renders <ConsentProvider> from a server layout", () => {
  // Without the directive, the server layer evaluates the module with React's react-server build,
  // which has no createContext (nor the hooks): importing it there fails, as Node shows with that
  // export condition. With it, the framework hands the server a reference to the client module.
  const withServerReact = spawnSync(
    process.execPath,
    [
      '--conditions=react-server',
      '--input-type=module',
      '-e',
      `await import(${JSON.stringify(resolve('dist/react.mjs'))})`,
    ],
    { encoding: 'utf8' },
  );
  expect(withServerReact.stderr).toContain('createContext');
  const code = readFileSync(resolve('dist/react.mjs'), 'utf8');
  expect(code.startsWith("'use client';\n")).toBe(true);
  // Only candor/react: the headless engine, the page wiring and the UI run on a server layer too (SSR-safe).
  for (const entry of ['index.mjs', 'page.mjs', 'ui.mjs', 'vue.mjs', 'bindings-session.mjs'])
    expect(readFileSync(resolve('dist', entry), 'utf8')).not.toContain('use client');
});

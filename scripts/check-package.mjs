// Checks the package as npm users get it (issue 17): packs it once, then on that tarball
// @arethetypeswrong/cli (every entry, every resolution mode) and publint (strict), then compiles
// test/types/consumer/consumer.ts against the unpacked tarball under moduleResolution Bundler,
// NodeNext and Node16, each with and without skipLibCheck. Needs `npm run build` first; exits 1
// on any problem.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (cmd, args, options = {}) => {
  console.log(`$ ${[cmd, ...args].map((a) => a.replace(root, '.')).join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...options });
  return r.status === 0;
};
let failed = 0;
const check = (name, ok) => {
  console.log(`${ok ? 'ok' : 'FAILED'}: ${name}`);
  if (!ok) failed++;
};

const packDir = mkdtempSync(join(tmpdir(), 'candor-pack-'));
if (!run('npm', ['pack', '--silent', '--pack-destination', packDir], { stdio: ['ignore', 'ignore', 'inherit'] }))
  throw new Error('check-package: npm pack failed');
const tarball = join(
  packDir,
  readdirSync(packDir).find((f) => f.endsWith('.tgz')),
);

check('attw: no problem for any entry', run(bin('attw'), [tarball]));
check('publint (strict): no problem', run(bin('publint'), ['run', tarball, '--strict']));

/**
 * The consumer lives under reports/ (inside the repository, so the package's dependencies resolve
 * from its node_modules) with the unpacked tarball as its node_modules/candor.
 */
const app = join(root, 'reports', 'package-consumer');
rmSync(app, { recursive: true, force: true });
mkdirSync(join(app, 'node_modules', 'candor'), { recursive: true });
if (!run('tar', ['-xzf', tarball, '-C', join(app, 'node_modules', 'candor'), '--strip-components=1']))
  throw new Error('check-package: could not unpack the tarball');
rmSync(packDir, { recursive: true, force: true });
cpSync(join(root, 'test', 'types', 'consumer'), join(app, 'src'), { recursive: true });
writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));

const MODES = [
  { moduleResolution: 'Bundler', module: 'ESNext' },
  { moduleResolution: 'NodeNext', module: 'NodeNext' },
  { moduleResolution: 'Node16', module: 'Node16' },
];
const compiles = MODES.flatMap((mode) =>
  [false, true].map((skipLibCheck) => {
    const name = `tsconfig.${mode.moduleResolution.toLowerCase()}${skipLibCheck ? '.skiplibcheck' : ''}.json`;
    const compilerOptions = {
      ...mode,
      target: 'ES2022',
      lib: ['ES2022', 'DOM'],
      types: [],
      strict: true,
      skipLibCheck,
      noEmit: true,
    };
    writeFileSync(join(app, name), JSON.stringify({ compilerOptions, include: ['src'] }, null, 2));
    return {
      what: `types of the packed package under ${mode.moduleResolution}${skipLibCheck ? ' with skipLibCheck' : ''}`,
      config: join(app, name),
    };
  }),
);
/**
 * The six compiles, two at a time (tsc uses one core; 32 s one after the other on a 2-core
 * machine), each printed whole, in the order above, once it and those before it are done.
 */
const compile = (config) =>
  new Promise((done) => {
    const output = [];
    const child = spawn(bin('tsc'), ['-p', config], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => output.push(d));
    child.stderr.on('data', (d) => output.push(d));
    child.on('error', (e) => output.push(Buffer.from(`tsc: ${e.message}\n`)));
    child.on('close', (code) => done({ ok: code === 0, output: Buffer.concat(output).toString() }));
  });
let free = 2;
const waiting = [];
const slot = () => (free > 0 ? (free--, Promise.resolve()) : new Promise((r) => waiting.push(r)));
const release = () => (waiting.length ? waiting.shift()() : free++);
const runs = compiles.map(async ({ config }) => {
  await slot();
  try {
    return await compile(config);
  } finally {
    release();
  }
});
for (const [i, { what, config }] of compiles.entries()) {
  const { ok, output } = await runs[i];
  console.log(`$ ${[bin('tsc'), '-p', config].map((a) => a.replace(root, '.')).join(' ')}`);
  process.stdout.write(output);
  check(what, ok);
}

console.log(failed ? `check-package: ${failed} problem(s)` : 'check-package: the package is fine for npm users');
process.exit(failed ? 1 : 0);

/**
 * candor/server on the built package: Node code stays out of every browser bundle (the lint rule
 * checks sources; this checks what the build made), and `candor/server` resolves through the
 * package's exports to a module that imports only Node built-ins and its optional drivers.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

const SERVER_FILES = /^server\.(mjs|d\.mts)(\.map)?$/;
/** Words only the server's code has: Node specifiers, its SQL, its entry points. */
const SERVER_MARKS = [
  /["']node:[a-z_/]+["']/,
  /candor_records/,
  /createConsentServer/,
  /@electric-sql\/pglite/,
  /\bpg_advisory/,
];

test('no browser bundle in dist/ holds Node code or any of candor/server', () => {
  const files = readdirSync('dist', { recursive: true, encoding: 'utf8' }).filter(
    (f) => /\.(m?js|cjs)$/.test(f) && !SERVER_FILES.test(f),
  );
  expect(files).toContain('candor.js');
  expect(files).toContain('index.mjs');
  const found = files.flatMap((f) => {
    const code = readFileSync(`dist/${f}`, 'utf8');
    return SERVER_MARKS.filter((mark) => mark.test(code)).map((mark) => `${f}: ${mark}`);
  });
  expect(found).toEqual([]);
});

test('dist/server.mjs imports Node built-ins and its drivers only, and candor/server resolves to it', () => {
  const code = readFileSync('dist/server.mjs', 'utf8');
  // Static imports (at the start of a line, as rollup writes them) and dynamic `import('…')`; not a
  // word `from` inside the code's own strings.
  const imports = [...code.matchAll(/^import\s(?:[^;'"]*?\sfrom\s*)?'([^']+)'|\bimport\s*\(\s*'([^']+)'\s*\)/gm)].map(
    (m) => m[1] ?? m[2],
  );
  expect(imports.length).toBeGreaterThan(0);
  expect(imports.filter((i) => !/^node:/.test(i!) && !['@electric-sql/pglite', 'pg'].includes(i!))).toEqual([]);
  // Run from the repository, so `candor/server` resolves through package.json's exports (self-reference).
  const out = execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      "const s = await import('candor/server'); const c = await import('candor'); console.log(JSON.stringify([typeof s.createConsentServer, typeof s.toNodeListener, typeof s.createPGliteStore, typeof s.createPostgresStore, 'createConsentServer' in c]));",
    ],
    { encoding: 'utf8' },
  );
  expect(JSON.parse(out)).toEqual(['function', 'function', 'function', 'function', false]);
});

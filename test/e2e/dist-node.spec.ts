/** The npm build works from a plain Node script, as the foundation issue requires. */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
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
  const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as Record<string, unknown>;
  expect(out).toMatchObject({ before: false, afterAccept: true, afterBump: false, afterExpiry: false, afterReject: [false, false] });
  expect(out['error']).toMatchObject({ isConsentError: true, code: 'config/invalid' });
  expect((out['error'] as { message: string }).message).toContain('policy.revision: required');
  expect((out['error'] as { message: string }).message).toContain('purposes: a purpose { "id": "necessary"');
});

test('dist/index.mjs imports no Preact (only @preact/signals-core and idb-keyval) and runs nothing on import', () => {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', `
    const { readFileSync } = await import('node:fs');
    const { dirname, resolve } = await import('node:path');
    const seen = new Set();
    const bare = new Set();
    const walk = (file) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const m of readFileSync(file, 'utf8').matchAll(/(?:from|import)\\s*['"]([^'"]+)['"]/g)) {
        if (m[1].startsWith('.')) walk(resolve(dirname(file), m[1]));
        else bare.add(m[1]);
      }
    };
    walk(${JSON.stringify(resolve('dist/index.mjs'))});
    await import(${JSON.stringify(resolve('dist/index.mjs'))});
    console.log(JSON.stringify({ imports: [...bare], files: seen.size }));
  `], { encoding: 'utf8' });
  const { imports, files } = JSON.parse(out) as { imports: string[]; files: number };
  expect(files).toBeGreaterThanOrEqual(1);
  expect(imports.sort()).toEqual(['@preact/signals-core', 'idb-keyval']);
});

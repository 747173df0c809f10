/**
 * A worker-scoped fixture that runs `npm start` (without rebuilding) on a free port with a fresh
 * consent endpoint (candor/server with a new embedded database, copied from a template rather than
 * made by initdb: see test/pglite-template.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedPglite } from '../pglite-template';
import { expect, test as base } from './fixtures';

export const test = base.extend<Record<never, never>, { demo: string }>({
  demo: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
    async ({}, use) => {
      const dir = mkdtempSync(join(tmpdir(), 'candor-demo-'));
      await seedPglite(join(dir, 'db')); // npm start keeps its data in $RECEIVER_DIR/db
      const child: ChildProcess = spawn(process.execPath, ['scripts/start.mjs', '--no-build'], {
        env: { ...process.env, PORT: '0', RECEIVER_DIR: dir },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
          if (m) resolve(m[0].slice(0, -1));
        });
        child.on('exit', (code) => reject(new Error(`npm start exited with ${code}: ${out}`)));
      });
      await use(url);
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker', timeout: 120_000 },
  ],
});

export { expect };

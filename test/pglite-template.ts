/**
 * A new, empty embedded database (candor/server's PGlite) for the browser tests that start a server
 * on a data directory of their own. PGlite's initdb takes 5 to 30 s on a busy 2-core machine;
 * copying a cluster it made once takes about 1 s. The copy is the same empty cluster the server
 * would make itself, which it then opens and migrates as ever; a first start on an empty directory
 * stays tested where it is the point (vitest: npm start in test/unit/static-server.test.ts, the
 * CLI in test/server/adapters.test.ts).
 *
 * The template is made once per PGlite version under reports/: by the Playwright configs' global
 * set-up (this module's default export), before any worker starts, or else by the first worker
 * that needs it. It is made in a directory of its own and then renamed into place, so no worker
 * ever copies a half-made one, and two workers making it at once both end up with a whole one.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

const ROOT = resolve(import.meta.dirname, '..');
const version = (
  JSON.parse(readFileSync(join(ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string }
).version;
const TEMPLATE = join(ROOT, 'reports', `pglite-template-${version}`);

let made: Promise<void> | undefined;
/** Makes the template unless it is there. */
export default async function template(): Promise<void> {
  if (existsSync(TEMPLATE)) return;
  mkdirSync(join(ROOT, 'reports'), { recursive: true });
  const aside = mkdtempSync(`${TEMPLATE}.making-`);
  try {
    const db = await PGlite.create(join(aside, 'db'));
    await db.close();
    try {
      renameSync(join(aside, 'db'), TEMPLATE);
    } catch (e) {
      if (!existsSync(TEMPLATE)) throw e; // another worker renamed its own first: that one is used
    }
  } finally {
    rmSync(aside, { recursive: true, force: true });
  }
}

/** Fills `dataDir` (which must not exist yet) with a new empty PGlite cluster, as initdb would. */
export async function seedPglite(dataDir: string): Promise<void> {
  await (made ??= template());
  cpSync(TEMPLATE, dataDir, { recursive: true, errorOnExist: true, force: false });
}

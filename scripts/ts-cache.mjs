// Where the build keeps TypeScript's incremental cache for one checkout (rollup.config.mjs).
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The TypeScript cache folder of the checkout at `root`, under `node_modules/.cache/candor-ts`: one
 * folder per checkout. Another checkout that links this one's node_modules (`npm run bench --
 * --against`, a worktree) must not share it: the build info records each source by a path
 * relative to the cache, the same in both, so a build in one checkout took the other's versions as
 * its own, and an edit in this one undone afterwards (the same text as the other's) kept its stale
 * output in dist/. Relative to `root`'s node_modules, as `join` gives it.
 */
export const tsCacheDir = (root) =>
  join('node_modules/.cache/candor-ts', createHash('sha256').update(realpathSync(root)).digest('hex').slice(0, 12));

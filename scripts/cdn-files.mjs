// The script tag's files: what a site owner deploys, all in dist/cdn/ (issue 17: "copy this
// folder"). The build copies them there from dist/ (rollup.config.mjs, after the last build);
// scripts/size.mjs fails when the folder differs from them in any file.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Whether a file at the top of dist/ belongs to the script tag (loaders, chunks, their maps). */
export const isScriptTagFile = (name) => /^candor(-autoblock)?\.js(\.map)?$|^candor-[\w.-]+\.mjs(\.map)?$/.test(name);

/** Every file under `dir`, as paths relative to it. */
export const allFiles = (dir, sub = '') =>
  readdirSync(join(dir, sub), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? allFiles(dir, join(sub, e.name)) : [join(sub, e.name)],
  );

/** Every script-tag file under `dist` as a path relative to it: the top-level files and `locales/`. */
export function scriptTagFiles(dist = 'dist') {
  const top = readdirSync(dist, { withFileTypes: true })
    .filter((e) => e.isFile() && isScriptTagFile(e.name))
    .map((e) => e.name);
  return [...top, ...(existsSync(join(dist, 'locales')) ? allFiles(dist, 'locales') : [])].sort();
}

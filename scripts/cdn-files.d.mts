/** Whether a file at the top of dist/ belongs to the script tag (loaders, chunks, their maps). */
export const isScriptTagFile: (name: string) => boolean;
/** Every script-tag file under `dist` as a path relative to it: the top-level files and `locales/`. */
export function scriptTagFiles(dist?: string): string[];
/** Every file under `dir`, as paths relative to it. */
export function allFiles(dir: string, sub?: string): string[];

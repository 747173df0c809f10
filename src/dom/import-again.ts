/**
 * A lazy chunk's `import()` that a later call can try again after it failed. Chromium 150 and
 * Firefox ESR 140 keep a module that failed to load as failed for the page's life (the HTML module
 * map before whatwg/html#10327): importing the same URL again fails at once, without a request, so
 * "the next opening tries again" never did there. WebKit 2.50 and Chromium 156 ask again. Their
 * error names the file ("… module: <url>"): the next call imports that URL with a query of its own
 * (a new entry in the module map, a new request). Only for a chunk that no other chunk imports
 * statically (those would import the failed URL, or a second copy of it), and whose own static
 * imports have already loaded: the preference center and history (ui/Panel.tsx).
 *
 * `name` is an export the module has. The build may give a chunk's exports short names and hand
 * `load` the module's namespace as one of them (rollup: `import("./x.mjs").then(e => e.p)`); a
 * retry, which imports the file itself, then finds the namespace as the export that holds `name`.
 */
export function importAgain<T extends object>(
  load: () => Promise<T>,
  name: keyof T & string,
  dynamicImport: (url: string) => Promise<object> = (url) => import(/* @vite-ignore */ /* webpackIgnore: true */ url),
): () => Promise<T> {
  let failed: string | undefined;
  let tries = 0;
  const again = (url: string): Promise<T> =>
    dynamicImport(url).then((ns) => {
      const found = name in ns ? ns : Object.values(ns).find((v: unknown) => typeof v === 'object' && v && name in v);
      return (found as T | undefined) ?? Promise.reject(new Error(`${url} has no ${name}`));
    });
  return () =>
    (failed ? again(`${failed}?again=${++tries}`) : load()).catch((e: unknown) => {
      // The script file that ends the message, without the query of an earlier try (a bundler's
      // own chunk error, worded otherwise, leaves the next try to the bundler's import).
      failed = /(https?:\/\/[^\s?#]+\.m?js)(\?\S*)?$/.exec(String(e))?.[1] ?? failed;
      throw e;
    });
}

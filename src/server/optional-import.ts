/**
 * The database drivers are optional peer dependencies of candor (a browser-only user installs
 * neither): they are imported when a store is created, and a missing one fails with the command
 * that installs it.
 */

/** Imports `name`, or throws an error that says how to install it and why. */
export async function importDriver<T>(name: string, load: () => Promise<T>, why: string): Promise<T> {
  try {
    return await load();
  } catch (e) {
    const code = (e as { code?: unknown } | null)?.code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND')
      throw new Error(`candor/server: ${why} needs the package ${name}: run \`npm install ${name}\``, { cause: e });
    throw e;
  }
}

/**
 * Development warnings, each printed once. Production builds drop them: the script-tag build
 * replaces `process.env.NODE_ENV` with "production" (so the whole body is dead code), and npm
 * users' bundlers do the same.
 */

declare const process: { env: { NODE_ENV?: string } };

const seen = new Set<string>();

function isDev(): boolean {
  try {
    return process.env.NODE_ENV !== 'production';
  } catch {
    return true; // no `process` at all: unbundled ESM in a browser, i.e. development
  }
}

/** Prints `message` once per page as a console warning, in development builds only. */
export function warnOnce(message: string): void {
  if (!isDev() || seen.has(message)) return;
  seen.add(message);
  console.warn(`[candor] ${message}`);
}

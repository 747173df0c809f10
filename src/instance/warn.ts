/**
 * Development warnings, each printed once, for npm users: their bundlers replace
 * `process.env.NODE_ENV` with "production" in production builds, where nothing prints. The
 * script-tag builds use warn-none.ts instead of this module (rollup.config.mjs, `production`), so
 * the warnings' words are not even shipped there. Keep both modules' exports the same.
 * `warnUnknownIds`: each id in `has(expr)` or `whenGranted(expr)` that is no purpose or service of
 * the config, or an `expr` that is no string (never granted); here, not in createConsent, so that
 * the script tag's engine has no loop left over it.
 */
import type { Config } from '../core/config-types';
import type { ConsentEvents } from './types';

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

/** `ConsentEvents`' names (the type checks the list). */
const EVENTS = Object.keys({ ready: 1, change: 1, prompt: 1, error: 1, sync: 1 } satisfies Record<
  keyof ConsentEvents,
  1
>);

/** Warns (development only) that `on(type)` names no event (a typo's listener never runs), with the event it may mean. */
export function warnUnknownEvent(type: unknown): void {
  if (!isDev() || (typeof type === 'string' && EVENTS.includes(type))) return;
  const t = typeof type === 'string' ? type.toLowerCase() : '';
  const near = t && EVENTS.find((e) => t.includes(e) || t.slice(0, 2) === e.slice(0, 2));
  const name = typeof type === 'string' ? `"${type}"` : `a ${typeof type}`;
  warnOnce(
    `on(${name}): no such event${near ? ` (did you mean "${near}"?)` : ''}; the listener never runs (events: ${EVENTS.join(', ')})`,
  );
}

export function warnUnknownIds(expr: unknown, config: Pick<Config, 'purposes' | 'services'>, call = 'has'): void {
  if (typeof expr !== 'string')
    return warnOnce(
      `${call}(): the condition must be a string such as "analytics,ga4" (got ${typeof expr}), so it is never granted`,
    );
  for (const id of expr.split(',')) {
    const t = id.trim();
    if (![...config.purposes, ...config.services].some((x) => x.id === t))
      warnOnce(`${call}("${expr}"): "${t}" is not a purpose or service in the config, so it is never granted`);
  }
}

/**
 * What the script-tag builds use instead of warn.ts (rollup.config.mjs, `production`): the same
 * functions, and no development warning's words reach a visitor's browser. The script tag tells
 * site owners of their mistakes through the diagnostics chunk instead, in every build: here an
 * `on()` whose name is no event (its listener would never run), said once the engine has it (a
 * listener added before the engine loaded is handed to it then; a page that never loads the
 * engine, a returning visitor's, calls no listener of any name), once per name and for at most
 * ten names.
 */
import type { Diagnostic } from '../core/diagnostics';
import type { ConsentEvents } from './types';
import type * as Warn from './warn';

/** `ConsentEvents`' names (the type checks the list, as warn.ts's). */
const EVENTS = Object.keys({ ready: 1, change: 1, prompt: 1, error: 1, sync: 1 } satisfies Record<
  keyof ConsentEvents,
  1
>);

export const warnOnce: typeof Warn.warnOnce = () => {};
export const warnUnknownIds: typeof Warn.warnUnknownIds = () => {};
/** The names said so far, at most MAX_SAID: a page that makes names in a loop is not flooded. */
const said = new Set<string>();
const MAX_SAID = 10;

export const warnUnknownEvent: typeof Warn.warnUnknownEvent = (type) => {
  if (typeof type === 'string' && EVENTS.includes(type)) return;
  // A name as said: a string quoted and escaped (no line breaks or quotes of its own), at most 64
  // characters of it; any other value by its type (a Symbol would throw in a template).
  const name = typeof type === 'string' ? JSON.stringify(type.slice(0, 64)) : `a value of type ${typeof type}`;
  // A name said before is not said again (the diagnostics chunk says each text once) and does
  // not count again: the Set keeps it once.
  if (said.size >= MAX_SAID) return;
  said.add(name);
  const d: Diagnostic = { code: 'unknownEvent', name, events: EVENTS };
  void import('../chunks/diagnostics').then((m) => m.tell(d)).catch(() => {});
};

/** What every part of the page shares: the signed-in API, the status messages, opening a visitor. */
import { ApiError, type Api } from './api';
import { ParseError } from './parse';

export interface Context {
  /** The API of the signed-in session (every part is used only after sign-in). */
  api(): Api;
  /** Shows one visitor in the visitor section (from a table or a request) and moves focus there. */
  openSubject(subject: string, requestId?: number): void;
  /** Reloads the parts a change affects (after an erasure, a purge, a closed request). */
  changed(): void;
}

/**
 * A part's turns: each call of the function returned starts one and gives its `live()`, true until
 * the part's next turn starts. A part shows an answer only while its turn is live: one that comes
 * after a newer search, range, list or visitor would show what the page no longer asks for.
 */
export function turns(): () => () => boolean {
  let turn = 0;
  return () => {
    const mine = ++turn;
    return () => mine === turn;
  };
}

/** Writes `text` into a status region (role=status: announced politely); `error` styles it as one. */
export function say(region: HTMLElement, text: string, error = false): void {
  region.classList.toggle('error', error);
  region.textContent = text;
}

/**
 * Says what went wrong in `region`. A refused token says nothing here: the page has already gone
 * back to the sign-in form, which says it.
 */
export function report(region: HTMLElement, what: string, e: unknown): void {
  if (e instanceof ApiError && e.status === 401) return say(region, '');
  const why =
    e instanceof ApiError
      ? e.message
      : e instanceof ParseError
        ? `the server's answer was not understood (${e.path})`
        : 'something unexpected went wrong';
  say(region, `${what} failed: ${why}`, true);
}

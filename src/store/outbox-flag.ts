/**
 * A flag in this origin's localStorage (`candor:v1:outbox`) saying that the sync outbox holds
 * records not yet delivered. The loader reads it so that a returning visitor's page, which does
 * not load the engine otherwise, loads it to deliver them. Only a hint: the outbox itself is the
 * truth, and a blocked localStorage just means the next page that loads the engine delivers them.
 */

import { OUTBOX_FLAG_KEY } from './keys';

/** Sets or clears the flag; does nothing where localStorage is blocked. */
export function markOutbox(pending: boolean): void {
  try {
    if (pending) localStorage.setItem(OUTBOX_FLAG_KEY, '1');
    else localStorage.removeItem(OUTBOX_FLAG_KEY);
  } catch {
    /* blocked: see above */
  }
}

/** Whether the flag is set (false where localStorage is blocked). */
export function outboxFlagged(): boolean {
  try {
    return localStorage.getItem(OUTBOX_FLAG_KEY) !== null;
  } catch {
    return false;
  }
}

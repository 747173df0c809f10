/**
 * A flag in this origin's localStorage (`candor:v1:outbox`) saying that the sync outbox holds
 * records not yet delivered. The loader reads it so that a returning visitor's page, which does
 * not load the engine otherwise, loads it to deliver them. Only a hint: the outbox itself is the
 * truth, and a blocked localStorage just means the next page that loads the engine delivers them.
 */

import { OUTBOX_FLAG_KEY, SYNC_AFTER_KEY } from './keys';

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

/** The end of the endpoint's `Retry-After`, for every page (sync.ts `held`; untrusted: 0 unless > 0). */
export const syncHold = {
  read(): number {
    try {
      const t = Number(localStorage.getItem(SYNC_AFTER_KEY));
      return t > 0 ? t : 0;
    } catch {
      return 0;
    }
  },
  write(until: number): void {
    try {
      if (until) localStorage.setItem(SYNC_AFTER_KEY, String(until));
      else localStorage.removeItem(SYNC_AFTER_KEY);
    } catch {
      /* blocked: this page keeps its own wait */
    }
  },
};

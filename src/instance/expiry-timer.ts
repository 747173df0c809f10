/**
 * Wakes the instance when the current decision expires, so `state` and `needsPrompt` follow the
 * clock without a signal changing. `has()` computes from the clock itself (fail closed at once);
 * this timer brings the signals in line. Server-side the timer never keeps the process alive.
 */

/** setTimeout's longest delay; longer waits are re-armed. */
const MAX_DELAY = 2 ** 31 - 1;

/** The expiry timer of one instance. */
export interface ExpiryTimer {
  /** (Re)arms the timer for a decision that expires at `at` (epoch ms), or disarms it for null. */
  arm(at: number | null): void;
  /** Asks for a wake-up as soon as possible (a microtask), e.g. when `has()` saw an expiry first. */
  soon(): void;
  /** Stops for good (passed as is: it uses no `this`). */
  readonly stop: () => void;
}

/** `onWake` runs when the expiry time has passed (and on `soon`); the caller re-arms. */
export function createExpiryTimer(now: () => number, onWake: () => void): ExpiryTimer {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let queued = false;
  return {
    arm(at) {
      clearTimeout(timer);
      if (stopped || at === null) return;
      const delay = at - now();
      if (delay <= 0) return;
      timer = setTimeout(onWake, Math.min(delay + 1, MAX_DELAY));
      (timer as { unref?: () => void }).unref?.();
    },
    soon() {
      if (queued || stopped) return;
      queued = true;
      queueMicrotask(() => {
        queued = false;
        if (!stopped) onWake();
      });
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

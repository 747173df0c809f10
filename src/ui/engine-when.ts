/**
 * When a first visit's engine loads (issue 16). Before the visitor acts it has nothing to show:
 * the banner is the first layer's, and a decision hides it at once and loads the engine to record
 * it. Loading it while the page starts up took the page's main thread for nothing (at 4x CPU
 * throttling about 28 ms of script in the 300 ms after the banner, as much as the banner itself).
 * It loads at the first of:
 * - the visitor's first input: a pointer that moves over the page, a press (a touch) or a key.
 *   A decision a moment later finds it there, or on its way. Not a pointer event without
 *   movement: the browser sends one after a layout under a pointer at rest (as the page loads
 *   under it), and the engine then loaded during the page's start-up (in about half of the
 *   bench's first visits: about 8 ms more script in the 300 ms after the banner). A page's first
 *   pointer event has none either (nothing before it to move from): a moving pointer sends the next;
 * - Candor at work in another tab (a `storage` event of one of its keys, `candor:…`): its
 *   decision (the cookie's copy), a message (the channel's fallback); the banner follows it;
 * - a restore from the back/forward cache: a decision made meanwhile hides the banner;
 * - SETTLE_MS after the banner was mounted: a decision kept in
 *   storage whose cookie is gone, a pending outbox, and above all a visitor whose first input is
 *   their decision (a tap, a screen reader's click), whose record then waits for the engine's
 *   arrival (a page left within that moment, up to 1.5 s on a slow phone, leaves it marked for the
 *   next page to record: dom/pending-mark.ts).
 *   Most visitors read for longer than SETTLE_MS; it keeps the engine out of the page's own
 *   start-up, not out of the visitor's way;
 * and at once where the site counts banner impressions (a visitor who leaves at once is counted),
 * or where the banner could not be mounted (banner-mount.ts: nothing to wait for).
 */
/** How long a first visit's engine waits at most for the visitor. */
export const SETTLE_MS = 2000;

/**
 * Resolves after the page's next frame, or after 100 ms when no frame comes first (a page whose
 * frames the browser throttles: the engine, which records the decision, is not held back longer),
 * at once in a hidden page, and as the page is hidden (a visitor who taps Accept and switches
 * away: no frame comes, and a hidden page's timers are throttled). The first start of the engine
 * wires the page (the page chunk's listeners, the engine's imports: about 30 ms of main thread at
 * 4x CPU throttle); run in an input's own task it delays the frame that input asks for, and a
 * pointer's first move over the page is often the Accept all click's own, a moment before it
 * (INP, issue 16).
 */
export const nextFrame = (): Promise<void> =>
  new Promise((go) =>
    document.hidden
      ? go()
      : (requestAnimationFrame(() => setTimeout(go)),
        setTimeout(go, 100),
        addEventListener('visibilitychange', go as () => void)),
  );

/**
 * Calls `start` at the first of the moments above (after the frame an input asks for), or at once
 * with `now`. `start` is idempotent (the facade's: a cached promise once called).
 */
export function startEngineWhenNeeded(start: () => unknown, now: boolean): void {
  if (now) return void start();
  let asked = false;
  const input = (): void => void (asked || ((asked = true), nextFrame().then(start)));
  // A pointer that moved: the browser's own move after a layout under a cursor at rest has no movement.
  addEventListener('pointermove', (e) => (e.movementX || e.movementY) && input(), true);
  addEventListener('pointerdown', input, true); // a touch: no move before it
  addEventListener('keydown', input, true);
  addEventListener('storage', (e) => /^candor:/.test(e.key as string) && start()); // key null (clear()): no
  addEventListener('pageshow', (e) => e.persisted && start());
  setTimeout(start, SETTLE_MS);
}

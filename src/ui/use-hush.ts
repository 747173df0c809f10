/**
 * The dashboard's guard against a press that only repeats one it handled (Withdraw everything and
 * its answers, Download, a data request): the second press of a double click, and a quick second
 * Enter or Space, do nothing, wherever they land in the dashboard. A single click always counts.
 *
 * Why wherever: a press can replace the button under the pointer (Withdraw everything's question
 * and answers), or a re-render move it (a withdrawal's history entry, after the next paint), so a
 * visitor's second click lands beside it; ignored at the dashboard, it moves no focus (to a view
 * that is no control, or to <body>) and selects no word. Why not `disabled`: it would drop focus
 * from the button pressed. Why no time for a double click: the OS's double-click time can exceed
 * half a second, on a slow machine the second press comes late; `detail` tells one apart.
 */
import { useRef } from 'preact/hooks';

/** A capture listener of the dashboard's (see `Hush['listen']`). */
type Quiet = (e: MouseEvent | KeyboardEvent) => void;

/** What the dashboard holds: its capture listeners (spread on its element), and what a press sets. */
export interface Hush {
  /**
   * Its capture listeners. For mousedown and click: a press that repeats one handled is stopped
   * before its target's listeners, and its default too (no focus move, no selection): a double
   * click's rest (detail 2 or more, until the visitor's next click of detail 1 begins), a key's
   * (detail 0) until the time `press` set. For keydown: Tab ends that time (a key press on another
   * button is the visitor's own, however quick); Tab by its key code, as the dialog's wrap reads it:
   * WebKitGTK names Shift+Tab's key "Unidentified" (this type's comment is not in the build).
   */
  readonly listen: { onMouseDownCapture: Quiet; onClickCapture: Quiet; onKeyDownCapture: Quiet };
  /** A press handled now: the rest of its double click does nothing; with `keys`, a key press within half a second. */
  readonly press: (keys?: unknown) => void;
}

/** The dashboard's `Hush`: one for all its buttons (a press on one may land on another). */
export function useHush(): Hush {
  // Event times (`timeStamp`, on performance.now()'s clock: a clock set back holds nothing longer).
  // `at`: the click being handled. A click that a key made is dated when the key went down (in
  // Chromium; where it is dated when it is handled, as it was here before, the guard works as
  // before): a second Enter that waited while a slow device handled the first is still within the
  // half second of it, however late it is handled.
  const h = useRef({ multi: false, until: 0, at: 0 }).current;
  const quiet: Quiet = (e) => {
    if ('key' in e) {
      if (e.keyCode === 9) h.until = 0;
    } else if (e.detail === 1) {
      if (e.type === 'mousedown') h.multi = false; // a new click: the visitor's own
    } else if (e.detail ? h.multi : e.timeStamp < h.until) {
      e.preventDefault();
      e.stopPropagation();
    }
    h.at = e.timeStamp;
  };
  return {
    listen: { onMouseDownCapture: quiet, onClickCapture: quiet, onKeyDownCapture: quiet },
    press: (keys) => {
      h.multi = true;
      h.until = keys ? h.at + 500 : 0;
    },
  };
}

/**
 * A modal dialog following the WAI-ARIA APG dialog pattern on the native <dialog> element: focus
 * moves in on open, Tab and Shift+Tab stay inside, Escape closes, and focus returns to the element
 * that opened it (even when that element is in a shadow root). While open it has its own polite
 * live region (class `status`, written by the host's `announce`): the page's is inert behind it.
 *
 * Tab is known by its key code, not its `key`: WebKitGTK names Shift+Tab's key "Unidentified"
 * (GDK's ISO_Left_Tab). Said here, where the build drops it: an inline comment ships in the npm
 * build and counts against its size budget.
 */
import type { ComponentChildren, JSX } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { deepActiveElement } from './focus-lost';

/** Props of `Dialog`. */
export interface DialogProps {
  readonly open: boolean;
  readonly labelledBy: string;
  readonly describedBy?: string;
  readonly onClose: () => void;
  /** Called on close when the opener is gone (e.g. the banner it was on was answered) or was none (<body>). */
  readonly onLost?: () => void;
  readonly children: ComponentChildren;
}

const FOCUSABLE = 'button,a[href],summary,input,select,textarea,[tabindex]:not([tabindex="-1"])';

/** Tab stops inside `root`: rendered (not in a closed <details> or a hidden view), enabled, not tabindex -1. */
export const focusables = (root: Element): HTMLElement[] =>
  Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
    (el) => el.getClientRects().length > 0 && !el.hasAttribute('disabled') && el.tabIndex >= 0,
  );

/** A modal dialog. */
export function Dialog({ open, labelledBy, describedBy, onClose, onLost, children }: DialogProps): JSX.Element {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  // A layout effect: in the same commit as the content's removal, so focus is never left on <body>
  // for a frame, and closed before `announce` writes (the page's live region is exposed again).
  useLayoutEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      opener.current = deepActiveElement(d.ownerDocument);
      d.showModal();
      focusables(d)[0]?.focus();
    } else if (!open && d.open) {
      d.close();
      const back = opener.current;
      opener.current = null;
      if (back?.isConnected && back !== d.ownerDocument.body) back.focus();
      else onLost?.();
    }
  }, [open]);
  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.keyCode !== 9 || !ref.current) return;
    const list = focusables(ref.current);
    const first = list[0];
    const last = list[list.length - 1];
    const active = deepActiveElement(ref.current.ownerDocument);
    // Or the dialog itself (a click on its text).
    if (e.shiftKey && (active === first || active === ref.current)) {
      e.preventDefault();
      last?.focus();
    } else if (!e.shiftKey && active === last) {
      e.preventDefault();
      first?.focus();
    }
  };
  return (
    <dialog
      ref={ref}
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      onKeyDown={onKeyDown}
      onCancel={(e) => {
        e.preventDefault(); // Escape: close through our state, so focus returns to the opener
        onClose();
      }}
    >
      {open && <div class="status" role="status" aria-live="polite" />}
      {children}
    </dialog>
  );
}

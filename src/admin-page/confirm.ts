/**
 * Asks before an action that cannot be undone (an erasure, a purge), in the page's one modal
 * <dialog>: focus starts on Cancel, Escape cancels, and the browser returns focus to the button
 * that opened it.
 */
import { byId } from './dom';

export interface ConfirmOptions {
  readonly title: string;
  readonly text: string;
  /** The confirming button's label (a verb: "Erase"). */
  readonly action: string;
}

/** Resolves true when the site owner confirms, false when they cancel or close the dialog. */
export function confirmAction(o: ConfirmOptions): Promise<boolean> {
  const dialog = byId<HTMLDialogElement>('confirm');
  const ok = byId<HTMLButtonElement>('confirm-ok');
  const cancel = byId<HTMLButtonElement>('confirm-cancel');
  byId('confirm-title').textContent = o.title;
  byId('confirm-text').textContent = o.text;
  ok.textContent = o.action;
  return new Promise((resolve) => {
    const listening = new AbortController();
    const done = (answer: boolean): void => {
      listening.abort();
      if (dialog.open) dialog.close();
      resolve(answer);
    };
    const signal = listening.signal;
    ok.addEventListener('click', () => done(true), { signal });
    cancel.addEventListener('click', () => done(false), { signal });
    dialog.addEventListener('close', () => done(false), { signal });
    dialog.showModal();
    cancel.focus();
  });
}

/** Withdrawing every consent from the privacy dashboard, only after the visitor confirms it. */
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { Hush } from './use-hush';
import type { Ui } from './ui-model';

/** Props of `Withdraw`. */
export interface WithdrawProps {
  readonly ui: Ui;
  /** The dashboard's: each press here is one it handled (use-hush.ts). */
  readonly press: Hush['press'];
}

/**
 * A "withdraw everything" button that asks first: confirming withdraws at once and announces it,
 * cancelling changes nothing. The button pressed is replaced, so focus moves with it (never left
 * on <body>): to Cancel, the safe answer, in a group named by the question; back to the button.
 * Disabled while there is nothing to withdraw (no decision and nothing optional granted).
 *
 * Each press replaces the button under the pointer (and the withdrawal's new history entry, after
 * the next paint, moves the rows below it), so the second press of a double click does nothing,
 * wherever it lands in the dashboard: a double click on Withdraw everything does not answer the
 * question it asked, and one on Yes does not ask it again nor leave focus on the view or <body>
 * with a word selected. For half a second after the withdrawal a second quick Enter does nothing
 * too, so focus stays on the button that took Yes's place. A single click always counts.
 */
export function Withdraw({ ui, press }: WithdrawProps): JSX.Element {
  const { t, consent } = ui;
  const confirming = useSignal(false);
  // Nothing to withdraw: no decision yet and nothing optional on (opt-in mode before any answer).
  const state = consent.state.value;
  const anything = state.decision !== null || ui.config.purposes.some((p) => !p.required && state.purposes[p.id]);
  const target = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  const ask = (on: boolean, withdrawn = 0): void => {
    asked.current = true;
    press(withdrawn);
    confirming.value = on;
  };
  useLayoutEffect(() => {
    if (asked.current) target.current?.focus();
  }, [confirming.value]);
  return confirming.value ? (
    <div class="confirm" role="group" aria-label={t('dashboard.withdraw')}>
      <button
        type="button"
        class="btn danger solid"
        onClick={() => {
          ask(false, 1);
          // Said once recorded: null (the instance destroyed) was not.
          void consent
            .withdraw({ ...ui.shown('withdraw') })
            .then((r) => r !== null && ui.announce(t('dashboard.withdrawn')));
        }}
      >
        {t('dashboard.withdrawConfirm')}
      </button>
      <button type="button" class="btn alt" ref={target} onClick={() => ask(false)}>
        {t('dashboard.cancel')}
      </button>
    </div>
  ) : (
    <button type="button" class="btn danger" ref={target} onClick={() => ask(true)} disabled={!anything}>
      {t('dashboard.withdraw')}
    </button>
  );
}

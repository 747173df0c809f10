/** Withdrawing every consent from the privacy dashboard, only after the visitor confirms it. */
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { Ui } from './ui-model';

/** Props of `Withdraw`. */
export interface WithdrawProps {
  readonly ui: Ui;
}

/**
 * A "withdraw everything" button that asks first: confirming withdraws at once and announces it,
 * cancelling changes nothing. The button pressed is replaced, so focus moves with it (never left
 * on <body>): to Cancel, the safe answer, in a group named by the question; back to the button.
 * Disabled while there is nothing to withdraw (no decision and nothing optional granted).
 */
export function Withdraw({ ui }: WithdrawProps): JSX.Element {
  const { t, consent } = ui;
  const confirming = useSignal(false);
  // Nothing to withdraw: no decision yet and nothing optional on (opt-in mode before any answer).
  const state = consent.state.value;
  const anything = state.decision !== null || ui.config.purposes.some((p) => !p.required && state.purposes[p.id]);
  const target = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  const ask = (on: boolean): void => {
    asked.current = true;
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
          ask(false);
          void consent.withdraw({ ...ui.shown('withdraw') }).then(() => ui.announce(t('dashboard.withdrawn')));
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

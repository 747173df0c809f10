/** Withdrawing every consent from the privacy dashboard, only after the visitor confirms it. */
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import type { Ui } from './ui-model';

/** Props of `Withdraw`. */
export interface WithdrawProps {
  readonly ui: Ui;
}

/**
 * A "withdraw everything" button that asks first: confirming withdraws at once and announces it,
 * cancelling changes nothing.
 */
export function Withdraw({ ui }: WithdrawProps): JSX.Element {
  const { t, consent } = ui;
  const confirming = useSignal(false);
  return confirming.value ? (
    <>
      <button
        type="button"
        class="btn"
        onClick={() => {
          confirming.value = false;
          void consent.withdraw({ ...ui.shown('withdraw') }).then(() => ui.announce(t('dashboard.withdrawn')));
        }}
      >
        {t('dashboard.withdrawConfirm')}
      </button>
      <button type="button" class="btn" onClick={() => (confirming.value = false)}>
        {t('dashboard.cancel')}
      </button>
    </>
  ) : (
    <button type="button" class="btn" onClick={() => (confirming.value = true)}>
      {t('dashboard.withdraw')}
    </button>
  );
}

/**
 * A switch (WAI-ARIA APG switch pattern): a button with role="switch" and aria-checked, named by
 * the visible label it points to. Space and Enter toggle it (native button behaviour). A required
 * purpose is shown as always on and not operable (aria-disabled, still focusable and announced).
 */
import type { JSX } from 'preact';

/** Props of `Switch`. */
export interface SwitchProps {
  readonly checked: boolean;
  /** Id of the element whose text names the switch. */
  readonly labelledBy: string;
  readonly describedBy?: string;
  readonly disabled?: boolean;
  readonly onChange?: (checked: boolean) => void;
}

/** An accessible on/off switch. */
export function Switch({ checked, labelledBy, describedBy, disabled = false, onChange }: SwitchProps): JSX.Element {
  return (
    <button
      type="button"
      role="switch"
      class="switch"
      aria-checked={checked}
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      aria-disabled={disabled || undefined}
      onClick={() => !disabled && onChange?.(!checked)}
    />
  );
}

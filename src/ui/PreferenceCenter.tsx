/**
 * The "Communication and personalization" section, built from the config's preference fields:
 * `boolean` (a checkbox), `choice` (a radio group), `multi` (a checkbox group), `matrix` (a grid with
 * row and column headers). A field whose `requires` is off is not asked. The meaning of the
 * chosen option (text key `preference.<id>.<option>.hint`) is shown, and announced, at once.
 * Preferences are not consent: they never gate tags.
 */
import type { Signal } from '@preact/signals';
import type { JSX } from 'preact';
import type { PreferenceField, PreferenceValue } from '../core/config-types';
import { isPreferenceActive } from '../core/preference-active';
import type { Ui } from './ui-model';
import { BooleanField, MatrixField, OptionsField, type FieldProps } from './preference-fields';

/** Props of `PreferenceCenter`. */
export interface PreferenceCenterProps {
  readonly ui: Ui;
  /** The draft values, saved with the panel. */
  readonly values: Signal<Record<string, PreferenceValue>>;
  /** Purposes switched on in the panel's draft (for `requires` on a purpose). */
  readonly purposes: Readonly<Record<string, boolean>>;
}

/** The component for each field type. */
const FIELDS: { readonly [T in PreferenceField['type']]: (props: FieldProps<T>) => JSX.Element } = {
  boolean: BooleanField,
  choice: OptionsField,
  multi: OptionsField,
  matrix: MatrixField,
};

/** The preference center section. */
export function PreferenceCenter({ ui, values, purposes }: PreferenceCenterProps): JSX.Element | null {
  const fields = ui.config.preferences;
  if (fields.length === 0) return null;
  return (
    <section class="prefs" aria-labelledby="candor-prefs-title">
      <h3 id="candor-prefs-title">{ui.t('prefs.title')}</h3>
      <p class="muted">{ui.t('prefs.intro')}</p>
      {fields.map((f) => {
        if (!isPreferenceActive(f, values.value, (p) => purposes[p] === true)) return null;
        // The field's component matches its type (TypeScript cannot pair them through the index).
        const Field = FIELDS[f.type] as (props: FieldProps<PreferenceField['type']>) => JSX.Element;
        const set = (v: PreferenceValue): void => {
          values.value = { ...values.value, [f.id]: v };
          ui.notify('preference-changed', { id: f.id });
        };
        return (
          <Field
            key={f.id}
            ui={ui}
            field={f}
            value={Object.hasOwn(values.value, f.id) ? values.value[f.id] : undefined}
            set={set}
          />
        );
      })}
    </section>
  );
}

/**
 * The preference center's fields, one component per field type: `boolean` (a checkbox), `choice`
 * (a radio group whose chosen option's meaning is shown and announced at once), `multi` (a
 * checkbox group), `matrix` (a grid of checkboxes with row and column headers). Each shows its
 * draft value and reports a new one through `set`.
 */
import type { JSX } from 'preact';
import type { PreferenceField, PreferenceValue } from '../core/config-types';
import type { Ui } from './ui-model';

/** Props of a field component for fields of type `T`. */
export interface FieldProps<T extends PreferenceField['type']> {
  readonly ui: Ui;
  readonly field: Extract<PreferenceField, { readonly type: T }>;
  /** The field's draft value. */
  readonly value: PreferenceValue | undefined;
  /** Replaces the field's draft value. */
  readonly set: (value: PreferenceValue) => void;
}

/** An id as a label, for a field, option or row the site gave no text for. */
const human = (id: string): string => (id.charAt(0).toUpperCase() + id.slice(1)).replace(/[-_]/g, ' ');
const title = (ui: Ui, f: PreferenceField): string => ui.text(`preference.${f.id}.title`, human(f.id));
const option = (ui: Ui, f: PreferenceField, o: string): string => ui.text(`preference.${f.id}.${o}`, human(o));
const describe = (ui: Ui, f: PreferenceField): string | null => ui.text(`preference.${f.id}.description`, '') || null;

/** A yes/no preference as a checkbox, described by the field's description. */
export function BooleanField({ ui, field: f, value, set }: FieldProps<'boolean'>): JSX.Element {
  const id = `candor-pref-${f.id}-d`;
  const desc = describe(ui, f);
  return (
    <div class="pref">
      <label class="check">
        <input
          type="checkbox"
          checked={value === true}
          onChange={(e) => set((e.currentTarget as HTMLInputElement).checked)}
          aria-describedby={desc ? id : undefined}
        />
        <span>{title(ui, f)}</span>
      </label>
      {desc && (
        <p id={id} class="muted">
          {desc}
        </p>
      )}
    </div>
  );
}

/**
 * A `choice` (one option, as a radio group, with the meaning of the chosen one) or a `multi`
 * field (any number of options, as checkboxes): one fieldset of the field's options.
 */
export function OptionsField({ ui, field: f, value, set }: FieldProps<'choice'> | FieldProps<'multi'>): JSX.Element {
  const desc = describe(ui, f);
  const multi = f.type === 'multi';
  const list = multi && Array.isArray(value) ? (value as readonly string[]) : [];
  const chosen = !multi && typeof value === 'string' ? value : null;
  const meaning = chosen ? ui.text(`preference.${f.id}.${chosen}.hint`, '') || null : null;
  return (
    <fieldset class="pref">
      <legend>{title(ui, f)}</legend>
      {desc && <p class="muted">{desc}</p>}
      {f.options.map((o) => (
        <label class="check" key={o}>
          {multi ? (
            <input
              type="checkbox"
              checked={list.includes(o)}
              onChange={(e) =>
                set((e.currentTarget as HTMLInputElement).checked ? [...list, o] : list.filter((x) => x !== o))
              }
            />
          ) : (
            <input type="radio" name={`candor-pref-${f.id}`} value={o} checked={chosen === o} onChange={() => set(o)} />
          )}
          <span>{option(ui, f, o)}</span>
        </label>
      ))}
      {!multi && (
        <p class="hint" aria-live="polite">
          {meaning}
        </p>
      )}
    </fieldset>
  );
}

/** Any number of options per row, as a table of checkboxes named by their row and column. */
export function MatrixField({ ui, field: f, value, set }: FieldProps<'matrix'>): JSX.Element {
  const desc = describe(ui, f);
  const grid = (value && typeof value === 'object' && !Array.isArray(value) ? value : {}) as Readonly<
    Record<string, readonly string[]>
  >;
  const row = (r: string): string => ui.text(`preference.${f.id}.row.${r}`, human(r));
  // Own entries only: a row named `constructor` must not read Object's constructor.
  const cell = (r: string): readonly string[] =>
    Object.hasOwn(grid, r) && Array.isArray(grid[r]) ? (grid[r] ?? []) : [];
  return (
    <div class="pref">
      <table class="matrix">
        <caption>{title(ui, f)}</caption>
        <thead>
          <tr>
            <td />
            {f.options.map((o) => (
              <th scope="col" key={o}>
                {option(ui, f, o)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {f.rows.map((r) => (
            <tr key={r}>
              <th scope="row">{row(r)}</th>
              {f.options.map((o) => (
                <td key={o}>
                  <input
                    type="checkbox"
                    aria-label={`${row(r)}: ${option(ui, f, o)}`}
                    checked={cell(r).includes(o)}
                    onChange={(e) => {
                      const now = cell(r);
                      set({
                        ...grid,
                        [r]: (e.currentTarget as HTMLInputElement).checked ? [...now, o] : now.filter((x) => x !== o),
                      });
                    }}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {desc && <p class="muted">{desc}</p>}
    </div>
  );
}

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
import { isPreferenceActive } from '../core/preferences';
import type { Ui } from './ui-model';

/** Props of `PreferenceCenter`. */
export interface PreferenceCenterProps {
  readonly ui: Ui;
  /** The draft values, saved with the panel. */
  readonly values: Signal<Record<string, PreferenceValue>>;
  /** Purposes switched on in the panel's draft (for `requires` on a purpose). */
  readonly purposes: Readonly<Record<string, boolean>>;
}

const human = (id: string): string => (id.charAt(0).toUpperCase() + id.slice(1)).replace(/[-_]/g, ' ');

/** The preference center section. */
export function PreferenceCenter({ ui, values, purposes }: PreferenceCenterProps): JSX.Element | null {
  const fields = ui.config.preferences;
  if (fields.length === 0) return null;
  const set = (id: string, v: PreferenceValue): void => {
    values.value = { ...values.value, [id]: v };
    ui.notify('preference-changed', { id });
  };
  const title = (f: PreferenceField): string => ui.text(`preference.${f.id}.title`, human(f.id));
  const option = (f: PreferenceField, o: string): string => ui.text(`preference.${f.id}.${o}`, human(o));
  const hint = (f: PreferenceField, o: string): string | null => {
    const h = ui.text(`preference.${f.id}.${o}.hint`, '');
    return h || null;
  };
  const describe = (f: PreferenceField): string | null => ui.text(`preference.${f.id}.description`, '') || null;

  const renderField = (f: PreferenceField): JSX.Element | null => {
    if (!isPreferenceActive(f, values.value, (p) => purposes[p] === true)) return null;
    const id = `candor-pref-${f.id}`;
    const v = values.value[f.id];
    const desc = describe(f);
    switch (f.type) {
      case 'boolean':
        return (
          <div class="pref" key={f.id}>
            <label class="check">
              <input type="checkbox" checked={v === true} onChange={(e) => set(f.id, (e.currentTarget as HTMLInputElement).checked)} aria-describedby={desc ? `${id}-d` : undefined} />
              <span>{title(f)}</span>
            </label>
            {desc && <p id={`${id}-d`} class="muted">{desc}</p>}
          </div>
        );
      case 'choice': {
        const chosen = typeof v === 'string' ? v : null;
        const meaning = chosen ? hint(f, chosen) : null;
        return (
          <fieldset class="pref" key={f.id}>
            <legend>{title(f)}</legend>
            {desc && <p class="muted">{desc}</p>}
            {f.options.map((o) => (
              <label class="check" key={o}>
                <input type="radio" name={id} value={o} checked={chosen === o} onChange={() => set(f.id, o)} />
                <span>{option(f, o)}</span>
              </label>
            ))}
            <p class="hint" aria-live="polite">{meaning}</p>
          </fieldset>
        );
      }
      case 'multi': {
        const list = Array.isArray(v) ? (v as readonly string[]) : [];
        return (
          <fieldset class="pref" key={f.id}>
            <legend>{title(f)}</legend>
            {desc && <p class="muted">{desc}</p>}
            {f.options.map((o) => (
              <label class="check" key={o}>
                <input type="checkbox" checked={list.includes(o)} onChange={(e) => set(f.id, (e.currentTarget as HTMLInputElement).checked ? [...list, o] : list.filter((x) => x !== o))} />
                <span>{option(f, o)}</span>
              </label>
            ))}
          </fieldset>
        );
      }
      case 'matrix': {
        const grid = (v && typeof v === 'object' && !Array.isArray(v) ? v : {}) as Readonly<Record<string, readonly string[]>>;
        const row = (r: string): string => ui.text(`preference.${f.id}.row.${r}`, human(r));
        return (
          <div class="pref" key={f.id}>
            <table class="matrix">
              <caption>{title(f)}</caption>
              <thead>
                <tr>
                  <td />
                  {f.options.map((o) => (
                    <th scope="col" key={o}>
                      {option(f, o)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {f.rows.map((r) => (
                  <tr key={r}>
                    <th scope="row">{row(r)}</th>
                    {f.options.map((o) => {
                      const on = grid[r]?.includes(o) ?? false;
                      return (
                        <td key={o}>
                          <input
                            type="checkbox"
                            aria-label={`${row(r)}: ${option(f, o)}`}
                            checked={on}
                            onChange={(e) => {
                              const now = grid[r] ?? [];
                              const next = (e.currentTarget as HTMLInputElement).checked ? [...now, o] : now.filter((x) => x !== o);
                              set(f.id, { ...grid, [r]: next });
                            }}
                          />
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
            {desc && <p class="muted">{desc}</p>}
          </div>
        );
      }
    }
  };

  return (
    <section class="prefs" aria-labelledby="candor-prefs-title">
      <h3 id="candor-prefs-title">{ui.t('prefs.title')}</h3>
      <p class="muted">{ui.t('prefs.intro')}</p>
      {fields.map(renderField)}
    </section>
  );
}

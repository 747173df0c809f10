/**
 * The second layer: one switch per purpose (necessary shown as always on), expandable details
 * with each service (what it is, who provides it, how long it keeps data, its privacy policy) and
 * a switch per service, sensitive purposes in their own section, and Save / Accept all / Reject
 * all. Switches show what is granted now and follow every change of the decision, wherever it
 * comes from (the banner, the dashboard's Withdraw, another tab, the API): a change replaces the
 * drafts, so Save never records a state the visitor did not see. Nothing optional is pre-ticked
 * before a decision (in opt-in mode).
 */
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import type { PreferenceValue, Purpose } from '../core/config-types';
import type { Ui } from './ui-model';
import type * as SectionsModule from './sections';
import { PurposeBlock } from './PurposeBlock';

type Sections = typeof SectionsModule;
let sections: Promise<Sections> | undefined;
/** The preference center and dashboard chunk, fetched once, when a panel first opens. */
const loadSections = (): Promise<Sections> => (sections ??= import('./sections'));

/** Props of `Panel`. */
export interface PanelProps {
  readonly ui: Ui;
  /** Rendered inside a dialog (with a close button) or inline on a page. */
  readonly inline: boolean;
  readonly onDone: () => void;
}

/** The preference panel's content. */
export function Panel({ ui, inline, onDone }: PanelProps): JSX.Element {
  const { t, consent, config } = ui;
  const first = consent.state.peek();
  const purposes = useSignal<Record<string, boolean>>({ ...first.purposes });
  const services = useSignal<Record<string, boolean>>({ ...first.services });
  const prefs = useSignal<Record<string, PreferenceValue>>({ ...first.preferences });
  // One source of truth: the drafts start from, and are reset by, the current state.
  useEffect(
    () =>
      consent.state.subscribe((now) => {
        purposes.value = { ...now.purposes };
        services.value = { ...now.services };
        prefs.value = { ...now.preferences };
      }),
    [],
  );
  const extra = useSignal<Sections | null>(null);
  useEffect(() => {
    void loadSections().then(
      (m) => (extra.value = m),
      () => ui.announce(t('request.failed')),
    );
  }, []);
  const More = extra.value;

  const finish = (p: Promise<unknown>): void => {
    ui.notify('decision', { method: 'panel:save' });
    void p;
    onDone(); // closes the dialog first: its live region goes with it, the page's speaks
    ui.announce(t('panel.saved'));
  };
  const save = (): void =>
    finish(
      consent.update(
        { purposes: purposes.value, services: services.value, preferences: prefs.value },
        ui.shown('panel:save'),
      ),
    );

  const block = (p: Purpose): JSX.Element => (
    <PurposeBlock key={p.id} ui={ui} purpose={p} purposes={purposes} services={services} />
  );
  const regular = config.purposes.filter((p) => !p.sensitive);
  const sensitive = config.purposes.filter((p) => p.sensitive);
  return (
    <div class={`panel${inline ? ' inline' : ''}`}>
      <div class="panel-head">
        <h2 id="candor-panel-title">{t('panel.title')}</h2>
        {!inline && (
          <button type="button" class="close" aria-label={t('panel.close')} onClick={onDone}>
            ×
          </button>
        )}
      </div>
      <p id="candor-panel-intro">{t('panel.intro')}</p>
      {consent.state.value.gpc && consent.state.value.mode === 'opt-out' && <p>{t('panel.gpc')}</p>}
      {regular.map(block)}
      {sensitive.length > 0 && (
        <section class="sensitive" aria-labelledby="candor-sensitive-title">
          <h3 id="candor-sensitive-title">{t('panel.sensitive')}</h3>
          <p class="muted">{t('panel.sensitiveIntro')}</p>
          {sensitive.map(block)}
        </section>
      )}
      {More && <More.PreferenceCenter ui={ui} values={prefs} purposes={purposes.value} />}
      <div class="actions">
        <button type="button" class="btn" onClick={save}>
          {t('panel.save')}
        </button>
        <button type="button" class="btn" onClick={() => finish(consent.acceptAll(ui.shown('panel:save')))}>
          {t('panel.acceptAll')}
        </button>
        <button type="button" class="btn" onClick={() => finish(consent.rejectAll(ui.shown('panel:save')))}>
          {t('panel.rejectAll')}
        </button>
      </div>
      {More && <More.Dashboard ui={ui} />}
    </div>
  );
}

/**
 * The second layer: views in tabs (ui/ViewTabs.tsx). "What you allow" comes first and opens with
 * Accept all and Reject all side by side (so withdrawing is as quick as consenting: the launcher,
 * then Reject all); in opt-out mode (US state laws) with purposes marked `saleOrSharing`, "Do not
 * sell or share my personal information" follows (PRODUCT.md's opt-out link leads here: a
 * `[data-candor-open]` link in the site's footer): one action opts out of every sale or sharing. It
 * only takes away: an update of what is granted now (never a switch turned on but not saved, such
 * as a sensitive purpose's) with what the visitor switched off on screen and every purpose marked
 * `saleOrSharing` off; their services follow them.
 * Then one switch per purpose (necessary shown as always on), expandable details with its facts
 * and each service (what it is, who provides it, how long it keeps data, its privacy policy) and a
 * switch per service, sensitive purposes in their own section, and Save choices. "Your
 * preferences" (the preference center, with its own Save choices) and "Your data and history" (the
 * dashboard) are views of their own. Switches show what is granted now and follow every change of
 * the decision, wherever it comes from (the banner, the dashboard's Withdraw, another tab, the
 * API): the ids a change touched take its values, a refusal the visitor set and did not save
 * stays, so Save never records a state the visitor did not see. Save
 * records the whole draft (switches and preference fields). Nothing optional is pre-ticked before
 * a decision (in opt-in mode). A double click or two quick Enter presses record once (an inline
 * panel stays on the page): a button does nothing while its decision is being recorded and for half
 * a second after, unless it is another one (a switch changed); a later Save still renews.
 *
 * A decision made here closes the dialog at once; "Your choices are saved." and `candor:decision`
 * wait for its record, as the banner's do (ui/shell.ts): a choice the instance ignored (it resolved
 * null: destroyed, its UI left on the page) was not made, and one that failed was not either.
 */
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { PreferenceValue } from '../core/config-types';
import { isRtl } from '../core/locale';
import { importAgain } from '../dom/import-again';
import type { Ui } from './ui-model';
import type * as SectionsModule from './sections';
import { ChoicesView } from './ChoicesView';
import { ViewPanel, ViewTabs, type View } from './ViewTabs';

type Sections = typeof SectionsModule;
let sections: Promise<Sections> | undefined;
const importSections = importAgain(() => import('./sections'), 'Dashboard');
/**
 * The preference center and dashboard chunk, fetched when a panel first opens; when it cannot load,
 * the site owner is told which file is missing and the next panel opened tries again (at a URL of
 * its own where the browser keeps the failed one: dom/import-again.ts).
 */
const loadSections = (): Promise<Sections> =>
  (sections ??= importSections().catch((e: unknown) => {
    sections = undefined;
    console.error(`Candor: could not load the preference center and history: ${String(e)}`);
    throw e;
  }));

/** Props of `Panel`. */
export interface PanelProps {
  readonly ui: Ui;
  /** Rendered inside a dialog (with a close button) or inline on a page. */
  readonly inline: boolean;
  readonly onDone: () => void;
  /** The view shown first. @default 'choices' */
  readonly view?: View;
}

/**
 * The panel's drafts. One source of truth: they start from the current state, and an id whose
 * value changes there (a decision anywhere, an expiry) takes the new value at once. The visitor's
 * unsaved switches elsewhere stay, but a new decision turns back off one turned on (a refusal or a
 * withdrawal never leaves a switch on it did not record), and a refusal stays (a placeholder's
 * grant no longer turned a refusal on screen back on). A decision made in the panel itself resets
 * every switch to it (`reset`).
 */
function useDrafts(consent: Ui['consent']) {
  const first = consent.state.peek();
  const drafts = {
    purposes: useSignal<Record<string, boolean>>({ ...first.purposes }),
    services: useSignal<Record<string, boolean>>({ ...first.services }),
    preferences: useSignal<Record<string, PreferenceValue>>({ ...first.preferences }),
  };
  useEffect(() => {
    let was = first;
    return consent.state.subscribe((now) => {
      for (const key of ['purposes', 'services', 'preferences'] as const) {
        const next: Record<string, unknown> = { ...drafts[key].value };
        for (const id of Object.keys(now[key]))
          if (now[key][id] !== was[key][id] || (next[id] === true && now.decision !== was.decision))
            next[id] = now[key][id];
        drafts[key].value = next as never;
      }
      was = now;
    });
  }, []);
  // After a decision made in this panel: every switch shows it (an inline panel stays on screen).
  const reset = (): void => {
    const now = consent.state.peek();
    for (const key of ['purposes', 'services', 'preferences'] as const) drafts[key].value = { ...now[key] } as never;
  };
  return { ...drafts, reset };
}

/**
 * Runs `record` unless the last `key` run still runs or ran half a second ago (see the top), on
 * performance.now(): a device clock set back holds a repeat no longer. Returns the run, or nothing.
 */
function useOnce(): (key: string, record: () => Promise<unknown>) => Promise<unknown> | undefined {
  const last = useRef<{ key: string; until: number } | undefined>(undefined);
  return (key, record) => {
    if (key === last.current?.key && performance.now() < last.current.until) return;
    const mine = (last.current = { key, until: Infinity });
    return new Promise((ok) => ok(record())).finally(() => (mine.until = performance.now() + 500)); // a throw too
  };
}

type Choices = Parameters<Ui['consent']['update']>[0];

/**
 * The panel's ways to record: `finish` records once (`key`, `choices`), closes, and once recorded
 * tells the page of the decision and says so; `update` records choices; `save` what is on screen.
 */
function usePanelActions(ui: Ui, drafts: ReturnType<typeof useDrafts>, current: { value: View }, onDone: () => void) {
  const { t, consent } = ui;
  const once = useOnce();
  const finish = (key: string, record: () => Promise<unknown>, choices?: Choices): void => {
    const run = once(key + JSON.stringify(choices), record);
    if (!run) return;
    onDone(); // closes the dialog first: its live region goes with it, the page's speaks
    const saved = run
      .then((r) => r ?? Promise.reject())
      .then(drafts.reset)
      .then(() => ui.announce(t('panel.saved')));
    ui.notify('decision', { method: 'panel:save', ...(key === 'do-not-sell' ? { action: key } : {}) }, saved);
  };
  const shown = ui.shown('panel:save');
  const update = (key: string, c: Choices): void => finish(key, () => consent.update(c, shown), c);
  // Whether the visitor has seen the consent switches in this panel: not when it opened on the
  // preferences view (a newsletter page's inline panel).
  const seen = useRef(false);
  seen.current ||= current.value === 'choices';
  const save = (e: Event): void => {
    if (seen.current)
      return update('save', {
        purposes: drafts.purposes.value,
        services: drafts.services.value,
        preferences: drafts.preferences.value,
      });
    // Under a valid decision, no consent switch seen: the preferences alone, which renew no consent
    // (the decision keeps its expiry, as with consent.preferences.set).
    if (consent.state.peek().promptReason === null) return update('save', { preferences: drafts.preferences.value });
    // No valid decision, and no consent switch seen: a preference is not consent, and alone it would
    // only wait in memory (core/transition.ts). Save shows the consent switches first, the
    // preferences kept on screen, and records both once the visitor saves there.
    current.value = 'choices';
    ((e.currentTarget as Element).getRootNode() as ShadowRoot).getElementById('candor-tab-choices')?.focus();
    ui.announce(t('panel.intro'));
  };
  return { finish, update, save, shown };
}

/** The preference panel's content. */
export function Panel({ ui, inline, onDone, view = 'choices' }: PanelProps): JSX.Element {
  const { t, consent, config } = ui;
  const drafts = useDrafts(consent);
  const { purposes, services, preferences: prefs } = drafts;
  // The preference center and history: their chunk, or `false` once it failed (said in their
  // views). A dialog's next opening tries again; an inline panel's, the page's next load.
  const extra = useSignal<Sections | null | false>(null);
  const partFailed = t(inline ? 'panel.partFailedPage' : 'panel.partFailed');
  useEffect(() => {
    void loadSections().then(
      (m) => (extra.value = m),
      () => {
        extra.value = false;
        ui.announce(partFailed);
      },
    );
  }, []);
  const More = extra.value;
  const failed = More === false && <p class="failed">{partFailed}</p>;
  const views: View[] = ['choices', ...(config.preferences.length ? ['preferences' as const] : []), 'data'];
  const current = useSignal<View>(views.includes(view) ? view : 'choices');

  const { finish, update, save, shown } = usePanelActions(ui, drafts, current, onDone);

  const sold = consent.state.value.mode === 'opt-out' ? config.purposes.filter((p) => p.saleOrSharing) : [];
  const off = (draft: Record<string, boolean>): Record<string, boolean> =>
    Object.fromEntries(Object.keys(draft).flatMap((id) => (draft[id] ? [] : [[id, false]])));
  const doNotSell = (): void => {
    const purposesOff = { ...off(purposes.value), ...Object.fromEntries(sold.map((p) => [p.id, false])) };
    update('do-not-sell', { purposes: purposesOff, services: off(services.value) });
  };

  const saveRow = (
    <div class="row">
      <button type="button" class="btn alt" onClick={save}>
        {t('panel.save')}
      </button>
    </div>
  );
  return (
    // In its own language: the host's is the first layer's, and the panel's whole locale may have
    // failed to load (then English, recorded as such).
    <div class={`panel${inline ? ' inline' : ''}`} lang={ui.locale} dir={isRtl(ui.locale) ? 'rtl' : 'ltr'}>
      <div class="panel-head">
        <h2 id="candor-panel-title">{t('panel.title')}</h2>
        {!inline && (
          <button type="button" class="btn alt close" onClick={onDone}>
            {t('panel.close')}
          </button>
        )}
      </div>
      <p id="candor-panel-intro">{t('panel.intro')}</p>
      {consent.state.value.gpc && consent.state.value.mode === 'opt-out' && <p>{t('panel.gpc')}</p>}
      <ViewTabs ui={ui} views={views} current={current} />
      <ViewPanel view="choices" current={current} focusable={false}>
        <ChoicesView
          ui={ui}
          purposes={purposes}
          services={services}
          bulk={(accept) => finish(`${accept}`, () => (accept ? consent.acceptAll(shown) : consent.rejectAll(shown)))}
          doNotSell={sold.length ? doNotSell : undefined}
        >
          {saveRow}
        </ChoicesView>
      </ViewPanel>
      {views.includes('preferences') && (
        <ViewPanel view="preferences" current={current} focusable>
          {More ? <More.PreferenceCenter ui={ui} values={prefs} purposes={purposes.value} /> : failed}
          {saveRow}
        </ViewPanel>
      )}
      <ViewPanel view="data" current={current} focusable>
        {More ? <More.Dashboard ui={ui} /> : failed}
      </ViewPanel>
    </div>
  );
}

/**
 * "Your privacy": the current choices at a glance (with each service set apart from its purpose, in
 * the panel or by a placeholder's button), the dated history of decisions (what, when, how), the consent receipt as a JSON download, withdraw everything (confirmed, effective at once),
 * data-subject requests (sent to the site's endpoint, or its privacy contact), the policy link.
 * A double click or two quick Enter presses on any of its buttons act once (use-hush.ts).
 */
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { isEmail } from '../core/url-rules';
import type { ConsentRecord } from '../core/record';
import type { DataRequestType } from '../instance/types';
import type { Ui } from './ui-model';
import { useHistory } from './use-history';
import { useHush } from './use-hush';
import { Withdraw } from './Withdraw';
import { PolicyLinks } from './PolicyLinks';

/** Props of `Dashboard`. */
export interface DashboardProps {
  readonly ui: Ui;
}

const REQUESTS: readonly DataRequestType[] = ['access', 'correction', 'deletion'];

/**
 * Offers the receipt (the record of decision `id`, the one in force, else the newest; and the
 * history) as a JSON file. Not simply the newest by date: one made while the clock ran ahead is
 * dated after the decision made since the clock was set right.
 */
function download(doc: Document, records: readonly ConsentRecord[], id?: string): void {
  const latest = records.find((r) => r.id === id) ?? records[0] ?? null;
  const blob = new Blob([JSON.stringify({ latest, history: records }, null, 2)], {
    type: 'application/json',
  });
  const a = doc.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = 'consent-receipt.json';
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/**
 * The current choices: each purpose on or off, with the services the visitor set apart from it
 * (in the panel, or by a placeholder's button): YouTube on under Marketing off.
 */
function CurrentChoices({ ui }: DashboardProps): JSX.Element {
  const { t, config } = ui;
  const state = ui.consent.state.value;
  const onOff = (on: boolean): string => t(on ? 'dashboard.on' : 'dashboard.off');
  return (
    <ul class="current">
      {config.purposes.map((p) => {
        const on = state.purposes[p.id] === true;
        const apart = config.services.filter((s) => s.purpose === p.id && (state.services[s.id] === true) !== on);
        return (
          <li key={p.id}>
            {t(`purpose.${p.id}.title`)}: <strong>{onOff(on)}</strong>
            {apart.length > 0 && (
              <ul>
                {apart.map((s) => (
                  <li key={s.id}>
                    {s.name}: <strong>{onOff(!on)}</strong>
                  </li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/**
 * Opt-out mode's "Do not sell or share my data" stops the sale and sharing on this browser too, at
 * once, as the panel's "Do not sell or share" does: every purpose marked `saleOrSharing` off, their
 * services following (also one a placeholder allowed alone). The request goes anyway: never rejects.
 */
async function stopSelling(ui: Ui): Promise<void> {
  const { consent, config } = ui;
  const now = consent.state.peek();
  const sold = config.purposes.filter((p) => p.saleOrSharing).map((p) => p.id);
  const selling =
    sold.some((id) => now.purposes[id]) || config.services.some((s) => sold.includes(s.purpose) && now.services[s.id]);
  if (selling)
    await consent
      .update({ purposes: Object.fromEntries(sold.map((id) => [id, false])) }, ui.shown('panel:save'))
      .then((r) => r !== null && ui.notify('decision', { method: 'panel:save', action: 'do-not-sell' }))
      .catch(console.error);
}

/** The privacy dashboard. */
export function Dashboard({ ui }: DashboardProps): JSX.Element {
  const { t, consent, config } = ui;
  const history = useHistory(consent);
  const requestStatus = useSignal('');
  const { listen, press } = useHush();
  const state = consent.state.value;
  const purposeName = (id: string): string => t(`purpose.${id}.title`);
  // With the time zone it was told in: a receipt is read on other devices, or after travel.
  const date = (iso: string): string =>
    new Date(iso).toLocaleString(ui.locale, { dateStyle: 'medium', timeStyle: 'long' });
  const ask = async (type: DataRequestType): Promise<void> => {
    press(1);
    // Emptied while it is sent: a second request's status, the same words, is a change and announced (WCAG 4.1.3).
    requestStatus.value = '';
    if (type === 'do-not-sell') await stopSelling(ui);
    const result = await consent.request(type);
    if (result === 'unavailable' && config.policy.contact) {
      const to = config.policy.contact;
      location.href = isEmail(to) ? `mailto:${to}?subject=${encodeURIComponent(t(`request.${type}`))}` : to;
      return;
    }
    requestStatus.value = t(result === 'sent' ? 'request.sent' : 'request.failed');
  };
  const types = state.mode === 'opt-out' ? [...REQUESTS, 'do-not-sell' as const] : REQUESTS;
  return (
    <section class="dashboard" aria-labelledby="candor-dash-title" {...listen}>
      <h3 id="candor-dash-title">{t('dashboard.title')}</h3>
      <h4>{t('dashboard.current')}</h4>
      <CurrentChoices ui={ui} />
      <h4>{t('dashboard.history')}</h4>
      {history.value.length === 0 ? (
        <p class="muted">{t('dashboard.noHistory')}</p>
      ) : (
        <ol class="history">
          {history.value.map((r) => {
            const on = Object.keys(r.purposes)
              .filter((k) => r.purposes[k] === true && !config.purposes.find((p) => p.id === k)?.required)
              .map(purposeName);
            // And the services it allowed without their purpose (a placeholder's button, say).
            for (const s of config.services)
              if (Object.hasOwn(r.services, s.id) && r.services[s.id] === true && r.purposes[s.purpose] !== true)
                on.push(s.name);
            return (
              <li key={r.id}>
                <time dateTime={r.issuedAt}>{date(r.issuedAt)}</time> · {t(`method.${r.method}`)} ·{' '}
                {on.length ? on.join(', ') : t('dashboard.nothingAllowed')}
              </li>
            );
          })}
        </ol>
      )}
      <div class="acts">
        <button
          type="button"
          class="btn alt"
          onClick={() => (press(1), download(document, history.value, state.decision?.id))}
          disabled={history.value.length === 0}
        >
          {t('dashboard.download')}
        </button>
        <Withdraw ui={ui} press={press} />
      </div>
      <h4>{t('dashboard.requests')}</h4>
      <div class="acts">
        {types.map((type) => (
          <button
            type="button"
            class={type === 'deletion' ? 'btn danger' : 'btn alt'}
            key={type}
            onClick={() => void ask(type)}
          >
            {t(`request.${type}`)}
          </button>
        ))}
      </div>
      <p role="status">{requestStatus.value}</p>
      <PolicyLinks ui={ui} />
    </section>
  );
}

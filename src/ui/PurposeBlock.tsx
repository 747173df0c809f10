/**
 * One purpose in the panel: its title with a switch (a required purpose is shown as always on),
 * what it is for, and its details: the facts the site gives about it (what data, why, how long,
 * the visitor's benefit: `texts` keys `purpose.<id>.data`, `.why`, `.retention`, `.benefit`) and
 * the services it covers, each with its own switch.
 */
import type { Signal } from '@preact/signals';
import type { JSX } from 'preact';
import type { Purpose } from '../core/config-types';
import type { Ui } from './ui-model';
import { Switch } from './Switch';
import { localText, type ShownText } from '../core/local-text';

/** The panel's draft: on or off by purpose or service id, saved with the panel. */
export type Draft = Signal<Record<string, boolean>>;

/** Props of `PurposeBlock`. */
export interface PurposeBlockProps {
  readonly ui: Ui;
  readonly purpose: Purpose;
  readonly purposes: Draft;
  readonly services: Draft;
}

/** A purpose with its switch, its description and its services. */
export function PurposeBlock({ ui, purpose: p, purposes, services }: PurposeBlockProps): JSX.Element {
  const required = p.required;
  const own = ui.config.services.filter((s) => s.purpose === p.id);
  const titleId = `candor-p-${p.id}`;
  const descId = `candor-pd-${p.id}`;
  const title = ui.t(`purpose.${p.id}.title`);
  // Its facts' labels: `facts.<key>`, and the services' own for how long.
  const facts = ['data', 'why', 'retention', 'benefit'].map(
    (k) =>
      [ui.t(k === 'retention' ? 'service.retention' : `facts.${k}`), purposeFact(ui, `purpose.${p.id}.${k}`)] as const,
  );
  const anyFact = facts.some(([, f]) => f.text);
  // "Details and providers" only where there are providers (WCAG 2.4.6: the words say what is inside).
  const details = ui.t(own.length ? 'panel.details' : 'panel.detailsOnly');
  // Switching a purpose switches its services with it; each can then be changed alone.
  const setPurpose = (on: boolean): void => {
    purposes.value = { ...purposes.value, [p.id]: on };
    const next = { ...services.value };
    for (const s of own) next[s.id] = on;
    services.value = next;
  };
  const Heading = p.sensitive ? 'h4' : 'h3';
  return (
    <div class="purpose">
      <div class="purpose-head">
        {/* Under the sensitive purposes' own heading (an h3), one level down (WCAG 1.3.1). */}
        <Heading id={titleId}>{title}</Heading>
        {required ? (
          <span class="muted">{ui.t('panel.alwaysOn')}</span>
        ) : (
          <Switch
            checked={purposes.value[p.id] === true}
            labelledBy={titleId}
            describedBy={descId}
            onChange={setPurpose}
          />
        )}
      </div>
      <p id={descId} class="muted">
        {ui.t(`purpose.${p.id}.description`)}
      </p>
      {(own.length > 0 || anyFact) && (
        <details>
          {/* Named after its purpose: every purpose has one (WCAG 2.4.6), the visible words start the name (2.5.3). */}
          <summary aria-label={`${details} (${title})`}>{details}</summary>
          {anyFact && (
            <dl>
              {facts.map(([label, value], i) => (
                <ServiceFact key={i} label={label} value={value} />
              ))}
            </dl>
          )}
          {own.map((s) => {
            const sid = `candor-s-${s.id}`;
            return (
              <div class="service" key={s.id}>
                <div class="service-head">
                  <strong id={sid}>{s.name}</strong>
                  {!required && (
                    <Switch
                      checked={services.value[s.id] === true}
                      labelledBy={sid}
                      onChange={(on) => (services.value = { ...services.value, [s.id]: on })}
                    />
                  )}
                </div>
                <dl>
                  <ServiceFact label={ui.t('service.provider')} value={localText(s.provider, ui.locale)} />
                  <ServiceFact label={ui.t('service.retention')} value={localText(s.retention, ui.locale)} />
                </dl>
                {s.privacyUrl && <a href={s.privacyUrl}>{ui.t('service.privacy', { name: s.name })}</a>}
              </div>
            );
          })}
        </details>
      )}
    </div>
  );
}

/**
 * A purpose's fact (a site text, never in a locale file: only the site can say it), with `lang`
 * when it is the site's English text shown in another locale (WCAG 3.1.2).
 */
function purposeFact(ui: Ui, key: string): ShownText {
  const text = ui.text(key, '');
  const own = ui.config.texts[ui.locale];
  return !text || ui.locale === 'en' || (own && Object.hasOwn(own, key)) ? { text } : { text, lang: 'en' };
}

/** One fact about a purpose or a service (what, why, who, how long): the site's text, in its language. */
function ServiceFact({ label, value }: { label: string; value: ShownText }) {
  if (!value.text) return null;
  return (
    <>
      <dt>{label}</dt>
      <dd lang={value.lang}>
        <bdi>{value.text}</bdi>
      </dd>
    </>
  );
}

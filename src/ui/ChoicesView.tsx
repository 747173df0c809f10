/**
 * The panel's first view, "What you allow": Accept all and Reject all first, side by side and
 * alike (either answer is one activation after the launcher, and the first Tab stops after the
 * tab list); in opt-out mode, "Do not sell or share my personal information" below them; then a
 * block per purpose, sensitive purposes in their own section, then `children`
 * (Save choices).
 */
import type { ComponentChildren, JSX } from 'preact';
import type { Purpose } from '../core/config-types';
import type { Ui } from './ui-model';
import { PurposeBlock, type Draft } from './PurposeBlock';

/** Props of `ChoicesView`. */
export interface ChoicesViewProps {
  readonly ui: Ui;
  readonly purposes: Draft;
  readonly services: Draft;
  /** Records a bulk answer (`true`: Accept all). */
  readonly bulk: (accept: boolean) => void;
  /** Opts out of every sale or sharing (opt-out mode with such purposes only). */
  readonly doNotSell?: (() => void) | undefined;
  readonly children: ComponentChildren;
}

/** The consent choices. */
export function ChoicesView({ ui, purposes, services, bulk, doNotSell, children }: ChoicesViewProps): JSX.Element {
  const { t, config } = ui;
  const block = (p: Purpose): JSX.Element => (
    <PurposeBlock key={p.id} ui={ui} purpose={p} purposes={purposes} services={services} />
  );
  const sensitive = config.purposes.filter((p) => p.sensitive);
  return (
    <>
      <div class="row">
        <button type="button" class="btn" onClick={() => bulk(true)}>
          {t('panel.acceptAll')}
        </button>
        <button type="button" class="btn" onClick={() => bulk(false)}>
          {t('panel.rejectAll')}
        </button>
      </div>
      {doNotSell && (
        <div class="row">
          <button type="button" class="btn" onClick={doNotSell}>
            {t('panel.doNotSell')}
          </button>
        </div>
      )}
      {config.purposes.filter((p) => !p.sensitive).map(block)}
      {sensitive.length > 0 && (
        <section class="sensitive" aria-labelledby="candor-sensitive-title">
          <h3 id="candor-sensitive-title">{t('panel.sensitive')}</h3>
          <p class="muted">{t('panel.sensitiveIntro')}</p>
          {sensitive.map(block)}
        </section>
      )}
      {children}
    </>
  );
}

/**
 * The first layer: a short plain-language text, the policy link, and three equal buttons
 * (Accept all, Reject all, Customize): same size, same style, one click each (no dark patterns).
 * It overlays the page (position: fixed: no layout shift) and is not a wall: the page stays usable.
 */
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import type { Ui } from './context';

/** Props of `Banner`. */
export interface BannerProps {
  readonly ui: Ui;
  readonly layout: 'bar' | 'box' | 'modal';
  readonly onCustomize: () => void;
  readonly onDecided: () => void;
}

/** The consent banner. */
export function Banner({ ui, layout, onCustomize, onDecided }: BannerProps): JSX.Element {
  const { t, consent, config } = ui;
  useEffect(() => ui.signal('banner-shown', { layout }), []);
  const decide = (accept: boolean): void => {
    ui.signal('decision', { method: accept ? 'banner:accept-all' : 'banner:reject-all' });
    void (accept ? consent.acceptAll(ui.shown('banner:accept-all')) : consent.rejectAll(ui.shown('banner:reject-all')));
    ui.announce(t('panel.saved'));
    onDecided();
  };
  return (
    <section class={`banner ${layout}`} aria-labelledby="candor-banner-title" aria-describedby="candor-banner-text">
      <div class="banner-inner">
        <div class="banner-text">
          <h2 id="candor-banner-title">{t('banner.title')}</h2>
          <p id="candor-banner-text">
            {t('banner.text')}{' '}
            {config.policy.url && <a href={config.policy.url}>{t('banner.policy')}</a>}
          </p>
        </div>
        <div class="actions">
          <button type="button" class="btn" onClick={() => decide(true)}>
            {t('banner.acceptAll')}
          </button>
          <button type="button" class="btn" onClick={() => decide(false)}>
            {t('banner.rejectAll')}
          </button>
          <button type="button" class="btn" onClick={onCustomize}>
            {t('banner.customize')}
          </button>
        </div>
      </div>
    </section>
  );
}

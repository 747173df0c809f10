/** The privacy dashboard's closing line: the site's privacy policy and its privacy contact. */
import type { JSX } from 'preact';
import { contactHref } from '../core/contact-href';
import type { Ui } from './ui-model';

/** Props of `PolicyLinks`. */
export interface PolicyLinksProps {
  readonly ui: Ui;
}

/** Links to the privacy policy and to the privacy contact (mailto: for an email), when configured. */
export function PolicyLinks({ ui }: PolicyLinksProps): JSX.Element {
  const { t } = ui;
  const { url, contact } = ui.config.policy;
  return (
    <p>
      {url && <a href={url}>{t('banner.policy')}</a>}
      {contact && (
        <>
          {' · '}
          {t('dashboard.contact')}: <a href={contactHref(contact)}>{contact}</a>
        </>
      )}
    </p>
  );
}

/** The banner (first layer): a short text, the policy link and three equal buttons. */
import { h } from './h';
import type { Ui } from './ui-model';

/** Where the banner sits: a bottom bar, a corner box, or a centered modal. */
export type Layout = 'bar' | 'box' | 'modal';

/** The banner's DOM; `decide(true|false)` records, `customize()` opens the panel. */
export function renderBanner(
  ui: Ui,
  layout: Layout,
  decide: (accept: boolean) => void,
  customize: () => void,
): HTMLElement {
  const { t, config } = ui;
  const button = (label: string, onClick: () => void): HTMLElement => {
    const b = h('button', { type: 'button', class: 'btn' }, t(label));
    b.addEventListener('click', onClick);
    return b;
  };
  const text = h('p', { id: 'candor-banner-text' }, t('banner.text'));
  if (config.policy.url) text.append(' ', h('a', { href: config.policy.url }, t('banner.policy')));
  return h(
    'section',
    { class: `banner ${layout}`, 'aria-labelledby': 'candor-banner-title', 'aria-describedby': 'candor-banner-text' },
    h(
      'div',
      { class: 'banner-inner' },
      h('div', { class: 'banner-text' }, h('h2', { id: 'candor-banner-title' }, t('banner.title')), text),
      h(
        'div',
        { class: 'actions' },
        button('banner.acceptAll', () => decide(true)),
        button('banner.rejectAll', () => decide(false)),
        button('banner.customize', customize),
      ),
    ),
  );
}

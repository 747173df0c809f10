/**
 * The banner (first layer): words made from the config (what is asked: the purposes Accept all
 * would allow, by their titles; how long the choice is kept: `expiresAfterDays` in words; where to
 * change it: the launcher, or the site's privacy settings link), the policy link and three equal
 * buttons. Titles from the config are isolated in `<bdi>` and carry `lang` when they are an English
 * fallback. A non-blocking modal's minimising is added to it (ui/minimize.ts).
 */
import { ownOf } from '../core/locale';
import { durationWords, listParts, type Lookup } from '../core/words';
import { button, h } from './h';
import type { Ui } from './ui-model';

/** Where the banner sits: a bottom bar, a corner box, or a centered modal. */
export type Layout = 'bar' | 'box' | 'modal';

/** What the banner does besides showing: record, and open the panel. */
export interface BannerActions {
  /** Records Accept all (true) or Reject all (false). */
  readonly decide: (accept: boolean) => void;
  readonly customize: () => void;
  /** The launcher exists once decided (where to change the choice). */
  readonly launcher: boolean;
}

/**
 * `days` as an amount of one unit: whole years, else months when within 3 days of a whole number
 * of them (182 days is "6 months", CNIL's six months), else days. Never rounds by more than 3 days.
 */
export function durationOf(days: number): [number, 'year' | 'month' | 'day'] {
  const months = Math.round(days / 30.44);
  if (days % 365 === 0) return [days / 365, 'year'];
  return months > 1 && Math.abs(days - months * 30.44) <= 3 ? [months, 'month'] : [days, 'day'];
}

/** `text` with its `{name}` variables replaced by `vars` (nodes stay nodes: `<bdi>` isolates). */
const fill = (text: string, vars: Readonly<Record<string, Node | string>>): (Node | string)[] =>
  text.split(/\{(\w+)\}/).map((part, i) => (i % 2 ? (ownOf(vars, part) ?? `{${part}}`) : part));

/** A `<bdi>` for a value from the config, with `lang` when it is not in the UI's language. */
const bdi = (text: string, lang?: string): HTMLElement => h('bdi', lang ? { lang } : {}, text);

/** The banner's DOM. */
export function renderBanner(ui: Ui, layout: Layout, a: BannerActions): HTMLElement {
  const { t, config, locale } = ui;
  const text = h('p', { id: 'candor-banner-text' }, t('banner.text'));
  const get: Lookup = (key) => ui.text(key, '') || undefined;
  // The purposes Accept all would allow (sensitive ones are asked apart, in the panel).
  const asked = config.purposes.filter((p) => !p.required && !p.sensitive);
  if (asked.length) {
    const en = config.texts['en'] ?? {};
    const own = config.texts[locale] ?? {};
    const titles = asked.map((p) => `purpose.${p.id}.title`);
    const parts = listParts(
      locale,
      titles.map((k) => t(k)),
      get,
    );
    let n = 0;
    const list = parts.map((part) => {
      if (part.type !== 'element') return part.value;
      const key = titles[n++] ?? '';
      // An English text of the site's own shown in another language says so (WCAG 3.1.2).
      const fallback = locale !== 'en' && !Object.hasOwn(own, key) && en[key] === part.value;
      return bdi(part.value, fallback ? 'en' : undefined);
    });
    text.append(' ', ...fill(t('banner.purposes'), { purposes: h('span', {}, ...list) }));
  }
  const [amount, unit] = durationOf(config.expiresAfterDays);
  const duration = durationWords(locale, amount, unit, get);
  text.append(
    ' ',
    ...fill(t(a.launcher ? 'banner.kept' : 'banner.keptLink'), { duration, settings: bdi(t('launcher.label')) }),
  );
  if (config.policy.url) text.append(' ', h('a', { href: config.policy.url }, t('banner.policy')));
  const title = h('h2', { id: 'candor-banner-title' }, t('banner.title'));
  const body = h(
    'div',
    { class: 'banner-inner' },
    h('div', { class: 'banner-text' }, text),
    h(
      'div',
      { class: 'actions' },
      button('btn', t('banner.acceptAll'), () => a.decide(true)),
      button('btn', t('banner.rejectAll'), () => a.decide(false)),
      button('btn', t('banner.customize'), a.customize),
    ),
  );
  const banner = h(
    'section',
    { class: `banner ${layout}`, 'aria-labelledby': 'candor-banner-title', 'aria-describedby': 'candor-banner-text' },
    h('div', { class: 'banner-head' }, title),
    body,
  );
  return banner;
}

/**
 * The reload a revoke may need (loaded only then: a chunk of its own, styles included): a script
 * that already ran cannot be unrun, so when the loader says only a reload stops one
 * (`candor:revoke` with `reloadRecommended`) and the site does not reload by itself
 * (`reloadOnRevoke: false`), a notice offers it, announced, with a Reload page button and a Close
 * button (focus then goes to `focusAfter`). Like a banner, it keeps what the page focuses above it.
 * It goes by itself once a decision grants again every service the revoke (`revoke`) took back.
 */
import { adoptCss } from '../dom/adopt-css';
import { padForBanner } from './banner-padding';
import { h } from './h';
import type { Ui } from './ui-model';

const NOTICE_CSS =
  '.notice{position:fixed;z-index:2147483000;bottom:5rem;inset-inline-end:var(--candor-space);max-width:min(24rem,100% - 2*var(--candor-space));max-height:calc(100% - 6rem);overflow:auto;padding:var(--candor-space);background:var(--candor-bg);border:1px solid var(--candor-border);border-radius:var(--candor-radius);box-shadow:var(--candor-shadow)}' +
  '.notice .btn{margin-inline-end:.5rem}';

/** The services each notice's revokes took back. */
const taken = new WeakMap<Element, unknown[]>();

/**
 * Shows the notice in `container` (once: a second revoke adds what it took back to the first's), in the
 * words `all` gives (the script tag's first layer has only its own keys), else `shown`'s. Rejects
 * when those words cannot load.
 */
export async function offerReload(
  shown: Ui,
  container: HTMLElement,
  focusAfter: () => void,
  all?: (ui: Ui) => Promise<Ui>,
  revoke?: Event,
): Promise<() => void> {
  const ui = all ? await all(shown) : shown;
  // The page's event (any script may dispatch one): a list, else none; each id is only ever looked up as an own key.
  const listed: unknown = (revoke as CustomEvent<{ services?: unknown } | null> | undefined)?.detail?.services;
  const revoked: unknown[] = Array.isArray(listed) ? listed : [];
  // Shown once (a second revoke's services join the first's: the notice holds while any stays
  // refused); none for a UI destroyed meanwhile (its room would never be given back).
  const open = container.querySelector('.notice');
  if (open) taken.get(open)?.push(...revoked);
  if (open || !container.isConnected) return () => {};
  adoptCss(container.getRootNode() as ShadowRoot, NOTICE_CSS);
  const reload = h('button', { type: 'button', class: 'btn' }, ui.t('revoke.reloadButton'));
  const close = h('button', { type: 'button', class: 'link' }, ui.t('panel.close'));
  // A region named by its message: a landmark, like the banner, that screen readers can find again.
  const notice = h(
    'section',
    { class: 'notice', 'aria-labelledby': 'candor-reload-text' },
    h('p', { id: 'candor-reload-text' }, ui.t('revoke.reload')),
    reload,
    close,
  );
  reload.addEventListener('click', () => location.reload());
  container.append(notice);
  // Focus on the page scrolls above it, as above a banner (WCAG 2.4.11); it scrolls itself on a short screen (1.4.10).
  const unpad = padForBanner(notice);
  // One source of truth: the notice holds while what the revoke took back stays refused. A decision
  // that grants it all again (Accept all in another tab, or in the panel) leaves nothing to stop:
  // the notice goes (focus, if it was in it, as after its Close).
  taken.set(notice, revoked);
  const regranted = (e: Event): void => {
    const now = Object((e as CustomEvent<{ state?: { services?: unknown } } | null>).detail?.state?.services);
    if (
      !revoked.length ||
      !revoked.every((id) => Object.hasOwn(now, id as PropertyKey) && now[id as PropertyKey] === true)
    )
      return;
    const had = notice.contains((container.getRootNode() as ShadowRoot).activeElement);
    undo();
    if (had) focusAfter();
  };
  document.addEventListener('candor:change', regranted);
  const undo = (): void => (document.removeEventListener('candor:change', regranted), notice.remove(), unpad());
  close.addEventListener('click', () => (undo(), focusAfter()));
  ui.announce(ui.t('revoke.reload'));
  return undo;
}

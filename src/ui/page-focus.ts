/**
 * Where focus goes when the panel dialog closes and neither the element that opened it nor the
 * launcher is there: a site with `ui.launcher: false` whose visitor saved from the banner's
 * Customize (the banner is gone with the decision). The APG dialog pattern asks for "a logical
 * element in the workflow" then; here that is the start of the page's content (its first visible
 * <h1>, else its main landmark, else its first control), so reading and tabbing go on from where
 * the page begins instead of from <body>.
 *
 * Moves focus to the start of the page's content. An element that is not focusable by itself gets
 * tabindex="-1" until it loses focus (the page is left as it was). Does nothing on an empty page.
 */
export function focusPageStart(doc: Document): void {
  const first = (selector: string): HTMLElement | undefined =>
    [...doc.querySelectorAll<HTMLElement>(selector)].find((el) => el.getClientRects().length > 0);
  const target = first('h1') ?? first('main,[role=main]') ?? first('a[href],button,input,select,textarea');
  if (!target) return;
  if (!target.hasAttribute('tabindex') && target.tabIndex < 0) {
    target.tabIndex = -1;
    target.addEventListener('blur', () => target.removeAttribute('tabindex'), { once: true });
  }
  target.focus();
}

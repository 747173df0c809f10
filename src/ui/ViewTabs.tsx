/**
 * The panel's views as tabs (WAI-ARIA APG tabs pattern, automatic activation): "What you allow"
 * first, then "Your preferences" (when the site has preference fields) and "Your data and history".
 * One Tab stop for the whole list (the selected tab; the others have tabindex -1), arrow keys move
 * between tabs in reading order (reversed in right-to-left locales, so they follow what is seen),
 * Home and End go to the first and last. The panels stay in the DOM, hidden, so `aria-controls`
 * always points at an element and a draft or a pending Withdraw confirmation survives a switch.
 *
 * Tabs rather than a "Back" navigation: every view is one activation away from every other, a
 * screen reader says which view is selected and how many there are, and the list costs one Tab stop.
 */
import type { Signal } from '@preact/signals';
import type { ComponentChildren, JSX } from 'preact';
import type { Ui } from './ui-model';

/** A view of the panel, in the order of its tabs. */
export type View = 'choices' | 'preferences' | 'data';

/** Props of `ViewTabs`. */
export interface ViewTabsProps {
  readonly ui: Ui;
  readonly views: readonly View[];
  readonly current: Signal<View>;
}

/** The tab list that switches the panel's views. */
export function ViewTabs({ ui, views, current }: ViewTabsProps): JSX.Element {
  const onKeyDown = (e: KeyboardEvent): void => {
    const list = e.currentTarget as HTMLElement;
    const n = views.length;
    // An arrow moves the way it points: the right arrow to the tab on the right (the previous one in RTL).
    const step =
      (e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0) *
      (getComputedStyle(list).direction === 'rtl' ? -1 : 1);
    const next =
      e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : step ? (views.indexOf(current.value) + step + n) % n : undefined;
    if (next === undefined) return;
    e.preventDefault();
    current.value = views[next]!;
    (list.children[next] as HTMLElement).focus();
  };
  return (
    <div role="tablist" class="tabs" aria-labelledby="candor-panel-title" onKeyDown={onKeyDown}>
      {views.map((v) => (
        <button
          type="button"
          role="tab"
          class="tab"
          key={v}
          id={`candor-tab-${v}`}
          aria-selected={v === current.value}
          aria-controls={`candor-view-${v}`}
          tabIndex={v === current.value ? 0 : -1}
          onClick={() => (current.value = v)}
        >
          {ui.t(`panel.view.${v}`)}
        </button>
      ))}
    </div>
  );
}

/** Props of `ViewPanel`. */
export interface ViewPanelProps {
  readonly view: View;
  readonly current: Signal<View>;
  /**
   * A Tab stop of its own, for a panel that does not start with a control (APG: so a keyboard user
   * reaches its text right after the tab list).
   */
  readonly focusable: boolean;
  readonly children: ComponentChildren;
}

/** One view's tab panel, hidden unless its tab is selected. */
export function ViewPanel({ view, current, focusable, children }: ViewPanelProps): JSX.Element {
  return (
    <div
      role="tabpanel"
      class="view"
      id={`candor-view-${view}`}
      aria-labelledby={`candor-tab-${view}`}
      hidden={view !== current.value}
      tabIndex={focusable ? 0 : undefined}
    >
      {children}
    </div>
  );
}

// @vitest-environment happy-dom
// The panel's views (ui/ViewTabs.tsx): the WAI-ARIA APG tabs pattern, the consent choices first with
// Accept all and Reject all at their top, drafts kept across views, the inline panel's first view,
// and where focus goes when the panel closes with neither its opener nor a launcher left.
// Chromium checks the same in test/e2e/a11y-audit.spec.ts (focus, counts, accessibility tree, axe).
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import { createMemoryStorage } from '../../src/store/memory';
import { ENGLISH } from '../../src/ui/i18n';
import { mountUI } from '../../src/ui/mount-ui';
import { isFocusLost } from '../../src/ui/focus-lost';
import { focusPageStart } from '../../src/ui/page-focus';
import { Panel } from '../../src/ui/Panel';
import { mountPanel } from '../../src/ui/panel-layer';
import { mountShell, type UiHandle } from '../../src/ui/shell';
import { createUi } from '../../src/ui/ui-model';
import { sample } from '../unit/fixtures';
import { shellOptions } from './shell-options';

const handles: UiHandle[] = [];
afterEach(() => {
  cleanup();
  handles.splice(0).forEach((h) => h.destroy());
  document.body.innerHTML = '';
});

const setup = (config: Parameters<typeof createConsent>[0] = sample) => {
  const consent = createConsent(config, { storage: createMemoryStorage() });
  render(<Panel ui={createUi(consent, { locale: 'en', messages: ENGLISH }, () => {})} inline onDone={() => {}} />);
  return consent;
};
const tabs = () => screen.getAllByRole('tab');
/** What a screen reader gets from each tab: name, selected, in the tab order, the panel it controls. */
const tabState = () =>
  tabs().map((t) => ({
    name: t.textContent,
    selected: t.getAttribute('aria-selected'),
    tabIndex: t.tabIndex,
    controls: document.getElementById(t.getAttribute('aria-controls') ?? '')?.getAttribute('aria-labelledby'),
  }));
const shownPanel = () => screen.getByRole('tabpanel');

describe('the panel’s views (APG tabs)', () => {
  it('are tabs in a list named by the panel, “What you allow” selected first, one Tab stop for the list, each tab controlling the panel it labels', () => {
    setup();
    expect(screen.getByRole('tablist', { name: 'Privacy settings' })).toBeTruthy();
    expect(tabState()).toEqual([
      { name: 'What you allow', selected: 'true', tabIndex: 0, controls: 'candor-tab-choices' },
      { name: 'Your preferences', selected: 'false', tabIndex: -1, controls: 'candor-tab-preferences' },
      { name: 'Your data and history', selected: 'false', tabIndex: -1, controls: 'candor-tab-data' },
    ]);
    // Only the selected view is shown, and it is named by its tab.
    expect(screen.getAllByRole('tabpanel')).toHaveLength(1);
    expect(screen.getByRole('tabpanel', { name: 'What you allow' })).toBeTruthy();
  });

  it('the consent view starts with Accept all and Reject all, before any switch, and needs no Tab stop of its own', () => {
    setup();
    const panel = shownPanel();
    const controls = Array.from(panel.querySelectorAll('button,summary,[role=switch]')).map(
      (el) => el.getAttribute('role') ?? el.textContent,
    );
    expect(controls.slice(0, 3)).toEqual(['Accept all', 'Reject all', 'Details and providers']);
    expect(panel.hasAttribute('tabindex')).toBe(false);
    expect(controls.at(-1)).toBe('Save choices');
  });

  it('arrow keys move between tabs and select them (wrapping), Home and End go to the ends; the other views are Tab stops of their own', () => {
    setup();
    const key = (k: string) => fireEvent.keyDown(document.activeElement!, { key: k });
    tabs()[0]!.focus();
    key('ArrowRight');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Your preferences' }));
    expect(tabState().map((t) => t.selected)).toEqual(['false', 'true', 'false']);
    expect(shownPanel().getAttribute('aria-labelledby')).toBe('candor-tab-preferences');
    expect(shownPanel().tabIndex).toBe(0); // it starts with text, not a control
    key('ArrowRight');
    key('ArrowRight');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'What you allow' }));
    key('ArrowLeft');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Your data and history' }));
    expect(tabState().map((t) => t.tabIndex)).toEqual([-1, -1, 0]);
    key('Home');
    expect(tabState().map((t) => t.selected)).toEqual(['true', 'false', 'false']);
    key('End');
    expect(shownPanel().getAttribute('aria-labelledby')).toBe('candor-tab-data');
    key('a'); // other keys do nothing
    expect(tabState().map((t) => t.selected)).toEqual(['false', 'false', 'true']);
  });

  it('without preference fields there is no preferences view', () => {
    setup({ ...sample, preferences: [] });
    expect(tabs().map((t) => t.textContent)).toEqual(['What you allow', 'Your data and history']);
  });

  it('a switch set in one view is kept across views, and Save in the preferences view records both', async () => {
    const consent = setup();
    await consent.ready; // the stored state is read first
    fireEvent.click(screen.getByRole('switch', { name: 'Statistics' }));
    fireEvent.click(screen.getByRole('tab', { name: 'Your data and history' }));
    fireEvent.click(screen.getByRole('tab', { name: 'Your preferences' }));
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Newsletter' }));
    fireEvent.click(within(shownPanel()).getByRole('button', { name: 'Save choices' }));
    await vi.waitFor(async () => expect((await consent.records())[0]?.preferences['newsletter']).toBe(true));
    expect(consent.has('analytics')).toBe(true);
    fireEvent.click(screen.getByRole('tab', { name: 'What you allow' }));
    expect(screen.getByRole('switch', { name: 'Statistics' }).getAttribute('aria-checked')).toBe('true');
  });
});

describe('mountUI inline: the same views', () => {
  it('opens on “What you allow”, or on the view the page asks for', async () => {
    const consent = createConsent(sample, { storage: createMemoryStorage() });
    const first = document.createElement('div');
    const second = document.createElement('div');
    document.body.append(first, second);
    handles.push(mountUI(consent, { container: first }), mountUI(consent, { container: second, view: 'preferences' }));
    const selected = (el: HTMLElement) =>
      el.querySelector('[data-candor-ui]')!.shadowRoot!.querySelector('[role=tab][aria-selected=true]')?.textContent;
    expect([selected(first), selected(second)]).toEqual(['What you allow', 'Your preferences']);
    const root = second.querySelector('[data-candor-ui]')!.shadowRoot!;
    await vi.waitFor(() =>
      expect(root.querySelector('#candor-view-preferences fieldset, #candor-view-preferences .check')).not.toBeNull(),
    );
  });
});

describe('focus when the panel closes with nothing to return to', () => {
  it('goes to the page’s first heading (focusable for the moment only), never <body>', () => {
    document.body.innerHTML =
      '<header><a href="#top">Home</a></header><main><h1>The Corner Bakery</h1><p>Bread.</p></main>';
    const h1 = document.querySelector('h1')!;
    expect(isFocusLost(document)).toBe(true);
    focusPageStart(document);
    expect(document.activeElement).toBe(h1);
    expect(isFocusLost(document)).toBe(false);
    expect(h1.getAttribute('tabindex')).toBe('-1');
    document.querySelector('a')!.focus();
    expect(h1.hasAttribute('tabindex')).toBe(false); // the page is left as it was
  });

  it('without a heading, goes to the main landmark, else to the first control', () => {
    document.body.innerHTML = '<div role="main"><p>Bread.</p></div>';
    focusPageStart(document);
    expect(document.activeElement).toBe(document.querySelector('[role=main]'));
    document.body.innerHTML = '<p>Bread.</p><button>Order</button>';
    focusPageStart(document);
    expect(document.activeElement).toBe(document.querySelector('button'));
  });

  it('with ui.launcher false, Save in the panel opened from the banner’s Customize moves focus to the page’s heading', async () => {
    document.body.innerHTML = '<main><h1>The Corner Bakery</h1></main>';
    const consent = createConsent(sample, { storage: createMemoryStorage() });
    await consent.ready;
    handles.push(mountShell(consent, shellOptions({ launcher: false, openLinks: false }), mountPanel));
    const root = document.querySelector('[data-candor-ui]')!.shadowRoot!;
    const q = within(root.querySelector<HTMLElement>('.root')!);
    const customize = q.getByRole('button', { name: 'Customize' });
    customize.focus();
    customize.click();
    await vi.waitFor(() => expect(root.querySelector('dialog')?.open).toBe(true));
    q.getByRole('button', { name: 'Save choices' }).click();
    await vi.waitFor(() => expect(root.querySelector('dialog')?.open).toBe(false));
    expect(root.querySelector('.launcher')).toBeNull();
    expect(document.activeElement).toBe(document.querySelector('h1'));
  });
});

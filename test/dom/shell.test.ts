// @vitest-environment happy-dom
// The first layer without Preact (ui/shell.ts): banner, launcher, live region, lazy panel.
import { signal } from '@preact/signals-core';
import { within } from '@testing-library/preact';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { formatsOf } from '../../scripts/locale-formats.mjs';
import { createConsent } from '../../src/instance/create-consent';
import { showStandInLauncher } from '../../src/loader/stand-in-launcher';
import type { Consent } from '../../src/instance/types';
import { createMemoryStorage } from '../../src/store/memory';
import { ENGLISH } from '../../src/ui/i18n';
import { mountUI } from '../../src/ui/mount-ui';
import {
  mountShell,
  type LauncherSlot,
  type LoadPanel,
  type PanelLayer,
  type ShellOptions,
  type UiHandle,
} from '../../src/ui/shell';
import { wall } from '../../src/ui/wall';
import { sample } from '../unit/fixtures';
import { shellOptions } from './shell-options';

const handles: UiHandle[] = [];
afterEach(() => {
  handles.splice(0).forEach((h) => h.destroy());
  document.body.innerHTML = '';
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const panel = (): PanelLayer & { opened: number } => {
  const p = { opened: 0, open: () => void p.opened++, close: () => {}, destroy: () => {} };
  return p;
};
const mount = (consent: Consent, o: Partial<ShellOptions> = {}, load: LoadPanel = () => panel()) => {
  const handle = mountShell(consent, shellOptions(o), load);
  handles.push(handle);
  const host = document.querySelector<HTMLElement>('[data-candor-ui]')!;
  return { handle, host, q: within(host.shadowRoot as unknown as HTMLElement) };
};
const real = () => createConsent(sample, { storage: createMemoryStorage() });
/** A stand-in instance whose prompt the test switches. */
const fake = (url: string | null = '/privacy') => {
  const needsPrompt = signal(true);
  const c = real();
  return {
    needsPrompt,
    state: c.state,
    config: { ...c.config, policy: { ...c.config.policy, url } },
    acceptAll: vi.fn(async () => void (needsPrompt.value = false)),
    rejectAll: vi.fn(async () => void (needsPrompt.value = false)),
  } as unknown as Consent & { needsPrompt: typeof needsPrompt };
};
const events = (): [string, unknown][] => {
  const seen: [string, unknown][] = [];
  for (const n of ['banner-shown', 'decision', 'panel-opened'])
    document.addEventListener(`candor:${n}`, (e) => void seen.push([n, (e as CustomEvent).detail]));
  return seen;
};
/** Every attribute of `el` (class, type, …): elements that look alike carry the same ones. */
const attributes = (el: Element): Record<string, string> =>
  Object.fromEntries(Array.from(el.attributes, (a) => [a.name, a.value]));

describe('mountShell (the first layer, no framework)', () => {
  it('offers three equal choices; Reject all records the banner method, hides the banner, announces, and hands focus to the launcher', async () => {
    vi.useFakeTimers({ toFake: ['Date'] }); // only the clock: msToDecision is the time between banner and choice
    vi.setSystemTime(Date.parse('2026-11-22T10:00:00Z'));
    const consent = real();
    await consent.ready;
    const seen = events();
    const { host, q } = mount(consent);
    expect(host.parentElement).toBe(document.body);
    expect(document.body.firstElementChild).toBe(host); // before the page in the tab order
    expect(q.getByRole('region', { name: 'Cookies and your privacy' })).toBeTruthy();
    const buttons = ['Accept all', 'Reject all', 'Customize'].map((name) => q.getByRole('button', { name }));
    expect(buttons.map(attributes)).toEqual(Array(3).fill(attributes(buttons[0]!))); // equal: nothing styles one apart
    expect(seen).toEqual([]); // banner-shown once the banner has been painted (a frame later)
    let shownAt = 0;
    document.addEventListener('candor:banner-shown', () => (shownAt = Date.now()), { once: true });
    await vi.waitFor(() => expect(seen).toEqual([['banner-shown', { layout: 'bar' }]]));
    vi.setSystemTime(shownAt + 4250); // msToDecision counts from the banner's paint
    buttons[1]!.focus();
    buttons[1]!.click();
    expect(q.queryByRole('region', { name: 'Cookies and your privacy' })).toBeNull();
    const launcher = q.getByRole('button', { name: 'Privacy settings' });
    expect(host.shadowRoot!.activeElement).toBe(launcher);
    const [record] = await consent.records();
    expect(record?.method).toBe('banner:reject-all');
    expect(record?.locale).toBe('en');
    expect(record?.textHash).toMatch(/^[0-9a-f]{64}$/);
    expect(consent.has('analytics')).toBe(false);
    await vi.waitFor(() => expect(q.getByRole('status').textContent).toBe('Your choices are saved.')); // once recorded
    await vi.waitFor(() => expect(seen).toHaveLength(2)); // the page hears of the decision once it is recorded
    expect(seen).toEqual([
      ['banner-shown', { layout: 'bar' }],
      ['decision', { method: 'banner:reject-all', purposes: ['necessary'], msToDecision: 4250 }],
    ]);
  });

  it('says banner-shown once the banner has been painted, never for a banner gone before its frame', async () => {
    const seen = events();
    const decidedElsewhere = fake();
    mount(decidedElsewhere);
    decidedElsewhere.needsPrompt.value = false; // another tab decided before this banner's first frame
    mount(fake()).handle.destroy(); // the UI removed before its first frame
    expect(seen).toEqual([]);
    mount(fake()); // this one stays
    await vi.waitFor(() => expect(seen).toEqual([['banner-shown', { layout: 'bar' }]]));
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 20))); // and a frame later, still one
    expect(seen).toHaveLength(1);
  });

  it('links the policy only when the config has one', () => {
    expect(mount(fake()).q.getByRole('link', { name: 'Privacy policy' }).getAttribute('href')).toBe('/privacy');
    handles.splice(0).forEach((h) => h.destroy());
    expect(mount(fake(null)).q.queryByRole('link')).toBeNull();
  });

  it('reserves room under a bar (scroll padding and a spacer) and gives it back; a modal needs none', () => {
    vi.stubGlobal('ResizeObserver', undefined);
    const consent = fake();
    const { handle } = mount(consent);
    // Without ResizeObserver (happy-dom runs none) the room is measured at once; in a browser, by
    // the observer's first call, after the frame's layout (test/e2e/banner-room.spec.ts).
    expect(document.querySelector('[data-candor-spacer]')).not.toBeNull();
    expect(document.documentElement.style.scrollPaddingBottom).toMatch(/px$/);
    consent.needsPrompt.value = false;
    expect(document.querySelector('[data-candor-spacer]')).toBeNull();
    expect(document.documentElement.style.scrollPaddingBottom).toBe('');
    consent.needsPrompt.value = true; // a new revision: asked again, launcher gone
    expect(document.querySelector('[data-candor-spacer]')).not.toBeNull();
    handle.destroy();
    expect(document.querySelector('[data-candor-spacer],[data-candor-ui]')).toBeNull();
    expect(document.documentElement.style.scrollPaddingBottom).toBe('');
    mount(fake(), { layout: 'modal' });
    expect(document.querySelector('[data-candor-spacer]')).toBeNull();
  });

  it('measures the room under a bar when the ResizeObserver first reports it (no forced layout on mount)', () => {
    const observers: { cb: () => void; targets: Element[] }[] = [];
    vi.stubGlobal(
      'ResizeObserver',
      class {
        readonly o: { cb: () => void; targets: Element[] };
        constructor(cb: () => void) {
          this.o = { cb, targets: [] };
          observers.push(this.o);
        }
        observe(el: Element): void {
          this.o.targets.push(el);
        }
        disconnect(): void {
          this.o.targets = [];
        }
      },
    );
    const { handle } = mount(fake());
    expect(document.querySelector('[data-candor-spacer]')).not.toBeNull();
    expect(document.documentElement.style.scrollPaddingBottom).toBe(''); // not measured yet
    const [observer] = observers;
    expect(observer?.targets.map((t) => t.className)).toEqual(['banner bar']);
    observer!.cb(); // the first report, after the frame's layout
    expect(document.documentElement.style.scrollPaddingBottom).toMatch(/^\d+px$/);
    handle.destroy();
    expect(observer!.targets).toEqual([]);
  });

  it('without a launcher, a choice on the banner moves focus to the start of the page, never <body>', async () => {
    const heading = document.createElement('h1');
    heading.textContent = 'Bakery';
    heading.getClientRects = () => [{}] as unknown as DOMRectList; // "rendered" (happy-dom has no layout)
    document.body.append(heading);
    try {
      const consent = real();
      await consent.ready;
      const { q } = mount(consent, { launcher: false });
      const reject = q.getByRole('button', { name: 'Reject all' });
      reject.focus();
      reject.click();
      expect(document.activeElement).toBe(heading);
    } finally {
      heading.remove();
    }
  });

  it('shows the launcher only after a decision and only when enabled', () => {
    const consent = fake();
    const { q } = mount(consent, { launcher: false });
    q.getByRole('button', { name: 'Accept all' }).click();
    expect(consent.acceptAll).toHaveBeenCalledWith({
      method: 'banner:accept-all',
      locale: 'en',
      texts: expect.objectContaining({ 'banner.acceptAll': 'Accept all' }), // the engine hashes what was shown
    });
    expect(q.queryByRole('button')).toBeNull();
    const again = fake();
    const second = mount(again);
    expect(second.q.queryByRole('button', { name: 'Privacy settings' })).toBeNull();
    again.needsPrompt.value = false;
    expect(second.q.getByRole('button', { name: 'Privacy settings' })).toBeTruthy();
    again.needsPrompt.value = true;
    expect(second.q.queryByRole('button', { name: 'Privacy settings' })).toBeNull();
  });

  it('loads the panel once, on Customize, the launcher or any [data-candor-open] element', async () => {
    const p = panel();
    const load = vi.fn<LoadPanel>(() => p);
    const consent = fake();
    const { q, handle } = mount(consent, {}, load);
    expect(load).not.toHaveBeenCalled();
    q.getByRole('button', { name: 'Customize' }).click();
    await vi.waitFor(() => expect(p.opened).toBe(1));
    const link = document.createElement('a');
    link.href = '#privacy';
    link.setAttribute('data-candor-open', '');
    link.innerHTML = '<span>Cookie settings</span>';
    document.body.append(link);
    const click = new MouseEvent('click', { bubbles: true, cancelable: true });
    link.firstElementChild!.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(p.opened).toBe(2));
    consent.needsPrompt.value = false;
    q.getByRole('button', { name: 'Privacy settings' }).click();
    await vi.waitFor(() => expect(p.opened).toBe(3));
    handle.open();
    await vi.waitFor(() => expect(p.opened).toBe(4));
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('reports a panel that cannot load, tells the visitor once in the banner and aloud, never throws into the page, and tries again on the next click', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const p = panel();
    const failure = (): Promise<PanelLayer> =>
      Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
    const load = vi.fn<LoadPanel>().mockImplementationOnce(failure).mockImplementationOnce(failure).mockReturnValue(p);
    const { q, host } = mount(fake(), {}, load);
    const said = 'The privacy settings could not be opened. Reload the page and try again.';
    const banner = q.getByRole('region', { name: 'Cookies and your privacy' });
    expect(within(banner).queryByText(said)).toBeNull();
    q.getByRole('button', { name: 'Customize' }).click();
    await vi.waitFor(() =>
      expect(error).toHaveBeenCalledWith(
        expect.stringContaining('Candor: could not load the preference panel: TypeError: Failed to fetch'),
      ),
    );
    await vi.waitFor(() => expect(q.getByRole('status').textContent).toBe(said));
    expect(within(banner).getByText(said).className).toBe('failed');
    // A second failure says it again, and the banner still shows it once.
    q.getByRole('status').textContent = '';
    q.getByRole('button', { name: 'Customize' }).click();
    await vi.waitFor(() => expect(q.getByRole('status').textContent).toBe(said));
    expect(within(banner).getAllByText(said)).toHaveLength(1);
    expect(host.shadowRoot!.querySelectorAll('.failed')).toHaveLength(1);
    q.getByRole('button', { name: 'Customize' }).click();
    await vi.waitFor(() => expect(p.opened).toBe(1));
    expect(load).toHaveBeenCalledTimes(3);
    // Opened after all: the banner no longer says it could not be.
    expect(within(banner).queryByText(said)).toBeNull();
  });

  it('without a banner, the launcher itself shows that the panel could not load (and aloud), once, until it opens after all', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const p = panel();
    const failure = (): Promise<PanelLayer> => Promise.reject(new TypeError('Failed to fetch'));
    const load = vi.fn<LoadPanel>().mockImplementationOnce(failure).mockImplementationOnce(failure).mockReturnValue(p);
    const consent = fake();
    consent.needsPrompt.value = false;
    const { q, host } = mount(consent, {}, load);
    const said = 'The privacy settings could not be opened. Reload the page and try again.';
    const launcher = q.getByRole('button', { name: 'Privacy settings' });
    launcher.click();
    await vi.waitFor(() => expect(q.getByRole('status').textContent).toBe(said));
    expect(error).toHaveBeenCalledTimes(1);
    // Seen where the visitor clicked, and part of the button's name: a phrasing element in a button.
    expect(q.getByRole('button', { name: `Privacy settings ${said}` })).toBe(launcher);
    expect(launcher.querySelector('.failed')?.tagName).toBe('SPAN');
    q.getByRole('status').textContent = '';
    launcher.click();
    await vi.waitFor(() => expect(q.getByRole('status').textContent).toBe(said));
    expect(host.shadowRoot!.querySelectorAll('.failed')).toHaveLength(1);
    launcher.click();
    await vi.waitFor(() => expect(p.opened).toBe(1));
    expect(q.getByRole('button', { name: 'Privacy settings' })).toBe(launcher);
    expect(host.shadowRoot!.querySelectorAll('.failed')).toHaveLength(0);
  });

  it('without a banner or a launcher, the [data-candor-open] link in focus shows that the panel could not load, until it opens after all', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const p = panel();
    const load = vi
      .fn<LoadPanel>()
      .mockImplementationOnce(() => Promise.reject(new TypeError('Failed to fetch')))
      .mockReturnValue(p);
    const consent = fake();
    consent.needsPrompt.value = false;
    const link = Object.assign(document.createElement('a'), { href: '#', textContent: 'Privacy settings' });
    link.setAttribute('data-candor-open', '');
    document.body.append(link);
    try {
      const { q } = mount(consent, { launcher: false, openLinks: true }, load);
      const said = 'The privacy settings could not be opened. Reload the page and try again.';
      link.focus(); // a click or a key press on it
      link.click();
      await vi.waitFor(() => expect(q.getByRole('status').textContent).toBe(said));
      expect(link.textContent).toBe(`Privacy settings ${said}`); // where the visitor clicked, and in its name
      link.click();
      await vi.waitFor(() => expect(p.opened).toBe(1));
      expect(link.textContent).toBe('Privacy settings'); // opened after all: the words go
    } finally {
      link.remove();
    }
  });

  it('sets lang, dir and theme on the host: Arabic is right to left', () => {
    const { host, q } = mount(fake(), {
      locale: 'ar',
      theme: 'dark',
      messages: { ...ENGLISH, 'banner.acceptAll': 'قبول الكل' },
    });
    expect([host.lang, host.dir, host.getAttribute('data-theme')]).toEqual(['ar', 'rtl', 'dark']);
    expect(q.getByRole('button', { name: 'قبول الكل' })).toBeTruthy();
  });

  it('is a wall only when the site asks (modal + blocking): page inert, a modal dialog, focus in and kept in, undone by a choice', () => {
    const page = document.createElement('main');
    page.innerHTML = '<a href="#x">A page link</a>';
    const already = document.createElement('aside');
    already.inert = true;
    document.body.append(page, already);
    const consent = fake();
    const { q, host } = mount(consent, { layout: 'modal', wall });
    const dialog = q.getByRole('dialog', { name: 'Cookies and your privacy' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect([page.inert, host.inert]).toEqual([true, false]);
    const first = q.getByRole('link', { name: 'Privacy policy' });
    const last = q.getByRole('button', { name: 'Customize' });
    expect(host.shadowRoot!.activeElement).toBe(first);
    last.focus();
    // As browsers send it (key code 9); WebKitGTK names Shift+Tab's key "Unidentified".
    const key = (init: KeyboardEventInit): KeyboardEvent =>
      new KeyboardEvent('keydown', { keyCode: 9, bubbles: true, cancelable: true, ...init } as KeyboardEventInit);
    const tab = key({ key: 'Tab' });
    last.dispatchEvent(tab);
    expect([tab.defaultPrevented, host.shadowRoot!.activeElement]).toEqual([true, first]);
    const back = key({ key: 'Unidentified', shiftKey: true });
    first.dispatchEvent(back);
    expect([back.defaultPrevented, host.shadowRoot!.activeElement]).toEqual([true, last]);
    q.getByRole('button', { name: 'Reject all' }).click();
    expect(consent.rejectAll).toHaveBeenCalled();
    expect([page.inert, already.inert]).toEqual([false, true]); // the page's own inert elements stay so
    const launcher = q.getByRole('button', { name: 'Privacy settings' });
    expect(host.shadowRoot!.activeElement).toBe(launcher);
    // Nothing of the wall is left (its backdrop included): beside the live region, only the launcher.
    const status = q.getByRole('status');
    expect(
      Array.from(status.parentElement!.children)
        .filter((el) => el !== status && el !== launcher)
        .map((el) => el.outerHTML),
    ).toEqual([]);
  });

  it('is no wall without blocking, and blocking means nothing for a bar', () => {
    const page = document.createElement('main');
    document.body.append(page);
    const { q } = mount(fake(), { layout: 'modal' });
    expect(q.queryByRole('dialog')).toBeNull();
    expect(page.inert).toBe(false);
    handles.splice(0).forEach((h) => h.destroy());
    mount(fake(), { layout: 'bar', wall });
    expect(page.inert).toBe(false);
  });

  it('replaces the loader’s stand-in launcher it is handed, and takes its place; never an element of the page, whatever it brings', () => {
    // Page markup: an attribute copied, a declarative shadow root (here attached), a form whose input clobbers shadowRoot.
    document.body.innerHTML =
      '<p data-candor-launcher>me too</p><div data-candor-launcher></div><form data-candor-launcher><input name="shadowRoot"></form>';
    document.body.children[1]!.attachShadow({ mode: 'open' });
    const page = [...document.body.children];
    const standIn = document.createElement('div');
    standIn.setAttribute('data-candor-launcher', '');
    standIn.attachShadow({ mode: 'open' });
    document.body.append(standIn);
    const slot: LauncherSlot = { launcher: standIn };
    const { host } = mount(fake(), { slot });
    expect([standIn.isConnected, ...page.map((e) => e.isConnected)]).toEqual([false, true, true, true]);
    expect(slot.launcher).toBe(host); // the loader's stand-in launcher then draws none
  });

  it('once destroyed, leaves nothing in the slot it took: a stand-in launcher asked for later is drawn', async () => {
    const slot: LauncherSlot = {};
    const ui = mountShell(fake(), shellOptions({ slot }), () => panel());
    expect(slot.launcher?.isConnected).toBe(true);
    ui.destroy();
    expect(slot).not.toHaveProperty('launcher'); // not the removed host
    showStandInLauncher(slot, Promise.resolve({ text: 'Privacy settings', lang: 'en' }), 'auto', () => {});
    await new Promise((r) => setTimeout(r));
    expect(slot.launcher?.isConnected).toBe(true);
    expect(slot.launcher?.shadowRoot?.querySelector('button')?.textContent).toBe('Privacy settings');
  });

  it('without a stand-in handed over (npm), removes nothing of the page', () => {
    document.body.innerHTML = '<div data-candor-launcher></div>';
    const page = document.body.firstElementChild!;
    page.attachShadow({ mode: 'open' });
    mount(fake());
    expect(page.isConnected).toBe(true);
  });
});

describe('mountUI', () => {
  it("says a list and a duration in the visitor's language when its messages have no format keys, never with English's", async () => {
    // The bundled English as the build makes it, with its format.* keys (rollup.config.mjs, withFormats).
    const formats = formatsOf('en') as Record<string, string>;
    Object.assign(ENGLISH, formats);
    onTestFinished(() => Object.keys(formats).forEach((key) => delete (ENGLISH as Record<string, string>)[key]));
    const consent = real();
    await consent.ready;
    const text = (locale: string, messages?: Record<string, string>): string => {
      const handle = mountUI(consent, { locale, ...(messages ? { messages } : {}) });
      const host = document.querySelector<HTMLElement>('[data-candor-ui]')!;
      const said = host.shadowRoot!.querySelector('.banner-text')!.textContent!;
      handle.destroy();
      return said;
    };
    // A site's own banner words, without format.* (a locale needs the banner's title and buttons).
    const russian = text('ru', {
      'banner.title': 'Файлы cookie',
      'banner.acceptAll': 'Принять все',
      'banner.rejectAll': 'Отклонить все',
      'banner.customize': 'Настроить',
    });
    expect(russian).toContain(
      new Intl.NumberFormat('ru', { style: 'unit', unit: 'month', unitDisplay: 'long' }).format(6),
    );
    expect(russian).not.toMatch(/\bmonths\b/);
    expect(russian).toMatch(/Marketing и /); // Intl's Russian list words, not ", and "
    expect(russian).not.toContain(', and ');
    expect(text('en')).toContain('6 months'); // English keeps its own
  });
  it('a locale file with texts that are no strings (a number, null, a list) mounts without a throw, in English: the banner’s title and buttons are not its own words (the script tag’s rule)', async () => {
    const consent = real();
    await consent.ready;
    const messages = JSON.parse(
      '{"banner.title": 5, "banner.acceptAll": null, "banner.rejectAll": ["x"], "banner.customize": "Anpassen"}',
    ) as Record<string, string>;
    handles.push(mountUI(consent, { locale: 'de', messages })); // threw a TypeError into the page
    const q = within(document.querySelector<HTMLElement>('[data-candor-ui]')!.shadowRoot as unknown as HTMLElement);
    for (const name of ['Accept all', 'Reject all', 'Customize']) expect(q.getByRole('button', { name })).toBeTruthy();
    expect(document.querySelector('[data-candor-ui]')!.getAttribute('lang')).toBe('en');
    expect(q.getByRole('region', { name: 'Cookies and your privacy' })).toBeTruthy();
    handles.splice(0).forEach((h) => h.destroy());
    // The script tag's first layer, given such a file (its locale files, self-hosted): a key, no throw.
    const first = mount(consent, { messages: { ...ENGLISH, 'banner.acceptAll': 5 as unknown as string } });
    expect(first.q.getByRole('button', { name: 'banner.acceptAll' })).toBeTruthy();
  });
  it('renders the banner through the first layer and the panel inline in a container', async () => {
    const consent = real();
    await consent.ready;
    handles.push(mountUI(consent, { locale: 'en' }));
    const host = document.querySelector<HTMLElement>('[data-candor-ui]')!;
    expect(within(host.shadowRoot as unknown as HTMLElement).getByRole('button', { name: 'Reject all' })).toBeTruthy();
    handles.splice(0).forEach((h) => h.destroy());
    const account = document.createElement('section');
    document.body.append(account);
    handles.push(mountUI(consent, { container: account }));
    const inline = account.querySelector<HTMLElement>('[data-candor-ui]')!;
    await vi.waitFor(() =>
      expect(
        within(inline.shadowRoot as unknown as HTMLElement).getByRole('heading', { name: 'Privacy settings' }),
      ).toBeTruthy(),
    );
    expect(
      within(inline.shadowRoot as unknown as HTMLElement).queryByRole('region', { name: 'Cookies and your privacy' }),
    ).toBeNull();
  });
});

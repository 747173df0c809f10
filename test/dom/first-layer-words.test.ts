// @vitest-environment happy-dom
// The first layer tells the truth from the config: which purposes it asks for, how long the choice
// is kept and where to change it; it never hides the policy (policy pages, a minimisable modal);
// it offers the reload a revoke needs.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { signal } from '@preact/signals-core';
import { within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isFirstLayerKey } from '../../scripts/first-layer-keys.mjs';
import type { Messages } from '../../src/core/locale';
import type { Consent } from '../../src/instance/types';
import { durationOf } from '../../src/ui/banner';
import { minimize } from '../../src/ui/minimize';
import { mountShell, type ShellOptions, type UiHandle } from '../../src/ui/shell';
import { withTexts, type Ui } from '../../src/ui/ui-model';
import { wall } from '../../src/ui/wall';
import { configOf, sample } from '../unit/fixtures';
import { shellOptions } from './shell-options';

const locale = (l: string): Messages => JSON.parse(readFileSync(resolve('locales', `${l}.json`), 'utf8')) as Messages;
const handles: UiHandle[] = [];
afterEach(() => {
  handles.splice(0).forEach((h) => h.destroy());
  document.body.innerHTML = '';
  history.replaceState(null, '', '/');
});

/** A stand-in instance of `config` whose prompt the test switches. */
const fake = (config: unknown = sample) => {
  const needsPrompt = signal(true);
  return {
    needsPrompt,
    state: signal({ purposes: {} }),
    config: configOf(config),
    acceptAll: vi.fn(async () => void (needsPrompt.value = false)),
    rejectAll: vi.fn(async () => void (needsPrompt.value = false)),
  } as unknown as Consent & { needsPrompt: typeof needsPrompt };
};
const mount = (consent: Consent, o: Partial<ShellOptions> = {}) => {
  handles.push(mountShell(consent, shellOptions(o), () => ({ open() {}, close() {}, destroy() {} })));
  const host = document.querySelector<HTMLElement>('[data-candor-ui]')!;
  return { host, q: within(host.shadowRoot as unknown as HTMLElement) };
};
const bannerText = (q: ReturnType<typeof mount>['q']): string =>
  q.getByRole('region', { name: 'Cookies and your privacy' }).querySelector('#candor-banner-text')!.textContent!;

describe('the words come from the config', () => {
  it('names the purposes Accept all would allow, how long the choice is kept, and the launcher to change it', () => {
    const { q } = mount(fake());
    expect(bannerText(q)).toBe(
      'We use cookies and similar tools to make this site work. ' +
        'With your permission, we would also use them for: Statistics, Marketing, and Extra features. ' +
        'We remember your choice for 6 months. You can change it at any time with the “Privacy settings” button at the bottom of the screen. ' +
        'Privacy policy',
    );
  });

  it('says nothing of ads when a site asks only for statistics; without a launcher, it points to the site’s link', () => {
    const { q } = mount(
      fake({ policy: { revision: 1 }, expiresAfterDays: 395, purposes: [{ id: 'necessary' }, { id: 'analytics' }] }),
      { launcher: false },
    );
    const text = bannerText(q);
    expect(text).toContain('we would also use them for: Statistics.');
    expect(text).not.toMatch(/\bads?\b|advert/i);
    expect(text).toContain(
      'We remember your choice for 13 months. You can change it at any time with the privacy settings link on this site.',
    );
  });

  it.each<[number, ReturnType<typeof durationOf>]>([
    [182, [6, 'month']],
    [180, [6, 'month']],
    [395, [13, 'month']],
    [365, [1, 'year']],
    [730, [2, 'year']],
    [390, [390, 'day']],
    [45, [45, 'day']],
    [30, [30, 'day']],
    [1, [1, 'day']],
  ])('%i days are said as %j (never more than 3 days off)', (days, expected) => {
    expect(durationOf(days)).toEqual(expected);
  });

  it('German, with a site’s English-only purpose title isolated and marked as English', () => {
    const config = {
      policy: { revision: 1, url: '/datenschutz' },
      purposes: [{ id: 'necessary' }, { id: 'analytics' }, { id: 'baking-tips' }],
      texts: { en: { 'purpose.baking-tips.title': 'Baking tips' } },
    };
    const messages = { ...locale('de'), 'purpose.baking-tips.title': 'Baking tips' };
    const { q } = mount(fake(config), { locale: 'de', messages });
    const text = q.getByRole('region', { name: 'Cookies und Ihre Privatsphäre' }).querySelector('#candor-banner-text')!;
    expect(text.textContent).toContain('hierfür nutzen: Statistik und Baking tips.');
    expect(text.textContent).toContain('Wir speichern Ihre Entscheidung für 6 Monate.');
    expect(text.textContent).toContain('über die Schaltfläche „Datenschutz-Einstellungen“ unten auf dem Bildschirm');
    expect(Array.from(text.querySelectorAll('bdi'), (b) => [b.textContent, b.lang])).toEqual([
      ['Statistik', ''],
      ['Baking tips', 'en'],
      ['Datenschutz-Einstellungen', ''],
    ]);
  });
});

describe('the banner never hides the policy', () => {
  const walled = { ui: { layout: 'modal', wall }, ...sample };

  it('on the policy page a walling modal is a bar: no dialog, the page live, room reserved below', () => {
    const page = document.createElement('main');
    document.body.append(page);
    history.replaceState(null, '', '/privacy/');
    const { q } = mount(fake(walled), { layout: 'modal', wall });
    expect(q.queryByRole('dialog')).toBeNull();
    expect(q.getByRole('region', { name: 'Cookies and your privacy' }).className).toBe('banner bar');
    expect(page.inert).toBe(false);
    expect(document.querySelector('[data-candor-spacer]')).not.toBeNull();
  });

  it('ui.policyPages names other pages, with their query; elsewhere the wall stays', () => {
    const config = { ...walled, ui: { policyPages: ['/legal?tab=cookies'] } };
    history.replaceState(null, '', '/legal?tab=cookies');
    expect(mount(fake(config), { layout: 'modal', wall }).q.queryByRole('dialog')).toBeNull();
    handles.splice(0).forEach((h) => h.destroy());
    history.replaceState(null, '', '/legal?tab=imprint');
    expect(mount(fake(config), { layout: 'modal', wall }).q.getByRole('dialog')).toBeTruthy();
  });

  it('a policy page that is no URL at all ("http://[") is no page here: the wall stays, and nothing throws into the page', () => {
    const config = { ...walled, ui: { policyPages: ['http://[', '/legal'] } };
    history.replaceState(null, '', '/shop');
    expect(mount(fake(config), { layout: 'modal', wall }).q.getByRole('dialog')).toBeTruthy();
  });

  it('a non-blocking modal minimises to a bar and back by one button that keeps focus; a bar or a wall has none', () => {
    const { q, host } = mount(fake(), { layout: 'modal', minimize });
    const region = q.getByRole('region', { name: 'Cookies and your privacy' });
    const toggle = q.getByRole('button', { name: 'Minimize' });
    toggle.focus();
    toggle.click();
    expect(region.classList.contains('mini')).toBe(true);
    expect(q.queryByRole('button', { name: 'Accept all' })).toBeNull(); // hidden, both alike
    expect(q.queryByRole('button', { name: 'Reject all' })).toBeNull();
    expect(host.shadowRoot!.activeElement).toBe(toggle);
    expect(toggle.textContent).toBe('Show cookie choices');
    expect(document.querySelector('[data-candor-spacer]')).not.toBeNull(); // the bar gets its room
    toggle.click();
    expect(q.getByRole('button', { name: 'Accept all' })).toBeTruthy();
    expect(toggle.textContent).toBe('Minimize');
    expect(document.querySelector('[data-candor-spacer]')).toBeNull();
    handles.splice(0).forEach((h) => h.destroy());
    expect(mount(fake()).q.queryByRole('button', { name: 'Minimize' })).toBeNull();
    handles.splice(0).forEach((h) => h.destroy());
    expect(mount(fake(), { layout: 'modal', wall, minimize }).q.queryByRole('button', { name: 'Minimize' })).toBeNull();
  });

  it('a non-blocking modal minimises when something under it on the page is focused, not for focus within itself or beside it (WCAG 2.4.11)', () => {
    const clicks: unknown[] = [];
    const onClick = (e: Event): void => void clicks.push(e.target);
    document.addEventListener('click', onClick);
    const [beside, outside] = [document.createElement('button'), document.createElement('button')];
    document.body.append(beside, outside);
    const { q } = mount(fake(), { layout: 'modal', minimize });
    const region = q.getByRole('region', { name: 'Cookies and your privacy' });
    // happy-dom lays nothing out: the boxes a browser would give them.
    region.getBoundingClientRect = () => new DOMRect(100, 200, 600, 300);
    beside.getBoundingClientRect = () => new DOMRect(100, 520, 80, 40);
    outside.getBoundingClientRect = () => new DOMRect(120, 300, 80, 40);
    q.getByRole('button', { name: 'Reject all' }).focus();
    beside.focus();
    expect(region.classList.contains('mini')).toBe(false);
    outside.focus();
    expect(region.classList.contains('mini')).toBe(true);
    expect(clicks).toEqual([]); // no click the page could take for the visitor's
    expect(q.getByRole('button', { name: 'Show cookie choices' })).toBeTruthy();
    expect(document.querySelector('[data-candor-spacer]')).not.toBeNull(); // the bar's room
    // Restored by the visitor, it stays so while focus is in it.
    q.getByRole('button', { name: 'Show cookie choices' }).click();
    q.getByRole('button', { name: 'Accept all' }).focus();
    expect(region.classList.contains('mini')).toBe(false);
    outside.remove();
    beside.remove();
    document.removeEventListener('click', onClick);
  });
});

describe('a revoke that needs a reload offers it', () => {
  const revoke = (reloadRecommended: boolean) =>
    document.dispatchEvent(new CustomEvent('candor:revoke', { detail: { services: ['ga4'], reloadRecommended } }));

  it('says so, announces it, offers Reload page, and Close hands focus to the launcher', async () => {
    const consent = fake();
    consent.needsPrompt.value = false;
    const { q, host } = mount(consent);
    revoke(false);
    revoke(true);
    revoke(true); // once
    const words = 'Some of what you turned off was already running on this page. Reload the page to stop it.';
    await vi.waitFor(() => expect(q.getByRole('status').textContent).toBe(words));
    expect(q.getAllByRole('button', { name: 'Reload page' })).toHaveLength(1);
    expect(q.getByText(words, { selector: 'p' })).toBeTruthy();
    q.getByRole('button', { name: 'Close' }).click();
    expect(q.queryByRole('button', { name: 'Reload page' })).toBeNull();
    expect(host.shadowRoot!.activeElement).toBe(q.getByRole('button', { name: 'Privacy settings' }));
  });

  it('with the first layer’s keys alone (the script tag) takes its words from the whole locale, fetched then; without them says so and shows nothing', async () => {
    const first = Object.fromEntries(Object.entries(locale('en')).filter(([k]) => isFirstLayerKey(k)));
    expect(first['revoke.reload']).toBeUndefined(); // not among the words a first visit fetches
    const consent = fake();
    consent.needsPrompt.value = false;
    const all = vi.fn(async (ui: Ui) => withTexts(ui, consent, { locale: 'en', messages: locale('en') }));
    const { q } = mount(consent, { messages: first, allTexts: all });
    expect(all).not.toHaveBeenCalled();
    revoke(true);
    await vi.waitFor(() => expect(q.getByRole('button', { name: 'Reload page' })).toBeTruthy());
    expect(q.getByRole('button', { name: 'Close' })).toBeTruthy();
    handles.splice(0).forEach((h) => h.destroy());

    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const none = mount(consent, { messages: first, allTexts: () => Promise.reject(new Error('offline')) });
    revoke(true);
    await vi.waitFor(() =>
      expect(errors).toHaveBeenCalledWith('Candor: could not load the reload offer: Error: offline'),
    );
    expect(none.q.queryByRole('button', { name: /Reload page|revoke/ })).toBeNull();
    errors.mockRestore();
  });

  it('stays silent when the site reloads by itself (reloadOnRevoke)', async () => {
    const silent = mount(fake({ ...sample, reloadOnRevoke: true }));
    const control = mount(fake()); // the same revoke, a site that does not reload by itself
    revoke(true);
    await vi.waitFor(() => expect(control.q.getByRole('button', { name: 'Reload page' })).toBeTruthy());
    expect(silent.q.queryByRole('button', { name: 'Reload page' })).toBeNull();
  });
});

// @vitest-environment happy-dom
// The loader's stand-in launcher (loader/stand-in-launcher.ts): shown once, never beside Candor's
// own UI, and never kept away by page markup, whatever it copies or brings: only the launcher the
// loader keeps (its facade's `launcher`) counts.
import { afterEach, describe, expect, it } from 'vitest';
import type { SiteView } from '../../src/core/site-view';
import { launcherLabel, showStandInLauncher } from '../../src/loader/stand-in-launcher';
import type { LauncherSlot } from '../../src/ui/shell';

afterEach(() => void (document.body.innerHTML = ''));

/** Shows the stand-in for `slot` and waits for it to be added; returns the stand-ins Candor made. */
async function show(slot: LauncherSlot, label = { text: 'Privacy settings', lang: 'en' }): Promise<Element[]> {
  showStandInLauncher(slot, Promise.resolve(label), 'auto', () => {});
  await new Promise((r) => setTimeout(r));
  return [...document.querySelectorAll('[data-candor-launcher]')].filter((e) => e.shadowRoot?.querySelector('button'));
}

describe('stand-in launcher', () => {
  it('shows once, however often it is asked for, and is kept in the slot the UI takes it from', async () => {
    const slot: LauncherSlot = {};
    const [first] = await show(slot);
    expect(slot.launcher).toBe(first);
    expect(await show(slot)).toEqual([first]);
  });

  it("is not shown beside Candor's UI (its host in the slot)", async () => {
    const ui = document.createElement('div');
    document.body.append(ui);
    expect(await show({ launcher: ui })).toEqual([]);
  });

  it('is shown when markup injected into the page copies the hosts’ attributes, or brings a shadow root', async () => {
    document.body.innerHTML =
      '<section class="comments"><div data-candor-ui>nice post!</div><p data-candor-launcher>me too</p>' +
      '<div data-candor-launcher></div><form data-candor-launcher><input name="shadowRoot"></form></section>';
    document.querySelector('div[data-candor-launcher]')!.attachShadow({ mode: 'open' });
    const slot: LauncherSlot = {};
    const shown = await show(slot);
    expect(shown).toHaveLength(1);
    expect(slot.launcher).toBe(shown[0]);
    expect(document.querySelectorAll('.comments > *')).toHaveLength(4);
  });

  it("speaks the UI's language, which may not be the page's (ui.locale): its lang is always set (WCAG 3.1.2)", async () => {
    document.documentElement.lang = 'en';
    const view = { texts: { ar: { 'launcher.label': 'إعدادات الخصوصية' } } } as unknown as SiteView;
    const json = () => Promise.reject(new Error('not fetched'));
    const source = { locale: 'ar', base: 'https://shop.example/dist/', json };
    const label = await launcherLabel(view, source);
    expect(label).toEqual({ text: 'إعدادات الخصوصية', lang: 'ar' });
    const [host] = await show({}, label);
    expect(host!.getAttribute('lang')).toBe('ar');
    // The site's English text only: the locale file's words first (as the UI shows them), else that
    // English text, marked as English.
    const english = { texts: { en: { 'launcher.label': 'Cookie settings' } } } as unknown as SiteView;
    expect(await launcherLabel(english, source)).toEqual({ text: 'Cookie settings', lang: 'en' });
    const file = <T>() => Promise.resolve({ 'launcher.label': 'إعدادات الخصوصية' } as T);
    expect(await launcherLabel(english, { ...source, json: file })).toEqual({ text: 'إعدادات الخصوصية', lang: 'ar' });
    // No site text and no locale file: English, marked as such.
    expect(await launcherLabel({ texts: {} } as unknown as SiteView, { ...source, locale: 'de' })).toEqual({
      text: 'Privacy settings',
      lang: 'en',
    });
  });
});

// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import { createMemoryStorage } from '../../src/store/memory';
import type { Ui } from '../../src/ui/ui-model';
import { mergeMessages } from '../../src/core/locale';
import { ENGLISH, translate } from '../../src/ui/i18n';
import { Panel } from '../../src/ui/Panel';
import { Switch } from '../../src/ui/Switch';
import { sample } from '../unit/fixtures';

afterEach(cleanup);

const makeUi = (input: Parameters<typeof createConsent>[0] = sample) => {
  const consent = createConsent(input, { storage: createMemoryStorage() });
  const announce = vi.fn();
  const signals: [string, unknown][] = [];
  const site: Record<string, string> = {
    'purpose.health-personalization.title': 'Health tips',
    'purpose.health-personalization.description': 'Uses allergies.',
    'preference.frequency.weekly.hint': 'At most one email a week.',
    'preference.frequency.daily.hint': 'One email every morning.',
  };
  const ui: Ui = {
    consent,
    config: consent.config,
    locale: 'en',
    text: (key, fallback) => site[key] ?? fallback,
    notify: (name, detail) => void signals.push([name, detail]),
    t: (key, vars) => translate({ ...ENGLISH, ...site }, key, vars),
    shown: (method) => ({ method, locale: 'en', textHash: 'f'.repeat(64) }),
    announce,
  };
  return { consent, ui, announce, signals };
};

describe('Switch', () => {
  it('is a named switch that toggles with a click (Space/Enter: native button)', () => {
    const onChange = vi.fn();
    render(
      <>
        <span id="l">Statistics</span>
        <Switch checked={false} labelledBy="l" onChange={onChange} />
      </>,
    );
    const sw = screen.getByRole('switch', { name: 'Statistics' });
    expect(sw.getAttribute('aria-checked')).toBe('false');
    fireEvent.click(sw);
    expect(onChange).toHaveBeenCalledWith(true);
  });
  it('does nothing when disabled', () => {
    const onChange = vi.fn();
    render(
      <>
        <span id="l2">Necessary</span>
        <Switch checked labelledBy="l2" disabled onChange={onChange} />
      </>,
    );
    fireEvent.click(screen.getByRole('switch', { name: 'Necessary' }));
    expect(onChange).not.toHaveBeenCalled();
  });
});

describe('Panel', () => {
  it('starts with no optional switch on, shows necessary as always on, and keeps sensitive purposes apart', () => {
    const { ui } = makeUi();
    render(<Panel ui={ui} inline onDone={() => {}} />);
    const switches = screen.getAllByRole('switch');
    expect(switches.every((s) => s.getAttribute('aria-checked') === 'false')).toBe(true);
    expect(screen.queryByRole('switch', { name: 'Necessary' })).toBeNull();
    expect(screen.getByText('Always on')).toBeTruthy();
    const sensitive = screen.getByRole('region', { name: 'Sensitive information' });
    expect(sensitive.textContent).toContain('Health tips');
    // Headings nest (WCAG 1.3.1): a sensitive purpose's is one level below its section's.
    expect(screen.getByRole('heading', { name: 'Sensitive information' }).tagName).toBe('H3');
    expect(within(sensitive).getByRole('heading', { name: 'Health tips' }).tagName).toBe('H4');
    expect(screen.getByRole('heading', { name: 'Statistics' }).tagName).toBe('H3');
  });
  it('shows a service provider and retention in the language of the UI, a fallback marked with its lang', () => {
    const input = {
      ...sample,
      services: [
        { id: 'ga4', purpose: 'analytics', name: 'Google Analytics', provider: { en: 'Google', de: 'Google (DE)' } },
        { id: 'meta-pixel', purpose: 'marketing', name: 'Meta Pixel', retention: { de: '13 Monate' } },
      ],
    };
    const { ui } = makeUi(input);
    render(<Panel ui={ui} inline onDone={() => {}} />);
    const provider = screen.getByText('Google');
    expect(provider.closest('dd')?.hasAttribute('lang')).toBe(false); // the UI's own language
    expect(provider.tagName).toBe('BDI');
    const retention = screen.getByText('13 Monate');
    expect(retention.closest('dd')?.getAttribute('lang')).toBe('de'); // a fallback in another language
  });
  it("shows a purpose's facts from the site's texts in its details (an English one in a German panel marked as such), none it was not given", () => {
    const texts = {
      en: { 'purpose.analytics.why': 'To see which pages work.', 'purpose.functional.benefit': 'Videos and maps.' },
      de: { 'purpose.analytics.data': 'Besuchte Seiten', 'purpose.analytics.retention': '14 Monate' },
    };
    const { ui } = makeUi({ ...sample, texts });
    const messages = mergeMessages('de', {}, ui.config.texts, ENGLISH);
    const de: Ui = {
      ...ui,
      locale: 'de',
      t: (key, vars) => translate(messages, key, vars),
      text: (key, fallback) => (Object.hasOwn(messages, key) ? (messages[key] ?? fallback) : fallback),
    };
    render(<Panel ui={de} inline onDone={() => {}} />);
    const facts = (id: string) =>
      Array.from(document.getElementById(`candor-p-${id}`)!.closest('.purpose')!.querySelectorAll('details > dl > *'));
    const shown = (id: string) => facts(id).map((el) => `${el.tagName}:${el.textContent}:${el.getAttribute('lang')}`);
    expect(shown('analytics')).toEqual([
      'DT:Data used:null',
      'DD:Besuchte Seiten:null',
      'DT:Why:null',
      'DD:To see which pages work.:en',
      'DT:Kept for:null',
      'DD:14 Monate:null',
    ]);
    // A purpose without services gets details for its facts alone; one without either gets none.
    expect(shown('functional')).toEqual(['DT:Benefit:null', 'DD:Videos and maps.:en']);
    // Its details are named for what they hold: no providers there.
    const summary = (id: string) =>
      document.getElementById(`candor-p-${id}`)!.closest('.purpose')!.querySelector('summary');
    expect(summary('functional')?.textContent).toBe('Details');
    expect(summary('analytics')?.textContent).toBe('Details and providers');
    expect(
      document.getElementById('candor-p-necessary')!.closest('.purpose')!.querySelector('details > dl'),
    ).toBeNull();
    expect(screen.getByText('Videos and maps.').tagName).toBe('BDI');
  });
  it('names the details of each purpose after it (the visible words first), and the close button shows the words it is named by', () => {
    const { ui } = makeUi();
    render(<Panel ui={ui} inline={false} onDone={() => {}} />);
    const summaries = Array.from(document.querySelectorAll('summary'));
    expect(summaries.length).toBeGreaterThan(1);
    const names = summaries.map((s) => s.getAttribute('aria-label'));
    expect(new Set(names).size).toBe(names.length);
    for (const [i, s] of summaries.entries()) expect(names[i]).toMatch(new RegExp(`^${s.textContent} \\(.+\\)$`));
    expect(names).toContain('Details and providers (Statistics)');
    const close = screen.getByRole('button', { name: 'Close' });
    expect(close.hasAttribute('aria-label')).toBe(false);
    expect(close.textContent).toBe('Close');
  });
  it('opt-out mode: "Do not sell or share my personal information" only takes away: the sale or sharing purposes and their services off, a refusal on screen kept, nothing switched on but unsaved granted', async () => {
    const { consent, ui, announce, signals } = makeUi({ ...sample, jurisdiction: 'opt-out' });
    await consent.ready;
    const onDone = vi.fn();
    render(<Panel ui={ui} inline onDone={onDone} />);
    // Unsaved and visible: functional switched off, a sensitive purpose switched on.
    fireEvent.click(screen.getByRole('switch', { name: 'Extra features' }));
    fireEvent.click(screen.getByRole('switch', { name: 'Health tips' }));
    expect(screen.getByRole('switch', { name: 'Health tips' }).getAttribute('aria-checked')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: 'Do not sell or share my personal information' }));
    await vi.waitFor(async () => expect((await consent.records())[0]?.method).toBe('panel:save'));
    const granted = (ids: string[]) => ids.map((id) => consent.has(id as never));
    expect(granted(['marketing', 'meta-pixel', 'youtube'])).toEqual([false, false, false]);
    expect(granted(['analytics', 'ga4', 'necessary'])).toEqual([true, true, true]);
    expect(granted(['functional', 'health-personalization'])).toEqual([false, false]);
    expect(onDone).toHaveBeenCalled();
    expect(announce).toHaveBeenCalledWith('Your choices are saved.');
    // The page hears which action it was (its own statistics; a record says panel:save).
    expect(signals).toContainEqual(['decision', { method: 'panel:save', action: 'do-not-sell' }]);
  });
  it('offers "Do not sell or share" only in opt-out mode and only for a config with sale or sharing purposes', async () => {
    const button = () => screen.queryByRole('button', { name: 'Do not sell or share my personal information' });
    render(<Panel ui={makeUi().ui} inline onDone={() => {}} />);
    expect(button()).toBeNull(); // opt-in
    cleanup();
    const none = { ...sample, jurisdiction: 'opt-out', purposes: sample.purposes.map(({ id }) => ({ id })) } as const;
    render(<Panel ui={makeUi(none).ui} inline onDone={() => {}} />);
    expect(screen.getAllByRole('button', { name: 'Reject all' })).toHaveLength(1);
    expect(button()).toBeNull(); // nothing sold or shared
    cleanup();
    render(<Panel ui={makeUi({ ...sample, jurisdiction: 'opt-out' }).ui} inline onDone={() => {}} />);
    expect(button()).not.toBeNull();
  });
  it('saves exactly what was switched, services following their purpose, with method panel:save', async () => {
    const { consent, ui } = makeUi();
    const onDone = vi.fn();
    render(<Panel ui={ui} inline onDone={onDone} />);
    fireEvent.click(screen.getByRole('switch', { name: 'Statistics' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save choices' }));
    await consent.ready;
    await vi.waitFor(async () => expect((await consent.records())[0]?.method).toBe('panel:save'));
    expect(consent.has('analytics,ga4')).toBe(true);
    expect(consent.has('marketing')).toBe(false);
    expect(onDone).toHaveBeenCalled();
  });
  it('lists each service with its provider, retention and privacy link; a service can be switched alone', async () => {
    const { consent, ui } = makeUi({
      ...sample,
      services: [
        {
          id: 'ga4',
          purpose: 'analytics',
          name: 'Google Analytics',
          provider: 'Google',
          retention: '14 months',
          privacyUrl: 'https://policies.google.com/privacy',
        },
        { id: 'matomo', purpose: 'analytics', name: 'Matomo' },
      ],
    });
    render(<Panel ui={ui} inline onDone={() => {}} />);
    expect(screen.getByText('Google')).toBeTruthy();
    expect(screen.getByText('14 months')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Privacy policy of Google Analytics' })).toBeTruthy();
    fireEvent.click(screen.getByRole('switch', { name: 'Statistics' }));
    fireEvent.click(screen.getByRole('switch', { name: 'Matomo' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save choices' }));
    await vi.waitFor(() => expect(consent.has('ga4')).toBe(true));
    expect(consent.has('matomo')).toBe(false);
  });
});

describe('PreferenceCenter (in the panel)', () => {
  it('builds radio groups, checkbox groups and a matrix with row and column headers; requires hides a field until it applies', async () => {
    const { consent, ui, signals } = makeUi();
    render(<Panel ui={ui} inline onDone={() => {}} />);
    fireEvent.click(screen.getByRole('tab', { name: 'Your preferences' }));
    const section = await screen.findByRole('region', { name: 'Communication and personalization' }); // its own chunk, loaded on open
    expect(section).toBeTruthy();
    expect(screen.queryByRole('group', { name: 'Frequency' })).toBeNull(); // requires newsletter
    fireEvent.click(screen.getByRole('checkbox', { name: 'Newsletter' }));
    const freq = screen.getByRole('group', { name: 'Frequency' });
    expect((screen.getByRole('radio', { name: 'Weekly' }) as HTMLInputElement).checked).toBe(true);
    expect(freq.textContent).toContain('At most one email a week.');
    fireEvent.click(screen.getByRole('radio', { name: 'Daily' }));
    expect(screen.getByRole('group', { name: 'Frequency' }).textContent).toContain('One email every morning.');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Cakes' }));
    const grid = screen.getByRole('table', { name: 'Channels' });
    expect(grid.querySelectorAll('th[scope=col]')).toHaveLength(3);
    expect(grid.querySelectorAll('th[scope=row]')).toHaveLength(2);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Order updates: Sms' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save choices' })); // the preferences view's own
    await vi.waitFor(async () =>
      expect((await consent.records())[0]?.preferences).toMatchObject({
        newsletter: true,
        frequency: 'daily',
        topics: ['cakes'],
        channels: { 'order-updates': ['sms'] },
      }),
    );
    expect(signals.filter(([n]) => n === 'preference-changed')).toHaveLength(4);
    expect(consent.preferences.get('frequency')).toBe('daily');
  });
});

/** A mouse press (mousedown and click) of `detail` clicks on `el`; whether its mousedown went through. */
const press = (el: Element, detail: number): boolean => {
  const through = fireEvent.mouseDown(el, { detail });
  fireEvent.click(el, { detail });
  return through;
};

describe('Dashboard', () => {
  it('shows current choices and the dated history with how each decision was made', async () => {
    const { consent, ui } = makeUi();
    await consent.acceptAll({ method: 'banner:accept-all' });
    await consent.rejectAll({ method: 'panel:save' });
    render(<Panel ui={ui} inline onDone={() => {}} view="data" />);
    const dash = await screen.findByRole('region', { name: 'Your privacy' });
    // The history: its entries are the dated list items (the current choices carry no date).
    const history = () =>
      within(dash)
        .getAllByRole('listitem')
        .filter((li) => li.querySelector('time'));
    await vi.waitFor(() => expect(history()).toHaveLength(2));
    const items = history().map((li) => li.textContent ?? '');
    expect(items[0]).toContain('Saved in the privacy settings');
    expect(items[1]).toContain('Accepted all in the banner');
    const time = history()[0]!.querySelector('time')!;
    expect(time.getAttribute('datetime')).toMatch(/^\d{4}-/);
    // When, with the time zone it is told in (a receipt read on another device, or after travel).
    const zone = new Intl.DateTimeFormat('en', { timeZoneName: 'short' })
      .formatToParts(new Date(time.getAttribute('datetime')!))
      .find((p) => p.type === 'timeZoneName')!.value;
    expect(time.textContent).toContain(zone);
  });
  it('names each service set apart from its purpose, now and in the history (a placeholder grant is not "nothing allowed")', async () => {
    const { consent, ui } = makeUi();
    await consent.rejectAll({ method: 'banner:reject-all' });
    await consent.update({ services: { youtube: true } }, { method: 'placeholder' }); // a video's button
    render(<Panel ui={ui} inline onDone={() => {}} view="data" />);
    const dash = await screen.findByRole('region', { name: 'Your privacy' });
    const current = () =>
      Array.from(dash.querySelectorAll('.current > li'), (li) => li.textContent?.replace(/\s+/g, ' ').trim());
    expect(current()).toContain('Marketing: OffYouTube: On');
    expect(current()).toContain('Statistics: Off'); // nothing of it apart: no list
    const history = () => Array.from(dash.querySelectorAll('.history > li'), (li) => li.textContent ?? '');
    await vi.waitFor(() => expect(history()).toHaveLength(2));
    expect(history()[0]).toMatch(/· YouTube$/);
    expect(history()[1]).toMatch(/· nothing optional allowed$/);
    // The other way round: a purpose on with one of its services off.
    await consent.acceptAll();
    await consent.update({ services: { 'meta-pixel': false } });
    await vi.waitFor(() => expect(current()).toContain('Marketing: OnMeta Pixel: Off'));
    expect(current()).not.toContain('Marketing: OnYouTube: Off');
  });
  it('before any decision, Download and Withdraw everything are disabled (nothing to give or take back); a decision enables both', async () => {
    const { consent, ui } = makeUi();
    render(<Panel ui={ui} inline onDone={() => {}} view="data" />);
    const withdraw = await screen.findByRole('button', { name: 'Withdraw everything' });
    const download = screen.getByRole('button', { name: 'Download my consent receipt' });
    expect([withdraw.hasAttribute('disabled'), download.hasAttribute('disabled')]).toEqual([true, true]);
    await consent.rejectAll();
    await vi.waitFor(() =>
      expect([
        screen.getByRole('button', { name: 'Withdraw everything' }).hasAttribute('disabled'),
        screen.getByRole('button', { name: 'Download my consent receipt' }).hasAttribute('disabled'),
      ]).toEqual([false, false]),
    );
  });
  it('withdraws everything only after a confirmation, at once', async () => {
    const { consent, ui } = makeUi();
    await consent.acceptAll();
    render(<Panel ui={ui} inline onDone={() => {}} />);
    fireEvent.click(screen.getByRole('tab', { name: 'Your data and history' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Withdraw everything' }));
    expect(consent.has('analytics')).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Yes, withdraw everything' }));
    expect(consent.has('analytics')).toBe(false);
    await vi.waitFor(async () => expect((await consent.records())[0]?.method).toBe('withdraw'));
  });
  it('ignores the rest of a double click begun on Withdraw everything, Yes or Cancel wherever it lands, and a quick second key press after the withdrawal; never a single click', async () => {
    const { consent, ui } = makeUi();
    await consent.acceptAll();
    render(<Panel ui={ui} inline onDone={() => {}} view="data" />);
    await screen.findByRole('button', { name: 'Withdraw everything' });
    const asked = (): boolean => screen.queryByRole('button', { name: 'Yes, withdraw everything' }) !== null;
    const button = (name: string) => screen.getByRole('button', { name });
    press(button('Withdraw everything'), 1);
    expect(asked()).toBe(true);
    // The double click's second press, on Yes that took its place: the question stays unanswered.
    expect(press(button('Yes, withdraw everything'), 2)).toBe(false);
    expect([asked(), consent.has('analytics')]).toEqual([true, true]);
    press(button('Cancel'), 1);
    press(button('Withdraw everything'), 2); // and the rest of one on Cancel
    expect(asked()).toBe(false);
    press(button('Withdraw everything'), 1);
    press(button('Yes, withdraw everything'), 1); // a single click: the visitor's answer
    expect([asked(), consent.has('analytics')]).toEqual([false, false]);
    // The rest of that click, anywhere in the dashboard: no focus move, no selection, nothing done.
    expect(press(screen.getByRole('region', { name: 'Your privacy' }), 2)).toBe(false);
    press(button('Withdraw everything'), 3);
    fireEvent.click(button('Withdraw everything'), { detail: 0 }); // Enter again, at once
    expect(asked()).toBe(false);
    // Half a second later a key press counts again; a single click always does.
    const now = performance.now();
    vi.spyOn(performance, 'now').mockReturnValue(now + 501);
    fireEvent.click(button('Withdraw everything'), { detail: 0 });
    expect(asked()).toBe(true);
    vi.restoreAllMocks();
    press(button('Cancel'), 1);
    press(button('Withdraw everything'), 1);
    expect(asked()).toBe(true);
    await vi.waitFor(async () => expect((await consent.records()).map((r) => r.method)).toEqual(['withdraw', 'api'])); // once
  });
  it('downloads the receipt and sends a data request once for a double click (wherever its second press lands) or a quick second key press; a single click, or a key press half a second later, again', async () => {
    const { consent, ui } = makeUi();
    await consent.acceptAll();
    const sent: string[] = [];
    consent.request = (type) => (sent.push(type), new Promise(() => {})); // a request still on its way
    const downloads: string[] = [];
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:receipt');
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push(this.download);
    });
    render(<Panel ui={ui} inline onDone={() => {}} view="data" />);
    const download = await screen.findByRole('button', { name: 'Download my consent receipt' });
    await vi.waitFor(() => expect(download.hasAttribute('disabled')).toBe(false));
    const button = (name: string) => screen.getByRole('button', { name });
    try {
      press(download, 1);
      expect(press(download, 2)).toBe(false); // its double click's rest: no focus move, no second file
      fireEvent.click(download, { detail: 0 }); // Enter again, at once
      expect(downloads).toEqual(['consent-receipt.json']);
      press(button('See my data'), 1);
      expect(press(button('See my data'), 2)).toBe(false);
      press(button('Delete my data'), 2); // the rest of that double click, landed on another button
      fireEvent.click(button('See my data'), { detail: 0 });
      expect(sent).toEqual(['access']);
      // Tab to another button: a key press there is the visitor's own, however quick. The Tab with its
      // key code, as a real one has: the guard reads it (WebKitGTK names Shift+Tab's key "Unidentified").
      fireEvent.keyDown(button('See my data'), { key: 'Tab', keyCode: 9 });
      fireEvent.click(button('Correct my data'), { detail: 0 });
      fireEvent.click(button('Correct my data'), { detail: 0 });
      expect(sent).toEqual(['access', 'correction']);
      // Half a second later a key press counts again; a single click always does (the first still on its way).
      vi.spyOn(performance, 'now').mockReturnValue(performance.now() + 501);
      fireEvent.click(button('See my data'), { detail: 0 });
      press(button('Delete my data'), 1);
      expect(sent).toEqual(['access', 'correction', 'access', 'deletion']);
      press(download, 1);
      expect(downloads).toHaveLength(2);
    } finally {
      vi.restoreAllMocks();
    }
  });
  it('says when a data request cannot be sent without an endpoint or contact', async () => {
    const { ui } = makeUi({ ...sample, policy: { revision: 3 } });
    render(<Panel ui={ui} inline onDone={() => {}} view="data" />);
    fireEvent.click(await screen.findByRole('button', { name: 'Delete my data' }));
    await vi.waitFor(() =>
      expect(screen.getByText('Your request could not be sent. Please try again or write to us.')).toBeTruthy(),
    );
  });
});

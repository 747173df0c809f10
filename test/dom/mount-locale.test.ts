// @vitest-environment happy-dom
/**
 * mountUI speaks (its lang) and records a locale only with that locale's own words for the banner's
 * title and buttons (the script tag's rule for a locale file): the site's texts for one purpose or
 * the banner's sentence alone, or an error body a page fetched as its locale file, give English,
 * labelled and recorded as such (README: a record never names a language the visitor did not see).
 */
import { afterEach, expect, it } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import { createMemoryStorage } from '../../src/store/memory';
import { mountUI, type MountOptions } from '../../src/ui/mount-ui';
import { sample } from '../unit/fixtures';

afterEach(() => {
  document.body.innerHTML = '';
  document.documentElement.lang = '';
});

/** A German page's inline panel: its lang, its heading, and the locale Reject all records. */
async function shownAndRecorded(texts: object, options: MountOptions = {}) {
  document.documentElement.lang = 'de';
  const consent = createConsent({ ...sample, texts } as typeof sample, { storage: createMemoryStorage() });
  await consent.ready;
  const container = document.createElement('section');
  document.body.append(container);
  const handle = mountUI(consent, { container, ...options });
  const root = container.querySelector('[data-candor-ui]')!.shadowRoot!;
  Array.from(root.querySelectorAll('button'))
    .find((b) => b.textContent === 'Reject all')!
    .click();
  await expect.poll(async () => (await consent.records()).length).toBe(1);
  const [record] = await consent.records();
  const result = {
    lang: root.querySelector('.panel')!.getAttribute('lang'),
    heading: root.querySelector('h2')!.textContent,
    recorded: record!.locale,
  };
  handle.destroy();
  consent.destroy();
  return result;
}

it('site texts for one German purpose title only: the English panel is not labelled, nor recorded, as German', async () => {
  const seen = await shownAndRecorded({ de: { 'purpose.analytics.title': 'Statistik' } });
  expect(seen.heading).toBe('Privacy settings'); // the words are English
  expect(seen).toEqual({ lang: 'en', heading: 'Privacy settings', recorded: 'en' });
});

it('messages that are no locale file (the README snippet fetching a JSON error body): English shown, English recorded', async () => {
  const seen = await shownAndRecorded({}, { locale: 'de', messages: { error: 'not found' } });
  expect(seen).toEqual({ lang: 'en', heading: 'Privacy settings', recorded: 'en' });
});

it('site texts for the banner sentence alone: English, labelled and recorded as such', async () => {
  const seen = await shownAndRecorded({ de: { 'banner.text': 'Wir verwenden Cookies für Statistik und Werbung.' } });
  expect(seen).toEqual({ lang: 'en', heading: 'Privacy settings', recorded: 'en' });
});

it('site texts with the banner’s title and buttons in German: the panel speaks German and records it', async () => {
  const de = {
    'banner.title': 'Cookies und Ihre Privatsphäre',
    'banner.acceptAll': 'Alle akzeptieren',
    'banner.rejectAll': 'Reject all', // the button the test presses, by its English name
    'banner.customize': 'Anpassen',
  };
  const seen = await shownAndRecorded({ de });
  expect([seen.lang, seen.recorded]).toEqual(['de', 'de']);
});

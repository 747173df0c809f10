// @vitest-environment happy-dom
// A placeholder's words: from the locale file the UI would choose (fetched only when a placeholder
// shows), saying that the choice is remembered for that service only; names from the config in
// <bdi>, a fallback marked with its lang.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Messages } from '../../src/core/locale';
import { toSiteView } from '../../src/core/site-view';
import { createGate } from '../../src/gate/gate';

/** A locale file as the gate would fetch it (the tests run from the repository's root). */
const locale = (l: string): Messages => JSON.parse(readFileSync(resolve('locales', `${l}.json`), 'utf8')) as Messages;

const config = (ui: Record<string, unknown>, texts: Record<string, unknown> = {}) =>
  toSiteView({
    ui,
    texts,
    purposes: [{ id: 'necessary' }, { id: 'marketing' }, { id: 'functional' }],
    services: [
      { id: 'youtube', purpose: 'marketing', name: 'YouTube', provider: { en: 'Google', ar: 'جوجل' } },
      { id: 'map', purpose: 'functional', name: 'OpenStreetMap' },
    ],
  });

afterEach(() => {
  document.body.innerHTML = '';
  document.documentElement.lang = '';
});

/** Gates a page of two embeds; returns the loads asked for and the grants made. */
async function gatePage(ui: Record<string, unknown>, load: (l: string) => Promise<Messages>) {
  document.body.innerHTML =
    '<iframe data-consent="youtube" data-src="https://www.youtube-nocookie.com/embed/x" title="Video"></iframe>' +
    '<iframe data-consent="map" data-src="https://maps.example/embed" title="Map"></iframe>';
  const loads: string[] = [];
  const grants: [string, { locale: string; texts: Messages }][] = [];
  createGate({
    doc: document,
    view: config(ui),
    has: () => false,
    grant: (ids, shown) => void grants.push([ids, shown]),
    onError: (e) => {
      throw e;
    },
    warn: () => {},
    loadLocale: (l) => (loads.push(l), load(l)),
  }).apply();
  // Embeds are the gate's lazily imported half: their placeholders come a moment later.
  await vi.waitFor(() => expect(document.querySelectorAll('.candor-placeholder')).toHaveLength(2));
  const boxes = Array.from(document.querySelectorAll<HTMLElement>('.candor-placeholder'));
  await vi.waitFor(() => expect(boxes.every((b) => b.querySelector('button')!.textContent)).toBe(true));
  return { loads, grants, boxes };
}

describe('placeholder words', () => {
  it('German from de.json: what it is, that it is remembered for that service only, a button that grants just it', async () => {
    const { loads, grants, boxes } = await gatePage({ locale: 'de' }, async (l) => locale(l));
    expect(loads).toEqual(['de']); // once, for every placeholder
    const [video, map] = boxes as [HTMLElement, HTMLElement];
    expect(video.lang).toBe('de');
    expect(video.querySelector('p')!.textContent).toBe(
      'YouTube ist ausgeschaltet, bis Sie es erlauben. Wenn Sie es laden, kann Google Cookies setzen und sehen, dass Sie diese Seite besucht haben. ' +
        'Wenn Sie es laden, merkt sich diese Website, dass Sie YouTube erlaubt haben, und nichts anderes. Sie können das jederzeit in den Datenschutz-Einstellungen ändern.',
    );
    const button = video.querySelector('button')!;
    expect(button.textContent).toBe('YouTube von Google laden');
    // The names from the config are isolated; the provider, German-less, is marked as English.
    expect(Array.from(button.querySelectorAll('bdi'), (b) => [b.textContent, b.lang])).toEqual([
      ['YouTube', ''],
      ['Google', 'en'],
    ]);
    // Without a provider: "{name} laden", and the text names the service itself.
    expect(map.querySelector('button')!.textContent).toBe('OpenStreetMap laden');
    button.click();
    // Just that service, with the words the visitor saw for the record: the placeholder's texts, in German.
    expect(grants.map(([ids]) => ids)).toEqual(['youtube']);
    const [, shown] = grants[0]!;
    expect(shown.locale).toBe('de');
    expect(Object.keys(shown.texts).every((k) => k.startsWith('placeholder.'))).toBe(true);
    expect(shown.texts['placeholder.button']).toBe(locale('de')['placeholder.button']);
  });

  it('right to left in Arabic, with the provider in Arabic and the direction of its box set', async () => {
    const { boxes } = await gatePage({ locale: 'ar' }, async (l) => locale(l));
    expect([boxes[0]!.lang, boxes[0]!.dir]).toEqual(['ar', 'rtl']);
    expect(boxes[0]!.querySelector('button')!.textContent).toBe('تحميل YouTube من جوجل');
    expect(boxes[0]!.querySelectorAll('button bdi[lang]')).toHaveLength(0);
  });

  it('English, marked as such, when the chosen locale cannot load', async () => {
    const { loads, boxes } = await gatePage({ locale: 'auto' }, async (l) =>
      l === 'fr' ? Promise.reject(new Error('404')) : locale(l),
    );
    expect(loads).toEqual(['en']); // no page lang, no browser language: English straight away
    document.documentElement.lang = 'fr';
    const second = await gatePage({ locale: 'auto' }, async (l) =>
      l === 'fr' ? Promise.reject(new Error('404')) : locale(l),
    );
    expect(second.loads).toEqual(['fr', 'en']);
    expect(second.boxes[0]!.lang).toBe('en');
    expect(second.boxes[0]!.querySelector('button')!.textContent).toBe('Load YouTube from Google');
    expect(boxes[0]!.lang).toBe('en');
  });

  it("the site's own placeholder texts win over the locale file", async () => {
    document.body.innerHTML =
      '<iframe data-consent="youtube" data-src="https://www.youtube-nocookie.com/embed/x" title="Video"></iframe>';
    createGate({
      doc: document,
      view: config({ locale: 'de' }, { de: { 'placeholder.button': 'Video von {provider} ansehen' } }),
      has: () => false,
      grant: () => {},
      onError: () => {},
      warn: () => {},
      loadLocale: async (l) => locale(l),
    }).apply();
    await vi.waitFor(() =>
      expect(document.querySelector('.candor-placeholder button')!.textContent).toBe('Video von Google ansehen'),
    );
  });

  it("names what its button grants from the config only, never from the page's markup (a title injected markup controls)", async () => {
    document.body.innerHTML =
      '<div data-consent="youtube,youtube" data-placeholder title="A spoiler (safe, no cookies)"></div>' +
      '<iframe data-consent="youtube, map" data-src="https://www.youtube-nocookie.com/embed/x" title="Cute cat video"></iframe>' +
      '<iframe data-consent="marketing" data-src="https://widgets.example/w" title="Comments"></iframe>';
    const grants: string[] = [];
    createGate({
      doc: document,
      view: config({ locale: 'en' }),
      has: () => false,
      grant: (ids) => void grants.push(ids),
      onError: (e) => {
        throw e;
      },
      warn: () => {},
      loadLocale: async (l) => locale(l),
    }).apply();
    await vi.waitFor(() =>
      expect(document.querySelectorAll('.candor-placeholder button:not([hidden])')).toHaveLength(3),
    );
    const [one, two, none] = Array.from(document.querySelectorAll('.candor-placeholder'));
    // A repeated id is one service, named and provided as the config says.
    expect(one!.querySelector('button')!.textContent).toBe('Load YouTube from Google');
    expect(one!.textContent).not.toContain('spoiler');
    // Two services: both named, each provider (else its name) said, and nothing of the title.
    expect(two!.querySelector('button')!.textContent).toBe('Load YouTube and OpenStreetMap');
    expect(two!.querySelector('p')!.textContent).toContain('lets Google and OpenStreetMap set cookies');
    expect(two!.textContent).not.toContain('cat');
    // A button that grants nothing (it opens the settings) may say what the markup calls the embed.
    expect(none!.querySelector('button')!.textContent).toBe('Open privacy settings to load Comments');
    expect(none!.querySelector('button')!.hasAttribute('data-candor-open')).toBe(true);
    one!.querySelector('button')!.click();
    two!.querySelector('button')!.click();
    expect(grants).toEqual(['youtube', 'youtube,map']);
  });

  it("the site's texts are not validated when the gate runs: a text that is no string gives way to the locale file's; {constructor} stays as written", async () => {
    document.body.innerHTML =
      '<iframe data-consent="youtube" data-src="https://www.youtube-nocookie.com/embed/x" title="Video"></iframe>' +
      '<iframe data-consent="map" data-src="https://maps.example/embed" title="Map"></iframe>';
    const errors: unknown[] = [];
    const unhandled = (e: PromiseRejectionEvent) => void errors.push(e.reason);
    window.addEventListener('unhandledrejection', unhandled);
    try {
      createGate({
        doc: document,
        view: config(
          { locale: 'en' },
          { en: { 'placeholder.text': 5, 'placeholder.buttonName': 'Load {name} {constructor}' } },
        ),
        has: () => false,
        grant: () => {},
        onError: (e) => void errors.push(e),
        warn: () => {},
        loadLocale: async (l) => locale(l),
      }).apply();
      await vi.waitFor(() =>
        expect(document.querySelectorAll('.candor-placeholder button:not([hidden])')).toHaveLength(2),
      );
      const [video, map] = Array.from(document.querySelectorAll('.candor-placeholder button'));
      expect(video!.textContent).toBe('Load YouTube from Google');
      expect(map!.textContent).toBe('Load OpenStreetMap {constructor}');
      // The locale file's text where the site's is no string.
      expect(document.querySelector('.candor-placeholder p')!.textContent).toContain(
        locale('en')['placeholder.text']!.slice(0, 20).replace('{name}', 'YouTube'),
      );
      expect(errors).toEqual([]);
    } finally {
      window.removeEventListener('unhandledrejection', unhandled);
    }
  });
});

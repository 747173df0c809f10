// @vitest-environment happy-dom
/**
 * Texts under a locale tag Candor ships no file for (`texts: { "de-DE": … }`, `"pt-br"`) are never
 * shown: a `de-DE` page's UI is `de`, and texts are looked up under the shipped tag alone. The
 * config is valid, the site owner's translations silently missing; the script tag's engine says so
 * (loader/config-diagnostics.ts), naming the tag those pages show.
 */
import { afterEach, expect, it, vi } from 'vitest';
import { engineSays } from './config-console';

const config = (texts: Record<string, Record<string, string>>) => ({
  policy: { revision: 1, url: '/privacy', contact: 'privacy@example.com' },
  purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }],
  texts,
});

afterEach(() => vi.restoreAllMocks());

it.each([
  ['de-DE', 'de'],
  ['pt-br', 'pt-BR'],
  ['zh-Hant', 'zh-TW'],
  ['nb', 'no'],
])('texts["%s"]: the console says they are never shown, and to put them under "%s"', async (tag, use) => {
  const said = await engineSays(config({ [tag]: { 'banner.title': 'Cookies' } }));
  expect(said).toContain(
    `config texts["${tag}"]: "${tag}" is not a locale Candor ships: these texts are never shown; put them under "${use}"`,
  );
});

it('texts under a tag of a language Candor has no file for ("eu", Basque) are said to be never shown', async () => {
  // Nothing after it: no tag to put them under.
  expect(await engineSays(config({ eu: { 'banner.title': 'Cookies' } }))).toMatch(
    /config texts\["eu"\]: "eu" is not a locale Candor ships: these texts are never shown($|\n)/,
  );
});

it('texts under shipped tags ("en", "de", "pt-BR", "zh-TW"): nothing is said of them', async () => {
  const said = await engineSays(
    config({ en: { 'banner.title': 'Cookies' }, de: { 'banner.title': 'Cookies' }, 'pt-BR': {}, 'zh-TW': {} }),
  );
  expect(said).not.toContain('texts[');
});

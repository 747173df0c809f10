/** A site's text by locale (a service's provider and retention): which one shows, and when it says its language. */
import { describe, expect, it } from 'vitest';
import { isLocalText } from '../../src/core/check';
import { localText } from '../../src/core/local-text';

describe('localText', () => {
  const retention = { en: '14 months', de: '14 Monate', pt: '14 meses' };
  it.each<[string, unknown, string, ReturnType<typeof localText>]>([
    ['a plain string, as it is', '14 months', 'de', { text: '14 months' }],
    ["the locale's own text", retention, 'de', { text: '14 Monate' }],
    ["the language's text for a regional locale, marked", retention, 'pt-BR', { text: '14 meses', lang: 'pt' }],
    ['English for a locale without a text, marked as English', retention, 'fr', { text: '14 months', lang: 'en' }],
    ['the first text when there is no English, marked', { sv: '14 månader' }, 'fr', { text: '14 månader', lang: 'sv' }],
    ['nothing for a number (an unvalidated config)', 14, 'en', { text: '' }],
    ['nothing for null', null, 'en', { text: '' }],
    ['nothing for a map of non-texts', { en: 14 }, 'en', { text: '' }],
  ])('%s', (_name, value, locale, expected) => {
    expect(localText(value, locale)).toEqual(expected);
  });

  it('accepts a non-empty text or a non-empty map of locale tags to non-empty texts only', () => {
    expect([
      isLocalText('Google'),
      isLocalText({ en: 'Google', 'pt-BR': 'Google' }),
      isLocalText(''),
      isLocalText({}),
      isLocalText({ en: '' }),
      isLocalText({ English: 'Google' }),
      isLocalText(['Google']),
      isLocalText(null),
    ]).toEqual([true, true, false, false, false, false, false, false]);
  });
});

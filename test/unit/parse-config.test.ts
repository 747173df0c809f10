import { describe, expect, it } from 'vitest';
import { mergeMessages, translate } from '../../src/core/locale';
import { parseConfig } from '../../src/core/parse-config';
import { sample } from './fixtures';

const base = {
  policy: { revision: 1 },
  purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }, { id: 'marketing' }],
};
const issuesOf = (input: unknown): string[] => {
  const r = parseConfig(input);
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
};

describe('parseConfig: valid configs', () => {
  it('accepts the PRODUCT.md sample and fills every default', () => {
    const r = parseConfig(sample);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const c = r.config;
    expect(c.expiresAfterDays).toBe(182);
    expect(c.jurisdiction).toBe('opt-in');
    expect(c.policy).toEqual({ revision: 3, url: '/privacy', contact: 'privacy@example.com' });
    expect(c.purposes.find((p) => p.id === 'necessary')).toMatchObject({
      required: true,
      sensitive: false,
      gcm: ['security_storage'],
    });
    expect(c.purposes.find((p) => p.id === 'marketing')).toMatchObject({
      saleOrSharing: true,
      gcm: ['ad_storage', 'ad_user_data', 'ad_personalization'],
    });
    expect(c.purposes.find((p) => p.id === 'analytics')?.gcm).toEqual(['analytics_storage']);
    expect(c.purposes.find((p) => p.id === 'health-personalization')).toMatchObject({ sensitive: true, gcm: [] });
    expect(c.services.find((s) => s.id === 'youtube')).toEqual({
      id: 'youtube',
      purpose: 'marketing',
      name: 'YouTube',
      provider: null,
      privacyUrl: null,
      hosts: [],
      cookies: [],
      retention: null,
    });
    expect(c.preferences.map((p) => [p.id, p.default])).toEqual([
      ['newsletter', false],
      ['frequency', 'weekly'],
      ['topics', []],
      ['channels', {}],
    ]);
    expect(c.sync).toBeNull();
    expect(c.gcm).toEqual({
      waitForUpdate: 500,
      urlPassthrough: false,
      adsDataRedaction: true,
      mode: 'basic',
      regions: {},
    });
    expect(c.ui).toEqual({
      layout: 'bar',
      locale: 'auto',
      launcher: true,
      theme: 'auto',
      blocking: false,
      policyPages: ['/privacy'], // the policy's own page by default
    });
    expect(c.cookie).toEqual({ domain: null, path: '/' });
    // Only that the sample's own purpose has no words (PRODUCT.md: texts come from `texts` for it).
    expect(r.warnings.map((w) => `${w.path}: ${w.message.split(':')[0]}`)).toEqual([
      'purposes[4]: no locale file has words for "health-personalization"',
      'purposes[4]: no locale file has words for "health-personalization"',
    ]);
  });

  it("takes a service's provider and retention as one text or texts by locale", () => {
    const r = parseConfig({
      ...base,
      services: [
        { id: 'ga4', purpose: 'analytics', provider: 'Google', retention: { en: '14 months', de: '14 Monate' } },
        { id: 'px', purpose: 'marketing', provider: { en: 'Meta', 'pt-BR': 'Meta' }, retention: '3 months' },
      ],
    });
    expect(r.ok && r.config.services.map((s) => [s.provider, s.retention])).toEqual([
      ['Google', { en: '14 months', de: '14 Monate' }],
      [{ en: 'Meta', 'pt-BR': 'Meta' }, '3 months'],
    ]);
  });

  it('takes ui.policyPages, else the policy URL, else none', () => {
    const pages = (input: unknown) => {
      const r = parseConfig(input);
      return r.ok ? r.config.ui.policyPages : r.issues;
    };
    expect(pages({ ...base, ui: { policyPages: ['/privacy', '/legal?tab=cookies'] } })).toEqual([
      '/privacy',
      '/legal?tab=cookies',
    ]);
    expect(pages({ ...base, policy: { revision: 1, url: 'https://example.com/p' } })).toEqual([
      'https://example.com/p',
    ]);
    expect(pages(base)).toEqual([]);
  });

  it('treats "necessary" as required even when not marked', () => {
    const r = parseConfig({ policy: { revision: 0 }, purposes: [{ id: 'necessary' }] });
    expect(r.ok && r.config.purposes[0]?.required).toBe(true);
  });

  it.each([
    ['https endpoint', 'https://example.com/api/consent'],
    ['same-origin path', '/api/consent'],
    ['http on 127.0.0.1', 'http://127.0.0.1:8787/consent'],
    ['http on localhost', 'http://localhost:3000'],
  ])('accepts a sync endpoint: %s', (_n, endpoint) => {
    expect(issuesOf({ ...base, sync: { endpoint } })).toEqual([]);
  });

  it('accepts a region map with ISO 3166 codes and subdivisions', () => {
    const r = parseConfig({
      ...base,
      jurisdiction: { default: 'opt-in', US: 'opt-out', 'US-CA': 'opt-out' },
      gcm: { regions: { DE: ['security_storage'] } },
    });
    expect(r.ok).toBe(true);
  });

  it('reports unknown keys as warnings with a suggestion, not silently', () => {
    const r = parseConfig({
      ...base,
      expiresAfterDay: 30,
      ui: { layuot: 'box' },
      purposes: [{ id: 'necessary', requried: true }],
    });
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => `${w.path}: ${w.message}`)).toEqual([
      'expiresAfterDay: unknown key, ignored (did you mean "expiresAfterDays"?)',
      'purposes[0].requried: unknown key, ignored (did you mean "required"?)',
      'ui.layuot: unknown key, ignored (did you mean "layout"?)',
    ]);
  });
});

describe('parseConfig: what visitors would not see as meant', () => {
  it('warns of a purpose the locale files do not name and texts do not give (visitors would read the key)', () => {
    const purposes = [{ id: 'necessary', required: true }, { id: 'video' }, { id: 'analytics' }];
    const r = parseConfig({ ...base, purposes });
    expect(r.ok && r.warnings.map((w) => `${w.path}: ${w.message}`)).toEqual([
      'purposes[1]: no locale file has words for "video": visitors read "purpose.video.title"; add texts.en["purpose.video.title"]',
      'purposes[1]: no locale file has words for "video": visitors read "purpose.video.description"; add texts.en["purpose.video.description"]',
    ]);
    // Given in German only: the other languages fall back to English, not to German.
    const de = { 'purpose.video.title': 'Videos', 'purpose.video.description': 'Eingebettete Videos.' };
    const only = parseConfig({ ...base, purposes, texts: { de } });
    expect(only.warnings.map((w) => `${w.path}: ${w.message}`)).toEqual([
      'purposes[1]: only texts.de has words for "video": visitors read "purpose.video.title"; add texts.en["purpose.video.title"]',
      'purposes[1]: only texts.de has words for "video": visitors read "purpose.video.description"; add texts.en["purpose.video.description"]',
    ]);
    const fr = only.ok ? mergeMessages('fr', {}, only.config.texts, {}) : {};
    expect(translate(fr, 'purpose.video.title')).toBe('purpose.video.title'); // what a French visitor reads
    // In English, which every language falls back to, or in the one language ui.locale fixes: no warning.
    const en = { 'purpose.video.title': 'Videos', 'purpose.video.description': 'Embedded videos.' };
    expect(parseConfig({ ...base, purposes, texts: { de, en } }).warnings).toEqual([]);
    expect(translate(mergeMessages('fr', {}, { de, en }, {}), 'purpose.video.title')).toBe('Videos');
    expect(parseConfig({ ...base, purposes, texts: { de }, ui: { locale: 'de' } }).warnings).toEqual([]);
    expect(parseConfig({ ...base, purposes, texts: { de }, ui: { locale: 'de-AT' } }).warnings).toEqual([]);
    // A fixed locale's words under a tag no file is merged by ("de-AT" reads texts.de), or one not
    // shipped ("sw" is English): visitors read the key, and the check says so.
    for (const locale of ['de-AT', 'sw'])
      expect(
        parseConfig({ ...base, purposes, texts: { [locale]: de }, ui: { locale } }).warnings.map((w) => w.path),
      ).toEqual(['purposes[1]', 'purposes[1]']);
    // An own key only: a text named "constructor" gives no purpose its words.
    const own = parseConfig({ ...base, purposes: [{ id: 'necessary', required: true }, { id: 'constructor' }] });
    expect(own.warnings.map((w) => w.path)).toEqual(['purposes[1]', 'purposes[1]']);
  });

  it('warns of words for a purpose the config does not have (a typo in the key)', () => {
    const texts = {
      en: { 'purpose.analytcs.title': 'Stats', 'purpose.analytics.why': 'To count', 'banner.title': 'Hi' },
    };
    expect(parseConfig({ ...base, texts }).warnings.map((w) => `${w.path}: ${w.message}`)).toEqual([
      'texts.en: "purpose.analytcs.title" names no purpose of the config (did you mean "analytics"?)',
    ]);
  });

  it('warns of ui.blocking without the modal layout', () => {
    expect(parseConfig({ ...base, ui: { blocking: true } }).warnings.map((w) => `${w.path}: ${w.message}`)).toEqual([
      'ui.blocking: only the modal layout blocks the page, not the bar',
    ]);
    expect(parseConfig({ ...base, ui: { blocking: true, layout: 'modal' } }).warnings).toEqual([]);
  });

  it('names the items of a Consent Mode list that are no type', () => {
    const r = parseConfig({
      ...base,
      purposes: [
        { id: 'necessary', required: true },
        { id: 'analytics', gcm: ['analytics', 'ad_storage'] },
      ],
    });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      expect.stringMatching(
        /^purposes\[1\]\.gcm: expected a list of Consent Mode types \(.*\), got an array; "analytics" is not one \(did you mean "analytics_storage"\?\)$/,
      ),
    ]);
  });
});

describe('parseConfig: every issue with its path', () => {
  it.each<[string, unknown, string]>([
    ['not an object', 'hello', '(config): expected a config object, got "hello"'],
    ['null', null, '(config): expected a config object, got null'],
    // A value JSON has no form for is named by its type (its message crashed with a TypeError).
    ['a function', () => ({ policy: { revision: 1 } }), '(config): expected a config object, got function'],
    [
      'a function as a revision',
      { ...base, policy: { revision: () => 1 } },
      'policy.revision: expected a whole number, 0 or more, got function',
    ],
    ['no policy', { purposes: base.purposes }, 'policy: required: { "revision": 1 }'],
    [
      'revision as a string',
      { ...base, policy: { revision: '3' } },
      'policy.revision: expected a whole number, 0 or more, got "3"',
    ],
    [
      'negative revision',
      { ...base, policy: { revision: -1 } },
      'policy.revision: expected a whole number, 0 or more, got -1',
    ],
    ['no purposes', { policy: { revision: 1 } }, 'purposes: required: a list of purposes'],
    [
      'purposes not a list',
      { policy: { revision: 1 }, purposes: {} },
      'purposes: expected a list of purposes, got an object',
    ],
    [
      'no necessary',
      { policy: { revision: 1 }, purposes: [{ id: 'analytics' }] },
      'purposes: a purpose { "id": "necessary" } is required (always granted)',
    ],
    [
      'necessary not required',
      { policy: { revision: 1 }, purposes: [{ id: 'necessary', required: false }] },
      'purposes[0].required: "necessary" is always required',
    ],
    [
      'duplicate purpose',
      { ...base, purposes: [...base.purposes, { id: 'analytics' }] },
      'purposes[3].id: duplicate id "analytics" (first used at purposes[1])',
    ],
    [
      'purpose id with a comma',
      { ...base, purposes: [...base.purposes, { id: 'a,b' }] },
      'purposes[3].id: expected an id of letters, digits, "-" or "_", got "a,b"',
    ],
    [
      'purpose not an object',
      { ...base, purposes: [...base.purposes, 'ads'] },
      'purposes[3]: expected a purpose object',
    ],
    [
      'required and sensitive',
      { ...base, purposes: [...base.purposes, { id: 'x', required: true, sensitive: true }] },
      'purposes[3].sensitive: a required purpose cannot be sensitive',
    ],
    [
      'required and a sale or sharing (no opt-out possible)',
      { ...base, purposes: [...base.purposes, { id: 'x', required: true, saleOrSharing: true }] },
      'purposes[3].saleOrSharing: a required purpose cannot be sold or shared',
    ],
    [
      'bad gcm type',
      { ...base, purposes: [...base.purposes, { id: 'x', gcm: ['ads_storage'] }] },
      'purposes[3].gcm: expected a list of Consent Mode types',
    ],
    [
      'service with unknown purpose',
      { ...base, services: [{ id: 'ga4', purpose: 'marketting' }] },
      'services[0].purpose: unknown purpose "marketting" (did you mean "marketing"?)',
    ],
    [
      'service without purpose',
      { ...base, services: [{ id: 'ga4' }] },
      'services[0].purpose: required: the id of a purpose',
    ],
    [
      'service id clashes with a purpose',
      { ...base, services: [{ id: 'analytics', purpose: 'analytics' }] },
      'services[0].id: duplicate id "analytics" (first used at purposes[1])',
    ],
    [
      'bad cookie pattern',
      { ...base, services: [{ id: 'ga4', purpose: 'analytics', cookies: ['/[/'] }] },
      'services[0].cookies[0]: invalid pattern /[/',
    ],
    [
      'hosts not a list',
      { ...base, services: [{ id: 'ga4', purpose: 'analytics', hosts: 'x.com' }] },
      'services[0].hosts: expected a list of host names, got "x.com"',
    ],
    ['bad jurisdiction', { ...base, jurisdiction: 'gdpr' }, 'jurisdiction: expected "opt-in" or "opt-out"'],
    [
      'region map without default',
      { ...base, jurisdiction: { US: 'opt-out' } },
      'jurisdiction.default: required: the mode for regions not listed',
    ],
    [
      '"EU" as a region',
      { ...base, jurisdiction: { default: 'opt-out', EU: 'opt-in' } },
      'jurisdiction.EU: "EU" is a reserved grouping, not an ISO 3166 country code; list the countries instead',
    ],
    [
      'lower-case region',
      { ...base, gcm: { regions: { de: ['security_storage'] } } },
      'gcm.regions.de: "de" is not an ISO 3166 code such as "DE" or "US-CA"',
    ],
    [
      '"UK" in gcm regions',
      { ...base, gcm: { regions: { UK: [] } } },
      'gcm.regions.UK: "UK" is a reserved grouping, not an ISO 3166 country code (use "GB")',
    ],
    [
      'expiry of zero',
      { ...base, expiresAfterDays: 0 },
      'expiresAfterDays: expected a whole number of days from 1 to 3650, got 0',
    ],
    [
      'expiry as text',
      { ...base, expiresAfterDays: '6 months' },
      'expiresAfterDays: expected a whole number of days from 1 to 3650, got "6 months"',
    ],
    [
      'plain http endpoint',
      { ...base, sync: { endpoint: 'http://example.com/consent' } },
      'sync.endpoint: "http://example.com/consent" uses plain http',
    ],
    [
      'endpoint not a URL',
      { ...base, sync: { endpoint: 'example.com' } },
      'sync.endpoint: "example.com" is not an https URL or a same-origin path',
    ],
    ['sync without endpoint', { ...base, sync: {} }, 'sync.endpoint: required: an https URL or a same-origin path'],
    [
      'batch size 0',
      { ...base, sync: { endpoint: '/c', batchSize: 0 } },
      'sync.batchSize: expected a whole number from 1 to 500, got 0',
    ],
    [
      'bad credentials',
      { ...base, sync: { endpoint: '/c', credentials: 'yes' } },
      'sync.credentials: expected "omit", "same-origin" or "include", got "yes"',
    ],
    ['bad gcm mode', { ...base, gcm: { mode: 'full' } }, 'gcm.mode: expected "basic" or "advanced", got "full"'],
    ['bad layout', { ...base, ui: { layout: 'popup' } }, 'ui.layout: expected "bar", "box" or "modal", got "popup"'],
    ['bad theme', { ...base, ui: { theme: 'blue' } }, 'ui.theme: expected "auto", "light" or "dark", got "blue"'],
    [
      'bad blocking',
      { ...base, ui: { layout: 'modal', blocking: 'yes' } },
      'ui.blocking: expected true or false, got "yes"',
    ],
    [
      'cookie path without slash',
      { ...base, cookie: { path: 'shop' } },
      'cookie.path: expected a path starting with "/", got "shop"',
    ],
    ['autoBlock as text', { ...base, autoBlock: 'yes' }, 'autoBlock: expected true or false, got "yes"'],
    [
      'bad texts locale',
      { ...base, texts: { German: {} } },
      'texts.German: "German" is not a locale tag such as "de" or "pt-BR"',
    ],
    [
      'texts not strings',
      { ...base, texts: { de: { 'banner.title': 1 } } },
      'texts.de: expected an object of text key → text, none of them blank',
    ],
    [
      // As translation tools export an untranslated key: Reject all would be a button with no name.
      'a blank text',
      { ...base, texts: { en: { 'banner.title': 'Cookies', 'banner.rejectAll': '' } } },
      'texts.en: expected an object of text key → text, none of them blank',
    ],
    [
      'a text of spaces',
      { ...base, texts: { de: { 'banner.rejectAll': ' \n\u00a0' } } },
      'texts.de: expected an object of text key → text, none of them blank',
    ],
    [
      'preference type typo',
      { ...base, preferences: [{ id: 'n', type: 'bool' }] },
      'preferences[0].type: expected "boolean", "choice", "multi" or "matrix", got "bool" (did you mean "boolean"?)',
    ],
    [
      'choice without options',
      { ...base, preferences: [{ id: 'f', type: 'choice' }] },
      'preferences[0].options: required: a non-empty list of texts, got nothing',
    ],
    [
      'duplicate option',
      { ...base, preferences: [{ id: 'f', type: 'multi', options: ['a', 'a'] }] },
      'preferences[0].options: duplicate entry "a"',
    ],
    [
      'matrix without rows',
      { ...base, preferences: [{ id: 'm', type: 'matrix', options: ['email'] }] },
      'preferences[0].rows: required: a non-empty list of texts, got nothing',
    ],
    [
      'default not an option',
      { ...base, preferences: [{ id: 'f', type: 'choice', options: ['daily', 'weekly'], default: 'weakly' }] },
      'preferences[0].default: expected one of "daily" or "weekly", got "weakly"',
    ],
    [
      'boolean default as text',
      { ...base, preferences: [{ id: 'n', type: 'boolean', default: 'no' }] },
      'preferences[0].default: expected true or false, got "no"',
    ],
    [
      'matrix default unknown row',
      {
        ...base,
        preferences: [{ id: 'm', type: 'matrix', rows: ['news'], options: ['email'], default: { promo: ['email'] } }],
      },
      'preferences[0].default: unknown row "promo"',
    ],
    [
      'requires unknown id',
      {
        ...base,
        preferences: [
          { id: 'f', type: 'choice', options: ['a'], requires: 'newsleter' },
          { id: 'newsletter', type: 'boolean' },
        ],
      },
      'preferences[0].requires: expected a purpose id or a boolean preference id, got "newsleter" (did you mean "newsletter"?)',
    ],
    [
      'preference id of a purpose',
      { ...base, preferences: [{ id: 'marketing', type: 'boolean' }] },
      'preferences[0].id: "marketing" is already a purpose id',
    ],
    [
      'duplicate preference',
      {
        ...base,
        preferences: [
          { id: 'n', type: 'boolean' },
          { id: 'n', type: 'boolean' },
        ],
      },
      'preferences[1].id: duplicate id "n"',
    ],
    [
      'retention as a number',
      { ...base, services: [{ id: 'ga4', purpose: 'analytics', retention: 14 }] },
      'services[0].retention: expected a text such as "14 months" (or one per locale: { "en": "…" }), got 14',
    ],
    [
      'retention by locale with a bad tag',
      { ...base, services: [{ id: 'ga4', purpose: 'analytics', retention: { English: '14 months' } }] },
      'services[0].retention: expected a text such as "14 months" (or one per locale',
    ],
    [
      'provider by locale with an empty text',
      { ...base, services: [{ id: 'ga4', purpose: 'analytics', provider: { en: '' } }] },
      'services[0].provider: expected a provider name (or one per locale',
    ],
    [
      'retention as an empty map',
      { ...base, services: [{ id: 'ga4', purpose: 'analytics', retention: {} }] },
      'services[0].retention: expected a text',
    ],
    [
      'policyPages not a list',
      { ...base, ui: { policyPages: '/privacy' } },
      'ui.policyPages: expected a list of paths or URLs',
    ],
    [
      'a policy page that is not a path',
      { ...base, ui: { policyPages: ['/privacy', ''] } },
      'ui.policyPages: expected a list of paths or URLs',
    ],
  ])('%s', (_name, input, expected) => {
    const issues = issuesOf(input);
    expect(
      issues.some((i) => i.startsWith(expected)),
      `got:\n${issues.join('\n')}`,
    ).toBe(true);
  });

  it('collects every issue at once instead of stopping at the first', () => {
    const issues = issuesOf({
      policy: { revision: 'x' },
      purposes: [{ id: 'analytics' }, { id: 'analytics' }],
      services: [{ id: 'ga', purpose: 'marketting' }],
      expiresAfterDays: -2,
      ui: { layout: 'popup' },
    });
    expect(issues).toHaveLength(6);
    expect(issues.map((i) => i.split(':')[0])).toEqual([
      'purposes[1].id',
      'purposes',
      'expiresAfterDays',
      'policy.revision',
      'services[0].purpose',
      'ui.layout',
    ]);
  });
});

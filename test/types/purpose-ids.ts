/**
 * Compile-time checks (run by `tsc -p test/tsconfig.json`): each `@ts-expect-error` must meet an
 * error, so a type that stops catching a typo fails the type check.
 */
import { createConsent, defineConfig, type ConsentConfigInput } from '../../src/entries/index';
import { connectPage } from '../../src/entries/page';
import { mountUI } from '../../src/entries/ui';

const consent = createConsent({
  policy: { revision: 1 },
  purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }, { id: 'marketing' }],
  services: [{ id: 'ga4', purpose: 'analytics' }],
});

consent.has('analytics');
consent.has('ga4');
consent.has('analytics,marketing');
consent.has('analytics, ga4');
void consent.whenGranted('marketing');
void consent.update({ purposes: { analytics: true }, services: { ga4: false } });
const analytics: boolean = consent.state.value.purposes.analytics;
void analytics;

// @ts-expect-error a typo in a purpose id does not compile
consent.has('analitycs');
// @ts-expect-error one unknown id in a list does not compile
consent.has('analytics,marketting');
// @ts-expect-error nor in whenGranted
void consent.whenGranted('ads');
// @ts-expect-error nor in update
void consent.update({ purposes: { analitycs: true } });
// @ts-expect-error nor a service
void consent.update({ services: { ga5: true } });
// @ts-expect-error state is read-only
consent.state.value = { ...consent.state.value };

// Preference ids are typed from the config too.
const centre = createConsent({
  policy: { revision: 1 },
  purposes: [{ id: 'necessary', required: true }, { id: 'marketing' }],
  preferences: [{ id: 'newsletter', type: 'boolean', requires: 'marketing' }],
});
centre.preferences.get('newsletter');
void centre.preferences.set('newsletter', true);
// @ts-expect-error a typo in a preference id does not compile
centre.preferences.get('newslettr');
// @ts-expect-error nor in set
void centre.preferences.set('newsleter', true);
// @ts-expect-error a config without preferences has none to get
consent.preferences.get('newsletter');
// A typed instance still goes wherever any instance does (the page wiring, the UI).
export const wire = (): void => {
  connectPage(centre)();
  mountUI(centre).destroy();
  connectPage(consent)();
};

// A config typed loosely (e.g. loaded from JSON) accepts any string, checked at run time instead.
declare const loose: ConsentConfigInput;
createConsent(loose).has('anything');
createConsent(loose).preferences.get('anything');

// @ts-expect-error the config shape is checked too
createConsent({ policy: { revision: '1' }, purposes: [] });

// A typo's error names the valid ids: the parameter type for an unknown id is their union
// (what the compiler prints: '"analitycs"' is not assignable to '"necessary" | "analytics" | …'),
// not `never`.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const typoParam: Equal<
  Parameters<typeof consent.has<'analitycs'>>[0],
  'necessary' | 'analytics' | 'marketing' | 'ga4'
> = true;
const listTypoParam: Equal<
  Parameters<typeof consent.whenGranted<'analytics,marketting'>>[0],
  'necessary' | 'analytics' | 'marketing' | 'ga4'
> = true;
const knownParam: Equal<Parameters<typeof consent.has<'analytics, ga4'>>[0], 'analytics, ga4'> = true;
void [typoParam, listTypoParam, knownParam];

// defineConfig keeps the ids of a config declared apart from createConsent.
const declared = defineConfig({
  policy: { revision: 1 },
  purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }],
  services: [{ id: 'ga4', purpose: 'analytics' }],
});
const fromDeclared = createConsent(declared);
fromDeclared.has('analytics,ga4');
// @ts-expect-error a typo does not compile with a config from defineConfig
fromDeclared.has('analitycs');
// @ts-expect-error nor a service typo in update
void fromDeclared.update({ services: { ga5: true } });
// @ts-expect-error defineConfig checks the shape where the config is written
defineConfig({ policy: { revision: '1' }, purposes: [] });

// Without defineConfig or `as const`, a config in a plain variable widens its ids to string: any
// id compiles (the README says so), and has() answers false for it at run time.
const plain = { policy: { revision: 1 }, purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }] };
createConsent(plain).has('analitycs');

// A misspelt key in a config literal does not compile, at any depth (a `const` type parameter
// skips TypeScript's own excess-property check; KnownKeys puts it back).
// @ts-expect-error a top-level key
createConsent({ policy: { revision: 1 }, purposes: [{ id: 'necessary' }], autoblock: true });
// @ts-expect-error a purpose's key
createConsent({ policy: { revision: 1 }, purposes: [{ id: 'necessary', requried: true }] });
createConsent({
  policy: { revision: 1 },
  purposes: [{ id: 'necessary' }, { id: 'analytics' }],
  // @ts-expect-error a service's key
  services: [{ id: 'ga4', purpose: 'analytics', privacyURL: 'https://example.com/privacy' }],
});
// @ts-expect-error a nested object's key
createConsent({ policy: { revision: 1, URL: '/privacy' }, purposes: [{ id: 'necessary' }] });
// @ts-expect-error a key of the UI options
createConsent({ policy: { revision: 1 }, purposes: [{ id: 'necessary' }], ui: { layuot: 'box' } });
// @ts-expect-error and in defineConfig
defineConfig({ policy: { revision: 1 }, purposes: [{ id: 'necessary' }], reloadOnRevok: true });

// Every documented shape still compiles: records by locale or region, a union of preference kinds,
// texts by locale, headers computed per request.
const full = createConsent({
  policy: { revision: 2, url: '/privacy', contact: 'privacy@example.com' },
  jurisdiction: { default: 'opt-in', 'US-CA': 'opt-out' },
  expiresAfterDays: 182,
  purposes: [
    { id: 'necessary', required: true, gcm: ['security_storage'] },
    { id: 'analytics' },
    { id: 'marketing', saleOrSharing: true },
    { id: 'health', sensitive: true },
  ],
  services: [
    {
      id: 'ga4',
      purpose: 'analytics',
      name: 'Google Analytics',
      provider: { en: 'Google', de: 'Google' },
      retention: '14 months',
      privacyUrl: 'https://policies.google.com/privacy',
      hosts: ['www.googletagmanager.com'],
      cookies: ['_ga', '/^_ga_/'],
    },
  ],
  preferences: [
    { id: 'news', type: 'boolean', default: true, requires: 'marketing' },
    { id: 'freq', type: 'choice', options: ['daily', 'weekly'], default: 'weekly' },
    { id: 'topics', type: 'multi', options: ['bread', 'cake'], default: ['bread'] },
    { id: 'channels', type: 'matrix', rows: ['offers'], options: ['email', 'sms'], default: { offers: ['email'] } },
  ],
  sync: { endpoint: '/api/consent', headers: () => ({ authorization: 'Bearer x' }), batchSize: 10, analytics: true },
  gcm: { waitForUpdate: 500, mode: 'advanced', regions: { 'US-CA': ['analytics_storage'] } },
  autoBlock: true,
  reloadOnRevoke: false,
  cookie: { domain: 'example.com', path: '/' },
  ui: { layout: 'box' },
  texts: { en: { 'banner.title': 'Cookies' }, de: { 'banner.title': 'Cookies' } },
});
full.has('health,ga4');
full.preferences.get('channels');

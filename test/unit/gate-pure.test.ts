import { describe, expect, it } from 'vitest';
import { firstChunks, toSiteView } from '../../src/core/site-view';
import { allDenied, toGcmState } from '../../src/core/gcm-map';
import { hostOf, serviceForUrl } from '../../src/gate/autoblock';
import { domainVariants, matchingCookies, pathVariants } from '../../src/gate/cookies';
import { ensureGtag, googleBeforeDefaults, sendGcmDefault, sendGcmUpdate } from '../../src/integrations/gcm';
import { pushConsentUpdate } from '../../src/integrations/events';
import { detectGpc } from '../../src/integrations/gpc';
import { sample } from './fixtures';

describe('cookie clean-up helpers', () => {
  it('matches names and /regex/ patterns, once each', () => {
    expect(matchingCookies('_ga=1; _ga_ABC=2; _gid=3; _ga=4; other=5', ['_ga', '/^_ga_/', '/[/'])).toEqual([
      '_ga',
      '_ga_ABC',
    ]);
  });
  it('covers every path a script on this page could have used', () => {
    expect(pathVariants('/shop/bread/')).toEqual(['/', '/shop', '/shop/', '/shop/bread', '/shop/bread/']);
    expect(pathVariants('/')).toEqual(['/']);
  });
  it('covers every domain up to the registrable domain (and host-only)', () => {
    expect(domainVariants('www.shop.example.com')).toEqual([
      null,
      'www.shop.example.com',
      'shop.example.com',
      'example.com',
    ]);
    expect(domainVariants('127.0.0.1')).toEqual([null]);
    expect(domainVariants('localhost')).toEqual([null]);
  });
});

describe("the chunks a first visit's banner waits for (firstChunks), which the loader requests at once", () => {
  it.each([
    [{}, ['first']],
    [{ ui: { layout: 'bar' } }, ['first']],
    [{ ui: { layout: 'box', blocking: true } }, ['first']],
    [{ preferences: [] }, ['first', 'chunk-preferences']],
    [{ ui: { layout: 'modal' } }, ['first', 'chunk-minimize']],
    [{ ui: { layout: 'modal', blocking: false } }, ['first', 'chunk-minimize']],
    [{ ui: { layout: 'modal', blocking: true }, preferences: [] }, ['first', 'chunk-preferences', 'chunk-wall']],
    // Not a config (anything at all reaches the loader): the first layer alone, never a throw.
    [null, ['first']],
    ['modal', ['first']],
    [{ ui: 'modal' }, ['first']],
  ])('%j → %j', (config, chunks) => expect(firstChunks(config)).toEqual(chunks));
});

describe('auto-blocking host match', () => {
  const view = toSiteView(sample);
  it.each([
    ['https://www.googletagmanager.com/gtag/js?id=G-1', 'ga4'],
    ['//www.googletagmanager.com/gtm.js', 'ga4'],
    ['https://sub.www.googletagmanager.com/x.js', 'ga4'],
    ['https://googletagmanager.com.evil.example/x.js', null],
    ['https://notwww.googletagmanager.com/x.js', null],
    // A tag's URL in capitals: the URL parser lower-cases an http(s) host, so it is still held.
    ['HTTPS://WWW.GoogleTagManager.COM/gtm.js', 'ga4'],
    ['//WWW.GOOGLETAGMANAGER.COM./gtm.js', 'ga4'],
    ['/local.js', null],
    ['http://[bad', null],
  ])('%s → %s', (url, id) => {
    expect(serviceForUrl(url, 'https://shop.example/', view.services)?.id ?? null).toBe(id);
  });

  it.each([
    'connect.facebook.net',
    'https://connect.facebook.net/',
    'connect.facebook.net:443/en_US/fbevents.js',
    '*.facebook.net',
    'HTTPS://Connect.Facebook.NET',
    '//connect.facebook.net',
    ' connect.facebook.net. ',
    ' https://connect.facebook.net/', // a space before the scheme: read as a host "https" before
    'https:/connect.facebook.net', // one slash: the same
    'HTTP:connect.facebook.net',
    '.facebook.net', // a cookie domain's leading dot
    'wss://connect.facebook.net', // another scheme, with "//"
  ])('a careless hosts entry %j still holds the service back: read as the host it names', (entry) => {
    const pixel = toSiteView({
      purposes: [{ id: 'marketing' }],
      services: [{ id: 'pixel', purpose: 'marketing', hosts: [entry] }],
    }).services;
    expect(serviceForUrl('https://connect.facebook.net/en_US/fbevents.js', 'https://shop.example/', pixel)?.id).toBe(
      'pixel',
    );
    expect(serviceForUrl('https://facebook.net.evil.example/x.js', 'https://shop.example/', pixel)).toBeNull();
  });

  it('an entry that names no host matches nothing', () => {
    for (const entry of ['', 'javascript:alert(1)', 'a b.example', 'https://']) expect(hostOf(entry)).toBe('');
  });
});

describe('Google Consent Mode', () => {
  it("the all-denied default names every type, in Google's documented order", () => {
    expect(Object.entries(allDenied())).toEqual(
      [
        'ad_storage',
        'ad_user_data',
        'ad_personalization',
        'analytics_storage',
        'functionality_storage',
        'personalization_storage',
        'security_storage',
      ].map((t) => [t, 'denied']),
    );
  });

  it('defines gtag as Google does: it pushes Arguments objects, and a site gtag defined later is used', () => {
    const w: { dataLayer?: unknown[]; gtag?: (...a: unknown[]) => void } = {};
    const gtag = ensureGtag(w);
    gtag('consent', 'default', { ad_storage: 'denied' });
    expect(Object.prototype.toString.call(w.dataLayer![0])).toBe('[object Arguments]');
    const seen: unknown[] = [];
    w.gtag = (...a) => seen.push(a);
    gtag('consent', 'update', {});
    expect(seen).toHaveLength(1);
  });

  it('a window.gtag that is no function and cannot be set (read-only, a getter alone, a setter that keeps nothing), or is gone later: nothing thrown, ours pushes to dataLayer all the same', () => {
    type W = { dataLayer?: unknown[]; gtag?: (...a: unknown[]) => void };
    const pushed = (w: W) => (w.dataLayer ?? []).map((e) => Array.from(e as ArrayLike<unknown>));
    const readOnly = Object.defineProperty({} as W, 'gtag', { value: 1, writable: false });
    const getter = Object.defineProperty({} as W, 'gtag', { get: () => 1 });
    const keepsNothing = Object.defineProperty({} as W, 'gtag', { get: () => undefined, set: () => {} });
    for (const w of [readOnly, getter, keepsNothing]) {
      const gtag = ensureGtag(w);
      gtag('consent', 'default', { ad_storage: 'denied' });
      expect(Object.prototype.toString.call(w.dataLayer![0])).toBe('[object Arguments]');
      expect(pushed(w)).toEqual([['consent', 'default', { ad_storage: 'denied' }]]);
    }
    // Ours set, then removed by the page: the commands still reach dataLayer.
    const gone: W = {};
    const gtag = ensureGtag(gone);
    delete gone.gtag;
    gtag('consent', 'update', { ad_storage: 'granted' });
    expect(pushed(gone)).toEqual([['consent', 'update', { ad_storage: 'granted' }]]);
  });

  it('sends region defaults, then the global default with everything denied, then the options', () => {
    const calls: unknown[][] = [];
    const view = toSiteView({
      ...sample,
      gcm: {
        regions: { 'US-CA': ['analytics_storage'], EU: ['ad_storage'] },
        waitForUpdate: 800,
        urlPassthrough: true,
        adsDataRedaction: false,
      },
    });
    sendGcmDefault((...a) => calls.push(a), view, false);
    expect(calls.map((c) => [c[0], c[1], (c[2] as Record<string, unknown> | undefined)?.['region']])).toEqual([
      ['consent', 'default', ['US-CA']],
      ['consent', 'default', undefined],
      ['set', 'url_passthrough', undefined],
    ]);
    expect(calls[1]?.[2]).toMatchObject({
      ad_storage: 'denied',
      analytics_storage: 'denied',
      security_storage: 'denied',
      wait_for_update: 800,
    });
    expect(calls[0]?.[2]).toMatchObject({ analytics_storage: 'granted', ad_storage: 'denied' });
    // With Global Privacy Control on: no region grants anything by default (the engine's update says what holds).
    const gpc: unknown[][] = [];
    sendGcmDefault((...a) => gpc.push(a), view, true);
    expect(gpc.filter(([kind]) => kind === 'consent')).toEqual([
      ['consent', 'default', { ...allDenied(), wait_for_update: 800 }],
    ]);
  });

  it('a dataLayer that is not the window\'s own (an element with id="dataLayer", found through its prototype) is replaced, for gtag and for the GTM event alike', () => {
    const element = { nodeName: 'DIV' }; // what window.dataLayer is after <div id="dataLayer">
    const w = Object.create({ dataLayer: element }) as { dataLayer?: unknown[]; gtag?: (...a: unknown[]) => void };
    ensureGtag(w)('consent', 'default', allDenied());
    expect(Object.hasOwn(w, 'dataLayer') && Array.isArray(w.dataLayer)).toBe(true);
    expect(w.dataLayer).toHaveLength(1);
    const v = Object.create({ dataLayer: element }) as { dataLayer?: unknown[] };
    pushConsentUpdate(v, { purposes: { analytics: false }, services: {} });
    expect(v.dataLayer).toEqual([
      { event: 'candor_consent_update', candor: { purposes: { analytics: false }, services: {} } },
    ]);
    // The window's own array is kept, and so is a GTM dataLayer.
    const own = { dataLayer: [{ pageType: 'product' }] as unknown[] };
    pushConsentUpdate(own, { purposes: {}, services: {} });
    expect(own.dataLayer).toHaveLength(2);
  });

  it("gtag pushes to the page's dataLayer of the moment, as Google's snippet does: a page that replaced it after the loader gets the updates", () => {
    const w: { dataLayer?: unknown[]; gtag?: (...a: unknown[]) => void } = {};
    const gtag = ensureGtag(w);
    gtag('consent', 'default', allDenied());
    expect(w.dataLayer).toHaveLength(1);
    w.dataLayer = [{ pageType: 'product' }]; // the page's own array, after the loader
    gtag('consent', 'update', { ad_storage: 'denied' });
    expect(w.dataLayer).toHaveLength(2);
    expect(Array.from(w.dataLayer[1] as ArrayLike<unknown>)).toEqual(['consent', 'update', { ad_storage: 'denied' }]);
  });

  it('maps purposes to consent types with the defaults and explicit gcm lists', () => {
    const view = toSiteView({ ...sample, purposes: [...sample.purposes, { id: 'ads', gcm: ['ad_storage', 'bogus'] }] });
    const calls: unknown[][] = [];
    sendGcmUpdate(
      (...a) => calls.push(a),
      view,
      (id) => id === 'necessary' || id === 'ads',
    );
    expect(calls[0]?.[2]).toEqual({
      ad_storage: 'granted',
      ad_user_data: 'denied',
      ad_personalization: 'denied',
      analytics_storage: 'denied',
      functionality_storage: 'denied',
      personalization_storage: 'denied',
      security_storage: 'granted',
    });
    expect(
      toGcmState([{ id: 'marketing', gcm: ['ad_storage', 'ad_user_data', 'ad_personalization'] }], () => true),
    ).toMatchObject({ ad_storage: 'granted', ad_personalization: 'granted', analytics_storage: 'denied' });
  });
});

describe('Google’s tag set up before the loader (googleBeforeDefaults)', () => {
  /** What gtag pushes: an Arguments object, as Google's snippet does. */
  function args(..._: unknown[]): IArguments {
    // eslint-disable-next-line prefer-rest-params -- gtag's entries are Arguments objects
    return arguments;
  }
  const page = (dataLayer: unknown): object => ({ dataLayer });

  it.each([
    ["gtag('js')", [args('js', new Date()), args('config', 'G-1')]],
    ["gtag('config')", [args('set', 'ads_data_redaction', true), args('config', 'G-1')]],
    ["gtag('event')", [args('event', 'page_view')]],
    ['Google Tag Manager', [{ 'gtm.start': 1, event: 'gtm.js' }]],
  ])('names %s when it is queued before any Consent Mode default', (found, queued) => {
    const layer: unknown[] = [...queued, args('consent', 'default', { ad_storage: 'denied' })];
    expect(googleBeforeDefaults(page(layer))).toEqual({ found, cause: 'order' });
  });

  it('says the queue was replaced when Google is in it and no default at all (the page dropped them)', () => {
    const w: { dataLayer?: unknown[] } = {};
    sendGcmDefault(ensureGtag(w), toSiteView(sample), false); // the loader: defaults into the array of the moment
    w.dataLayer = [{ 'gtm.start': 1, event: 'gtm.js' }]; // the page: dataLayer = [{…}], then GTM
    expect(googleBeforeDefaults(w)).toEqual({ found: 'Google Tag Manager', cause: 'replaced' });
    expect(googleBeforeDefaults(page([args('js', 1)]))).toEqual({ found: "gtag('js')", cause: 'replaced' });
  });

  it('says nothing when a default came first (the loader’s, or the site’s own), or Google is not there', () => {
    expect(
      googleBeforeDefaults(page([args('consent', 'default', {}), args('js', 1), args('config', 'G-1')])),
    ).toBeNull();
    expect(googleBeforeDefaults(page([{ event: 'gtm.dom' }, args('set', 'url_passthrough', true)]))).toBeNull();
    expect(googleBeforeDefaults(page([]))).toBeNull();
    expect(googleBeforeDefaults({})).toBeNull(); // no dataLayer
  });

  it('reads the loader’s own defaults as defaults (they are first on a page in the right order)', () => {
    const w: { dataLayer?: unknown[] } = {};
    sendGcmDefault(ensureGtag(w), toSiteView(sample), false);
    w.dataLayer?.push(args('js', 1), { event: 'gtm.js' });
    expect(googleBeforeDefaults(w)).toBeNull();
  });

  it('a default pushed as a plain array is none (gtag.js ignores arrays): a page whose gtag pushes arrays is said', () => {
    // The site's own gtag, kept by the loader: (...a) => dataLayer.push(a).
    const w: { dataLayer?: unknown[]; gtag?: (...a: unknown[]) => void } = {};
    w.gtag = (...a) => (w.dataLayer ??= []).push(a);
    sendGcmDefault(ensureGtag(w), toSiteView(sample), false);
    w.gtag('js', 1);
    w.gtag('config', 'G-1');
    expect(googleBeforeDefaults(w)).toEqual({ found: "gtag('js')", cause: 'arrays' });
    expect(googleBeforeDefaults(page([['consent', 'default', {}], args('config', 'G-1')]))).toEqual({
      found: "gtag('config')",
      cause: 'arrays',
    });
    // An Arguments default first still counts, whatever arrays follow.
    expect(googleBeforeDefaults(page([args('consent', 'default', {}), ['config', 'G-1']]))).toBeNull();
  });

  it('never throws, whatever the page put in dataLayer or in its place', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw Error('no');
        },
        getOwnPropertyDescriptor() {
          throw Error('no');
        },
      },
    );
    expect(googleBeforeDefaults(page([hostile, null, 7, 'gtm.js', args('event', 'x')]))).toEqual({
      found: "gtag('event')",
      cause: 'replaced',
    });
    expect(googleBeforeDefaults(page({ 0: args('js', 1), length: 1 }))).toBeNull(); // not an array: not GTM's queue
    const revoked = Proxy.revocable([], {});
    revoked.revoke();
    expect(googleBeforeDefaults(page(revoked.proxy))).toBeNull();
    const throwing = Object.defineProperty({}, 'dataLayer', {
      get() {
        throw Error('no');
      },
    });
    expect(googleBeforeDefaults(throwing)).toBeNull();
  });
});

describe('site view (the loader reads an unvalidated config defensively)', () => {
  it.each([
    null,
    'x',
    42,
    { purposes: 'no', services: [1, null, { id: 3 }], gcm: { regions: { de: ['x'] } } },
    // Grants in malformed places: a lower-case region and one that is no ISO 3166 code.
    {
      purposes: [{ id: 'analytics', gcm: 'analytics_storage' }],
      gcm: { regions: { de: ['analytics_storage'], 'U S': ['ad_storage'] } },
    },
  ])('never throws on %j and grants nothing', (raw) => {
    const v = toSiteView(raw);
    expect(Array.isArray(v.purposes)).toBe(true);
    expect(v.gcm.regions).toEqual({});
    // What the loader sends from a view before the engine answers has(): Consent Mode defaults,
    // one global default with every type denied.
    const calls: unknown[][] = [];
    sendGcmDefault((...a) => calls.push(a), v, false);
    expect(calls.filter(([kind]) => kind === 'consent')).toEqual([
      ['consent', 'default', { ...allDenied(), wait_for_update: expect.any(Number) }],
    ]);
  });
  it('detects GPC only when it is exactly true', () => {
    expect(detectGpc({ globalPrivacyControl: true })).toBe(true);
    expect(detectGpc({ globalPrivacyControl: 'true' })).toBe(false);
    expect(detectGpc(undefined)).toBe(false);
  });
});

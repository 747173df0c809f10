// @vitest-environment happy-dom
// The site owner's mistakes: what the gate finds in markup (as data, once each), the words each
// finding is said in, and that the diagnostics chunk says each message once per page.
import { describe, expect, it, vi } from 'vitest';
import { diagnosticText, type Diagnostic } from '../../src/core/diagnostics';
import { toSiteView } from '../../src/core/site-view';
import { createGate, markingChecker } from '../../src/gate/gate';
import { tell } from '../../src/loader/diagnostics';

const view = toSiteView({
  policy: { revision: 1 },
  purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }],
  services: [{ id: 'video', purpose: 'analytics', name: 'Video' }],
});

/**
 * What the gate finds in `markup`, looking at it `times` times with nothing granted (scripts: the
 * gate's `markingChecker`; embeds: its embed chunk, when it first sees one). The markup stays in a
 * template, inert: nothing in it loads.
 */
async function findings(markup: string, times = 1): Promise<Diagnostic[]> {
  const template = document.createElement('template');
  template.innerHTML = `<div>${markup}</div>`;
  const root = template.content.firstElementChild!;
  const found: Diagnostic[] = [];
  const gate = createGate({
    doc: document,
    view,
    has: () => false,
    grant: () => {},
    onError: (e) => {
      throw e;
    },
    warn: (d) => void found.push(d),
    loadLocale: async () => ({}),
  });
  for (let i = 0; i < times; i++) gate.scan(root);
  // Embeds are the gate's lazily imported half: done once each is held back.
  const embeds = () => Array.from(root.querySelectorAll('[data-consent]:not(script)'));
  await vi.waitFor(() => expect(embeds().every((el) => el.getAttribute('data-candor') === 'held')).toBe(true));
  return found;
}

describe('markingChecker', () => {
  it.each([
    ['a gated script', '<script type="text/plain" data-consent="analytics" src="/a.js"></script>'],
    [
      'a gated inline script with a service and a purpose',
      '<script type="text/plain" data-consent="video, analytics"></script>',
    ],
    ['an embed with data-src', '<iframe data-consent="video" data-src="/v"></iframe>'],
    [
      'a local stand-in image with the real one in data-src',
      '<img data-consent="video" src="/still.png" data-src="/v.png">',
    ],
    ['a link with data-href', '<link data-consent="analytics" rel="stylesheet" data-href="/f.css">'],
    [
      'an image and a picture source with their candidates in data-srcset, a video with data-poster',
      '<picture><source data-consent="video" data-srcset="/v.webp 1x, /v2.webp 2x"><img data-consent="video" data-src="/v.png" data-srcset="/v2.png 2x"></picture><video data-consent="video" data-src="/v.mp4" data-poster="/still.png"></video>',
    ],
    ['a placeholder-only element', '<div data-consent="video" data-placeholder></div>'],
    // The gate loads no href but a <link>'s: "rename href to data-href" would break the link.
    ['a marked link to another page', '<a data-consent="video" href="/video-page">Watch</a>'],
    ['a revived script (the gate set data-candor)', '<script data-consent="analytics" data-candor="ran"></script>'],
    [
      'an embed the gate loaded (it set src)',
      '<iframe data-consent="video" src="/v" data-src="/v" data-candor="active"></iframe>',
    ],
  ])('finds nothing in %s', async (_, markup) => {
    expect(await findings(markup)).toEqual([]);
  });

  it('blames no id when the config could not be read (no ids at all: Candor said why), and still finds a tag that runs anyway', () => {
    const found: Diagnostic[] = [];
    const check = markingChecker(toSiteView(undefined), (d) => void found.push(d));
    const template = document.createElement('template');
    template.innerHTML =
      '<script type="text/plain" data-consent="analytics"></script><script data-consent="analytics"></script>';
    template.content.querySelectorAll('[data-consent]').forEach((el) => check(el, el.getAttribute('data-consent')!));
    expect(found).toEqual([{ code: 'runsAnyway', tag: 'script', attr: 'src', condition: 'analytics' }]);
  });

  it('finds each id that names nothing, once however often and wherever it is seen', async () => {
    const markup =
      '<script type="text/plain" data-consent="analytcs"></script><iframe data-consent="analytcs" data-src="/v"></iframe>' +
      '<script type="text/plain" data-consent="video,nope"></script>';
    expect(await findings(markup, 3)).toEqual([
      { code: 'unknownId', condition: 'analytcs', id: 'analytcs', known: ['necessary', 'analytics', 'video'] },
      { code: 'unknownId', condition: 'video,nope', id: 'nope', known: ['necessary', 'analytics', 'video'] },
    ]);
  });

  it.each([
    ['a script without a type', '<script data-consent="analytics"></script>', 'script', 'src'],
    ['a module script', '<script type="module" data-consent="analytics"></script>', 'script', 'src'],
    ['an iframe with src', '<iframe data-consent="video" src="/v"></iframe>', 'iframe', 'src'],
    [
      'an iframe with src beside data-src (a CMS keeping src as a fallback)',
      '<iframe data-consent="video" src="/v" data-src="/v"></iframe>',
      'iframe',
      'src',
    ],
    ['an image with src', '<img data-consent="video" src="/v.png">', 'img', 'src'],
    ['a link with href', '<link data-consent="analytics" rel="stylesheet" href="/f.css">', 'link', 'href'],
    ['an image with srcset', '<img data-consent="video" data-src="/v.png" srcset="/v2.png 2x">', 'img', 'srcset'],
    [
      'a picture source with srcset',
      '<source data-consent="video" srcset="/v.webp" type="image/webp">',
      'source',
      'srcset',
    ],
    [
      'a video with poster',
      '<video data-consent="video" data-src="/v.mp4" poster="/still.png"></video>',
      'video',
      'poster',
    ],
  ])('finds %s, once', async (_, markup, tag, attr) => {
    const condition = /^(iframe|img|source|video)$/.test(tag) ? 'video' : 'analytics';
    expect(await findings(markup, 2)).toEqual([{ code: 'runsAnyway', tag, attr, condition }]);
  });
});

describe('markingChecker, an id the config does not name', () => {
  const unknownIds = (v: typeof view): Diagnostic[] => {
    const found: Diagnostic[] = [];
    const script = document.createElement('script');
    script.type = 'text/plain';
    markingChecker(v, (d) => void found.push(d))(script, 'analytics, video, analytcs');
    return found;
  };

  it('is named, with the ids the config has', () => {
    expect(unknownIds(view)).toEqual([
      {
        code: 'unknownId',
        condition: 'analytics, video, analytcs',
        id: 'analytcs',
        known: ['necessary', 'analytics', 'video'],
      },
    ]);
  });

  it('is not blamed on the markup when the config has no purposes to read (an invalid config, already reported)', () => {
    const misspelt = toSiteView({
      policy: { revision: 1 },
      purpoes: [{ id: 'analytics' }],
      services: [{ id: 'video', purpose: 'analytics', name: 'Video' }],
    });
    expect(misspelt.services.map((s) => s.id)).toEqual(['video']); // ids it could read, but no purpose
    expect(unknownIds(misspelt)).toEqual([]);
  });
});

describe('diagnosticText', () => {
  it.each<[Diagnostic, string]>([
    [
      { code: 'unknownId', condition: 'analytcs', id: 'analytcs', known: ['necessary', 'analytics'] },
      'data-consent="analytcs": "analytcs" is not a purpose or service in the config (it has necessary, analytics), so this element never loads',
    ],
    [
      // Ids run together with a space or a semicolon: the message says how to list several.
      {
        code: 'unknownId',
        condition: 'analytics marketing, video',
        id: 'analytics marketing',
        known: ['necessary', 'analytics', 'marketing', 'video'],
      },
      'data-consent="analytics marketing, video": "analytics marketing" is not a purpose or service in the config (it has necessary, analytics, marketing, video), so this element never loads; several ids go with commas: data-consent="analytics,marketing,video"',
    ],
    [
      {
        code: 'unknownId',
        condition: 'analytics;marketing',
        id: 'analytics;marketing',
        known: ['analytics', 'marketing'],
      },
      'data-consent="analytics;marketing": "analytics;marketing" is not a purpose or service in the config (it has analytics, marketing), so this element never loads; several ids go with commas: data-consent="analytics,marketing"',
    ],
    [
      { code: 'runsAnyway', tag: 'script', attr: 'src', condition: 'analytics' },
      '<script data-consent="analytics"> has no type="text/plain", so the browser runs it at once, before any consent: add type="text/plain"',
    ],
    [
      { code: 'runsAnyway', tag: 'link', attr: 'href', condition: 'analytics' },
      '<link data-consent="analytics"> has href, so the browser loads it at once, before any consent: rename href to data-href',
    ],
    [
      { code: 'config', path: 'ui.layot', message: 'unknown key, ignored (did you mean "layout"?)' },
      'config ui.layot: unknown key, ignored (did you mean "layout"?)',
    ],
    [
      { code: 'noConfig' },
      'could not start: no config: give data-config="#candor-config" to the first candor.js on the page, or set window.candorConfig before it',
    ],
    [
      { code: 'noConfig', source: 'https://cdn.example/c.json', why: 'origin' },
      'could not start: data-config URL "https://cdn.example/c.json" must be same-origin',
    ],
    [
      { code: 'noConfig', source: '#cfg', why: 'missing' },
      'could not start: data-config "#cfg" matches no <script>; check the selector, and put the JSON <script> before the loader',
    ],
    [
      { code: 'noConfig', source: 'candor.json', why: 'missing' },
      'could not start: data-config "candor.json" matches no <script>; check the selector, and put the JSON <script> before the loader (a URL must start with "/", "./", "../", "http:" or "https:")',
    ],
    [
      { code: 'noConfig', source: '#cfg', why: 'json', detail: 'SyntaxError: Unexpected token }' },
      'could not start: the config in #cfg is not valid JSON (SyntaxError: Unexpected token })',
    ],
    [
      { code: 'locale', locale: 'german' },
      'config ui.locale: "german" is not a locale Candor ships: the UI is in English',
    ],
    [
      { code: 'textsLocale', locale: 'de-DE', use: 'de' },
      'config texts["de-DE"]: "de-DE" is not a locale Candor ships: these texts are never shown; put them under "de"',
    ],
    [
      { code: 'textsLocale', locale: 'eu', use: null },
      'config texts["eu"]: "eu" is not a locale Candor ships: these texts are never shown',
    ],
    [
      { code: 'relative', path: 'policy.url', url: 'privacy.html' },
      'config policy.url: "privacy.html" is relative: pages in other folders link elsewhere; start it with "/" or "https://"',
    ],
    [
      { code: 'gcmRequired', at: 'necessary', types: ['ad_storage', 'analytics_storage'] },
      'purpose "necessary" is required and maps Consent Mode\'s ad_storage, analytics_storage: granted on every page, never refusable. Map them to a purpose the visitor chooses',
    ],
    [
      { code: 'gcmRegion', at: 'US', types: ['ad_storage'] },
      'gcm.regions["US"] grants ad_storage where the mode is opt-in: Google\'s tags may use them before the visitor chooses. Deny them there, or make the region opt-out in "jurisdiction"',
    ],
    [
      { code: 'gcmShared', type: 'ad_personalization', at: 'health', other: 'marketing' },
      'purposes "health" (sensitive) and "marketing" both map Consent Mode\'s ad_personalization, so it is granted when either is: Accept all grants it, though it leaves "health" off. Map it to one purpose',
    ],
    [
      { code: 'noPolicy' },
      'the config has no policy.url, so the banner and the panel link to no privacy policy, which visitors should be able to read before they choose: add "policy": { "url": "/privacy" } (your policy page)',
    ],
  ])('%j', (d, text) => {
    expect(diagnosticText(d)).toBe(text);
  });

  it('names what Google queued before Consent Mode’s defaults, and where the loader belongs', () => {
    const text = diagnosticText({ code: 'afterGoogle', found: "gtag('config')", cause: 'order' });
    expect(text).toContain("gtag('config') is in dataLayer before Consent Mode's defaults");
    expect(text).toContain('Load candor.js first in <head>, before Google');
    const replaced = diagnosticText({ code: 'afterGoogle', found: 'Google Tag Manager', cause: 'replaced' });
    expect(replaced).toContain('Google Tag Manager is in a dataLayer without Consent Mode');
    expect(replaced).toContain('the page replaced window.dataLayer after candor.js');
    expect(replaced).not.toContain('Load candor.js first'); // it was first
    const arrays = diagnosticText({ code: 'afterGoogle', found: "gtag('js')", cause: 'arrays' });
    expect(arrays).toContain("the page's own gtag pushes arrays");
    expect(arrays).toContain('function gtag(){dataLayer.push(arguments)}');
  });

  it('names the second loader’s setting and the running one’s, present or not', () => {
    expect(diagnosticText({ code: 'secondLoader', attr: 'data-config', theirs: '#b', ours: '#a' })).toBe(
      'a second candor.js with data-config="#b" does nothing: this page runs the first one, with data-config="#a". Keep one loader per page, with the settings you mean',
    );
    expect(diagnosticText({ code: 'secondLoader', attr: 'data-region', theirs: null, ours: 'US' })).toContain(
      'a second candor.js with no data-region does nothing: this page runs the first one, with data-region="US"',
    );
  });

  it('names an on() name that is no event, as the script tag says it, with the events there are', () => {
    const events = ['ready', 'change', 'prompt', 'error', 'sync'];
    expect(diagnosticText({ code: 'unknownEvent', name: '"chnage"', events })).toBe(
      'Candor.on("chnage") names no event, so its listener never runs. The events: ready, change, prompt, error, sync',
    );
    expect(diagnosticText({ code: 'unknownEvent', name: 'a value of type symbol', events })).toContain(
      'Candor.on(a value of type symbol) names no event',
    );
  });

  it('names how the loader was loaded late', () => {
    expect(diagnosticText({ code: 'lateLoader', how: 'module' })).toContain(
      'candor.js is loaded with type="module", so it runs after',
    );
    expect(diagnosticText({ code: 'lateLoader', how: 'defer' })).toContain(
      'candor.js is loaded with defer, so it runs after',
    );
  });
});

describe('tell', () => {
  it('says each message once per page: a warning, and an error for tags that run unheld or for no config', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    tell({ code: 'noRequests' }, { code: 'autoBlockLoader' });
    tell({ code: 'noRequests' });
    tell({ code: 'autoBlockLoader' });
    tell({ code: 'noConfig' }, { code: 'noConfig' });
    expect(warn.mock.calls).toEqual([
      [expect.stringMatching(/^Candor: the config has neither policy\.contact nor sync\.endpoint/)],
    ]);
    expect(error.mock.calls).toEqual([
      ['Candor: autoBlock needs candor-autoblock.js in place of candor.js; unmarked tags are NOT held back'],
      [expect.stringMatching(/^Candor: could not start: no config: /)],
    ]);
  });
});

describe('the gate says what it finds', () => {
  it('an empty data-consent, which never loads: once, however often the gate looks', async () => {
    const { createGate } = await import('../../src/gate/gate');
    document.body.innerHTML =
      '<script type="text/plain" data-consent="">window.__emptyRan = true</script>' +
      '<script type="text/plain" data-consent="analytics">window.__gatedRan = true</script>';
    const warned: Diagnostic[] = [];
    const gate = createGate({
      doc: document,
      view,
      has: (c) => c === 'analytics',
      grant: () => {},
      onError: (e) => {
        throw e;
      },
      warn: (d) => void warned.push(d),
    });
    gate.apply();
    gate.apply();
    // Revived (happy-dom runs no script): the granted one, never the empty one.
    await vi.waitFor(() =>
      expect(document.querySelectorAll('script[data-candor="ran"][data-consent="analytics"]').length).toBeGreaterThan(
        0,
      ),
    );
    expect(document.querySelector('script[data-candor][data-consent=""]')).toBeNull();
    expect(warned).toEqual([{ code: 'unknownId', condition: '', id: '', known: ['necessary', 'analytics', 'video'] }]);
    document.body.innerHTML = '';
  });
});

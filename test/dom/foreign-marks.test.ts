// @vitest-environment happy-dom
/**
 * A site moving to Candor from another consent tool keeps that tool's markings
 * (vanilla-cookieconsent's `type="text/plain" data-category`, Klaro's `data-name`, Cookiebot's
 * `data-cookieconsent`). Candor reads only `data-consent`: those tags never run, whatever the visitor
 * allows (fail closed), and with no `data-consent` on the page no gate loads and nothing was said.
 * The engine's page checks (loader/tag-engine-events.ts) now say it, with the marking found.
 */
import { afterEach, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/core/diagnostics';
import { toSiteView } from '../../src/core/site-view';
import { createConsent } from '../../src/instance/create-consent';
import type { HookedFacade } from '../../src/loader/facade';
import { wireTagEngineEvents } from '../../src/loader/tag-engine-events';
import { createMemoryStorage } from '../../src/store/memory';

const config = {
  policy: { revision: 1, url: '/privacy', contact: 'privacy@example.com' },
  purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }, { id: 'marketing' }],
};

afterEach(() => void (document.body.innerHTML = ''));

/** What the engine's page checks tell on the current page. */
function told(): Diagnostic[] {
  const out: Diagnostic[] = [];
  const consent = createConsent(config, { storage: createMemoryStorage() });
  const facade = {
    candor: consent,
    hooks: {
      tell: (d: Diagnostic) => void out.push(d),
      script: undefined,
      view: toSiteView(config),
      locale: 'en',
      base: location.href,
      load: () => new Promise(() => {}),
      json: () => new Promise(() => {}),
      ui: () => {},
      known: () => {},
      prompt: () => {},
    },
  } as unknown as HookedFacade;
  wireTagEngineEvents(consent, facade);
  consent.destroy();
  return out.filter((d) => d.code === 'foreignMark');
}

// A template the page keeps as text comes first: it is no marking.
const TEMPLATE = '<script type="text/plain" id="row-template"><li>{name}</li></script>';

it.each([
  [
    'vanilla-cookieconsent',
    '<script type="text/plain" data-category="analytics" src="/ga.js"></script>',
    'data-category',
    'analytics',
  ],
  [
    'Klaro',
    '<script type="text/plain" data-type="text/javascript" data-name="googleAnalytics" data-src="/ga.js"></script>',
    'data-name',
    'googleAnalytics',
  ],
  [
    'Cookiebot',
    '<script type="text/plain" data-cookieconsent="statistics" src="/ga.js"></script>',
    'data-cookieconsent',
    'statistics',
  ],
])('a tag marked for %s: the engine says it never runs, with its marking', (_, markup, attr, value) => {
  document.body.innerHTML = TEMPLATE + markup;
  expect(told()).toEqual([{ code: 'foreignMark', attr, value }]);
});

it("says nothing of Candor's own markings, also beside another tool's attribute, nor of a text template", () => {
  document.body.innerHTML =
    TEMPLATE +
    '<script type="text/plain" data-consent="analytics" data-category="analytics" src="/ga.js"></script>' +
    '<div data-name="x"></div>';
  expect(told()).toEqual([]);
});

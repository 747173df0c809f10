// @vitest-environment happy-dom
/**
 * Consent Mode is mapped by purpose id (docs/recipes.md): `analytics` → `analytics_storage`,
 * `marketing` → `ad_*`. A site whose own purposes are named otherwise (`statistics`, `ads`: a
 * common choice) and that puts its Google services under them gets every Consent Mode type denied
 * forever: the visitor allows "statistics", the marked Google tag runs, and Google is told that
 * analytics storage is refused (cookieless pings only). Nothing said so. The script tag's engine
 * says it (loader/config-diagnostics.ts) for a service on a Google host under a purpose that maps
 * no Consent Mode type.
 */
import { afterEach, expect, it, vi } from 'vitest';
import { engineSays } from './config-console';

const texts = {
  en: {
    'purpose.statistics.title': 'Statistics',
    'purpose.statistics.description': 'Counting visits',
  },
};

afterEach(() => vi.restoreAllMocks());

it('says when a Google service is under a purpose that maps no Consent Mode type', async () => {
  const config = {
    policy: { revision: 1, contact: 'privacy@example.com' },
    purposes: [{ id: 'necessary', required: true }, { id: 'statistics' }],
    services: [{ id: 'ga4', purpose: 'statistics', hosts: ['www.googletagmanager.com'] }],
    texts,
  };
  const said = await engineSays(config);
  expect(said).toMatch(/"ga4".*"statistics".*maps no Consent Mode type/);
});

it('says nothing of a Google service under a purpose that maps a type (by its id or its gcm)', async () => {
  const config = {
    policy: { revision: 1, contact: 'privacy@example.com' },
    purposes: [
      { id: 'necessary', required: true },
      { id: 'analytics' },
      { id: 'statistics', gcm: ['analytics_storage'] },
    ],
    services: [
      { id: 'ga4', purpose: 'analytics', hosts: ['www.googletagmanager.com'] },
      { id: 'ga4-2', purpose: 'statistics', hosts: ['https://www.google-analytics.com/'] },
    ],
    texts,
  };
  const said = await engineSays(config);
  expect(said).not.toContain('maps no Consent Mode type');
});

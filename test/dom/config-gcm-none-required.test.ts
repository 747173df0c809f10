// @vitest-environment happy-dom
/**
 * gcmNone (loader/config-diagnostics.ts) tells the site owner to map a Consent Mode type to the
 * purpose of a Google service. Under a required purpose of the site's own (Google Tag Manager
 * listed under a required `essential`, as a site running Consent Mode's advanced mode may, to show
 * it in the panel) that
 * advice is a grant without consent: the visitor allows nothing there, and the very mapping it
 * asks for is what gcmRequired warns against.
 */
import { afterEach, expect, it, vi } from 'vitest';
import { engineSays } from './config-console';

afterEach(() => vi.restoreAllMocks());

it('does not tell the site owner to map a Consent Mode type to a required purpose', async () => {
  const config = {
    policy: { revision: 1, contact: 'privacy@example.com' },
    purposes: [{ id: 'necessary', required: true }, { id: 'essential', required: true }, { id: 'analytics' }],
    services: [
      { id: 'gtm', purpose: 'essential', hosts: ['www.googletagmanager.com'] },
      { id: 'ga4', purpose: 'analytics', hosts: ['www.google-analytics.com'] },
    ],
    texts: { en: { 'purpose.essential.title': 'Essential', 'purpose.essential.description': 'Running the site' } },
  };
  const said = await engineSays(config);
  expect(said).not.toContain('maps no Consent Mode type');
});

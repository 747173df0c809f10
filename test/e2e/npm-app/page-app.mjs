// An npm app as a developer writes it with candor and candor/page, bundled by the e2e test (rollup,
// through package.json's exports as a bundler resolves them) and served as /npm-page-app.js.
import { createConsent } from 'candor';
import { connectPage } from 'candor/page';

const consent = createConsent({
  policy: { revision: 1 },
  purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }, { id: 'marketing' }],
  services: [
    {
      id: 'ga4',
      purpose: 'analytics',
      name: 'Google Analytics',
      hosts: ['www.googletagmanager.com'],
      cookies: ['_ga', '/^_ga_/'],
    },
  ],
});
window.pageEvents = [];
for (const name of ['ready', 'change', 'prompt', 'error', 'revoke'])
  document.addEventListener(`candor:${name}`, () => window.pageEvents.push(name));
connectPage(consent);
window.consent = consent;

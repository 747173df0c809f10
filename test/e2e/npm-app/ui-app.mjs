// An npm app with candor and candor/ui, as a developer writes it, bundled by the e2e test (rollup,
// through package.json's exports as a bundler resolves them) and served as /npm-ui-app.js. The
// test drives mountUI and the instance from the page (window.consent, window.mountUI).
import { createConsent } from 'candor';
import { mountUI } from 'candor/ui';

window.consent = createConsent({
  policy: { revision: 1 },
  purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }],
});
window.mountUI = mountUI;

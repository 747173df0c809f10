// A React app with candor/react, as a developer writes it: one <ConsentProvider> at the root (the
// banner, the launcher, the page's gating and Consent Mode come with it), hooks where consent
// matters. Plain createElement, so it needs no JSX build step; StrictMode on, as in development.
import { createElement as h, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ConsentProvider, Granted, useConsent, useGranted } from 'candor/react';

const config = {
  policy: { revision: 1, url: '/privacy' },
  purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }, { id: 'marketing' }],
  services: [
    { id: 'ga4', purpose: 'analytics', name: 'Google Analytics', hosts: ['www.googletagmanager.com'] },
    { id: 'youtube', purpose: 'marketing', name: 'YouTube' },
  ],
};

function Shop() {
  const consent = useConsent();
  const analytics = useGranted('analytics');
  return h(
    'main',
    null,
    h('h1', null, 'Bakery'),
    h('p', { id: 'analytics' }, analytics ? 'Analytics on' : 'Analytics off'),
    h(
      Granted,
      { when: 'youtube', fallback: h('p', { id: 'video' }, 'The video needs your consent for YouTube.') },
      h('p', { id: 'video' }, 'Video player'),
    ),
    h('button', { type: 'button', onClick: () => consent?.withdraw() }, 'Withdraw consent'),
  );
}

createRoot(document.getElementById('root')).render(
  h(StrictMode, null, h(ConsentProvider, { config, ui: { layout: 'bar' } }, h(Shop))),
);

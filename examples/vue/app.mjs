// A Vue app with candor/vue, as a developer writes it: provideConsent(config) in the root
// component (the banner, the launcher, the page's gating and Consent Mode come with it),
// useConsent() where consent matters. Render functions, so it needs no template compiler.
import { createApp, defineComponent, h } from 'vue';
import { provideConsent, useConsent } from 'candor/vue';

const config = {
  policy: { revision: 1, url: '/privacy' },
  purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }, { id: 'marketing' }],
  services: [
    { id: 'ga4', purpose: 'analytics', name: 'Google Analytics', hosts: ['www.googletagmanager.com'] },
    { id: 'youtube', purpose: 'marketing', name: 'YouTube' },
  ],
};

const Shop = defineComponent({
  setup() {
    const { consent, granted } = useConsent();
    const analytics = granted('analytics');
    const video = granted('youtube');
    return () =>
      h('main', [
        h('h1', 'Bakery'),
        h('p', { id: 'analytics' }, analytics.value ? 'Analytics on' : 'Analytics off'),
        h('p', { id: 'video' }, video.value ? 'Video player' : 'The video needs your consent for YouTube.'),
        h('button', { type: 'button', onClick: () => consent.value?.withdraw() }, 'Withdraw consent'),
      ]);
  },
});

const App = defineComponent({
  setup() {
    provideConsent(config, { ui: { layout: 'bar' } });
    return () => h(Shop);
  },
});

createApp(App).mount('#root');

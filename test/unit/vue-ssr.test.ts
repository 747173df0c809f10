// candor/vue in server rendering (Node, no DOM): the app renders with the fail-closed answers and
// starts nothing (onMounted never runs on the server).
import { createSSRApp, defineComponent, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { describe, expect, it } from 'vitest';
import { provideConsent, useConsent } from '../../src/entries/vue';

describe('candor/vue on the server', () => {
  it('renders fail-closed without starting a session', async () => {
    expect(typeof window).toBe('undefined');
    const Child = defineComponent({
      setup() {
        const { consent, state, granted } = useConsent();
        const analytics = granted('analytics');
        return () => h('p', `${consent.value === null} ${state.value === null} ${analytics.value}`);
      },
    });
    const App = defineComponent({
      setup() {
        provideConsent({
          policy: { revision: 1 },
          purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }],
        });
        return () => h(Child);
      },
    });
    expect(await renderToString(createSSRApp(App))).toBe('<p>true true false</p>');
  });
});

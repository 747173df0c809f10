// @vitest-environment happy-dom
/**
 * Save in the preferences view of a panel that opened there (a newsletter page's inline panel,
 * `mountUI(consent, { container, view: 'preferences' })`): before any valid decision, the visitor has
 * seen no consent switch, so Save records no consent decision (opt-in: a refusal of everything;
 * opt-out: sale and sharing "allowed" by the visitor). The preference waits for the decision
 * (core/transition.ts); with a valid decision, Save records as before.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import { createMemoryStorage } from '../../src/store/memory';
import { mountUI } from '../../src/ui/mount-ui';
import { sample } from '../unit/fixtures';

afterEach(() => {
  document.body.innerHTML = '';
});

/** The newsletter page's inline panel, opened on its preferences view. */
async function newsletterPage(config: Parameters<typeof createConsent>[0], decided = false) {
  const consent = createConsent(config, { storage: createMemoryStorage() });
  await consent.ready;
  if (decided) await consent.update({ purposes: { analytics: true } });
  const container = document.createElement('section');
  document.body.append(container);
  const handle = mountUI(consent, { container, view: 'preferences' });
  const root = container.querySelector('[data-candor-ui]')!.shadowRoot!;
  const view = root.querySelector<HTMLElement>('#candor-view-preferences')!;
  await vi.waitFor(() => expect(view.querySelector('input[type=checkbox]')).not.toBeNull());
  /** Ticks Newsletter and presses Save; resolves once the preference is set. */
  const subscribe = async (): Promise<void> => {
    view.querySelector<HTMLInputElement>('input[type=checkbox]')!.click();
    Array.from(view.querySelectorAll('button'))
      .find((b) => b.textContent === 'Save choices')!
      .click();
    await vi.waitFor(() => expect(consent.preferences.get('newsletter')).toBe(true));
  };
  return { consent, handle, subscribe };
}

describe('Save in the preferences view a panel opened on', () => {
  it.each([
    ['opt-in', sample],
    ['opt-out', { ...sample, jurisdiction: 'opt-out' as const }],
  ])(
    '%s, before any decision: records no consent decision, the banner still asks, the preference waits for it',
    async (_n, config) => {
      const { consent, handle, subscribe } = await newsletterPage(config);
      await subscribe();
      expect([consent.needsPrompt.value, (await consent.records()).length]).toEqual([true, 0]);
      const decided = await consent.acceptAll(); // the visitor's decision, later: it carries the preference
      expect(decided?.preferences).toMatchObject({ newsletter: true });
      handle.destroy();
      consent.destroy();
    },
  );

  it('after a valid decision: Save records the preference with the choices in force', async () => {
    const { consent, handle, subscribe } = await newsletterPage(sample, true);
    await subscribe();
    await vi.waitFor(async () => expect(await consent.records()).toHaveLength(2));
    const saved = (await consent.records()).find((r) => r.method === 'panel:save');
    expect([saved?.method, saved?.purposes['analytics'], saved?.preferences]).toEqual([
      'panel:save',
      true,
      expect.objectContaining({ newsletter: true }),
    ]);
    handle.destroy();
    consent.destroy();
  });
});

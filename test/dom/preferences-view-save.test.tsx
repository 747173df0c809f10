// @vitest-environment happy-dom
/**
 * Save in the preferences view of a panel that opened there (a newsletter page's inline panel,
 * `mountUI(consent, { container, view: 'preferences' })`): before any valid decision the visitor has
 * seen no consent switch, so Save records no consent decision (opt-in: a refusal of everything;
 * opt-out: sale and sharing "allowed" by the visitor), and does not keep the preference in memory
 * alone either (lost on the next page, or to another tab's decision): it shows the consent switches,
 * with focus on their tab and the preference still ticked; a Save there records both. With a valid
 * decision, Save records at once.
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
  const view = (name: string) => root.querySelector<HTMLElement>(`#candor-view-${name}`)!;
  await vi.waitFor(() => expect(view('preferences').querySelector('input[type=checkbox]')).not.toBeNull());
  const newsletter = () => view('preferences').querySelector<HTMLInputElement>('input[type=checkbox]')!;
  const save = (name: string) =>
    Array.from(view(name).querySelectorAll('button'))
      .find((b) => b.textContent === 'Save choices')!
      .click();
  return { consent, handle, root, newsletter, save };
}

describe('Save in the preferences view a panel opened on', () => {
  it.each([
    ['opt-in', sample],
    ['opt-out', { ...sample, jurisdiction: 'opt-out' as const }],
  ])('%s, before any decision: shows the consent switches first; a Save there records both', async (_n, config) => {
    const { consent, handle, root, newsletter, save } = await newsletterPage(config);
    newsletter().click();
    save('preferences');
    const tab = root.getElementById('candor-tab-choices')!;
    await vi.waitFor(() => expect(tab.getAttribute('aria-selected')).toBe('true'));
    expect(root.activeElement).toBe(tab);
    expect([consent.needsPrompt.value, (await consent.records()).length, newsletter().checked]).toEqual([
      true,
      0,
      true,
    ]);
    save('choices');
    await vi.waitFor(async () => expect(await consent.records()).toHaveLength(1));
    const [saved] = await consent.records();
    expect([saved!.method, saved!.preferences['newsletter'], consent.needsPrompt.value]).toEqual([
      'panel:save',
      true,
      false,
    ]);
    handle.destroy();
    consent.destroy();
  });

  it('after a valid decision: Save records the preference with the choices in force', async () => {
    const { consent, handle, newsletter, save } = await newsletterPage(sample, true);
    newsletter().click();
    save('preferences');
    await vi.waitFor(async () => expect(await consent.records()).toHaveLength(2));
    const saved = (await consent.records()).find((r) => r.method === 'panel:save');
    expect([saved?.purposes['analytics'], saved?.preferences['newsletter']]).toEqual([true, true]);
    handle.destroy();
    consent.destroy();
  });
});

// @vitest-environment happy-dom
/**
 * A choice the instance ignored (it resolved null: the instance was destroyed while its UI stayed,
 * or mountUI was given a destroyed one) was not made: the banner does not tell the visitor that it
 * was saved, nor the page `candor:decision` (docs/events.md: "after a choice"), and the dashboard
 * does not say that everything is off. The panel's own Save choices, Accept all and Reject all (in
 * its dialog or inline) neither; a choice the instance recorded, even one equal to the decision it
 * held, is still said and told.
 */
import { within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import { createMemoryStorage } from '../../src/store/memory';
import { mountUI } from '../../src/ui/mount-ui';
import { sample } from '../unit/fixtures';

const decisions: unknown[] = [];
const heard = (e: Event): number => decisions.push((e as CustomEvent).detail);
document.addEventListener('candor:decision', heard);
afterEach(() => {
  decisions.length = 0;
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

/** A mounted UI whose instance the app destroyed (its own clean-up, without the UI's). */
async function orphaned() {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  const consent = createConsent(sample, { storage: createMemoryStorage() });
  await consent.ready;
  const ui = mountUI(consent);
  consent.destroy();
  const root = document.querySelector('[data-candor-ui]')!.shadowRoot!;
  const said = () => [...root.querySelectorAll('[aria-live]')].map((r) => r.textContent).join('');
  return { consent, ui, q: within(root as unknown as HTMLElement), said };
}
const settled = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 20)));
const PANEL_ACTIONS = ['Save choices', 'Accept all', 'Reject all'] as const;
/** The panel's dialog, opened through the handle (as Customize and the launcher open it). */
async function dialogOf(ui: ReturnType<typeof mountUI>, q: ReturnType<typeof within>) {
  ui.open();
  return within(await q.findByRole('dialog'));
}
/** An inline panel (a `container`) for `consent`, and what its live region says. */
function inline(consent: ReturnType<typeof createConsent>) {
  const container = document.body.appendChild(document.createElement('section'));
  const ui = mountUI(consent, { container });
  const root = container.querySelector('[data-candor-ui]')!.shadowRoot!;
  const status = root.querySelector('[aria-live]')!;
  return { ui, q: within(root as unknown as HTMLElement), status };
}

describe('a choice the instance ignored', () => {
  it('on the banner: nothing is said to be saved, no candor:decision', async () => {
    const { ui, q, said, consent } = await orphaned();
    q.getByRole('button', { name: 'Accept all' }).click();
    await settled();
    expect(await consent.records()).toEqual([]); // nothing was recorded
    expect(said()).not.toContain('saved');
    expect(decisions).toEqual([]);
    ui.destroy();
  });

  it.each(PANEL_ACTIONS)('in the panel: %s: nothing is said to be saved, no candor:decision', async (name) => {
    const { ui, q, said, consent } = await orphaned();
    const dialog = await dialogOf(ui, q);
    dialog.getByRole('button', { name }).click();
    await settled();
    expect(await consent.records()).toEqual([]);
    expect(said()).not.toContain('saved');
    expect(decisions).toEqual([]);
    ui.destroy();
  });

  it('in an inline panel: Save choices, Accept all, Reject all: nothing is said to be saved, no candor:decision', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const consent = createConsent(sample, { storage: createMemoryStorage() });
    await consent.ready;
    const { ui, q, status } = inline(consent);
    consent.destroy();
    for (const name of PANEL_ACTIONS) {
      (await q.findByRole('button', { name })).click();
      await settled();
    }
    expect(await consent.records()).toEqual([]);
    expect(status.textContent).not.toContain('saved');
    expect(decisions).toEqual([]);
    ui.destroy();
  });

  it('withdrawing in "Your data and history" (inline): nothing is said to be off', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const consent = createConsent(sample, { storage: createMemoryStorage() });
    await consent.acceptAll();
    const container = document.body.appendChild(document.createElement('section'));
    const ui = mountUI(consent, { container, view: 'data' });
    consent.destroy();
    const root = container.querySelector('[data-candor-ui]')!.shadowRoot!;
    const q = within(root as unknown as HTMLElement);
    (await q.findByRole('button', { name: 'Withdraw everything' })).click();
    (await q.findByRole('button', { name: 'Yes, withdraw everything' })).click();
    await settled();
    // Nothing was withdrawn: the decision last read stays (a destroyed instance grants nothing optional from it).
    expect(consent.state.peek().decision?.purposes['analytics']).toBe(true);
    expect(consent.state.peek().decision?.method).toBe('api');
    expect([...root.querySelectorAll('[aria-live]')].map((r) => r.textContent).join('')).not.toContain('now off');
    ui.destroy();
  });

  it('a choice made is still said and told', async () => {
    const consent = createConsent(sample, { storage: createMemoryStorage() });
    await consent.ready;
    const ui = mountUI(consent);
    const root = document.querySelector('[data-candor-ui]')!.shadowRoot!;
    within(root as unknown as HTMLElement)
      .getByRole('button', { name: 'Accept all' })
      .click();
    await vi.waitFor(() => expect(decisions).toHaveLength(1));
    expect([...root.querySelectorAll('[aria-live]')].map((r) => r.textContent).join('')).toContain('saved');
    ui.destroy();
    consent.destroy();
  });

  it.each([
    ['Save choices', 'rejectAll'],
    ['Accept all', 'acceptAll'],
    ['Reject all', 'rejectAll'],
  ] as const)('in the panel: %s, equal to the decision held (%s), is still said and told', async (name, held) => {
    const consent = createConsent(sample, { storage: createMemoryStorage() });
    await consent[held]();
    const ui = mountUI(consent);
    const root = document.querySelector('[data-candor-ui]')!.shadowRoot!;
    const dialog = await dialogOf(ui, within(root as unknown as HTMLElement));
    dialog.getByRole('button', { name }).click();
    await vi.waitFor(() => expect(decisions).toEqual([expect.objectContaining({ method: 'panel:save' })]));
    await vi.waitFor(() =>
      expect([...root.querySelectorAll('[aria-live]')].map((r) => r.textContent).join('')).toContain('saved'),
    );
    expect(await consent.records()).toHaveLength(2);
    ui.destroy();
    consent.destroy();
  });

  it('in an inline panel: Save choices, Accept all, Reject all are still said and told', async () => {
    const consent = createConsent(sample, { storage: createMemoryStorage() });
    await consent.ready;
    const { ui, q, status } = inline(consent);
    for (const [i, name] of PANEL_ACTIONS.entries()) {
      status.textContent = '';
      (await q.findByRole('button', { name })).click();
      await vi.waitFor(() => expect(decisions).toHaveLength(i + 1));
      await vi.waitFor(() => expect(status.textContent).toContain('saved'));
    }
    expect((await consent.records()).map((r) => r.method)).toEqual(['panel:save', 'panel:save', 'panel:save']);
    ui.destroy();
    consent.destroy();
  });
});

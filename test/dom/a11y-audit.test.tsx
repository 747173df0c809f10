// @vitest-environment happy-dom
// The accessibility audit's DOM-level rules (Chromium checks them in test/e2e/a11y-audit.spec.ts):
// where announcements are written while the panel's modal dialog is open, and where focus goes.
import { within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import { createMemoryStorage } from '../../src/store/memory';
import { mountPanel } from '../../src/ui/panel-layer';
import { mountShell, type LauncherSlot, type UiHandle } from '../../src/ui/shell';
import { sample } from '../unit/fixtures';
import { shellOptions } from './shell-options';

const handles: UiHandle[] = [];
afterEach(() => {
  handles.splice(0).forEach((h) => h.destroy());
  document.body.innerHTML = '';
});

/** A decided visitor's UI (launcher shown) with the real Preact panel; `slot`: the loader's stand-in launcher, if any. */
async function mounted(slot: LauncherSlot = {}) {
  const consent = createConsent(sample, { storage: createMemoryStorage() });
  await consent.ready;
  await consent.rejectAll();
  const handle = mountShell(consent, shellOptions({ openLinks: false, slot }), mountPanel);
  handles.push(handle);
  const root = document.querySelector<HTMLElement>('[data-candor-ui]')!.shadowRoot!;
  const q = within(root.querySelector<HTMLElement>('.root')!);
  /** Every live region written to, with its text and whether it is inside the dialog. */
  const regions = () =>
    Array.from(root.querySelectorAll('[aria-live]')).map((r) => ({
      text: r.textContent,
      inDialog: !!r.closest('dialog'),
    }));
  return { consent, handle, root, q, regions };
}
/** Lets Preact render and queued microtasks (announcements) run. */
const settle = () => new Promise((r) => setTimeout(r, 0));

/** The loader's stand-in launcher as it makes it: a host with a shadow root holding its button. */
function standInLauncher(): HTMLElement {
  const host = document.createElement('div');
  host.setAttribute('data-candor-launcher', '');
  host.attachShadow({ mode: 'open' }).append(document.createElement('button'));
  document.body.append(host);
  return host;
}

describe('announcements while the panel dialog is open', () => {
  it('a Save closes the dialog first, then speaks in the page’s live region (the dialog’s is gone with it)', async () => {
    const { handle, root, q, regions } = await mounted();
    handle.open();
    await vi.waitFor(() => expect(root.querySelector('dialog')?.open).toBe(true));
    // While open, the dialog has a polite live region of its own.
    await vi.waitFor(() =>
      expect(regions()).toEqual([
        { text: '', inDialog: false },
        { text: '', inDialog: true },
      ]),
    );
    q.getByRole('button', { name: 'Save choices' }).click();
    // By the time the text is written, the dialog is closed: only the page's region is there.
    await vi.waitFor(() => expect(regions()).toEqual([{ text: 'Your choices are saved.', inDialog: false }]));
    expect(root.querySelector('dialog')?.open).toBe(false);
  });

  it('Withdraw speaks inside the open dialog (and the page’s region keeps it for after)', async () => {
    const { handle, root, q, regions } = await mounted();
    handle.open();
    (await q.findByRole('tab', { name: 'Your data and history' })).click();
    await q.findByRole('button', { name: 'Withdraw everything' }, { timeout: 5000 }); // the dashboard chunk
    q.getByRole('button', { name: 'Withdraw everything' }).click();
    await settle();
    q.getByRole('button', { name: 'Yes, withdraw everything' }).click();
    await vi.waitFor(() =>
      expect(regions()).toEqual([
        { text: 'Everything optional is now off.', inDialog: false },
        { text: 'Everything optional is now off.', inDialog: true },
      ]),
    );
    expect(root.querySelector('dialog')?.open).toBe(true);
  });
});

describe('focus is never left on <body>', () => {
  it('Withdraw moves focus to Cancel (in a group named by the question); Cancel and Yes move it back', async () => {
    const { handle, root, q } = await mounted();
    handle.open();
    (await q.findByRole('tab', { name: 'Your data and history' })).click();
    await q.findByRole('button', { name: 'Withdraw everything' }, { timeout: 5000 }); // the dashboard chunk
    q.getByRole('button', { name: 'Withdraw everything' }).click();
    await settle();
    expect(root.activeElement).toBe(q.getByRole('button', { name: 'Cancel' }));
    expect(q.getByRole('group', { name: 'Withdraw everything' }).contains(root.activeElement)).toBe(true);
    q.getByRole('button', { name: 'Cancel' }).click();
    await settle();
    expect(root.activeElement).toBe(q.getByRole('button', { name: 'Withdraw everything' }));
    q.getByRole('button', { name: 'Withdraw everything' }).click();
    await settle();
    q.getByRole('button', { name: 'Yes, withdraw everything' }).click();
    await settle();
    expect(root.activeElement).toBe(q.getByRole('button', { name: 'Withdraw everything' }));
  });

  it('the loader’s focused stand-in launcher hands focus to the UI’s launcher before it goes, and the panel returns there', async () => {
    const standIn = standInLauncher();
    // Focus on the host itself: happy-dom's ShadowRoot.activeElement throws while focus is inside
    // another shadow root (in Chromium, a11y-audit.spec.ts focuses the stand-in's button).
    standIn.tabIndex = -1;
    standIn.focus();
    expect(document.activeElement).toBe(standIn);
    const { handle, root, q } = await mounted({ launcher: standIn });
    expect(standIn.isConnected).toBe(false);
    const launcher = q.getByRole('button', { name: 'Privacy settings' });
    expect(root.activeElement).toBe(launcher);
    handle.open();
    await vi.waitFor(() => expect(root.querySelector('dialog')?.open).toBe(true));
    handle.close();
    await vi.waitFor(() => expect(root.querySelector('dialog')?.open).toBe(false));
    expect(root.activeElement).toBe(launcher);
  });

  it('a stand-in without focus is just removed (focus stays where it was)', async () => {
    const standIn = standInLauncher();
    const field = document.createElement('input');
    document.body.append(field);
    field.focus();
    await mounted({ launcher: standIn });
    expect([standIn.isConnected, document.activeElement]).toEqual([false, field]);
  });

  it('a panel opened while nothing had focus (<body>) closes to the launcher', async () => {
    const { handle, root, q } = await mounted();
    (document.activeElement as HTMLElement | null)?.blur();
    expect(document.activeElement).toBe(document.body);
    handle.open();
    await vi.waitFor(() => expect(root.querySelector('dialog')?.open).toBe(true));
    handle.close();
    await vi.waitFor(() => expect(root.querySelector('dialog')?.open).toBe(false));
    expect(root.activeElement).toBe(q.getByRole('button', { name: 'Privacy settings' }));
  });
});

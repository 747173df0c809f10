// @vitest-environment happy-dom
// One source of truth: the panel's switches follow the decision wherever it changes, and Save
// records only what the visitor sees.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConsentRecord } from '../../src/core/record';
import { createConsent } from '../../src/instance/create-consent';
import type { Consent } from '../../src/instance/types';
import { createMemoryStorage } from '../../src/store/memory';
import { ENGLISH, translate } from '../../src/ui/i18n';
import { Panel } from '../../src/ui/Panel';
import { createUi } from '../../src/ui/ui-model';
import { useHistory } from '../../src/ui/use-history';
import { sample } from '../unit/fixtures';

afterEach(cleanup);

const setup = () => {
  const consent = createConsent(sample, { storage: createMemoryStorage() });
  const ui = createUi(consent, { locale: 'en', messages: ENGLISH }, () => {});
  render(<Panel ui={ui} inline onDone={() => {}} />);
  const statistics = () => screen.getByRole('switch', { name: translate(ENGLISH, 'purpose.analytics.title') });
  return { consent, statistics };
};

describe('the panel follows the decision', () => {
  it('a withdraw made elsewhere (dashboard, API, another tab) turns its switches off, and Save then records the withdrawal, not the old grant', async () => {
    const { consent, statistics } = setup();
    await consent.acceptAll();
    await waitFor(() => expect(statistics().getAttribute('aria-checked')).toBe('true'));
    await consent.withdraw();
    await waitFor(() => expect(statistics().getAttribute('aria-checked')).toBe('false'));
    fireEvent.click(screen.getByRole('button', { name: 'Save choices' }));
    await expect.poll(async () => (await consent.records())[0]?.method).toBe('panel:save');
    const [saved] = await consent.records();
    expect(saved?.purposes['analytics']).toBe(false);
    expect(consent.has('analytics')).toBe(false);
    consent.destroy();
  });

  it('a switch set before the stored state was read stays set when the read finds no other decision (the engine’s `ready` is no change)', async () => {
    const { consent, statistics } = setup();
    expect(consent.state.peek().ready).toBe(false);
    fireEvent.click(statistics());
    expect(statistics().getAttribute('aria-checked')).toBe('true');
    await consent.ready;
    expect(consent.state.peek().ready).toBe(true);
    expect(statistics().getAttribute('aria-checked')).toBe('true');
    consent.destroy();
  });

  it('a change elsewhere shows for the ids it changed and keeps a switch the visitor set and did not save: a placeholder’s grant does not turn a refusal on screen back on', async () => {
    const { consent, statistics } = setup();
    await consent.acceptAll();
    await consent.update({ services: { youtube: false } });
    const youtube = () => screen.getByRole('switch', { name: 'YouTube' });
    await waitFor(() => expect(youtube().getAttribute('aria-checked')).toBe('false'));
    fireEvent.click(statistics()); // a refusal, on screen, not saved yet
    await consent.update({ services: { youtube: true } }, { method: 'placeholder' });
    await waitFor(() => expect(youtube().getAttribute('aria-checked')).toBe('true'));
    expect(statistics().getAttribute('aria-checked')).toBe('false');
    fireEvent.click(screen.getByRole('button', { name: 'Save choices' }));
    await expect.poll(async () => (await consent.records())[0]?.method).toBe('panel:save');
    const [saved] = await consent.records();
    expect([saved?.purposes['analytics'], saved?.services['youtube'], saved?.purposes['marketing']]).toEqual([
      false,
      true,
      true,
    ]);
    consent.destroy();
  });

  it('a withdrawal, and a decision made in the panel itself, reset every switch: none left on that was not recorded', async () => {
    const { consent, statistics } = setup();
    const functional = () => screen.getByRole('switch', { name: translate(ENGLISH, 'purpose.functional.title') });
    await consent.update({ purposes: { analytics: true } });
    await waitFor(() => expect(statistics().getAttribute('aria-checked')).toBe('true'));
    fireEvent.click(functional()); // on, not saved
    await consent.withdraw();
    await waitFor(() => expect(statistics().getAttribute('aria-checked')).toBe('false'));
    expect(functional().getAttribute('aria-checked')).toBe('false');
    fireEvent.click(functional()); // on again, not saved: then the panel's own Reject all
    fireEvent.click(screen.getByRole('button', { name: 'Reject all' }));
    expect(functional().getAttribute('aria-checked')).toBe('false');
    expect(consent.has('functional')).toBe(false);
    consent.destroy();
  });

  it('a page that pollutes Object.prototype adds no id to the drafts: Save after a change still records', async () => {
    const { consent, statistics } = setup();
    const proto = Object.prototype as Record<string, unknown>;
    proto['polluted'] = true;
    try {
      await consent.acceptAll();
      await waitFor(() => expect(statistics().getAttribute('aria-checked')).toBe('true'));
      fireEvent.click(screen.getByRole('button', { name: 'Save choices' }));
      await expect.poll(async () => (await consent.records())[0]?.method).toBe('panel:save');
    } finally {
      delete proto['polluted'];
      consent.destroy();
    }
  });

  it('a decision made in the banner after the panel was mounted shows at once', async () => {
    const { consent, statistics } = setup();
    expect(statistics().getAttribute('aria-checked')).toBe('false');
    await consent.acceptAll();
    await waitFor(() => expect(statistics().getAttribute('aria-checked')).toBe('true'));
    consent.destroy();
  });
});

describe('the dashboard’s history follows the decision', () => {
  it('a decision that arrives without its record (the cookie, read first on a restore from the back/forward cache) has the history read again: its newest entry is the decision in force', async () => {
    const record = (id: string, method: string) => ({ id, method }) as unknown as ConsentRecord;
    let stored = [record('a1', 'banner:accept-all')];
    const listeners: ((e: { record: ConsentRecord | null }) => void)[] = [];
    const consent = {
      records: () => Promise.resolve(stored),
      on: (_: string, fn: (e: { record: ConsentRecord | null }) => void) => (listeners.push(fn), () => {}),
    } as unknown as Consent;
    function History() {
      const history = useHistory(consent);
      return (
        <ul>
          {history.value.map((r) => (
            <li key={r.id}>{r.id}</li>
          ))}
        </ul>
      );
    }
    render(<History />);
    const ids = () => screen.queryAllByRole('listitem').map((li) => li.textContent);
    await waitFor(() => expect(ids()).toEqual(['a1']));
    // Another page refused; this one, restored, hears the decision from the cookie, without its record.
    stored = [record('r2', 'panel:reject-all'), ...stored];
    for (const fn of listeners) fn({ record: null });
    await waitFor(() => expect(ids()).toEqual(['r2', 'a1']));
    // A decision made here shows at once, before storage has it.
    for (const fn of listeners) fn({ record: record('x3', 'panel:save') });
    await waitFor(() => expect(ids()).toEqual(['x3', 'r2', 'a1']));
  });
});

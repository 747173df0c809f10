// @vitest-environment happy-dom
// One source of truth: the panel's switches follow the decision wherever it changes, and Save
// records only what the visitor sees.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import { createMemoryStorage } from '../../src/store/memory';
import { ENGLISH, translate } from '../../src/ui/i18n';
import { Panel } from '../../src/ui/Panel';
import { createUi } from '../../src/ui/ui-model';
import { sample } from '../unit/fixtures';

afterEach(cleanup);

const setup = () => {
  const consent = createConsent(sample, { storage: createMemoryStorage() });
  const ui = createUi(consent, 'en', ENGLISH, () => {});
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

  it('a decision made in the banner after the panel was mounted shows at once', async () => {
    const { consent, statistics } = setup();
    expect(statistics().getAttribute('aria-checked')).toBe('false');
    await consent.acceptAll();
    await waitFor(() => expect(statistics().getAttribute('aria-checked')).toBe('true'));
    consent.destroy();
  });
});

// @vitest-environment happy-dom
/**
 * An inline panel stays on screen after a decision made in it: every switch then shows that
 * decision. Before (from an attacker's review), a switch turned off and not saved stayed off after
 * Accept all in the same panel, though the decision granted it (a sensitive purpose, which Accept
 * all leaves as it was, too). A decision made elsewhere keeps such a switch (Panel.tsx useDrafts).
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, expect, it } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import { createMemoryStorage } from '../../src/store/memory';
import { ENGLISH, translate } from '../../src/ui/i18n';
import { Panel } from '../../src/ui/Panel';
import { createUi } from '../../src/ui/ui-model';
import { sample } from '../unit/fixtures';

afterEach(cleanup);

const setup = () => {
  const consent = createConsent(sample, { storage: createMemoryStorage() });
  const ui = createUi(consent, { locale: 'en', messages: ENGLISH }, () => {});
  render(<Panel ui={ui} inline onDone={() => {}} />);
  const sw = (id: string) => screen.getByRole('switch', { name: translate(ENGLISH, `purpose.${id}.title`) });
  return { consent, sw };
};

it('Accept all in the inline panel: a purpose switched off and not saved is granted, and its switch shows it on', async () => {
  const { consent, sw } = setup();
  await consent.update({ purposes: { analytics: true } });
  await waitFor(() => expect(sw('analytics').getAttribute('aria-checked')).toBe('true'));
  fireEvent.click(sw('analytics')); // off on screen, not saved
  fireEvent.click(screen.getByRole('button', { name: 'Accept all' }));
  await expect.poll(async () => (await consent.records()).length).toBe(2); // Accept all recorded
  expect(consent.has('analytics')).toBe(true);
  await waitFor(() => expect(sw('marketing').getAttribute('aria-checked')).toBe('true'));
  expect(sw('analytics').getAttribute('aria-checked')).toBe('true');
  consent.destroy();
});

it('Accept all in the inline panel leaves a granted sensitive purpose granted, and its switch, turned off and not saved, shows it on', async () => {
  const { consent, sw } = setup();
  await consent.update({ purposes: { 'health-personalization': true } });
  await waitFor(() => expect(sw('health-personalization').getAttribute('aria-checked')).toBe('true'));
  fireEvent.click(sw('health-personalization')); // off on screen, not saved
  fireEvent.click(screen.getByRole('button', { name: 'Accept all' }));
  await expect.poll(async () => (await consent.records()).length).toBe(2);
  expect(consent.has('health-personalization')).toBe(true); // a bulk accept leaves sensitive purposes as they were
  expect(sw('health-personalization').getAttribute('aria-checked')).toBe('true');
  consent.destroy();
});

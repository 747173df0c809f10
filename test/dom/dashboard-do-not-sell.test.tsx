// @vitest-environment happy-dom
/**
 * The dashboard's "Do not sell or share my data" (opt-out mode) sends the request to the site and
 * stops the sale and sharing on this browser too, as the panel's "Do not sell or share" does: the
 * visitor who asked must not see the tags that sell or share go on running.
 */
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, expect, it } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import { createMemoryStorage } from '../../src/store/memory';
import { ENGLISH } from '../../src/ui/i18n';
import { Panel } from '../../src/ui/Panel';
import { createUi } from '../../src/ui/ui-model';
import { sample } from '../unit/fixtures';

afterEach(cleanup);

/** An opt-out site with an endpoint that takes the request. */
async function optOutSite() {
  const consent = createConsent(
    { ...sample, jurisdiction: 'opt-out', sync: { endpoint: 'https://example.com/api/consent' } },
    {
      storage: createMemoryStorage(),
      fetch: async () => new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } }),
    },
  );
  await consent.ready;
  return consent;
}

it('opt-out mode: "Do not sell or share my data" in "Your data and history" stops the sale and sharing on this browser too', async () => {
  const consent = await optOutSite();
  expect(consent.has('marketing')).toBe(true); // opt-out: on until the visitor opts out
  const ui = createUi(consent, { locale: 'en', messages: ENGLISH }, () => {});
  render(<Panel ui={ui} inline onDone={() => {}} view="data" />);
  fireEvent.click(await screen.findByRole('button', { name: 'Do not sell or share my data' }));
  await screen.findByText('Your request was sent. We will get back to you.');
  // The visitor said "do not sell or share": the tags that sell or share must stop here as well.
  expect(consent.has('marketing')).toBe(false);
  const [record] = await consent.records();
  expect([record?.method, record?.purposes['marketing'], record?.purposes['analytics']]).toEqual([
    'panel:save',
    false,
    true, // only the sale and sharing
  ]);
  consent.destroy();
});

it('opt-out mode: it also stops a sale or sharing service a placeholder allowed alone (as the panel’s button does)', async () => {
  const consent = await optOutSite();
  await consent.update({ purposes: { marketing: false } });
  await consent.update({ services: { youtube: true } }, { method: 'placeholder' });
  expect([consent.has('marketing'), consent.has('youtube')]).toEqual([false, true]);
  const ui = createUi(consent, { locale: 'en', messages: ENGLISH }, () => {});
  render(<Panel ui={ui} inline onDone={() => {}} view="data" />);
  fireEvent.click(await screen.findByRole('button', { name: 'Do not sell or share my data' }));
  await screen.findByText('Your request was sent. We will get back to you.');
  expect([consent.has('marketing'), consent.has('youtube'), consent.has('analytics')]).toEqual([false, false, true]);
  consent.destroy();
});

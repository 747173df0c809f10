// @vitest-environment happy-dom
// candor/react's hooks outside any <ConsentProvider> (a provider forgotten, or put below the
// component that asks): they answer fail-closed, as before, and say so once on the console,
// instead of leaving a developer to wonder why nothing is ever granted.
import { cleanup, render, screen } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, expect, it, vi } from 'vitest';
import { ConsentProvider, Granted, useConsent, useGranted } from '../../src/entries/react';

afterEach(() => {
  cleanup();
  document.body.innerHTML = '';
});

function Probe() {
  const consent = useConsent();
  const granted = useGranted('analytics');
  return createElement(
    'p',
    null,
    createElement(
      'span',
      null,
      `${consent === null ? 'no instance' : 'instance'}; analytics ${granted ? 'granted' : 'denied'}`,
    ),
    createElement(Granted, { when: 'analytics', fallback: 'placeholder' }, 'video'),
  );
}

// The module says it once per page: the test inside a provider runs first, before anything was said.
it('says nothing inside a provider, before its session has started (the server, the first render)', () => {
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  const config = { policy: { revision: 1 }, purposes: [{ id: 'necessary', required: true }] };
  render(createElement(ConsentProvider, { config, page: false, ui: false }, createElement(Probe)));
  expect(screen.getByText(/analytics denied/)).toBeTruthy();
  expect(error.mock.calls.filter((c) => String(c[0]).includes('<ConsentProvider>'))).toHaveLength(0);
});

it('says once that the hooks need a ConsentProvider above them, and grants nothing', () => {
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  render(createElement('div', null, createElement(Probe), createElement(Probe)));
  expect(screen.getAllByText('no instance; analytics denied')).toHaveLength(2);
  expect(screen.getAllByText('placeholder')).toHaveLength(2);
  const told = error.mock.calls.filter((c) => String(c[0]).includes('<ConsentProvider>'));
  expect(told).toHaveLength(1);
  expect(String(told[0]![0])).toMatch(/^Candor: no <ConsentProvider> above these hooks/);
});

// candor/react in server rendering (Node, no DOM): the provider renders its children with the
// fail-closed answers and starts nothing (no instance, no timers, no window).
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ConsentProvider, useConsent, useConsentState, useGranted } from '../../src/entries/react';

function Probe() {
  const consent = useConsent();
  const state = useConsentState();
  return createElement('p', null, `${consent === null} ${state === null} ${useGranted('analytics')}`);
}

describe('candor/react on the server', () => {
  it('renders fail-closed without starting a session', () => {
    expect(typeof window).toBe('undefined');
    const html = renderToString(
      createElement(
        ConsentProvider,
        { config: { policy: { revision: 1 }, purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }] } },
        createElement(Probe),
      ),
    );
    expect(html).toBe('<p>true true false</p>');
  });
});

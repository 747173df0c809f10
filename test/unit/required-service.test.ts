/**
 * A service of a required purpose is always in effect (grants.ts `grantsOf`): a record never says
 * it was refused, whatever the API was asked (from an attacker's review: the receipt said refused,
 * `has()` said granted).
 */
import { expect, it } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import { createMemoryStorage } from '../../src/store/memory';

const config = {
  policy: { revision: 1 },
  purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }],
  services: [
    { id: 'chat', purpose: 'necessary', name: 'Chat' },
    { id: 'ga4', purpose: 'analytics', name: 'GA4' },
  ],
} as const;

for (const [what, act] of [
  ['update() refusing it', (c: ReturnType<typeof createConsent>) => c.update({ services: { chat: false } })],
  ['Reject all', (c: ReturnType<typeof createConsent>) => c.rejectAll()],
  ['a withdrawal', (c: ReturnType<typeof createConsent>) => c.withdraw()],
] as const)
  it(`${what}: the record says granted, as has() does`, async () => {
    const consent = createConsent(config, { storage: createMemoryStorage() });
    await consent.ready;
    await consent.acceptAll();
    await act(consent);
    const [record] = await consent.records();
    expect([record!.services['chat'], consent.has('chat')]).toEqual([true, true]);
    expect(record!.services['ga4']).toBe(what === 'update() refusing it');
    consent.destroy();
  });

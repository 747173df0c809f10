import { describe, expect, it } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import { createMemoryStorage } from '../../src/store/memory';
import { DAY, NOW, sample } from './fixtures';

describe('identify() as the decision expires (review)', () => {
  it('links no decision that expired before the link is made: no fresh decision the visitor did not make, the visitor is asked', async () => {
    let t = NOW;
    let expireDuringPull = false;
    const fetchFn = (async (_u: string, init: RequestInit) => {
      if (init.method !== 'POST' && expireDuringPull) t = NOW + 182 * DAY + 1;
      return new Response(init.method === 'POST' ? '{}' : JSON.stringify({ record: null }));
    }) as unknown as typeof fetch;
    const c = createConsent(
      { ...sample, jurisdiction: 'opt-out', sync: { endpoint: 'https://example.com/consent', pull: true } },
      { now: () => t, gpc: false, storage: createMemoryStorage(), fetch: fetchFn },
    );
    await c.ready;
    const refused = (await c.rejectAll())!;
    // The decision's end passes while the pull is on its way; the expiry timer (throttled in a
    // background tab) has not woken yet.
    t = NOW + 182 * DAY - 1000;
    expireDuringPull = true;
    await c.identify('user 1');
    const [latest] = await c.records();
    expect(latest!.id).toBe(refused.id); // no record made for the visitor
    expect(c.needsPrompt.value).toBe(true);
    c.destroy();
  });
});

import { describe, expect, it } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import type { ConsentRecord } from '../../src/core/record';
import { createMemoryStorage } from '../../src/store/memory';
import { NOW, sample } from './fixtures';

const synced = { ...sample, sync: { endpoint: 'https://example.com/consent', pull: true } };

describe('identify() for one user, then for another before the first pull answered (review)', () => {
  it("the first user's late answer neither applies nor takes the subject back: the second user's choices are theirs", async () => {
    // User A accepted everything on another device a minute ago.
    const laptop = createConsent(synced, {
      now: () => NOW - 60_000,
      storage: createMemoryStorage(),
      fetch: (async () => new Response('{}')) as unknown as typeof fetch,
    });
    await laptop.identify('A');
    const accepted = { ...(await laptop.acceptAll())!, subject: 'A' };
    laptop.destroy();
    // On this device, A's GET is slow; B (who has no record yet) gets an answer at once.
    let answerA: () => void = () => {};
    const posted: ConsentRecord[] = [];
    const fetchFn = (async (url: string, init: RequestInit) => {
      if (init.method === 'POST') {
        posted.push(...(JSON.parse(String(init.body)) as { records: ConsentRecord[] }).records);
        return new Response('{}');
      }
      if (new URL(url).searchParams.get('subject') === 'A') await new Promise<void>((r) => (answerA = r));
      const subject = new URL(url).searchParams.get('subject');
      return new Response(JSON.stringify({ record: subject === 'A' ? accepted : null }));
    }) as unknown as typeof fetch;
    const c = createConsent(synced, { now: () => NOW, storage: createMemoryStorage(), fetch: fetchFn });
    await c.ready;
    const first = c.identify('A'); // a stale session, or A signing out…
    await new Promise((r) => setTimeout(r, 0));
    await c.identify('B'); // …and B signing in
    answerA();
    await first;
    expect(c.state.value.subject).toBe('B');
    expect(c.has('marketing')).toBe(false); // A's choice is not B's
    const mine = (await c.rejectAll())!;
    expect(mine.subject).toBe('B');
    c.destroy();
  });
});

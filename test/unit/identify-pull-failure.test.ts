import { describe, expect, it, vi } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import type { ConsentRecord } from '../../src/core/record';
import { createMemoryStorage } from '../../src/store/memory';
import { DAY, NOW, sample } from './fixtures';

const synced = { ...sample, sync: { endpoint: 'https://example.com/consent', pull: true } };

/** A receiver that keeps every record and answers the GET with a subject's newest; `down` makes its GET answer 503. */
function receiver() {
  const records: ConsentRecord[] = [];
  const state = { down: false };
  const fetchFn = (async (url: string, init: RequestInit) => {
    if (init.method === 'POST') {
      records.push(...(JSON.parse(String(init.body)) as { records: ConsentRecord[] }).records);
      return new Response('{}');
    }
    if (state.down) return new Response('busy', { status: 503 });
    const subject = new URL(url).searchParams.get('subject');
    const mine = records
      .filter((r) => r.subject === subject)
      .sort((a, b) => Date.parse(b.issuedAt) - Date.parse(a.issuedAt));
    return new Response(JSON.stringify({ record: mine[0] ?? null }));
  }) as unknown as typeof fetch;
  return { records, state, fetchFn };
}

describe('identify() when the pull fails (review)', () => {
  it("links nothing when the user's record could not be read: an older local choice re-dated as the user's newest would undo their later refusal on their other devices", async () => {
    const server = receiver();
    // The phone: the signed-in user refuses everything a minute ago.
    let phoneNow = NOW - 60_000;
    const phone = createConsent(synced, { now: () => phoneNow, storage: createMemoryStorage(), fetch: server.fetchFn });
    await phone.identify('user 1');
    const refused = (await phone.rejectAll())!;
    await vi.waitFor(() => expect(server.records.map((r) => r.id)).toContain(refused.id));
    // The laptop: accepted everything a day ago, before signing in.
    let laptopNow = NOW - DAY;
    const laptop = createConsent(synced, {
      now: () => laptopNow,
      storage: createMemoryStorage(),
      fetch: server.fetchFn,
    });
    await laptop.acceptAll();
    laptopNow = NOW;
    // The user signs in on the laptop while the endpoint's GET fails (a deploy, a 503, a network blip).
    server.state.down = true;
    await laptop.identify('user 1');
    await new Promise((r) => setTimeout(r, 20)); // whatever the laptop sends, it has sent
    expect(server.records.filter((r) => r.subject === 'user 1').map((r) => r.id)).toEqual([refused.id]);
    // Back on the phone, the user's refusal stands.
    server.state.down = false;
    phoneNow = NOW + 60_000;
    await phone.identify('user 1');
    expect(phone.has('marketing')).toBe(false);
    phone.destroy();
    laptop.destroy();
  });
});

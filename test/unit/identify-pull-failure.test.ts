import { describe, expect, it, vi } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import type { ConsentRecord } from '../../src/core/record';
import { createMemoryStorage } from '../../src/store/memory';
import { DAY, NOW, sample } from './fixtures';

const synced = { ...sample, sync: { endpoint: 'https://example.com/consent', pull: true } };

/**
 * A receiver that keeps every record and answers the GET with a subject's newest; `down` makes its
 * GET answer 503, `alter` changes the record it answers.
 */
function receiver() {
  const records: ConsentRecord[] = [];
  const state = { down: false, alter: (r: ConsentRecord): unknown => r };
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
    return new Response(JSON.stringify({ record: mine[0] ? state.alter(mine[0]) : null }));
  }) as unknown as typeof fetch;
  return { records, state, fetchFn };
}

/**
 * The phone: the signed-in user refuses everything a minute ago. The laptop: accepted everything a
 * day ago, before signing in; its clock is then set to now, when the user signs in there.
 */
async function refusedOnPhoneAcceptedOnLaptop(server: ReturnType<typeof receiver>) {
  const clocks = { phone: NOW - 60_000, laptop: NOW - DAY };
  const phone = createConsent(synced, {
    now: () => clocks.phone,
    storage: createMemoryStorage(),
    fetch: server.fetchFn,
  });
  await phone.identify('user 1');
  const refused = (await phone.rejectAll())!;
  await vi.waitFor(() => expect(server.records.map((r) => r.id)).toContain(refused.id));
  const laptop = createConsent(synced, {
    now: () => clocks.laptop,
    storage: createMemoryStorage(),
    fetch: server.fetchFn,
  });
  const accepted = (await laptop.acceptAll())!;
  clocks.laptop = NOW;
  return { phone, laptop, refused, accepted, clocks };
}

describe('identify() when the pull fails (review)', () => {
  it("links nothing when the user's record could not be read: an older local choice re-dated as the user's newest would undo their later refusal on their other devices", async () => {
    const server = receiver();
    const { phone, laptop, refused, clocks } = await refusedOnPhoneAcceptedOnLaptop(server);
    // The user signs in on the laptop while the endpoint's GET fails (a deploy, a 503, a network blip).
    server.state.down = true;
    await laptop.identify('user 1');
    await new Promise((r) => setTimeout(r, 20)); // whatever the laptop sends, it has sent
    expect(server.records.filter((r) => r.subject === 'user 1').map((r) => r.id)).toEqual([refused.id]);
    // Back on the phone, the user's refusal stands.
    server.state.down = false;
    clocks.phone = NOW + 60_000;
    await phone.identify('user 1');
    expect(phone.has('marketing')).toBe(false);
    phone.destroy();
    laptop.destroy();
  });
});

describe('identify() when the endpoint answers 2xx with a record this device cannot use (review)', () => {
  it.each([
    // A newer SDK on the user's other device (or the server) speaks a later schema: this one cannot read it.
    ['a record of another schema version', (r: ConsentRecord) => ({ ...r, schemaVersion: 2 })],
    ['a record of a method this SDK does not know', (r: ConsentRecord) => ({ ...r, method: 'banner:close' })],
    // A broken or hostile endpoint: the record is not the user's.
    ['another subject’s record', (r: ConsentRecord) => ({ ...r, subject: 'user 2' })],
  ])(
    '%s: links nothing, as when the GET fails (a link dated now would outrank the later refusal)',
    async (_n, alter) => {
      const server = receiver();
      server.state.alter = alter;
      const { phone, laptop, accepted } = await refusedOnPhoneAcceptedOnLaptop(server);
      await laptop.identify('user 1');
      // identify() resolves once a link it makes is recorded: there is none.
      expect((await laptop.records()).map((r) => r.id)).toEqual([accepted.id]);
      expect(laptop.has('marketing')).toBe(true); // the laptop's own choice stands there, unchanged
      phone.destroy();
      laptop.destroy();
    },
  );
});

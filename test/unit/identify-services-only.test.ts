import { describe, expect, it } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import type { ConsentRecord } from '../../src/core/record';
import { createMemoryStorage } from '../../src/store/memory';
import { NOW, sample } from './fixtures';

const optOut = {
  ...sample,
  jurisdiction: 'opt-out',
  sync: { endpoint: 'https://example.com/consent', pull: true },
} as const;

/** A receiver: keeps what is posted, answers the GET with the subject's newest record. */
function receiver() {
  const records: ConsentRecord[] = [];
  const fetchFn = (async (url: string, init: RequestInit) => {
    if (init.method === 'POST') {
      records.push(...(JSON.parse(String(init.body)) as { records: ConsentRecord[] }).records);
      return new Response('{}');
    }
    const subject = new URL(url).searchParams.get('subject');
    const mine = records
      .filter((r) => r.subject === subject)
      .sort((a, b) => Date.parse(b.issuedAt) - Date.parse(a.issuedAt));
    return new Response(JSON.stringify({ record: mine[0] ?? null }));
  }) as unknown as typeof fetch;
  return { records, fetchFn };
}

describe("identify() pulls another device's placeholder grant made before any decision there (review)", () => {
  it('it does not undo the refusal of sale and sharing made on this device (opt-out mode): nothing is granted that the visitor refused', async () => {
    const server = receiver();
    // This phone: the visitor opted out of sale and sharing (Reject all) before signing in.
    let phoneNow = NOW - 60_000;
    const phone = createConsent(optOut, {
      now: () => phoneNow,
      gpc: false,
      storage: createMemoryStorage(),
      fetch: server.fetchFn,
    });
    await phone.ready;
    await phone.rejectAll();
    expect(phone.has('marketing')).toBe(false);
    // The laptop: signed in, no record yet, no decision there; the visitor loads one embed of a sensitive
    // purpose (never on by default, so it shows a placeholder). A grant of that service alone, deciding nothing else.
    const laptop = createConsent(optOut, {
      now: () => NOW,
      gpc: false,
      storage: createMemoryStorage(),
      fetch: server.fetchFn,
    });
    await laptop.identify('user 1');
    const video = (await laptop.update({ services: { 'symptom-tracker': true } }, { method: 'placeholder' }))!;
    expect(video.purposes).toEqual({});
    await new Promise((r) => setTimeout(r, 20));
    expect(server.records.map((r) => r.id)).toContain(video.id);
    // The phone signs in: the laptop's record is newer, but it decided nothing about marketing.
    phoneNow = NOW + 60_000;
    await phone.identify('user 1');
    expect(phone.has('marketing')).toBe(false);
    expect(phone.has('meta-pixel')).toBe(false);
    phone.destroy();
    laptop.destroy();
  });
});

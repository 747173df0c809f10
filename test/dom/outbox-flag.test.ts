// @vitest-environment happy-dom
// The localStorage flag that makes a later page's loader load the engine to deliver what earlier
// pages left in the sync outbox: cleared only when an empty outbox was read from durable storage.
import { afterEach, describe, expect, it } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import { OUTBOX_FLAG_KEY, SYNC_AFTER_KEY } from '../../src/store/keys';
import { createMemoryStorage } from '../../src/store/memory';
import { syncHold } from '../../src/store/outbox-flag';
import type { ConsentStorage } from '../../src/store/storage';
import { NOW, sample } from '../unit/fixtures';

afterEach(() => localStorage.clear());

/** An instance syncing to an endpoint that accepts everything, over `storage`; resolves once it has flushed. */
async function flushedOver(storage: ConsentStorage): Promise<void> {
  let posted = 0;
  const fetch = (async () => (posted++, new Response('{}', { status: 200 }))) as unknown as typeof globalThis.fetch;
  const consent = createConsent(
    { ...sample, sync: { endpoint: 'https://example.com/consent' } },
    { storage, now: () => NOW, fetch },
  );
  await consent.ready;
  // The start-up flush reads the outbox (empty here) and sets the flag from what it read.
  await expect.poll(() => storage.outbox()).toEqual([]);
  await new Promise((r) => setTimeout(r, 0));
  expect(posted).toBe(0);
  consent.destroy();
}

describe('the outbox flag', () => {
  it('stays set when this page reads the outbox from memory alone (IndexedDB unavailable here): what earlier pages left waits for a later one', async () => {
    localStorage.setItem(OUTBOX_FLAG_KEY, '1');
    await flushedOver({ ...createMemoryStorage(), durable: () => false });
    expect(localStorage.getItem(OUTBOX_FLAG_KEY)).toBe('1');
  });

  it('is cleared when an empty outbox was read from durable storage', async () => {
    localStorage.setItem(OUTBOX_FLAG_KEY, '1');
    await flushedOver({ ...createMemoryStorage(), durable: () => true });
    expect(localStorage.getItem(OUTBOX_FLAG_KEY)).toBeNull();
  });
});

describe("the endpoint's Retry-After, kept for the other tabs and later pages", () => {
  it('reads 0 for nothing and for what is no positive time (another script may write the key), and is cleared with 0', () => {
    expect(syncHold.read()).toBe(0);
    for (const junk of ['', 'soon', '-5', 'NaN', '0x', '{}'])
      expect((localStorage.setItem(SYNC_AFTER_KEY, junk), syncHold.read())).toBe(0);
    syncHold.write(NOW + 5000);
    expect(localStorage.getItem(SYNC_AFTER_KEY)).toBe(String(NOW + 5000));
    expect(syncHold.read()).toBe(NOW + 5000);
    syncHold.write(0);
    expect(localStorage.getItem(SYNC_AFTER_KEY)).toBeNull();
  });

  it("a page started during an earlier page's Retry-After sends none of the outbox's records; one started after it sends them", async () => {
    const storage = createMemoryStorage();
    // An earlier page's decision, left in the outbox.
    await storage.append((await createConsent(sample, { now: () => NOW }).acceptAll())!, { outbox: true });
    expect(await storage.outbox()).toHaveLength(1);
    let posted = 0;
    const fetch = (async () => (posted++, new Response('{}', { status: 200 }))) as unknown as typeof globalThis.fetch;
    const open = (now: number) =>
      createConsent(
        { ...sample, sync: { endpoint: 'https://example.com/consent' } },
        { storage, now: () => now, fetch },
      );
    localStorage.setItem(SYNC_AFTER_KEY, String(NOW + 60_000));
    const during = open(NOW);
    await during.ready;
    await new Promise((r) => setTimeout(r, 20)); // a start-up flush that sent would have by now (memory storage)
    during.destroy();
    expect(posted).toBe(0);
    expect(await storage.outbox()).toHaveLength(1);
    const after = open(NOW + 60_000);
    await expect.poll(() => storage.outbox()).toEqual([]);
    after.destroy();
    expect(posted).toBe(1);
    expect(localStorage.getItem(SYNC_AFTER_KEY)).toBeNull(); // delivered: the server takes records again
  });
});

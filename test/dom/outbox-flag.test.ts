// @vitest-environment happy-dom
// The localStorage flag that makes a later page's loader load the engine to deliver what earlier
// pages left in the sync outbox: cleared only when an empty outbox was read from durable storage.
import { afterEach, describe, expect, it } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import { OUTBOX_FLAG_KEY } from '../../src/store/keys';
import { createMemoryStorage } from '../../src/store/memory';
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

import { describe, expect, it } from 'vitest';
import { toDecision } from '../../src/core/record';
import { createConsent } from '../../src/instance/create-consent';
import { createMemoryStorage } from '../../src/store/memory';
import type { ConsentStorage } from '../../src/store/storage';
import { NOW, sample } from './fixtures';

/**
 * identify() before ready keeps its subject over the one the stored record names (instance/
 * identify.ts). A record made as the stored decision is read, GPC's own on an opt-out site, comes
 * after the identify() call: it is the user's, not the anonymous subject's the record named.
 */
const optOut = { ...sample, jurisdiction: 'opt-out' } as const;

describe('identify() before ready on an opt-out site with GPC (review)', () => {
  it("records GPC's opt-out made at ready for the identified user", async () => {
    const stored = createMemoryStorage();
    const before = createConsent(optOut, { storage: stored, now: () => NOW - 86_400_000, gpc: false });
    await before.ready;
    const accepted = (await before.acceptAll())!; // yesterday, anonymous, before GPC was turned on
    before.destroy();
    // This page: the cookie answers at once, IndexedDB (the record, its subject) a moment later.
    let read = false;
    const storage: ConsentStorage = {
      ...stored,
      peek: () => (read ? stored.peek() : { decision: toDecision(accepted), record: null }),
      load: async () => (await new Promise((r) => setTimeout(r, 10)), (read = true), stored.peek()),
    };
    const c = createConsent(optOut, { storage, now: () => NOW, gpc: true });
    const signedIn = c.identify('user-1'); // the app signs its user in at start-up
    await c.ready;
    await signedIn;
    const [newest] = await c.records();
    expect(newest?.method).toBe('gpc');
    expect(newest?.subject).toBe('user-1');
    c.destroy();
  });
});

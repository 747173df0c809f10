/**
 * A page's subscriber on `consent.state` that throws (the README's Svelte recipe subscribes to it;
 * a site's handler calls a tag function that is not there): it runs inside the engine's write of
 * the state, and its error must neither reach the page's call nor stop the decision from being
 * recorded, stored and told (instance/decisions.ts `write`). Reported as `listener/failed`.
 */
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import type { ConsentError } from '../../src/core/errors';
import { createConsent } from '../../src/instance/create-consent';
import type { ConsentEvents } from '../../src/instance/types';
import { createMemoryStorage } from '../../src/store/memory';
import { NOW, device, fakeTabBus, sample } from './fixtures';

const fbq = (): never => {
  throw new ReferenceError('fbq is not defined');
};

describe("a site's subscriber on consent.state that throws", () => {
  it('acceptAll neither throws into the page nor loses its record; the page hears the change and the error', async () => {
    const consent = createConsent(sample, { now: () => NOW, storage: createMemoryStorage() });
    await consent.ready;
    consent.state.subscribe((s) => void (s.purposes['marketing'] && fbq()));
    const changes: ConsentEvents['change'][] = [];
    const errors: ConsentError[] = [];
    consent.on('change', (e) => changes.push(e));
    consent.on('error', (e) => errors.push(e));
    const made = await consent.acceptAll();
    expect(consent.has('marketing')).toBe(true);
    expect(changes.map((e) => e.record?.id)).toEqual([made!.id]);
    expect((await consent.records()).map((r) => r.id)).toEqual([made!.id]);
    expect(errors.map((e) => [e.code, (e.cause as Error).message])).toEqual([
      ['listener/failed', 'fbq is not defined'],
    ]);
  });

  it("another tab's withdrawal still reaches this page's listeners (the gate, Consent Mode, the clean-up)", async () => {
    const bus = fakeTabBus();
    const idb = new IDBFactory();
    const { page } = device(
      () => idb,
      () => bus.open(),
    );
    const [here, there] = [page(), page()];
    await Promise.all([here.ready, there.ready]);
    await there.acceptAll();
    await vi.waitFor(() => expect(here.has('marketing')).toBe(true));
    here.state.subscribe((s) => void (s.decision && !s.purposes['marketing'] && fbq()));
    const changes: ConsentEvents['change'][] = [];
    here.on('change', (e) => changes.push(e));
    await there.withdraw();
    await vi.waitFor(() => expect(here.has('marketing')).toBe(false));
    await vi.waitFor(() => expect(changes).toHaveLength(1));
    expect(changes.map((e) => [e.source, e.state.purposes['marketing']])).toEqual([['tab', false]]);
  });

  it('is reported once: an error listener that decides again (failing closed) makes no loop of decisions', async () => {
    const consent = createConsent(sample, { now: () => NOW, storage: createMemoryStorage() });
    await consent.ready;
    consent.state.subscribe((s) => void (s.decision && !s.purposes['marketing'] && fbq()));
    let errors = 0;
    consent.on('error', () => {
      if (++errors < 200) void consent.rejectAll(); // bounded for the test: a loop would never stop
    });
    await consent.rejectAll();
    // The loop, if any, goes on through microtasks and storage writes: twenty turns of the event loop show it.
    for (let turn = 0; turn < 20; turn++) await new Promise((r) => setTimeout(r));
    expect({ errors, records: (await consent.records()).length }).toEqual({ errors: 1, records: 2 });
  });
});

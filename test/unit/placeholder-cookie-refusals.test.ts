import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { device, NOW, sample } from './fixtures';

/**
 * A placeholder's grant carries the refusals of sale or sharing of the decision it follows
 * (core/transition.ts servicesOnlyChoices). The cookie mirrors a decision by bits: a purpose not
 * granted reads `false`, so an earlier placeholder's grant (services only, no purpose decided)
 * read from the cookie (the engine's synchronous first read, before IndexedDB answers) says every
 * purpose `false`. That is no refusal the visitor made, and must not be recorded as one.
 */
const optOut = { ...sample, jurisdiction: 'opt-out' } as const;

describe("a second placeholder's grant while the decision is known from the cookie alone (review)", () => {
  it('records no refusal of sale the visitor never made (opt-out: marketing stays granted by default)', async () => {
    const idb = new IDBFactory();
    const d = device(() => idb);
    const first = d.page(optOut, NOW);
    await first.ready;
    expect(first.has('marketing')).toBe(true); // opt-out default
    await first.update({ services: { youtube: true } }, { method: 'placeholder' }); // "Load video from YouTube"
    expect(first.has('marketing')).toBe(true);
    first.destroy();
    // The next page: a second embed's button clicked as the page starts (the script tag's engine
    // loads for the click and applies it at once), before IndexedDB has answered.
    const next = d.page(optOut, NOW + 60_000);
    const record = await next.update({ services: { ga4: true } }, { method: 'placeholder' });
    await next.ready;
    expect(record?.purposes).not.toHaveProperty('marketing', false);
    expect(next.has('marketing')).toBe(true);
    next.destroy();
    const later = d.page(optOut, NOW + 120_000);
    await later.ready;
    expect(later.has('marketing')).toBe(true); // the visitor never opted out of sale
    later.destroy();
  });
});

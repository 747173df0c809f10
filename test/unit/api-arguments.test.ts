/**
 * The npm API's arguments are outside input: read once, as plain data, and checked as a stored
 * record is, so that every record the API makes is one the next page (and the endpoint) believes.
 */
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { ConsentError } from '../../src/core/errors';
import { parseRecord } from '../../src/core/parse-record';
import { createConsent } from '../../src/instance/create-consent';
import type { DecisionOptions } from '../../src/instance/types';
import { createMemoryStorage } from '../../src/store/memory';
import { NOW, sample, device } from './fixtures';

describe('npm API arguments', () => {
  it.each<[string, DecisionOptions]>([
    ['an unknown method', { method: 'banner' as never }],
    ['a locale over 35 characters', { locale: 'en-'.padEnd(36, 'x') }],
    ['a locale that is no string', { locale: 5 as never }],
    ['a textHash over 128 characters', { textHash: 'a'.repeat(129) }],
    // The record schema and the endpoint take sha-256 in hex only: they would refuse it.
    ['a textHash of 128 characters', { textHash: 'a'.repeat(128) }],
    ['a textHash that is no sha-256 in hex', { textHash: 'banner-v3' }],
    // Read as text, one in a list is the hash; the record would hold the list, which no page believes.
    ['a textHash that is no string', { textHash: ['a'.repeat(64)] as never }],
  ])(
    'options a record cannot hold (%s) are refused at the call, not stored to be refused on the next page',
    async (_, bad) => {
      const idb = new IDBFactory();
      const { page } = device(() => idb);
      const first = page();
      await first.ready;
      await first.rejectAll();
      expect(() => first.acceptAll(bad)).toThrow(ConsentError);
      expect(first.has('analytics')).toBe(false);
      first.destroy();
      const next = page();
      await next.ready;
      expect(next.state.peek().decision).not.toBeNull(); // the refusal stands
      expect(next.needsPrompt.peek()).toBe(false);
      next.destroy();
    },
  );

  it('the longest locale a record holds and a sha-256 textHash are taken, and the next page believes the decision', async () => {
    const idb = new IDBFactory();
    const { page } = device(() => idb);
    const first = page();
    await first.ready;
    const made = await first.acceptAll({ locale: 'en-'.padEnd(35, 'x'), textHash: 'a'.repeat(64) });
    first.destroy();
    const next = page();
    await next.ready;
    expect(next.state.peek().decision?.id).toBe(made?.id);
    expect(next.has('analytics')).toBe(true);
    next.destroy();
  });

  it('arguments are read once as plain data: a throwing getter throws at the call, a proxy answers once, a later edit changes no record', async () => {
    const consent = createConsent(sample, { storage: createMemoryStorage(), now: () => NOW });
    await consent.ready;
    const texts = {
      get 'banner.title'(): string {
        throw new Error('boom');
      },
    };
    expect(() => consent.acceptAll({ texts })).toThrow(ConsentError); // not later, from a timer
    expect(consent.has('analytics')).toBe(false);

    // true when checked, then a string: the record would hold it, and be refused.
    let reads = 0;
    const fickle = new Proxy({} as Record<string, boolean>, {
      ownKeys: () => ['analytics'],
      getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true }),
      get: (_, k) => (k === 'analytics' ? (reads++ ? 'yes' : true) : undefined),
    });
    const record = await consent.update({ purposes: fickle });
    expect(record?.purposes['analytics']).toBe(true);
    expect(parseRecord(record)).not.toBeNull();

    const topics = ['bread'];
    const set = consent.preferences.set('topics', topics);
    topics.push('not-an-option');
    expect((await set)?.preferences['topics']).toEqual(['bread']);
    expect(consent.preferences.get('topics')).toEqual(['bread']);
    consent.destroy();
  });

  it('whenGranted with no string (undefined, a number, a list) never rejects: never granted, as has() says', async () => {
    const consent = createConsent(sample, { storage: createMemoryStorage(), now: () => NOW });
    await consent.ready;
    const outcomes: string[] = [];
    for (const expr of [undefined, 5, ['analytics']])
      consent.whenGranted(expr as never).then(
        () => outcomes.push('resolved'),
        (e: unknown) => outcomes.push(`rejected: ${String(e)}`),
      );
    await consent.acceptAll();
    await new Promise((r) => setTimeout(r, 10));
    expect(outcomes).toEqual([]);
    expect(consent.has(5 as never)).toBe(false);
    consent.destroy();
  });
});

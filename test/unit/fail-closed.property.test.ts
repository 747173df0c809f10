/**
 * The fail-closed invariant, by property: after any sequence of decisions, reloads, policy
 * revision bumps and clock moves, `has(x)` is true exactly when x is required or the newest
 * record grants it under the current revision and has not expired.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import type { ConsentRecord } from '../../src/core/record';
import { createMemoryStorage } from '../../src/store/memory';
import { DAY, NOW, sample } from './fixtures';

type Command =
  | { kind: 'accept' | 'reject' | 'withdraw' | 'reload' | 'bump' }
  | { kind: 'update'; purposes: Record<string, boolean>; services: Record<string, boolean> }
  | { kind: 'clock'; ms: number };

const optional = ['analytics', 'marketing', 'functional', 'health-personalization'];
const serviceIds = ['ga4', 'meta-pixel', 'youtube', 'symptom-tracker'];
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.constantFrom<Command>(
    { kind: 'accept' },
    { kind: 'reject' },
    { kind: 'withdraw' },
    { kind: 'reload' },
    { kind: 'bump' },
  ),
  fc.record({
    kind: fc.constant('update' as const),
    purposes: fc.dictionary(fc.constantFrom(...optional), fc.boolean()),
    services: fc.dictionary(fc.constantFrom(...serviceIds), fc.boolean()),
  }),
  fc.record({
    kind: fc.constant('clock' as const),
    ms: fc.oneof(fc.integer({ min: 0, max: 400 * DAY }), fc.constantFrom(182 * DAY - 1, 182 * DAY, 1)),
  }),
);

describe('fail-closed invariant', () => {
  it('has(x) never grants without a current, unexpired grant, and needsPrompt follows within a microtask (10,000 random sequences)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { maxLength: 25 }), async (commands) => {
        let now = NOW;
        let revision = 1;
        const records: ConsentRecord[] = [];
        const storage = createMemoryStorage();
        const append = storage.append.bind(storage);
        storage.append = (r) => {
          records.unshift(r);
          return append(r);
        };
        const make = () => createConsent({ ...sample, policy: { revision } }, { storage, now: () => now });
        let consent = make();
        const check = async (): Promise<void> => {
          const last = records[0];
          const valid = last !== undefined && last.policyRevision === revision && now < Date.parse(last.expiresAt);
          for (const p of sample.purposes) {
            const expected = p.id === 'necessary' || (valid && last.purposes[p.id] === true);
            expect(consent.has(p.id)).toBe(expected);
          }
          for (const s of sample.services) {
            const expected = s.purpose === 'necessary' || (valid && last.services[s.id] === true);
            expect(consent.has(s.id)).toBe(expected);
          }
          // has() answers from the clock at once; the signals catch up on the next microtask
          // (has() never writes a signal synchronously, so it is safe inside a computed).
          await Promise.resolve();
          expect(consent.needsPrompt.value).toBe(!valid);
        };
        await check();
        for (const c of commands) {
          if (c.kind === 'accept') void consent.acceptAll();
          else if (c.kind === 'reject') void consent.rejectAll();
          else if (c.kind === 'withdraw') void consent.withdraw();
          else if (c.kind === 'update') void consent.update({ purposes: c.purposes, services: c.services });
          else if (c.kind === 'clock') now += c.ms;
          else {
            if (c.kind === 'bump') revision++;
            consent.destroy();
            consent = make();
          }
          await check();
        }
        consent.destroy();
      }),
      { numRuns: 10_000 },
    );
  }, 120_000);
});

/**
 * Every parser of untrusted input, by property: arbitrary JSON (with prototype-named keys) thrown
 * at the config parser, the cookie decoder, the boundary record parser (IndexedDB values, pulled
 * records), tab messages and locale files never throws, and never yields a grant that a valid
 * decision did not make.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConsentConfigInput } from '../../src/core/config-types';
import { configHashOf } from '../../src/core/policy';
import { mergeMessages, translate } from '../../src/core/locale';
import { parseConfig } from '../../src/core/parse-config';
import { parseRecordFor } from '../../src/core/parse-record';
import { expiryOf } from '../../src/core/policy';
import type { ConsentRecord } from '../../src/core/record';
import { sha256 } from '../../src/core/sha256';
import { createConsent } from '../../src/instance/create-consent';
import { createBrowserStorage } from '../../src/store/browser';
import type { TabChannel } from '../../src/store/channel';
import { decodeDecision, idsOf } from '../../src/store/cookie';
import { createMemoryStorage } from '../../src/store/memory';
import type { ConsentStorage, Snapshot } from '../../src/store/storage';
import { configOf, NOW, sample } from '../unit/fixtures';

const config = configOf(sample);
const configHash = configHashOf(config, 'opt-in', sha256);
const PROTO = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];
const IDS = [...config.purposes.map((p) => p.id), ...config.services.map((s) => s.id)];

/** Keys an attacker would try: prototype names, the config's ids, record field names, anything. */
const key = fc.oneof(
  fc.constantFrom(...PROTO, ...IDS, 'id', 'purposes', 'services', 'preferences', 'issuedAt', 'policy'),
  fc.string({ maxLength: 12 }),
);
/** Arbitrary JSON as JSON.parse builds it (own "__proto__" keys included). */
const json: fc.Arbitrary<unknown> = fc
  .letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.constant(null),
      fc.boolean(),
      fc.double(),
      fc.integer(),
      fc.string({ maxLength: 20 }),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(key, tie('value'), { maxKeys: 5 }),
    ),
  }))
  .value.map((v) => JSON.parse(JSON.stringify(v)) as unknown);

/** A real record, for mutations that stay close to valid. */
const real: ConsentRecord = await (async () => {
  const c = createConsent(sample, { storage: createMemoryStorage(), now: () => NOW });
  const r = (await c.update({ purposes: { analytics: true } }))!;
  c.destroy();
  return r;
})();
/** A real record with some fields replaced by hostile values (dates, maps, ids…). */
const nearRecord = fc
  .record(
    {
      issuedAt: fc.oneof(
        fc.constant(real.issuedAt),
        fc.integer({ min: -10 * 86_400_000, max: 400 * 86_400_000 }).map((d) => new Date(NOW + d).toISOString()),
        fc.string(),
      ),
      expiresAt: fc.oneof(
        fc.constant(real.expiresAt),
        fc.integer({ min: -10, max: 20_000 }).map((d) => new Date(NOW + d * 86_400_000).toISOString()),
      ),
      purposes: fc.oneof(fc.constant(real.purposes), fc.dictionary(key, fc.oneof(fc.boolean(), json), { maxKeys: 6 })),
      services: fc.oneof(fc.constant(real.services), fc.dictionary(key, fc.oneof(fc.boolean(), json), { maxKeys: 6 })),
      preferences: fc.oneof(fc.constant(real.preferences), fc.dictionary(key, json, { maxKeys: 4 })),
      policyRevision: fc.oneof(fc.constant(real.policyRevision), fc.integer({ min: -1, max: 5 })),
      configHash: fc.oneof(
        fc.constant(configHash),
        fc.constant(real.configHash),
        fc.stringMatching(/^[0-9a-f]{8,64}$/),
      ),
    },
    { requiredKeys: [] },
  )
  .map((over) => JSON.parse(JSON.stringify({ ...real, ...over })) as unknown);
const untrusted = fc.oneof(json, nearRecord);

/** What a valid decision grants at `now`: the boundary parser's record under the current revision, unexpired, same config. */
function validGrants(v: unknown, now: number): Set<string> {
  const r = parseRecordFor(config, v, now);
  const granted = new Set(config.purposes.filter((p) => p.required).map((p) => p.id));
  for (const s of config.services) if (config.purposes.some((p) => p.id === s.purpose && p.required)) granted.add(s.id);
  if (!r || r.policyRevision !== config.policy.revision || !configHash.startsWith(r.configHash)) return granted;
  if (
    !(now < expiryOf({ issuedAt: Date.parse(r.issuedAt), expiresAt: Date.parse(r.expiresAt) }, config.expiresAfterDays))
  )
    return granted;
  for (const [id, on] of Object.entries({ ...r.purposes, ...r.services })) if (on) granted.add(id);
  return granted;
}

const checkGrants = (has: (id: string) => boolean, allowed: Set<string>): void => {
  for (const id of [...IDS, ...PROTO]) if (has(id)) expect(allowed.has(id), `granted ${id}`).toBe(true);
};

describe('parsers of untrusted input never throw and never grant what no valid decision granted', () => {
  it('parseConfig: arbitrary JSON gives issues (or a config), never a throw', () => {
    fc.assert(
      fc.property(json, (v) => {
        const r = parseConfig(v);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });

  it('the cookie decoder: arbitrary strings', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(fc.string({ maxLength: 10 }), { maxLength: 12 }).map((a) => a.join('.')),
        ),
        (s) => {
          const d = decodeDecision(idsOf(config), s);
          if (d) expect(Object.keys(d.decision.purposes).every((id) => IDS.includes(id))).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('the boundary record parser (IndexedDB values, pulled records): only config ids, nothing from the future', () => {
    fc.assert(
      fc.property(untrusted, (v) => {
        const r = parseRecordFor(config, v, NOW);
        if (!r) return;
        expect(Object.keys(r.purposes).every((id) => config.purposes.some((p) => p.id === id))).toBe(true);
        expect(Object.keys(r.services).every((id) => config.services.some((s) => s.id === id))).toBe(true);
        expect(Object.keys(r.preferences).every((id) => config.preferences.some((f) => f.id === id))).toBe(true);
        expect(Date.parse(r.issuedAt)).toBeLessThanOrEqual(NOW + 5 * 60_000);
      }),
      { numRuns: 2000 },
    );
  });

  it("a site's storage returning arbitrary snapshots: has() grants only what a valid record grants", async () => {
    let granting = 0; // the generator must also produce valid grants, or the property proves little
    await fc.assert(
      fc.asyncProperty(untrusted, async (v) => {
        if (validGrants(v, NOW).has('analytics')) granting++;
        const snapshot = { record: v, decision: null } as unknown as Snapshot;
        const storage: ConsentStorage = {
          ...createMemoryStorage(),
          peek: () => snapshot,
          load: () => Promise.resolve(snapshot),
        };
        const c = createConsent(sample as ConsentConfigInput, { storage, now: () => NOW }); // loosely typed: unknown ids are asked too
        await c.ready;
        checkGrants((id) => c.has(id), validGrants(v, NOW));
        c.destroy();
      }),
      { numRuns: 500 },
    );
    expect(granting).toBeGreaterThan(2); // about 15 in 500 runs: the near-valid generator keeps some records valid
  });

  it('tab messages with arbitrary content: no throw, grants only what a valid record grants', async () => {
    await fc.assert(
      fc.asyncProperty(untrusted, json, async (record, noise) => {
        const listeners = new Set<(m: unknown) => void>();
        const channel: TabChannel = {
          post: () => {},
          subscribe: (fn) => (listeners.add(fn), () => listeners.delete(fn)),
          close: () => {},
        };
        let cookie = '';
        const storage = createBrowserStorage(
          {
            config,
            configHash,
            stamp: '0',
            cookies: { get: () => cookie, set: (s) => (cookie = s.split(';')[0] ?? '') },
            copy: { get: () => null, set: () => {}, remove: () => {} },
            indexedDB: () => undefined,
            channel,
            now: () => NOW,
            secure: false,
          },
          { onError: () => {} },
        );
        const c = createConsent(sample as ConsentConfigInput, { storage, now: () => NOW }); // loosely typed: unknown ids are asked too
        await c.ready;
        for (const m of [noise, { candor: 1, record: noise }, { candor: 1, record }]) listeners.forEach((fn) => fn(m));
        checkGrants((id) => c.has(id), validGrants(record, NOW));
        c.destroy();
      }),
      { numRuns: 500 },
    );
  });

  it('locale files: arbitrary JSON merges into a null-prototype table and every lookup is a string', () => {
    fc.assert(
      fc.property(json, json, fc.constantFrom('en', 'de', ...PROTO), key, (file, texts, locale, k) => {
        const m = mergeMessages(
          locale,
          (file ?? {}) as Record<string, string>,
          (texts ?? {}) as Record<string, Record<string, string>>,
          { a: 'A' },
        );
        expect(Object.getPrototypeOf(m)).toBeNull();
        const out = translate(Object.fromEntries(Object.entries(m).filter(([, x]) => typeof x === 'string')), k, {
          name: 'n',
        });
        expect(typeof out).toBe('string');
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      }),
      { numRuns: 1000 },
    );
  });
});

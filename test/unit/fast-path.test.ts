import { describe, expect, it } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import { configHashOf, configStamp } from '../../src/core/policy';
import { sha256 } from '../../src/core/sha256';
import { createBrowserStorage } from '../../src/store/browser';
import { readFastGrants } from '../../src/loader/fast-path';
import { configOf, DAY, NOW, sample } from './fixtures';

/** The cookie header the engine writes for `input` after `decide`. */
async function cookieAfter(input: typeof sample, decide: 'acceptAll' | 'rejectAll', region: string | null = null, gpc = false): Promise<string> {
  let cookie = '';
  const config = configOf(input);
  const storage = createBrowserStorage(
    {
      config,
      configHash: configHashOf(config, 'opt-in', sha256),
      stamp: configStamp(input, region),
      cookies: { get: () => cookie, set: (c) => (cookie = c.split(';')[0]!) },
      indexedDB: () => undefined,
      now: () => NOW,
    },
    { onError: () => {} },
  );
  await createConsent(input, { storage, now: () => NOW, gpc })[decide]();
  return cookie;
}

describe('loader fast path (the cookie before the engine loads)', () => {
  it('trusts the cookie for the config the engine validated', async () => {
    const cookie = await cookieAfter(sample, 'acceptAll');
    const g = readFastGrants(sample, null, `other=1; ${cookie}`, NOW + DAY, false);
    expect(g?.purposes).toMatchObject({ analytics: true, marketing: true, 'health-personalization': false });
    expect(g?.services).toMatchObject({ ga4: true, 'symptom-tracker': false });
  });

  it.each<[string, (c: string) => Parameters<typeof readFastGrants>]>([
    ['an edited config (maybe invalid) until the engine validates it', (c) => [{ ...sample, ui: { layout: 'popup' } }, null, c, NOW, false]],
    ['a raised policy revision', (c) => [{ ...sample, policy: { revision: 4 } }, null, c, NOW, false]],
    ['another region', (c) => [sample, 'US-CA', c, NOW, false]],
    ['an expired decision', (c) => [sample, null, c, NOW + 182 * DAY, false]],
    ['a GPC signal the decision did not see', (c) => [sample, null, c, NOW, true]],
    ['a config that is not an object', (c) => ['nonsense', null, c, NOW, false]],
    ['a corrupt cookie', () => [sample, null, 'candor=1.2.3', NOW, false]],
    ['no cookie', () => [sample, null, '', NOW, false]],
  ])('does not trust it for %s', async (_n, args) => {
    const cookie = await cookieAfter(sample, 'acceptAll');
    expect(readFastGrants(...args(cookie))).toBeNull();
  });

  it('a decision that is no longer valid for the config is written without a stamp', async () => {
    const cookie = await cookieAfter(sample, 'acceptAll');
    const bumped = { ...sample, policy: { revision: 4 } };
    // The engine of the bumped config restores the old decision from IndexedDB and rewrites the
    // cookie: it must not carry the new config's stamp.
    const config = configOf(bumped);
    let jar = cookie;
    const storage = createBrowserStorage(
      { config, configHash: configHashOf(config, 'opt-in', sha256), stamp: configStamp(bumped, null), cookies: { get: () => jar, set: (c) => (jar = c.split(';')[0]!) }, indexedDB: () => undefined, now: () => NOW },
      { onError: () => {} },
    );
    const old = createConsent(sample, { now: () => NOW });
    await storage.append((await old.acceptAll())!);
    expect(readFastGrants(bumped, null, jar, NOW, false)).toBeNull();
  });
});

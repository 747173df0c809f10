/**
 * A site owner edits the config (a text, a translation) without changing what consent means: the
 * decision still stands, but the cookie's stamp names the old config, so the loader cannot answer
 * from it. Once the engine has validated the new config and read the stored decision, it stamps
 * the cookie for it; otherwise every later page of every returning visitor loads the engine.
 */
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { readFastGrants } from '../../src/loader/fast-path';
import { pageOf } from './browser-page';
import { NOW, sample } from './fixtures';

/** One browser profile (cookie jar, this origin's copy, IndexedDB); `page(input)` is a page with that config. */
function profile() {
  let cookie = '';
  let copy: string | null = null;
  const idb = new IDBFactory();
  const page = (input: typeof sample) =>
    pageOf(input, {
      cookies: { get: () => cookie, set: (c) => void (cookie = c.split(';')[0]!) },
      copy: { get: () => copy, set: (v) => void (copy = v), remove: () => void (copy = null) },
      idb,
      secure: false,
    });
  const fast = (input: unknown) =>
    readFastGrants(input, { region: null, cookies: cookie, copy, secure: false, now: NOW + 1, gpc: false });
  return { page, fast };
}

describe('the cookie after an edited config', () => {
  it('is stamped for the new config once the engine has validated it and read the decision', async () => {
    const p = profile();
    const first = p.page(sample);
    await first.ready;
    await first.acceptAll();
    const edited = { ...sample, texts: { en: { 'banner.title': 'Your privacy' } } } as unknown as typeof sample;
    expect(p.fast(edited)).toBeNull(); // not validated yet: no answer from the cookie
    const next = p.page(edited);
    await next.ready;
    expect(next.has('analytics')).toBe(true); // the decision stands under the edited config
    expect(p.fast(edited)?.purposes['analytics']).toBe(true); // and the next page's loader answers
    expect(p.fast(sample)).toBeNull(); // the old config is no longer the one validated
  });

  it('is not stamped when the edit changes what consent means (the visitor is asked again)', async () => {
    const p = profile();
    const first = p.page(sample);
    await first.ready;
    await first.acceptAll();
    const raised = { ...sample, policy: { ...sample.policy, revision: 4 } } as unknown as typeof sample;
    const next = p.page(raised);
    await next.ready;
    expect(next.needsPrompt.value).toBe(true);
    expect(p.fast(raised)).toBeNull();
  });
});

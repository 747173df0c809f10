// @vitest-environment happy-dom
// One tap, one record (instance/tap-ids.ts), against a decision the tapping tab records before the
// tap on the tap's millisecond: the site's own click listener in the capture phase (implied consent on
// the first click, a click counter that decides) calls `window.Candor`, which dates the call then
// (loader/facade.ts `madeAt: now()`) and applies it as soon as the engine is created, before its
// `ready`; the tap is applied after `ready` (ui/pre-engine.ts). A tab opened meanwhile replays the
// mark (loader/pending-replay.ts). No record id may name two different records: every store keeps
// one record per id, so the other would be lost (and the server logs an id conflict).
import { afterEach, expect, it, vi } from 'vitest';
import type { ConsentRecord } from '../../src/core/record';
import { createTapped } from '../../src/instance/tap-ids';
import type { Consent } from '../../src/instance/types';
import { replayPending } from '../../src/loader/pending-replay';
import { createMemoryStorage } from '../../src/store/memory';
import { tappingTab } from './tap-tab';

const CONFIG = { policy: { revision: 1 }, purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }] };
const AT = 1_764_950_000_000; // the click
const NOW = AT + 400; // the engines' clock once they have loaded
const REJECT = { method: 'banner:reject-all', locale: 'en', texts: { 'banner.title': 'Cookies' } } as const;

afterEach(() => (vi.restoreAllMocks(), localStorage.clear()));

it('a site decision on the tap’s millisecond, before the tap, does not take the tap’s record id', async () => {
  vi.spyOn(Date, 'now').mockReturnValue(AT);
  const options = { storage: createMemoryStorage(), now: () => NOW, gpc: false, locale: 'en' };
  // Tab 1: the script tag's facade, its first layer's banner on a first visit (no engine yet).
  const { facade, banner } = tappingTab(CONFIG, options);
  // One click on Reject all: the site's capture listener first, then the banner's button.
  const site = facade.candor.acceptAll({ method: 'api' });
  const tap = banner.rejectAll(REJECT);
  await Promise.all([site, tap]);
  const tab1 = (await facade.loaded)!;

  // Tab 2, opened after the click, before tab 1's engine came: it replays the mark.
  vi.spyOn(Date, 'now').mockReturnValue(NOW);
  const tab2: Consent = createTapped(CONFIG, { ...options, storage: createMemoryStorage() });
  await replayPending(tab2, () => NOW, AT + 100);

  const all: ConsentRecord[] = [...(await tab1.records()), ...(await tab2.records())];
  expect(all.map((r) => r.method).sort()).toEqual(['api', 'banner:reject-all', 'banner:reject-all']);
  const byId = new Map<string, ConsentRecord>();
  for (const r of all) {
    const same = byId.get(r.id);
    if (same) expect(r).toEqual(same); // one id, one record
    byId.set(r.id, r);
  }
});

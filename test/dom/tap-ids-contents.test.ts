// @vitest-environment happy-dom
// One tap, one record (instance/tap-ids.ts), when the replaying tab's record would not be the tapping
// tab's: its page set a preference before `ready` (`preferences.set`), or it runs under another
// region (`data-region`, another mode). Both tabs record the tap; an id may never name two different
// records (every store keeps one record per id, and the server logs an id conflict): two records then.
import { afterEach, expect, it, vi } from 'vitest';
import type { ConsentRecord } from '../../src/core/record';
import { createTapped } from '../../src/instance/tap-ids';
import type { Consent, ConsentOptions } from '../../src/instance/types';
import { replayPending } from '../../src/loader/pending-replay';
import { createMemoryStorage } from '../../src/store/memory';
import { tappingTab } from './tap-tab';

const CONFIG = {
  policy: { revision: 1 },
  jurisdiction: { default: 'opt-in', 'US-CA': 'opt-out' },
  purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }],
  preferences: [{ id: 'newsletter', type: 'boolean', default: false }],
};
const AT = 1_764_950_000_000; // the click
const NOW = AT + 400; // the engines' clock once they have loaded
const ACCEPT = { method: 'banner:accept-all', locale: 'en', texts: { 'banner.title': 'Cookies' } } as const;

afterEach(() => (vi.restoreAllMocks(), localStorage.clear()));

/** Tab 1 taps Accept all on its first layer's banner (no engine yet); tab 2, opened meanwhile, replays the mark. */
async function tapAndReplay(
  tab2Options: Partial<ConsentOptions>,
  beforeReady: (tab2: Consent) => unknown = () => {},
): Promise<ConsentRecord[]> {
  vi.spyOn(Date, 'now').mockReturnValue(AT);
  const options = { storage: createMemoryStorage(), now: () => NOW, gpc: false, locale: 'en', region: 'DE' };
  const { facade, banner } = tappingTab(CONFIG, options);
  await banner.acceptAll(ACCEPT);
  const tab1 = (await facade.loaded)!;

  vi.spyOn(Date, 'now').mockReturnValue(NOW);
  const tab2 = createTapped(CONFIG, { ...options, storage: createMemoryStorage(), ...tab2Options });
  await beforeReady(tab2);
  await replayPending(tab2, () => NOW, AT + 100);
  return [...(await tab1.records()), ...(await tab2.records())];
}

/** Every id names one record. */
const oneRecordPerId = (all: ConsentRecord[]): void => {
  const byId = new Map<string, ConsentRecord>();
  for (const r of all) {
    const same = byId.get(r.id);
    if (same) expect(r).toEqual(same);
    byId.set(r.id, r);
  }
};

it('the same tap, the same contents: one record (the id both tabs draw)', async () => {
  const all = await tapAndReplay({});
  expect(all).toHaveLength(2);
  expect(all[1]).toEqual(all[0]);
});

it('a preference the replaying tab’s page set before ready: two records, never one id for both', async () => {
  const all = await tapAndReplay({}, (tab2) => tab2.preferences.set('newsletter', true));
  expect(all.map((r) => [r.method, r.preferences.newsletter])).toEqual([
    ['banner:accept-all', false],
    ['banner:accept-all', true],
  ]);
  expect(all[1]!.id).not.toBe(all[0]!.id);
  oneRecordPerId(all);
});

it('another region with another mode in the replaying tab: two records, never one id for both', async () => {
  const all = await tapAndReplay({ region: 'US-CA' });
  expect(all.map((r) => r.jurisdiction)).toEqual(['opt-in', 'opt-out']);
  expect(all[1]!.id).not.toBe(all[0]!.id);
  oneRecordPerId(all);
});

it('another region with the same mode: the same record, one id', async () => {
  const all = await tapAndReplay({ region: 'FR' });
  expect(all[1]).toEqual(all[0]);
});

// @vitest-environment happy-dom
// A first visit's decision marked at the tap and replayed by the next page (loader/pending-replay.ts):
// the mark is untrusted input (localStorage), replayed only by a later page, within 10 minutes, under
// the same config, when no decision as new is held; anything else is removed and grants nothing.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Config } from '../../src/core/config-types';
import type { Consent } from '../../src/instance/types';
import { pageBegan, replayPending } from '../../src/loader/pending-replay';
import { COPY_KEY } from '../../src/store/keys';

const CONFIG = { policy: { revision: 2 }, purposes: [{ id: 'necessary' }, { id: 'analytics' }] } as unknown as Config;
/** When this page began (`pageBegan`), and a tap made before it, on the page before. */
const BEGAN = 1_764_950_000_000;
const TAPPED = BEGAN - 1_000;
const NOW = BEGAN + 500;
const OPTIONS = { method: 'banner:accept-all', locale: 'en', texts: { 'banner.title': 'Cookies' } };

/** The engine's instance, as the replay uses it; `held`: the decision it read from storage. */
function engine(held: { issuedAt: number } | null = null, config: Config = CONFIG) {
  const record = { id: 'recorded' };
  return {
    ready: Promise.resolve(),
    config,
    state: { peek: () => ({ decision: held }) },
    acceptAll: vi.fn(() => Promise.resolve(record)),
    rejectAll: vi.fn(() => Promise.resolve(record)),
  };
}
const mark = (...m: unknown[]): void => localStorage.setItem(COPY_KEY, JSON.stringify(m));
const replay = (e: ReturnType<typeof engine>) => replayPending(e as unknown as Consent, () => NOW, BEGAN);

beforeEach(() => localStorage.clear());

describe('a mark the next page replays', () => {
  it.each(['acceptAll', 'rejectAll'] as const)('%s, dated at the tap, with the options shown', async (name) => {
    const e = engine();
    mark(name, OPTIONS, TAPPED, CONFIG);
    await replay(e);
    expect(e[name]).toHaveBeenCalledWith({ ...OPTIONS, madeAt: TAPPED });
    expect(e[name === 'acceptAll' ? 'rejectAll' : 'acceptAll']).not.toHaveBeenCalled();
    // Left for the record's copy to replace (removing it first would make the next page a first visit).
    expect(localStorage.getItem(COPY_KEY)).not.toBeNull();
  });

  it('over an older decision held (an earlier one whose cookie had gone)', async () => {
    const e = engine({ issuedAt: TAPPED - 60_000 });
    mark('acceptAll', OPTIONS, TAPPED, CONFIG);
    await replay(e);
    expect(e.acceptAll).toHaveBeenCalledTimes(1);
  });

  it('waits for the engine to have read what is stored', async () => {
    let ready = (): void => {};
    const e = { ...engine(), ready: new Promise<void>((r) => (ready = r)) };
    mark('acceptAll', OPTIONS, TAPPED, CONFIG);
    const done = replay(e);
    await Promise.resolve();
    expect(e.acceptAll).not.toHaveBeenCalled();
    ready();
    await done;
    expect(e.acceptAll).toHaveBeenCalledTimes(1);
  });
});

describe('a mark that is not replayed, and is removed', () => {
  const cases: [string, unknown[], ReturnType<typeof engine>?][] = [
    ['dated in the future (no page made it)', ['acceptAll', OPTIONS, NOW + 1, CONFIG]],
    ['older than 10 minutes', ['acceptAll', OPTIONS, NOW - 600_001, CONFIG]],
    [
      'under another config (a purpose added)',
      ['acceptAll', OPTIONS, TAPPED, { ...CONFIG, purposes: [{ id: 'necessary' }] }],
    ],
    ['under a config with another revision', ['acceptAll', OPTIONS, TAPPED, { ...CONFIG, policy: { revision: 1 } }]],
    ['with no config', ['acceptAll', OPTIONS, TAPPED]],
    ['naming no decision of the first layer', ['withdraw', OPTIONS, TAPPED, CONFIG]],
    ['naming an inherited member', ['constructor', OPTIONS, TAPPED, CONFIG]],
    ['with a time that is no number', ['acceptAll', OPTIONS, String(TAPPED), CONFIG]],
    ['with no time', ['acceptAll', OPTIONS, null, CONFIG]],
    [
      'when a decision as new is held (this one, restored from the record journal)',
      ['acceptAll', OPTIONS, TAPPED, CONFIG],
      engine({ issuedAt: TAPPED }),
    ],
    [
      'when a newer decision is held (made since elsewhere)',
      ['rejectAll', OPTIONS, TAPPED, CONFIG],
      engine({ issuedAt: TAPPED + 5 }),
    ],
  ];
  it.each(cases)('%s', async (_, m, e = engine()) => {
    mark(...m);
    await replay(e);
    expect(e.acceptAll).not.toHaveBeenCalled();
    expect(e.rejectAll).not.toHaveBeenCalled();
    expect(localStorage.getItem(COPY_KEY)).toBeNull();
  });

  // The engine writes a stored decision's cookie back only where no mark waits (store/browser.ts
  // `tapped`): a mark no page will replay must be gone before it has read that decision.
  it.each(cases.filter(([, , held]) => !held))(
    '%s: removed at once, before the engine has read what is stored',
    (_, m) => {
      const e = { ...engine(), ready: new Promise<void>(() => {}) }; // never ready
      mark(...m);
      void replay(e);
      expect(localStorage.getItem(COPY_KEY)).toBeNull();
    },
  );

  it.each(['[', '[1,', '["acceptAll",{},1', '[]', '[null]'])('not JSON or an empty list: %s', async (raw) => {
    const e = engine();
    localStorage.setItem(COPY_KEY, raw);
    await expect(replay(e)).resolves.toBeUndefined();
    expect(e.acceptAll).not.toHaveBeenCalled();
    expect(localStorage.getItem(COPY_KEY)).toBeNull();
  });

  it.each(['not options', 7, true])('whose options are no object (%s): nothing recorded', async (options) => {
    const e = engine();
    mark('acceptAll', options, TAPPED, CONFIG);
    await replay(e);
    expect(e.acceptAll).not.toHaveBeenCalled();
    expect(localStorage.getItem(COPY_KEY)).toBeNull();
  });

  it('whose options the engine refuses (it throws): nothing recorded, never thrown', async () => {
    const e = engine();
    e.acceptAll.mockImplementation(() => {
      throw new Error('Candor: invalid arguments');
    });
    mark('acceptAll', { method: 'not a method' }, TAPPED, CONFIG);
    await expect(replay(e)).resolves.toBeUndefined();
    expect(localStorage.getItem(COPY_KEY)).toBeNull();
  });

  it('that the engine records nothing for (it resolves null)', async () => {
    const e = engine();
    e.acceptAll.mockImplementation(() => Promise.resolve(null as never));
    mark('acceptAll', OPTIONS, TAPPED, CONFIG);
    await replay(e);
    expect(e.acceptAll).toHaveBeenCalledTimes(1);
    expect(localStorage.getItem(COPY_KEY)).toBeNull();
  });

  it('a copy that changed meanwhile (a record’s, another tab’s) is left as it is', async () => {
    let ready = (): void => {};
    const e = { ...engine(), ready: new Promise<void>((r) => (ready = r)) };
    e.acceptAll.mockImplementation(() => Promise.resolve(null as never)); // nothing recorded here
    mark('acceptAll', OPTIONS, TAPPED, CONFIG);
    const done = replay(e);
    localStorage.setItem(COPY_KEY, '1.2.abc');
    ready();
    await done;
    expect(localStorage.getItem(COPY_KEY)).toBe('1.2.abc');
  });
});

describe('a mark left as it is', () => {
  it.each([
    ['made on this page (its own engine records it)', BEGAN + 1],
    ['made on another page since this one began (a tab open before: the page after that one replays it)', NOW],
  ])('%s', async (_, at) => {
    const e = engine();
    mark('acceptAll', OPTIONS, at, CONFIG);
    const before = localStorage.getItem(COPY_KEY);
    await replay(e);
    expect(e.acceptAll).not.toHaveBeenCalled();
    expect(localStorage.getItem(COPY_KEY)).toBe(before);
  });
});

describe('what is no mark', () => {
  it.each([null, '1.2.m0.abc.0123abcd.0.1.0.0.0.id-12345678'])('%s: nothing happens', async (copy) => {
    const e = engine();
    if (copy !== null) localStorage.setItem(COPY_KEY, copy);
    await replay(e);
    expect(e.acceptAll).not.toHaveBeenCalled();
    expect(localStorage.getItem(COPY_KEY)).toBe(copy);
  });

  it('localStorage that throws: nothing happens, never thrown', async () => {
    const get = vi.spyOn(localStorage, 'getItem').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    try {
      const e = engine();
      await expect(replay(e)).resolves.toBeUndefined();
      expect(e.acceptAll).not.toHaveBeenCalled();
    } finally {
      get.mockRestore();
    }
  });
});

describe('pageBegan: when this page took over from the one before, on the wall clock', () => {
  it('is the wall clock now, less the time since navigation began, plus when its response began', () => {
    const now = vi.spyOn(Date, 'now').mockReturnValue(1_764_950_010_000);
    const since = vi.spyOn(performance, 'now').mockReturnValue(4_000);
    const entries = vi
      .spyOn(performance, 'getEntriesByType')
      .mockReturnValue([{ responseStart: 250 } as PerformanceNavigationTiming]);
    try {
      // Not performance.timeOrigin, which may lag the wall clock by the time a device slept.
      expect(pageBegan()).toBe(1_764_950_006_250);
      entries.mockReturnValue([]); // no navigation entry (a page opened with document.open): its start
      expect(pageBegan()).toBe(1_764_950_006_000);
    } finally {
      [now, since, entries].forEach((m) => m.mockRestore());
    }
  });
});

// @vitest-environment happy-dom
// A decision changes the state at once and leaves its record's hashes, its change event and the
// store write for after the next paint (issue 16: the click on Accept all paints first), unless
// the page is hidden or left first, or another change comes: then at once, in order.
import { within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { canonicalJson } from '../../src/core/canonical-json';
import { ConsentError } from '../../src/core/errors';
import type { ConsentRecord } from '../../src/core/record';
import { recordHash } from '../../src/core/record';
import { sha256 } from '../../src/core/sha256';
import { createConsent } from '../../src/instance/create-consent';
import { createMemoryStorage } from '../../src/store/memory';
import type { ConsentStorage } from '../../src/store/storage';
import { ENGLISH } from '../../src/ui/i18n';
import { mountShell, type UiHandle } from '../../src/ui/shell';
import { sample } from '../unit/fixtures';
import { shellOptions } from './shell-options';

const cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups.splice(0).forEach((fn) => fn());
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

/** A memory storage that logs what reaches it, and an instance on it that logs its change events. */
async function setUp(storage: ConsentStorage = createMemoryStorage()) {
  const log: string[] = [];
  const stored: ConsentRecord[] = [];
  const append = storage.append.bind(storage);
  storage.append = (record, o) => {
    log.push(`stored ${record.method}`);
    stored.push(structuredClone(record)); // as it was at the moment it reached the store
    return append(record, o);
  };
  const consent = createConsent(sample, { storage });
  cleanups.push(() => consent.destroy());
  await consent.ready;
  consent.on('change', (e) =>
    log.push(e.source === 'local' ? `change ${e.record?.method ?? 'none'}` : `change from ${e.source}`),
  );
  return { consent, log, stored };
}

/** Resolves after the next animation frame and the task after it (when the deferred work has run). */
const nextFrame = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => setTimeout(r)));

describe('a decision after the next paint', () => {
  it('answers has() and state at once; the change event and the store write follow the next frame', async () => {
    const { consent, log } = await setUp();
    const frames: string[] = [];
    requestAnimationFrame(() => frames.push(`frame, after: ${log.join(', ') || 'nothing'}`));
    const done = consent.acceptAll({ method: 'banner:accept-all' });
    expect(consent.has('analytics')).toBe(true);
    expect(consent.needsPrompt.value).toBe(false);
    expect(consent.state.value.decision?.method).toBe('banner:accept-all');
    expect(log).toEqual([]); // nothing else in the decision's own task
    await Promise.resolve();
    expect(log).toEqual([]); // nor in its microtasks
    const record = await done;
    expect(frames).toEqual(['frame, after: nothing']); // the frame came first
    expect(log).toEqual(['change banner:accept-all', 'stored banner:accept-all']);
    expect((await consent.records()).map((r) => r.id)).toEqual([record!.id]);
  });

  it('stores each record with its hashes: the texts shown, and the chain to the one before', async () => {
    const { consent, stored } = await setUp();
    const texts = { 'banner.title': 'Cookies', 'banner.acceptAll': 'Accept all' };
    const first = consent.acceptAll({ method: 'banner:accept-all', texts });
    const second = consent.rejectAll({ textHash: 'b'.repeat(64) }); // in the same task: the first is completed first
    const [a, b] = [await first, await second];
    expect(a?.textHash).toBe(sha256(canonicalJson(texts)));
    expect(a?.prevHash).toBeNull();
    expect(b?.textHash).toBe('b'.repeat(64));
    expect(b?.prevHash).toBe(recordHash(a!, sha256));
    expect(stored).toEqual([a, b]); // in order, each already complete when it reached the store
    const third = await consent.update({ purposes: { analytics: true } }); // no texts: the config's
    expect(third?.prevHash).toBe(recordHash(b!, sha256));
    const fresh = createConsent(sample, { storage: createMemoryStorage() });
    expect(third?.textHash).toBe((await fresh.acceptAll())?.textHash);
    fresh.destroy();
  });

  it('keeps the order of change events and records when decisions follow each other', async () => {
    const { consent, log } = await setUp();
    void consent.acceptAll();
    void consent.rejectAll();
    void consent.withdraw();
    expect(log).toEqual(['change api', 'stored api', 'change api', 'stored api']); // the third waits for the frame
    await nextFrame();
    expect(log.slice(4)).toEqual(['change withdraw', 'stored withdraw']);
    expect(consent.has('analytics')).toBe(false);
  });

  for (const [what, leave] of [
    ['pagehide (a navigation, a closed tab)', () => dispatchEvent(new Event('pagehide'))],
    [
      'visibilitychange (another tab, the home screen)',
      () => document.dispatchEvent(new Event('visibilitychange', { bubbles: true })),
    ],
  ] as const)
    it(`stores the decision at once on ${what}, before the next frame`, async () => {
      const { consent, log } = await setUp();
      void consent.acceptAll();
      expect(log).toEqual([]);
      leave();
      expect(log).toEqual(['change api', 'stored api']);
      await nextFrame();
      expect(log).toEqual(['change api', 'stored api']); // once
    });

  it('stores at once where no frame is coming (a hidden page)', async () => {
    const hidden = vi.spyOn(document, 'hidden', 'get').mockReturnValue(true);
    const { consent, log } = await setUp();
    void consent.acceptAll();
    expect(log).toEqual(['change api', 'stored api']);
    hidden.mockRestore();
  });

  it('stores a decision made just before destroy() or records()', async () => {
    const { consent, log } = await setUp();
    void consent.acceptAll();
    const records = consent.records();
    expect(log).toEqual(['change api', 'stored api']);
    expect(await records).toHaveLength(1);
    void consent.rejectAll();
    consent.destroy();
    expect(log.slice(2)).toEqual(['change api', 'stored api']);
  });

  it('a decision from another tab that arrives before the frame comes after the one made here', async () => {
    let push: (r: ConsentRecord) => void = () => {};
    const inner = createMemoryStorage();
    const { consent, log } = await setUp({ ...inner, subscribe: (fn) => ((push = fn), () => {}) });
    const other = createConsent(sample, { storage: createMemoryStorage(), now: () => Date.now() + 1000 });
    const newer = await other.rejectAll();
    other.destroy();
    void consent.acceptAll();
    push(newer!);
    // Ours is completed first (told and stored), then the other tab's newer one applies.
    expect(log).toEqual(['change api', 'stored api', 'change from tab']);
    expect(consent.has('analytics')).toBe(false);
    await nextFrame();
    expect(log).toHaveLength(3);
  });

  it('an invalid update still throws at once and changes nothing', async () => {
    const { consent, log } = await setUp();
    expect(() => consent.update({ purposes: { analitycs: true } as never })).toThrow(ConsentError);
    expect(consent.needsPrompt.value).toBe(true);
    await nextFrame();
    expect(log).toEqual([]);
  });

  it('a store that fails after the frame is still reported as an error, and grants nothing more than the decision', async () => {
    const inner = createMemoryStorage();
    let report: (e: ConsentError) => void = () => {};
    const errors: string[] = [];
    const consent = createConsent(sample, {
      storage: (ctx) => {
        report = ctx.onError;
        return {
          ...inner,
          append: async () => report(new ConsentError('storage/unavailable', 'Candor: the write failed')),
        };
      },
    });
    cleanups.push(() => consent.destroy());
    await consent.ready;
    consent.on('error', (e) => void errors.push(e.code));
    await consent.rejectAll();
    await Promise.resolve();
    expect(errors).toEqual(['storage/unavailable']);
    expect(consent.has('analytics')).toBe(false);
  });
});

describe('the banner click', () => {
  it('hides the banner, moves focus and answers has() in its own task; the store follows the frame', async () => {
    const { consent, log } = await setUp();
    const handle: UiHandle = mountShell(consent, shellOptions({ messages: ENGLISH }), () => ({
      open() {},
      close() {},
      destroy() {},
    }));
    cleanups.push(() => handle.destroy());
    const root = document.querySelector('[data-candor-ui]')!.shadowRoot!;
    const q = within(root as unknown as HTMLElement);
    const accept = q.getByRole('button', { name: 'Accept all' });
    accept.focus();
    accept.click();
    expect(q.queryByRole('button', { name: 'Accept all' })).toBeNull();
    expect(root.activeElement).toBe(q.getByRole('button', { name: 'Privacy settings' }));
    expect(consent.has('marketing')).toBe(true);
    expect(log).toEqual([]);
    await nextFrame();
    expect(log).toEqual(['change banner:accept-all', 'stored banner:accept-all']);
  });
});

describe("a decision made inside another decision's state change", () => {
  it('is completed after it, in order, with its chain, and neither is lost', async () => {
    const { effect } = await import('@preact/signals-core');
    const storage = createMemoryStorage();
    const consent = createConsent(sample, { storage });
    await consent.ready;
    const events: string[] = [];
    consent.on('change', (e) => events.push(e.record?.method ?? 'none'));
    let nested: Promise<ConsentRecord | null> | undefined;
    // A page's effect on `state` that decides again at once (synchronously, inside the change).
    const stop = effect(() => {
      if (consent.state.value.purposes['analytics'] && !nested)
        nested = consent.update({ purposes: { analytics: false } });
    });
    const first = await consent.acceptAll();
    const second = await nested!;
    stop();
    expect([first?.method, second?.method]).toEqual(['api', 'api']);
    const stored = await consent.records();
    expect(stored.map((r) => r.id).sort()).toEqual([first!.id, second!.id].sort());
    expect(events).toEqual(['api', 'api']);
    expect(second!.prevHash).toBe(await recordHash(first!, sha256));
    expect(consent.state.value.decision?.id).toBe(second!.id); // the newest stands
    expect(consent.has('analytics')).toBe(false);
  });
});

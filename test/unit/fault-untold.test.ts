import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { configHashOf, configStamp } from '../../src/core/policy';
import { sha256 } from '../../src/core/sha256';
import { createConsent } from '../../src/instance/create-consent';
import type { ConsentEvents } from '../../src/instance/types';
import { createBrowserStorage } from '../../src/store/browser';
import { configOf, mapJar, NOW, sample, slot } from './fixtures';

const optOut = { ...sample, jurisdiction: 'opt-out' } as const;
const config = configOf(optOut);

let win: EventTarget;
beforeEach(() => {
  win = new EventTarget();
  vi.stubGlobal('addEventListener', win.addEventListener.bind(win));
  vi.stubGlobal('removeEventListener', win.removeEventListener.bind(win));
});
afterEach(() => void vi.unstubAllGlobals());

/** An IndexedDB that answers, until `broken.now` (then every transaction throws, as a closing connection does). */
function breakable(broken: { now: boolean }): () => IDBFactory {
  const real = new IDBFactory();
  return () =>
    ({
      open(name: string) {
        const request = real.open(name);
        request.addEventListener('success', () => {
          const db = request.result;
          const transaction = db.transaction.bind(db);
          db.transaction = ((stores: string, mode?: IDBTransactionMode) => {
            if (broken.now) throw new DOMException('The database connection is closing.', 'AbortError');
            return transaction(stores, mode);
          }) as typeof db.transaction;
        });
        return request;
      },
    }) as unknown as IDBFactory;
}

describe('a storage failure after a clean start, on an opt-out site without a decision (review)', () => {
  it('what has() answers is what the page was told (a change event), not a silent withdrawal of the defaults', async () => {
    const broken = { now: false };
    const c = createConsent(optOut, {
      now: () => NOW,
      gpc: false,
      storage: (ctx) =>
        createBrowserStorage(
          {
            config,
            configHash: configHashOf(config, 'opt-out', sha256),
            stamp: configStamp(optOut, null),
            cookies: mapJar(),
            copy: slot(),
            journal: slot(),
            indexedDB: breakable(broken),
            secure: true,
            now: () => NOW,
          },
          ctx,
        ),
    });
    await c.ready;
    expect(c.has('analytics')).toBe(true); // the opt-out default, after a clean read
    const changes: ConsentEvents['change'][] = [];
    c.on('change', (e) => changes.push(e));
    broken.now = true;
    await c.records(); // the dashboard's history: IndexedDB fails now (storage/unavailable)
    // Back from the back/forward cache: the decision is read again.
    win.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
    await new Promise((r) => setTimeout(r, 50));
    const told = changes.at(-1)?.state.purposes['analytics'] ?? true;
    expect(c.has('analytics')).toBe(told);
    expect(c.state.value.purposes['analytics']).toBe(told);
    c.destroy();
  });
});

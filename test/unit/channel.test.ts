import { describe, expect, it } from 'vitest';
import { createTabChannel } from '../../src/store/channel';

/** Two "tabs" sharing a localStorage, without BroadcastChannel: the storage event carries messages. */
function tabsWithoutBroadcastChannel() {
  const store = new Map<string, string>();
  const tabs: { listeners: Set<(e: StorageEvent) => void>; scope: typeof globalThis }[] = [];
  const make = () => {
    const listeners = new Set<(e: StorageEvent) => void>();
    const scope = {
      addEventListener: (_t: string, fn: (e: StorageEvent) => void) => listeners.add(fn),
      removeEventListener: (_t: string, fn: (e: StorageEvent) => void) => listeners.delete(fn),
      localStorage: {
        setItem(key: string, value: string) {
          store.set(key, value);
          // Browsers fire `storage` in every other tab of the origin, not in the writer.
          for (const t of tabs)
            if (t.scope !== scope) t.listeners.forEach((fn) => fn({ key, newValue: value } as StorageEvent));
        },
      },
    } as unknown as typeof globalThis;
    tabs.push({ listeners, scope });
    return scope;
  };
  return { make };
}

describe('tab channel fallback (no BroadcastChannel)', () => {
  it('delivers messages to the other tabs through the storage event, not to the sender', () => {
    const { make } = tabsWithoutBroadcastChannel();
    const a = createTabChannel(make());
    const b = createTabChannel(make());
    const gotA: unknown[] = [];
    const gotB: unknown[] = [];
    a.subscribe((m) => gotA.push(m));
    b.subscribe((m) => gotB.push(m));
    a.post({ candor: 1, n: 1 });
    expect(gotB).toEqual([{ candor: 1, n: 1 }]);
    expect(gotA).toEqual([]);
    b.close();
    a.post({ candor: 1, n: 2 });
    expect(gotB).toHaveLength(1);
  });

  it('survives a blocked localStorage and foreign values', () => {
    const listeners = new Set<(e: StorageEvent) => void>();
    const scope = {
      addEventListener: (_t: string, fn: (e: StorageEvent) => void) => listeners.add(fn),
      removeEventListener: () => {},
      localStorage: {
        setItem: () => {
          throw new DOMException('blocked', 'SecurityError');
        },
      },
    } as unknown as typeof globalThis;
    const ch = createTabChannel(scope);
    const got: unknown[] = [];
    ch.subscribe((m) => got.push(m));
    expect(() => ch.post({ candor: 1 })).not.toThrow();
    listeners.forEach((fn) => fn({ key: 'candor:v1', newValue: '{not json' } as StorageEvent));
    listeners.forEach((fn) => fn({ key: 'other', newValue: '{}' } as StorageEvent));
    expect(got).toEqual([]);
  });
});

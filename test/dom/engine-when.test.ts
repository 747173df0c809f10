// @vitest-environment happy-dom
// When a first visit's engine loads (ui/engine-when.ts): the visitor's first input (after its frame), Candor's own
// keys changing in another tab, a restore from the back/forward cache, or the fallback timer; at
// once where the site counts impressions.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SETTLE_MS, startEngineWhenNeeded } from '../../src/ui/engine-when';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** Starts the wait; `calls()` is how often `start` has been called. */
function waiting(now = false): () => number {
  const start = vi.fn();
  startEngineWhenNeeded(start, now);
  return () => start.mock.calls.length;
}

/** A pointer move of (x, y) px since the last one. */
const moved = (movementX: number, movementY: number): PointerEvent =>
  new PointerEvent('pointermove', { bubbles: true, movementX, movementY });

describe('a first visit’s engine', () => {
  it('starts at once where the site counts banner impressions', () => {
    expect(waiting(true)()).toBe(1);
  });

  it('waits while nothing happens, and starts SETTLE_MS later', () => {
    const calls = waiting();
    vi.advanceTimersByTime(SETTLE_MS - 1);
    expect(calls()).toBe(0);
    vi.advanceTimersByTime(1);
    expect(calls()).toBeGreaterThan(0);
  });

  it.each([
    ['a pointer that moves', () => document.body.dispatchEvent(moved(3, 0))],
    ['a pointer that moves up', () => document.body.dispatchEvent(moved(0, -1))],
    ['a press (a touch)', () => document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }))],
    ['a key', () => document.body.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, key: 'Tab' }))],
  ])('starts at %s, after the frame that input asks for (not in its own task: INP)', async (_, happen) => {
    const calls = waiting();
    happen();
    expect(calls()).toBe(0);
    await vi.advanceTimersByTimeAsync(40); // a frame, then a task
    expect(calls()).toBe(1);
    happen(); // asked once: later inputs schedule nothing more
    await vi.advanceTimersByTimeAsync(600);
    expect(calls()).toBe(1);
  });

  it('starts at an input without waiting for a frame in a hidden page (no frame comes)', async () => {
    const hidden = vi.spyOn(document, 'hidden', 'get').mockReturnValue(true);
    try {
      const calls = waiting();
      document.body.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true }));
      await Promise.resolve();
      expect(calls()).toBe(1);
    } finally {
      hidden.mockRestore();
    }
  });

  it('starts at an input as soon as the page is hidden before its frame (no frame comes then)', async () => {
    const calls = waiting();
    document.body.dispatchEvent(moved(1, 1));
    const hidden = vi.spyOn(document, 'hidden', 'get').mockReturnValue(true);
    try {
      document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
      await Promise.resolve();
      expect(calls()).toBe(1); // without waiting for any timer
    } finally {
      hidden.mockRestore();
    }
  });

  it('starts at an input within 100 ms even when no frame comes', async () => {
    const frames = vi.spyOn(window, 'requestAnimationFrame').mockImplementation(() => 0);
    try {
      const calls = waiting();
      document.body.dispatchEvent(moved(1, 1));
      await vi.advanceTimersByTimeAsync(99);
      expect(calls()).toBe(0);
      await vi.advanceTimersByTimeAsync(1);
      expect(calls()).toBe(1);
    } finally {
      frames.mockRestore();
    }
  });

  it('does not start for a pointer that did not move: the browser’s own event after a layout under a pointer at rest', async () => {
    const calls = waiting();
    document.body.dispatchEvent(moved(0, 0));
    document.body.dispatchEvent(new PointerEvent('pointerover', { bubbles: true }));
    await vi.advanceTimersByTimeAsync(SETTLE_MS / 2);
    expect(calls()).toBe(0);
    document.body.dispatchEvent(moved(0, 2)); // the visitor moves it
    await vi.advanceTimersByTimeAsync(40);
    expect(calls()).toBe(1);
  });

  it.each([
    [
      'Candor’s copy of the cookie written in another tab',
      () => window.dispatchEvent(new StorageEvent('storage', { key: 'candor:v1:cookie', newValue: '1.2' })),
    ],
    [
      'Candor’s channel fallback in another tab',
      () => window.dispatchEvent(new StorageEvent('storage', { key: 'candor:v1', newValue: '{}' })),
    ],
    [
      'a restore from the back/forward cache',
      () => window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true })),
    ],
  ])('starts at %s', (_, happen) => {
    const calls = waiting();
    happen();
    expect(calls()).toBe(1);
  });

  it('does not start for another script’s storage, a storage event without a key (clear()), or the first pageshow', () => {
    const calls = waiting();
    window.dispatchEvent(new StorageEvent('storage', { key: 'cart', newValue: '3' }));
    window.dispatchEvent(new StorageEvent('storage', { key: null }));
    window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: false }));
    expect(calls()).toBe(0);
  });

  it('hears the input before the page does (capture: a page that stops its events does not hold it back)', async () => {
    const calls = waiting();
    const stop = (e: Event): void => e.stopPropagation();
    document.body.addEventListener('keydown', stop, true);
    document.body.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true }));
    document.body.removeEventListener('keydown', stop, true);
    await vi.advanceTimersByTimeAsync(40);
    expect(calls()).toBe(1);
  });
});

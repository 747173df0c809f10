import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import type { ConsentRecord } from '../../src/core/record';
import { createMemoryStorage } from '../../src/store/memory';
import { NOW, sample } from './fixtures';

afterEach(() => void vi.unstubAllGlobals());

describe('Web Locks denied (an opaque origin: a sandboxed frame, file://) (review)', () => {
  it('records are still delivered, and no rejection reaches the page', async () => {
    // The Web Locks standard: in an opaque origin, request() returns a promise rejected with a SecurityError.
    vi.stubGlobal('navigator', {
      locks: { request: () => Promise.reject(new DOMException('Access to the Locks API is denied', 'SecurityError')) },
    });
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown): void => void unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      const posted: string[] = [];
      const fetchFn = (async (_u: string, init: RequestInit) => {
        posted.push(...(JSON.parse(String(init.body)) as { records: ConsentRecord[] }).records.map((r) => r.id));
        return new Response('{}');
      }) as unknown as typeof fetch;
      const c = createConsent(
        { ...sample, sync: { endpoint: 'https://example.com/consent' } },
        { now: () => NOW, storage: createMemoryStorage(), fetch: fetchFn },
      );
      await c.ready;
      const r = (await c.acceptAll())!;
      await new Promise((res) => setTimeout(res, 50));
      expect(unhandled).toEqual([]);
      expect(posted).toContain(r.id);
      c.destroy();
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

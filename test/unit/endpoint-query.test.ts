/**
 * A sync endpoint with a query string (`https://api.example/consent?site=bakery`, one receiver for
 * several sites): data-subject requests and banner counts go to its path's `/requests` and
 * `/impressions`, the query kept, not to `…?site=bakery/requests` (the records route, which refuses them).
 */
import { describe, expect, it } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import { endpointAt } from '../../src/instance/sync-wiring';
import { createMemoryStorage } from '../../src/store/memory';
import { NOW, sample } from './fixtures';

describe('a sync endpoint with a query', () => {
  it.each([
    ['https://api.example/consent', 'https://api.example/consent/requests'],
    ['https://api.example/consent/', 'https://api.example/consent/requests'],
    ['https://api.example/consent?site=bakery', 'https://api.example/consent/requests?site=bakery'],
    ['https://api.example/consent/?site=a/b', 'https://api.example/consent/requests?site=a/b'],
    ['https://api.example/?site=bakery', 'https://api.example/requests?site=bakery'],
    ['http://127.0.0.1:8787/consent#x', 'http://127.0.0.1:8787/consent/requests#x'],
  ])('%s: requests go to %s', (endpoint, expected) => {
    expect(endpointAt(endpoint, 'requests')).toBe(expected);
  });

  it('sends a data-subject request to {endpoint path}/requests, keeping the query', async () => {
    const urls: string[] = [];
    const fetch = (async (url: string) => (urls.push(String(url)), new Response('{}', { status: 202 }))) as never;
    const consent = createConsent(
      { ...sample, sync: { endpoint: 'https://api.example/consent?site=bakery' } },
      { now: () => NOW, storage: createMemoryStorage(), fetch },
    );
    await consent.ready;
    expect(await consent.request('access')).toBe('sent');
    expect(urls).toContain('https://api.example/consent/requests?site=bakery');
    consent.destroy();
  });
});

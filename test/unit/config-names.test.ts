/**
 * Config values a careless owner plausibly writes that the check accepted without a word, though
 * they make Candor do nothing: a `hosts` entry that matches no URL (auto-blocking lets that
 * service's tags run before consent: fail open), a `cookies` entry that matches no cookie (a
 * revoked service's cookies stay). Each is now said with its path and its fix; the config applies.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/parse-config';
import { toSiteView } from '../../src/core/site-view';
import { servicesForUrl } from '../../src/gate/autoblock';
import { matchingCookies } from '../../src/gate/cookies';

const base = {
  policy: { revision: 1, url: '/privacy', contact: 'privacy@example.com' },
  autoBlock: true,
  purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }, { id: 'marketing' }],
};
const warned = (input: unknown): readonly { path: string; message: string }[] => {
  const r = parseConfig(input);
  expect(r.ok).toBe(true);
  return r.warnings;
};
const PIXEL = 'https://connect.facebook.net/en_US/fbevents.js';

describe('services[].hosts entries that name no host any URL has', () => {
  it.each([
    ['a wildcard top-level domain', 'facebook.*'],
    ['a wildcard without its dot', '*facebook.net'],
    ['a URL with its colon lost', 'https//connect.facebook.net'],
    ['two hosts in one string', 'connect.facebook.net, www.facebook.com'],
  ])('%s (%j): auto-blocking holds nothing back, and the config check says so', (_, host) => {
    const config = {
      ...base,
      services: [{ id: 'meta-pixel', purpose: 'marketing', hosts: ['www.example.net', host] }],
    };
    // What auto-blocking and the embeds compare a URL with: this service's tags are never held.
    expect(servicesForUrl(PIXEL, 'https://shop.example/', toSiteView(config).services)).toEqual([]);
    expect(warned(config)).toEqual([
      { path: 'services[0].hosts[1]', message: expect.stringMatching(/is no host name.*connect\.facebook\.net/) },
    ]);
  });

  it('says nothing of host names, URLs, ports, paths and *.host entries (docs/configuration.md), each of which matches', () => {
    const hosts = [
      'connect.facebook.net',
      'https://www.googletagmanager.com/',
      '*.doubleclick.net',
      'connect.facebook.net:443/tr',
      '//cdn.example.com/x.js',
      'bücher.example',
      'localhost',
      '.example.org', // a cookie domain's leading dot: the gate reads it as the host (gate-pure.test.ts)
    ];
    const config = { ...base, services: [{ id: 'ga4', purpose: 'analytics', hosts }] };
    expect(warned(config)).toEqual([]);
    const services = toSiteView(config).services;
    for (const url of [
      PIXEL,
      'https://www.googletagmanager.com/gtag/js',
      'https://ad.doubleclick.net/x',
      'https://cdn.example.com/y',
      'https://www.example.org/z',
    ])
      expect(
        servicesForUrl(url, 'https://shop.example/', services).map((s) => s.id),
        url,
      ).toEqual(['ga4']);
  });
});

describe('services[].hosts entries written as a regex, and hosts that match', () => {
  const one = (entry: string) => ({ ...base, services: [{ id: 'meta-pixel', purpose: 'marketing', hosts: [entry] }] });
  it.each([
    ['anchored', '^connect.facebook.net$'],
    ['with escaped dots', 'connect\\.facebook\\.net'],
    ['an alternation of subdomains', '(www|connect).facebook.net'],
    ['two hosts joined by |', 'connect.facebook.net|www.facebook.com'],
  ])('%s (%j): no URL matches it, and the config check says so', (_, entry) => {
    expect(servicesForUrl(PIXEL, 'https://shop.example/', toSiteView(one(entry)).services)).toEqual([]);
    expect(warned(one(entry)).map((w) => w.path)).toEqual(['services[0].hosts[0]']);
  });

  it.each(['LOCALHOST', 'http://LOCALHOST:8080', 'localhost.', '[::1]', 'connect.facebook.net.'])(
    '%j matches, and nothing is said',
    (entry) => {
      expect(warned(one(entry))).toEqual([]);
      const url = entry.includes('facebook')
        ? PIXEL
        : entry.includes('::1')
          ? 'http://[::1]:8080/x'
          : 'http://localhost:8080/tr.js';
      expect(servicesForUrl(url, 'http://localhost:8080/', toSiteView(one(entry)).services)).toHaveLength(1);
    },
  );
});

describe('services[].cookies entries that match no cookie name', () => {
  it.each([
    ['a glob', '_ga*'],
    ['a glob after an underscore', '_ga_*'],
    ['a regex with a flag (not ending in "/")', '/^_ga_/i'],
    ['a regex without its closing slash', '/^_ga_'],
  ])('%s (%j): nothing is deleted on revoke, and the config check says so', (_, pattern) => {
    expect(matchingCookies('_ga_ABC123=GA1.1.1; other=1', [pattern])).toEqual([]);
    const config = { ...base, services: [{ id: 'ga4', purpose: 'analytics', cookies: ['_ga', pattern] }] };
    expect(warned(config)).toEqual([
      { path: 'services[0].cookies[1]', message: expect.stringContaining('between slashes') },
    ]);
  });

  it('says nothing of names and /regex/ patterns, which match', () => {
    const cookies = ['_ga', '/^_ga_/', '_fbp'];
    expect(warned({ ...base, services: [{ id: 'ga4', purpose: 'analytics', cookies }] })).toEqual([]);
    expect(matchingCookies('_ga=1; _ga_ABC123=2; _fbp=3; other=4', cookies).sort()).toEqual([
      '_fbp',
      '_ga',
      '_ga_ABC123',
    ]);
  });
});

// URLs from the config: links (policy, privacy policies, contact) that cannot run script, and a
// sync endpoint that cannot send records to another host over plain http.
import { describe, expect, it } from 'vitest';
import { contactHref, contactIssue, endpointIssue, linkIssue } from '../../src/core/links';
import { parseConfig } from '../../src/core/parse-config';
import { resolveEndpoint } from '../../src/instance/sync-wiring';
import { SCRIPT_URLS } from './vectors';

const base = { policy: { revision: 1 }, purposes: [{ id: 'necessary', required: true }] };
/** A config with `url` in every link it has: the policy, its contact and a service's privacy policy. */
const everyLink = (url: string, more: object = {}) =>
  parseConfig({
    ...base,
    policy: { revision: 1, url, contact: url },
    purposes: [...base.purposes, { id: 'analytics' }],
    services: [{ id: 'ga4', purpose: 'analytics', privacyUrl: url }],
    ...more,
  });

describe('links from the config', () => {
  it.each(SCRIPT_URLS)('refuses %j', (url) => {
    expect(linkIssue(url)).not.toBeNull();
  });

  it.each([
    'https://example.com/privacy',
    'http://example.com/privacy',
    'HTTPS://EXAMPLE.COM',
    'mailto:privacy@example.com',
    '/privacy',
    'privacy.html',
    '../privacy',
    '#privacy',
    '?a=1',
    '//example.com/privacy',
    'javascript&colon;alert(1)',
  ])('accepts %j (https, http, mailto or relative; an entity is not decoded in an attribute set from script)', (url) =>
    expect(linkIssue(url)).toBeNull(),
  );

  it.each(SCRIPT_URLS)(
    'parseConfig reports %j in policy.url, services[0].privacyUrl and policy.contact, each with its path',
    (url) => {
      const r = everyLink(url);
      expect(r.ok).toBe(false);
      const paths = r.ok ? [] : r.issues.map((i) => i.path);
      expect(paths).toEqual(expect.arrayContaining(['policy.url', 'policy.contact', 'services[0].privacyUrl']));
    },
  );

  it.each(['https://exa mple.com/privacy', 'http://[', 'https://', 'https://example.com:99999/privacy'])(
    'warns with its path about %j, which is no URL at all (a link going nowhere; the first layer does not parse URLs)',
    (url) => {
      const r = everyLink(url, { ui: { policyPages: ['/privacy', url] } });
      expect(r.ok).toBe(true);
      const warned = r.warnings.filter((w) => w.message.includes('is not a URL'));
      expect(warned.map((w) => w.path)).toEqual([
        'policy.url',
        'policy.contact',
        'services[0].privacyUrl',
        'ui.policyPages[1]',
      ]);
    },
  );

  it('no such warning for links that are URLs, nor for a contact that is an email address', () => {
    const r = parseConfig({
      ...base,
      policy: { revision: 1, url: '/privacy', contact: 'privacy@example.com' },
      ui: { policyPages: ['/privacy', 'https://example.com/legal?tab=cookies'] },
    });
    expect(r.warnings).toEqual([]);
  });

  it('contact: an email address becomes a mailto: link; a link is checked like any other', () => {
    expect(contactIssue('privacy@example.com')).toBeNull();
    expect(contactHref('privacy@example.com')).toBe('mailto:privacy@example.com');
    expect(contactHref('https://example.com/contact')).toBe('https://example.com/contact');
    expect(contactIssue('javascript:alert("@")')).not.toBeNull();
    expect(contactIssue('privacy@example.com?bcc=all@example.com')).not.toBeNull();
    expect(contactIssue('not an address@')).not.toBeNull();
  });
});

describe('the sync endpoint', () => {
  it.each([
    ['/\\evil.host/c', 'backslash'],
    ['/\t/evil.host/c', 'control'],
    ['/\n/evil.host/c', 'control'],
    ['//evil.host/c', 'not an https URL'],
    ['http://evil.host/c', 'plain http'],
    ['https://evil.host\\@good.host/c', 'backslash'],
    [' https://example.com/c', 'spaces'],
    ['javascript:alert(1)', 'not an https URL'],
    ['ftp://example.com/c', 'not an https URL'],
  ])('refuses %j (%s)', (url, why) => {
    expect(endpointIssue(url)).toContain(why);
  });

  it.each([
    'https://example.com/api/consent',
    '/api/consent',
    'http://localhost:8080/c',
    'http://127.0.0.1/c',
    'http://[::1]:3000/c',
  ])('accepts %j', (url) => {
    expect(endpointIssue(url)).toBeNull();
  });

  it('is resolved against the page: same-origin, https, or http on loopback; anything else throws config/invalid', () => {
    expect(resolveEndpoint('/api/consent', 'http://shop.example/page')).toBe('http://shop.example/api/consent');
    expect(resolveEndpoint('https://records.example/c', 'http://shop.example/')).toBe('https://records.example/c');
    expect(resolveEndpoint('http://127.0.0.1:9000/c', 'https://shop.example/')).toBe('http://127.0.0.1:9000/c');
    expect(() => resolveEndpoint('//evil.host/c', 'http://shop.example/')).toThrow(
      /config\/invalid|resolves to http:\/\/evil\.host/,
    );
    expect(() => resolveEndpoint('/\\evil.host/c', 'http://shop.example/')).toThrow(/evil\.host/);
    expect(resolveEndpoint('/api/consent', null)).toBeNull(); // SSR: no page, no sync
    // A fragment is never sent: dropped, so that the pull's `?subject=` is not appended after it.
    expect(resolveEndpoint('https://records.example/c?site=a#top', 'http://shop.example/')).toBe(
      'https://records.example/c?site=a',
    );
  });
});

// @vitest-environment happy-dom
// @vitest-environment-options {"url":"https://shop.example.com/"}
/**
 * A `cookie.domain` the page is not on (copied from the live site to a staging host, written as a
 * URL) or a `cookie.path` the page is outside of: the browser refuses or hides every write of the
 * consent cookie, so a returning visitor's loader can never answer from it (every page loads the
 * engine) and, where IndexedDB is missing too, the decision lasts one page. The only sign was an
 * `error` event blaming the browser, which the script tag prints nowhere: the engine now names the
 * setting on the console (loader/config-diagnostics.ts).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createChecked } from '../../src/instance/create-instance';
import { tellConfig } from '../../src/loader/config-diagnostics';

const base = {
  policy: { revision: 1, url: '/privacy', contact: 'privacy@example.com' },
  purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }],
};

afterEach(() => {
  document.cookie = '__Host-candor=; Path=/; Max-Age=0; Secure';
  document.cookie = 'candor=; Path=/; Max-Age=0; Secure';
  document.cookie = 'candor=; Path=/; Domain=example.com; Max-Age=0; Secure';
  localStorage.clear();
  vi.restoreAllMocks();
});

let page = 0;
/**
 * The console's words while the script tag's engine starts with `config` and the visitor accepts:
 * each call's config has a relative privacy link of its own (said once per text), which it awaits.
 */
async function consoleWhile(config: object): Promise<{ said: string; errors: string[] }> {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const marker = `privacy-${++page}.html`;
  const consent = createChecked({ ...config, policy: { ...base.policy, url: marker } }, {}, tellConfig);
  const errors: string[] = [];
  consent.on('error', (e) => void errors.push(e.message));
  await consent.ready;
  await consent.acceptAll();
  const text = (): string => warn.mock.calls.map((c) => String(c[0])).join('\n');
  await vi.waitFor(() => expect(text()).toContain(marker));
  consent.destroy();
  return { said: text(), errors };
}

describe('a cookie scope the page is not in', () => {
  it.each([
    ['cookie.domain of another site', { domain: 'example.org' }, 'cookie.domain "example.org"', 'shop.example.com'],
    [
      'cookie.domain written as a URL',
      { domain: 'https://example.com' },
      'cookie.domain "https://example.com"',
      'shop.example.com',
    ],
    ['cookie.path of one section, on the home page', { path: '/shop' }, 'cookie.path "/shop"', '(/)'],
  ])('%s: no consent cookie is kept, and the console names the setting and the page', async (_, cookie, key, page) => {
    const { said, errors } = await consoleWhile({ ...base, cookie });
    expect(document.cookie).not.toMatch(/candor=/);
    expect(errors.join('\n')).toContain('cookies are blocked');
    expect(said).toContain(key);
    expect(said).toContain(page);
  });

  it.each([
    ['a cookie.domain the page is on', { domain: 'example.com' }],
    ['the same with a leading dot and capitals', { domain: '.Example.COM' }],
    ['a cookie.path the page is under', { path: '/' }],
  ])('%s: the cookie is kept and nothing is said of it', async (_, cookie) => {
    const { said } = await consoleWhile({ ...base, cookie });
    expect(document.cookie).toMatch(/candor=1\./);
    expect(said).not.toContain('cookie.');
  });
});

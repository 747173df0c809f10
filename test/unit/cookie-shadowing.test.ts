/**
 * A cookie of the mirror's name that another one shadows: set for a longer path or for the parent
 * domain, it comes first in `document.cookie` (RFC 6265: longer paths first, then older first). A
 * sibling subdomain can set one (the name has no `__Host-` prefix with a `cookie.path` other than
 * "/", with `cookie.domain`, or on http), and a site that moves `cookie.path` leaves one. Before, the
 * engine read its own write back as the shadowing cookie, took cookies for blocked and stopped
 * writing them for the page: a refusal made there never reached the cookie, and every page where
 * the shadowing cookie is not seen kept answering the old grant from it, without the engine.
 */
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { readFastGrants } from '../../src/loader/fast-path';
import { cookieValues, readCookie } from '../../src/store/cookie';
import { pageOf } from './browser-page';
import { NOW, sample } from './fixtures';

interface Stored {
  name: string;
  value: string;
  domain: string | null;
  path: string;
  created: number;
}

/** A cookie jar with the browser's rules that matter here: identity by name, domain and path; path matching; longer paths first. */
function browserJar() {
  let list: Stored[] = [];
  let clock = 0;
  return {
    set(cookie: string) {
      const [pair, ...attrs] = cookie.split(';').map((s) => s.trim());
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const attr = (k: string) => attrs.find((a) => a.startsWith(`${k}=`))?.slice(k.length + 1);
      const domain = attr('Domain') ?? null;
      const path = attr('Path') ?? '/';
      const old = list.find((c) => c.name === name && c.domain === domain && c.path === path);
      list = list.filter((c) => c !== old);
      if (attr('Max-Age') !== '0')
        list.push({ name, value: pair!.slice(eq + 1), domain, path, created: old?.created ?? clock++ });
    },
    /** `document.cookie` on a page at `at`. */
    get: (at: string) =>
      list
        .filter((c) => c.path === '/' || at === c.path || at.startsWith(`${c.path}/`))
        .sort((a, b) => b.path.length - a.path.length || a.created - b.created)
        .map((c) => `${c.name}=${c.value}`)
        .join('; '),
  };
}

/** A site whose pages share one jar, one IndexedDB and (unless `cookie.domain`) one copy; `secure`: https. */
function site(secure: boolean) {
  const jar = browserJar();
  const idb = new IDBFactory();
  let copy: string | null = null;
  /** A page at `at` under the config `input`, and the errors it reported. */
  const page = (input: typeof sample, at: string) => {
    const errors: string[] = [];
    const consent = pageOf(input, {
      cookies: { get: () => jar.get(at), set: (c) => jar.set(c) },
      copy: { get: () => copy, set: (v) => void (copy = v), remove: () => void (copy = null) },
      idb,
      secure,
    });
    consent.on('error', (e) => errors.push(e.code));
    return { consent, errors };
  };
  /** What the loader's fast path answers for `analytics` on a page at `at` under `input` (null: the engine decides). */
  const fast = (input: typeof sample, at: string) =>
    readFastGrants(input, { region: null, cookies: jar.get(at), copy, secure, now: NOW + 1, gpc: false })?.purposes[
      'analytics'
    ] ?? null;
  return { jar, page, fast };
}

const withCookie = (cookie: object) => ({ ...sample, cookie }) as unknown as typeof sample;

describe('a cookie of the mirror’s name shadowed by another', () => {
  it('reads as no decision while two of that name say different things; the same twice is one', () => {
    expect(cookieValues('a=1; candor=x; b=2; candor=y%2Ez')).toEqual(['x', 'y.z']);
    expect(readCookie('a=1; candor=x; b=2; candor=y')).toBe('');
    expect(readCookie('candor=x; candor=x%')).toBe(''); // the second not URI-decodable: read raw, still another value
    expect(readCookie('candor=x.y; candor=x%2Ey')).toBe('x.y');
    expect(readCookie('candor2=x; candor=y')).toBe('y');
    expect(readCookie('a=1')).toBeUndefined();
  });

  it('a sibling’s cookie for a longer path (https, cookie.path "/app"): a refusal there reaches every other page', async () => {
    const { jar, page, fast } = site(true);
    const app = withCookie({ path: '/app' });
    const one = page(app, '/app/home');
    await one.consent.ready;
    await one.consent.acceptAll();
    one.consent.destroy();
    expect(fast(app, '/app/home')).toBe(true);
    // evil.example.com: Set-Cookie: candor=x; Domain=example.com; Path=/app/settings
    jar.set('candor=x; Domain=example.com; Path=/app/settings');
    expect(fast(app, '/app/settings')).toBeNull(); // the engine decides there, from IndexedDB
    const two = page(app, '/app/settings');
    await two.consent.ready;
    expect(two.consent.has('analytics')).toBe(true); // IndexedDB's record: the visitor's own
    await two.consent.rejectAll();
    expect(two.consent.has('analytics')).toBe(false);
    two.consent.destroy();
    expect(two.errors).not.toContain('storage/unavailable'); // the write stuck: no cookies are blocked
    expect(fast(app, '/app/home')).toBe(false);
    expect(fast(app, '/app/settings')).toBeNull();
    // The visitor changes their mind again there: the cookie follows each time.
    const three = page(app, '/app/settings');
    await three.consent.ready;
    expect(three.consent.has('analytics')).toBe(false);
    await three.consent.acceptAll();
    three.consent.destroy();
    expect(fast(app, '/app/home')).toBe(true);
  });

  for (const [name, secure, before, after] of [
    [
      'cookie.domain shared by subdomains (https)',
      true,
      { domain: 'example.com', path: '/shop' },
      { domain: 'example.com', path: '/' },
    ],
    ['no cookie.domain, on http (the copy vouches)', false, { path: '/shop' }, { path: '/' }],
  ] as const)
    it(`a site that moves cookie.path from "/shop" to "/", ${name}: a refusal on /shop holds on every page`, async () => {
      const { page, fast } = site(secure);
      const A = withCookie(before);
      const B = withCookie(after);
      const one = page(A, '/shop/cart');
      await one.consent.ready;
      await one.consent.acceptAll();
      one.consent.destroy();
      // Under the new config on /shop, the engine writes the cookie at "/", which the old one shadows there.
      const two = page(B, '/shop/cart');
      await two.consent.ready;
      await two.consent.rejectAll();
      expect(two.consent.has('analytics')).toBe(false);
      two.consent.destroy();
      expect(two.errors).not.toContain('storage/unavailable');
      expect(fast(B, '/')).toBe(false);
      expect(fast(B, '/shop/cart')).toBeNull(); // the old grant at /shop is not believed: the engine decides
      const three = page(B, '/shop/cart');
      await three.consent.ready;
      expect(three.consent.has('analytics')).toBe(false);
      three.consent.destroy();
    });
});

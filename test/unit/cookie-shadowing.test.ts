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
  /** The Domain attribute, or null for a host-only cookie (of `host`). */
  domain: string | null;
  host: string;
  path: string;
  created: number;
}

/**
 * A cookie jar with the browser's rules that matter here: identity by name, domain (or host) and
 * path; domain and path matching; longer paths first, then older first.
 */
function browserJar() {
  let list: Stored[] = [];
  let clock = 0;
  return {
    set(cookie: string, host = WWW) {
      const [pair, ...attrs] = cookie.split(';').map((s) => s.trim());
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const attr = (k: string) => attrs.find((a) => a.startsWith(`${k}=`))?.slice(k.length + 1);
      const domain = attr('Domain') ?? null;
      const path = attr('Path') ?? '/';
      const old = list.find(
        (c) => c.name === name && c.domain === domain && c.path === path && (domain !== null || c.host === host),
      );
      list = list.filter((c) => c !== old);
      if (attr('Max-Age') !== '0')
        list.push({ name, value: pair!.slice(eq + 1), domain, host, path, created: old?.created ?? clock++ });
    },
    /** `document.cookie` on a page of `host` at `at`. */
    get: (at: string, host = WWW) =>
      list
        .filter((c) => (c.domain === null ? c.host === host : host === c.domain || host.endsWith(`.${c.domain}`)))
        .filter((c) => c.path === '/' || at === c.path || at.startsWith(`${c.path}/`))
        .sort((a, b) => b.path.length - a.path.length || a.created - b.created)
        .map((c) => `${c.name}=${c.value}`)
        .join('; '),
  };
}

const WWW = 'www.example.com';

/** An origin (`host`) of a site whose pages share `jar`, one IndexedDB and one copy; `secure`: https. */
function site(secure: boolean, jar = browserJar(), host = WWW) {
  const idb = new IDBFactory();
  let copy: string | null = null;
  /** localStorage full: writing the copy does nothing (localCopy swallows the error). */
  let full = false;
  /** A page at `at` under the config `input`, opened at `now`, and the errors it reported. */
  const page = (input: typeof sample, at: string, now = NOW) => {
    const errors: string[] = [];
    const consent = pageOf(
      input,
      {
        cookies: { get: () => jar.get(at, host), set: (c) => jar.set(c, host) },
        copy: { get: () => copy, set: (v) => void (full || (copy = v)), remove: () => void (copy = null) },
        idb,
        secure,
      },
      now,
    );
    consent.on('error', (e) => errors.push(e.code));
    return { consent, errors };
  };
  /** What the loader's fast path answers for `analytics` on a page at `at` under `input` (null: the engine decides). */
  const fast = (input: typeof sample, at: string) =>
    readFastGrants(input, { region: null, cookies: jar.get(at, host), copy, secure, now: NOW + 9_000, gpc: false })
      ?.purposes['analytics'] ?? null;
  return { jar, page, fast, fill: (on: boolean) => void (full = on) };
}

/** The value of the cookie `candor` as a page of `host` at `at` reads it alone. */
const valueOn = (jar: ReturnType<typeof browserJar>, at: string, host = WWW) =>
  /(?:^|; )candor=([^;]*)/.exec(jar.get(at, host))![1]!;

/** Opens a page, lets it decide (`accept`: Accept all, else Reject all) and closes it; its errors. */
async function decide(p: ReturnType<ReturnType<typeof site>['page']>, accept: boolean): Promise<string[]> {
  await p.consent.ready;
  await (accept ? p.consent.acceptAll() : p.consent.rejectAll());
  expect(p.consent.has('analytics')).toBe(accept);
  p.consent.destroy();
  return p.errors;
}

const withCookie = (cookie: object) => ({ ...sample, cookie }) as unknown as typeof sample;

/** Two subdomains of one site (https) that share their cookie (`cookie.domain`), each with its own storage. */
function twoHosts() {
  const jar = browserJar();
  const shared = withCookie({ domain: 'example.com', path: '/' });
  return { jar, shared, shop: site(true, jar, 'shop.example.com'), blog: site(true, jar, 'blog.example.com') };
}

describe('a cookie of the mirror’s name shadowed by another', () => {
  it('of several that differ, the one this origin’s copy vouches for is read, else none', () => {
    expect(cookieValues('a=1; candor=x; b=2; candor=y%2Ez')).toEqual(['x', 'y.z']);
    expect(readCookie('a=1; candor=x; b=2; candor=y')).toBe(''); // no copy: the server
    expect(readCookie('candor=x; candor=y', 'candor', false)).toBe(''); // a shared cookie
    expect(readCookie('candor=x; candor=y', 'candor', 'y')).toBe('y');
    expect(readCookie('candor=x; candor=y', 'candor', 'z')).toBe('');
    expect(readCookie('candor=x; candor=y', 'candor', null)).toBe('');
    expect(readCookie('candor=x; candor=x%')).toBe(''); // the second not URI-decodable: read raw, still another value
    expect(readCookie('candor=x.y; candor=x%2Ey', 'candor', 'z')).toBe('x.y'); // the same twice is one
    expect(readCookie('candor2=x; candor=y')).toBe('y');
    expect(readCookie('a=1')).toBeUndefined();
  });

  it('a sibling’s cookie for a longer path (https, cookie.path "/app"): a refusal there reaches every other page', async () => {
    const { jar, page, fast } = site(true);
    const app = withCookie({ path: '/app' });
    await decide(page(app, '/app/home'), true);
    expect(fast(app, '/app/home')).toBe(true);
    // evil.example.com: Set-Cookie: candor=x; Domain=example.com; Path=/app/settings
    jar.set('candor=x; Domain=example.com; Path=/app/settings', 'evil.example.com');
    expect(jar.get('/app/settings').split('; ')).toHaveLength(2);
    expect(fast(app, '/app/settings')).toBe(true); // this origin's copy vouches for its own cookie
    const two = page(app, '/app/settings', NOW + 1_000);
    expect(await decide(two, false)).toEqual([]); // the write stuck: no cookies are blocked, nothing corrupt
    expect(fast(app, '/app/home')).toBe(false);
    expect(fast(app, '/app/settings')).toBe(false);
    // The visitor changes their mind again there: the cookie follows each time.
    await decide(page(app, '/app/settings', NOW + 2_000), true);
    expect(fast(app, '/app/home')).toBe(true);
  });

  it('a section of the site with a cookie.path of its own, beside a cookie shared by the subdomains: each reads its own', async () => {
    const { jar, page, fast } = site(true);
    const docs = withCookie({ path: '/docs' });
    await decide(page(docs, '/docs/intro'), true);
    jar.set('candor=1.2.3; Domain=example.com; Path=/', 'shop.example.com'); // the shop's config shares its cookie
    expect(fast(docs, '/docs/intro')).toBe(true);
    const again = page(docs, '/docs/intro', NOW + 1_000);
    await again.consent.ready;
    expect(again.consent.has('analytics')).toBe(true);
    expect(again.errors).toEqual([]);
    again.consent.destroy();
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
      await decide(page(A, '/shop/cart'), true);
      // Under the new config on /shop, the engine writes the cookie at "/", which the old one shadows there.
      expect(await decide(page(B, '/shop/cart', NOW + 1_000), false)).not.toContain('storage/unavailable');
      expect(fast(B, '/')).toBe(false);
      // The copy's (http), or for a shared cookie none: the engine decides, from the newest.
      expect(fast(B, '/shop/cart')).toBe(secure ? null : false);
      const three = page(B, '/shop/cart', NOW + 2_000);
      await three.consent.ready;
      expect(three.consent.has('analytics')).toBe(false);
      three.consent.destroy();
    });

  it('a cookie shared by the subdomains and a leftover of this host’s own: a sibling’s newer refusal stands, here and there', async () => {
    const { jar, shared, shop, blog } = twoHosts();
    await decide(shop.page(shared, '/'), true);
    jar.set('candor=x; Path=/', 'shop.example.com'); // left by a config of the shop's without cookie.domain
    await decide(blog.page(shared, '/', NOW + 1_000), false);
    expect(blog.fast(shared, '/')).toBe(false);
    expect(shop.fast(shared, '/')).toBeNull(); // two that differ, no copy: the engine decides
    const later = shop.page(shared, '/', NOW + 2_000);
    await later.consent.ready;
    expect(later.consent.has('analytics')).toBe(false); // the newest believable: the blog's refusal
    later.consent.destroy();
    expect(blog.fast(shared, '/')).toBe(false); // and the shop's older record did not replace it
  });

  it('a copy that cannot be written (localStorage full) vouches for no older cookie among several', async () => {
    const { page, fast, fill } = site(false);
    const A = withCookie({ path: '/shop' });
    const B = withCookie({ path: '/' });
    await decide(page(A, '/shop/cart'), true);
    fill(true);
    await decide(page(B, '/shop/cart', NOW + 1_000), false); // written at "/", the copy not
    const later = page(B, '/shop/cart', NOW + 2_000);
    expect(later.consent.has('analytics')).toBe(false); // before IndexedDB answers: the old grant is not read
    await later.consent.ready;
    expect(later.consent.has('analytics')).toBe(false);
    later.consent.destroy();
    expect(fast(B, '/')).toBeNull(); // no copy vouches for anything now: the engine decides
  });

  it('of several shared cookies, the newest believable is read, whichever comes first', async () => {
    const { jar, shared, shop, blog } = twoHosts();
    await decide(shop.page(shared, '/account'), true);
    // The grant again for a longer path (a sibling's, or an older config's): it comes first on /account.
    jar.set(`candor=${valueOn(jar, '/', 'shop.example.com')}; Domain=example.com; Path=/account`, 'blog.example.com');
    await decide(blog.page(shared, '/', NOW + 1_000), false);
    expect(jar.get('/account', 'shop.example.com').split('; ')).toHaveLength(2);
    const later = shop.page(shared, '/account', NOW + 2_000);
    expect(later.consent.has('analytics')).toBe(false);
    await later.consent.ready;
    expect(later.consent.has('analytics')).toBe(false);
    later.consent.destroy();
  });

  it('another tab’s refusal, its cookie written and its copy not yet, is not overwritten by this page’s older record under a shadowing cookie', async () => {
    const { jar, page, fast } = site(true);
    const app = withCookie({ path: '/app' });
    await decide(page(app, '/app/home'), true);
    const granted = valueOn(jar, '/app/home');
    jar.set('candor=x; Domain=example.com; Path=/app/settings', 'evil.example.com');
    // The other tab (its own storage here) writes only the cookie of its refusal, for now.
    const other = pageOf(
      app,
      {
        cookies: { get: () => jar.get('/app/home'), set: (c) => jar.set(c) },
        copy: { get: () => granted, set: () => {}, remove: () => {} },
        idb: new IDBFactory(),
        secure: true,
      },
      NOW + 1_000,
    );
    await decide({ consent: other, errors: [] }, false);
    const refused = valueOn(jar, '/app/home');
    expect(refused).not.toBe(granted);
    const here = page(app, '/app/settings', NOW + 2_000);
    await here.consent.ready;
    here.consent.destroy();
    expect(valueOn(jar, '/app/home')).toBe(refused); // still the refusal
    expect(fast(app, '/app/home')).not.toBe(true);
  });
});

/**
 * Deletes a revoked service's cookies: by name or `/regex/` pattern, for every path a script on
 * this page could have used and every domain variant up to the registrable domain (cookies set
 * with `Domain=` need the same domain to be deleted). Without a public-suffix list it also tries
 * suffixes such as `co.uk`; browsers ignore those writes. `__Secure-`/`__Host-` ones need `Secure`.
 */
import { cookieJarOf } from '../dom/cookie-jar';

/** The cookie names in `cookieHeader` that match `patterns` (names or `/regex/`). */
export function matchingCookies(cookieHeader: string, patterns: readonly string[]): string[] {
  const tests = patterns.map((p) => {
    if (p.length > 2 && p.startsWith('/') && p.endsWith('/')) {
      try {
        const re = new RegExp(p.slice(1, -1));
        return (n: string) => re.test(n);
      } catch {
        return () => false;
      }
    }
    return (n: string) => n === p;
  });
  const names = cookieHeader
    .split(';')
    .map((c) => c.split('=')[0]?.trim() ?? '')
    .filter(Boolean);
  return [...new Set(names)].filter((n) => tests.some((t) => t(n)));
}

/** `/a/b/c` → `/`, `/a`, `/a/b`, `/a/b/c` (and with trailing slashes). */
export function pathVariants(pathname: string): string[] {
  const parts = pathname.split('/').filter(Boolean);
  const out = new Set(['/']);
  for (let i = 1; i <= parts.length; i++) {
    const p = `/${parts.slice(0, i).join('/')}`;
    out.add(p).add(`${p}/`);
  }
  return [...out];
}

/** `shop.example.com` → host-only, `shop.example.com`, `example.com` (IP addresses: host-only). */
export function domainVariants(hostname: string): (string | null)[] {
  if (/^[\d.]+$/.test(hostname) || hostname.includes(':') || !hostname.includes('.')) return [null];
  const labels = hostname.split('.');
  const out: (string | null)[] = [null];
  for (let i = 0; i < labels.length - 1; i++) out.push(labels.slice(i).join('.'));
  return out;
}

/** Deletes every matching cookie in every variant; returns the names found. */
export function deleteCookies(
  doc: Document,
  loc: { pathname: string; hostname: string },
  patterns: readonly string[],
): string[] {
  const jar = cookieJarOf(doc);
  const names = matchingCookies(jar.get(), patterns);
  for (const name of names) {
    for (const path of pathVariants(loc.pathname)) {
      for (const domain of domainVariants(loc.hostname)) {
        jar.set(
          `${name}=; Max-Age=0; Path=${path}${domain ? `; Domain=${domain}` : ''}${/^__(secure|host)-/i.test(name) ? '; Secure' : ''}`,
        );
      }
    }
  }
  return names;
}

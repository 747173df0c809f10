/**
 * Refreshes the first-party `candor` mirror cookie (docs/storage.md) from the server, past Safari's
 * 7-day cap on script-written cookies. It never makes up a decision: it re-sends the browser's own
 * value, with `Max-Age` up to the decision's expiry, only for a same-site request and a canonical
 * v1 cookie of the site's config, not expired, that names the record the server holds as its
 * subject's newest (docs/server.md, "The mirror cookie"). So it still equals the loader's copy.
 */
import { configError, parseConfig } from '../core/parse-config';
import { isPlausible } from '../core/parse-record';
import {
  cookieNameFor,
  cookieString,
  decodeDecision,
  encodeDecision,
  idsOf,
  readCookie,
  type CookieIds,
} from '../store/cookie';
import { isOwnOrigin } from './cors';

/** What the server needs of the site's config: the cookie's ids and place, and the policy revision (counted.ts). */
export interface MirrorCookie {
  readonly ids: CookieIds;
  readonly where: { readonly domain: string | null; readonly path: string };
  readonly revision: number;
}

/** The cookie settings of the site's config (the same object the page uses); throws ConsentError when it is invalid. */
export function mirrorCookieOf(config: unknown): MirrorCookie {
  const parsed = parseConfig(config);
  if (!parsed.ok) throw configError(parsed.issues);
  return { ids: idsOf(parsed.config), where: parsed.config.cookie, revision: parsed.config.policy.revision };
}

/** Whether the request comes from a page of the same site (Fetch Metadata, else the Origin). */
export function isSameSite(request: Request): boolean {
  const site = request.headers.get('sec-fetch-site');
  if (site !== null) return site === 'same-origin' || site === 'same-site';
  const origin = request.headers.get('origin');
  return origin === null || isOwnOrigin(origin, new URL(request.url));
}

/**
 * The `Set-Cookie` value that refreshes the mirror, or null when it must not be refreshed.
 * `isCurrent(id)` tells whether the record the cookie names is stored, as its subject's newest.
 */
export async function refreshedCookie(
  request: Request,
  mirror: MirrorCookie,
  isCurrent: (recordId: string) => Promise<boolean>,
  now: number,
): Promise<string | null> {
  if (!isSameSite(request)) return null;
  // The page's scheme: its Origin, else (a same-origin GET carries none) its Referer, else the URL as
  // seen here (http behind a TLS proxy: an https page's Secure cookie would come back without Secure).
  const page = request.headers.get('origin') ?? request.headers.get('referer') ?? request.url;
  const secure = page.startsWith('https:');
  const value = readCookie(request.headers.get('cookie') ?? '', cookieNameFor(mirror.where, secure));
  const decoded = decodeDecision(mirror.ids, value);
  if (!decoded || value !== encodeDecision(mirror.ids, decoded.decision, decoded.stamp)) return null;
  const d = decoded.decision;
  if (d.expiresAt <= now || !isPlausible(d, now) || !(await isCurrent(d.id))) return null;
  return cookieString(mirror.where, value, (d.expiresAt - now) / 1000, secure);
}

/**
 * The loader's synchronous answer before the engine has loaded: the consent cookie, trusted only
 * when the cookie mirror trusts it (this origin's engine wrote it, or it is shared through
 * `cookie.domain`; not dated in the future: store/cookie-mirror.ts), its stamp says the engine
 * validated this exact config (and region), its revision is the config's, it has not expired, and
 * no new GPC signal asks for a fresh look. Anything else means no answer yet (nothing granted)
 * until the engine decides.
 */
import { isRecord } from '../core/check';
import { rec, str } from '../core/site-view';
import { DEFAULT_EXPIRES_AFTER_DAYS } from '../core/defaults';
import type { Grants } from '../core/grants';
import { configStamp, expiryOf, isServicesOnly } from '../core/policy';
import { FAST_METHODS } from '../core/record';
import { cookieNameFor, readCookie } from '../store/cookie';
import { trustCookieValue } from '../store/cookie-mirror';

/** Grants read from the cookie, valid until `until` (epoch ms). */
export interface FastGrants extends Grants {
  readonly until: number;
  /**
   * A placeholder's grant made before any other decision (core/policy.ts `isServicesOnly`): it
   * answers `has()` for those services, but the visitor has decided nothing else and is asked.
   */
  readonly servicesOnly: boolean;
  /** This origin's copy of the cookie as read (`FastPathInput.copy`): once it changes, the grants no longer hold. */
  readonly copy: string | null;
  /** The consent cookie's value as read: once it changes, the grants are read again. */
  readonly cookie: string | undefined;
  /** The GPC signal as read (`FastPathInput.gpc`): a new one is a fresh look too. */
  readonly gpc?: boolean;
}

/** The page's facts the fast path reads. */
export interface FastPathInput {
  readonly region: string | null;
  /** `document.cookie`. */
  readonly cookies: string;
  /** This origin's copy of the cookie value (localStorage), or null. */
  readonly copy: string | null;
  /** The page is https (the cookie is then `__Host-candor` unless `cookie.domain` is set). */
  readonly secure: boolean;
  readonly now: number;
  readonly gpc: boolean;
}

const idList = (v: unknown): string[] | null =>
  Array.isArray(v) && v.every((x) => isRecord(x) && typeof x['id'] === 'string')
    ? v.map((x: { id: string }) => x.id)
    : null;

/**
 * The cookie's grants for this raw config, or null when they cannot be trusted yet. `was`: the
 * grants read before on this page (null: none were trusted), kept while neither the consent cookie
 * nor this origin's copy of it nor the GPC signal changed (the page's other cookies do not count). Another tab's
 * engine writes the copy, then the cookie, and this page may see either change first. A changed
 * copy is read alone (the cookie may still be the old one); a cookie that changed while the copy
 * did not is held to the copy, so it is trusted only once the copy agrees. A refusal made in
 * another tab thus never leaves the grant it replaced standing here, and a wider grant is never
 * told as a withdrawal.
 */
export function readFastGrants(raw: unknown, page: FastPathInput, was?: FastGrants | null): FastGrants | null {
  if (!isRecord(raw) || !isRecord(raw['policy'])) return null;
  // Own entries only: what a page adds to Object.prototype later (a `cookie.domain`, to trust a
  // sibling's cookie) says nothing. The stamp vouches for the rest; the cookie caps its expiry.
  // (Not a record: no entries. Such a config is invalid, and no cookie carries its stamp.)
  const cookie = rec(Object.hasOwn(raw, 'cookie') && raw['cookie']);
  const where = { domain: str(cookie['domain']) || null, path: str(cookie['path']) || '/' };
  const mine = readCookie(page.cookies, cookieNameFor(where, page.secure), !where.domain && page.copy);
  if (was && mine === was.cookie && page.copy === was.copy && page.gpc === was.gpc) return was;
  const purposes = idList(raw['purposes']);
  const services = raw['services'] === undefined ? [] : idList(raw['services']);
  if (!purposes || !services) return null;
  // A copy changed under the page is read alone (this origin's own storage). With `cookie.domain`
  // no engine writes a copy: one that another config wrote fails the stamp below.
  const value = (was && page.copy !== was.copy && page.copy) || mine;
  const read = trustCookieValue(value, {
    ids: { purposes, services },
    where,
    copy: page.copy,
    now: () => page.now,
    methods: FAST_METHODS,
  });
  if (read.kind !== 'decision' || read.stamp !== configStamp(raw, page.region)) return null;
  const d = read.decision;
  const until = expiryOf(
    d,
    typeof raw['expiresAfterDays'] === 'number' ? raw['expiresAfterDays'] : DEFAULT_EXPIRES_AFTER_DAYS,
  );
  // GPC refuses sale and sharing in opt-out mode only: in opt-in mode (a config without
  // `jurisdiction`, or "opt-in") it changes no grant, and a decision made before it holds as it is.
  // A region map leaves it to the engine.
  const optIn = [undefined, 'opt-in'].includes(raw['jurisdiction'] as string);
  if (d.revision !== raw['policy']['revision'] || !(page.now < until) || (page.gpc && !d.gpc && !optIn)) return null;
  // With what a later read compares (`copy`, `cookie`).
  return { ...page, cookie: mine, purposes: d.purposes, services: d.services, until, servicesOnly: isServicesOnly(d) };
}

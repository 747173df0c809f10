/**
 * The cookie mirror of the current decision, and when it can be trusted.
 *
 * Default (no `cookie.domain`): the cookie is `__Host-candor` on https (only this origin can write
 * it), and every value the engine writes is also kept in this origin's localStorage. A cookie
 * counts only when it equals that copy: a cookie written by anyone else (a sibling subdomain or a
 * network attacker on http, who can set cookies for the parent domain but cannot touch this
 * origin's localStorage) is ignored. With `cookie.domain` the cookie is shared by every subdomain
 * and trusted as it is: each subdomain may decide for all of them (docs/storage.md, threat model).
 * Either way a decision dated in the future is refused.
 */
import { isNewer, isPlausible } from '../core/parse-record';
import { METHODS, type Decision, type Method } from '../core/record';
import {
  COOKIE_NAME,
  cookieNameFor,
  cookieString,
  cookieValues,
  decodeWith,
  encodeDecision,
  readCookie,
  type CookieIds,
  type CookieJar,
  type CookieValue,
} from './cookie';
import { COPY_KEY } from './keys';

/** This origin's copy of the cookie value (localStorage); null when there is none or it is blocked. */
export interface MirrorCopy {
  get(): string | null;
  set(value: string): void;
  remove(): void;
}

export { COPY_KEY }; // the localStorage key of the copy (versioned like every storage key)

/** `fn()`, or `fallback` where localStorage is blocked (a sandboxed frame, a hardened profile) or missing. */
const attempt = <T>(fn: () => T, fallback: T): T => {
  try {
    return fn();
  } catch {
    return fallback;
  }
};

/** Whether a copy's value is a first visit's tap on its way (dom/pending-mark.ts): no cookie value starts with `[`. */
export const isTap = (copy: string | null | undefined): boolean => copy?.[0] === '[';

/** The copy's value in localStorage (what the loader's fast path reads), or null. */
export const readLocalCopy = (): string | null => {
  try {
    return localStorage.getItem(COPY_KEY);
  } catch {
    return null; // blocked (a sandboxed frame, a hardened profile) or missing
  }
};

/** The default copy (or another value under `key`) in localStorage; every call survives a blocked or missing localStorage. */
export const localCopy = (key = COPY_KEY): MirrorCopy => ({
  get: () => attempt(() => localStorage.getItem(key), null),
  set: (v) => attempt(() => localStorage.setItem(key, v), undefined),
  remove: () => attempt(() => localStorage.removeItem(key), undefined),
});

/** What reading the mirror found; `M`: what the method decodes to (store/cookie.ts `decodeWith`). */
export type MirrorRead<M extends string = Method> =
  /** No cookie. */
  | { readonly kind: 'none' }
  /** A cookie that is corrupt, foreign, dated in the future, or not written by this origin's engine. */
  | { readonly kind: 'untrusted'; readonly why: UntrustedWhy }
  | ({ readonly kind: 'decision'; readonly value: string } & CookieValue<M>);

/** Why a cookie is not trusted (numbers: the loader's fast path carries no names; the engine says `UNTRUSTED_MESSAGES`). */
export const CORRUPT = 0,
  FUTURE = 1,
  FOREIGN = 2;
export type UntrustedWhy = typeof CORRUPT | typeof FUTURE | typeof FOREIGN;

/** The engine's words for each reason, by its number. */
export const UNTRUSTED_MESSAGES: readonly [string, string, string] = [
  'the consent cookie is corrupt or from another config',
  'the consent cookie is dated in the future',
  'the consent cookie was not written by Candor on this site',
];

/** Options of the mirror. */
export interface CookieMirrorOptions {
  readonly ids: CookieIds;
  readonly where: { readonly domain: string | null; readonly path: string };
  readonly secure: boolean;
  readonly jar: CookieJar;
  readonly copy: MirrorCopy;
  readonly now: () => number;
}

/** The cookie mirror. Its calls throw what the jar throws (blocked cookies); the storage catches. */
export interface CookieMirror {
  /** Whether the cookie is shared with other subdomains (`cookie.domain`): trusted as it is. */
  readonly shared: boolean;
  read(): MirrorRead;
  /** Writes `d` (cookie, and the origin's copy unless shared); throws when the cookie does not stick. */
  write(d: Decision, stamp: string, maxAgeSeconds: number): void;
  /** Deletes the cookie and the copy, unless that holds a tap on its way (dom/pending-mark.ts). */
  clear(): void;
}

/**
 * The one trust rule for the cookie (the loader's fast path uses it, as `trustCookieValue`,
 * without the writing half of the mirror): decodable for this config, not from the future, and,
 * unless shared, equal to this origin's copy. Of several shared ones (one set for a longer path
 * or by an older config shadows it), the newest believable: each subdomain decides for all.
 */
export function readTrustedCookie<M extends string = Method>(
  o: TrustInput<M> & { readonly cookies: string; readonly secure: boolean },
): MirrorRead<M> {
  const name = cookieNameFor(o.where, o.secure);
  if (!o.where.domain) return trustCookieValue(readCookie(o.cookies, name, o.copy), o);
  const reads = cookieValues(o.cookies, name).map((v) => trustCookieValue(v, o));
  let newest: MirrorRead<M> | undefined;
  for (const r of reads)
    if (r.kind === 'decision' && (newest?.kind !== 'decision' || isNewer(r.decision, newest.decision))) newest = r;
  return newest ?? reads[0] ?? { kind: 'none' };
}

/** What `trustCookieValue` checks a value against. */
export type TrustInput<M extends string> = Omit<CookieMirrorOptions, 'jar' | 'copy' | 'secure'> & {
  readonly copy: string | null;
  /** What the cookie's method field indexes (METHODS, or the loader's FAST_METHODS). */
  readonly methods: readonly M[];
};

/**
 * `readTrustedCookie` for a value already read: the cookie's, or (the loader's fast path, when
 * the copy changed under it) the copy's, which then passes the copy rule by itself.
 */
export function trustCookieValue<M extends string = Method>(
  value: string | undefined,
  o: TrustInput<M>,
): MirrorRead<M> {
  const shared = !!o.where.domain;
  if (value === undefined) return { kind: 'none' };
  const decoded = decodeWith(o.methods, o.ids, value);
  if (!decoded) return { kind: 'untrusted', why: CORRUPT };
  if (!isPlausible(decoded.decision, o.now())) return { kind: 'untrusted', why: FUTURE };
  if (!shared && o.copy !== value) return { kind: 'untrusted', why: FOREIGN };
  return { kind: 'decision', decision: decoded.decision, stamp: decoded.stamp, value };
}

/** Creates the mirror for one config. */
export function createCookieMirror(o: CookieMirrorOptions): CookieMirror {
  const shared = !!o.where.domain;
  const name = cookieNameFor(o.where, o.secure);
  return {
    shared,
    read: () => readTrustedCookie({ ...o, cookies: o.jar.get(), copy: o.copy.get(), methods: METHODS }),
    write(d, stamp, maxAgeSeconds) {
      const value = encodeDecision(o.ids, d, stamp);
      // The copy first: a cookie that sticks is then always one this origin can vouch for. A copy
      // that cannot be written (localStorage full) vouches for nothing: not for an older cookie either.
      if (!shared) {
        o.copy.set(value);
        if (o.copy.get() !== value) o.copy.remove();
      }
      o.jar.set(cookieString(o.where, value, maxAgeSeconds, o.secure));
      // Among the cookies of that name: one shadowing it (a longer path, the parent domain) is no block.
      if (!cookieValues(o.jar.get(), name).includes(value)) throw new Error('the cookie did not stick');
      // A plain `candor` cookie left by an older version on an https site: it would only confuse the server.
      if (name !== COOKIE_NAME && readCookie(o.jar.get(), COOKIE_NAME) !== undefined)
        o.jar.set(`${COOKIE_NAME}=; Path=/; Max-Age=0; SameSite=Lax`);
    },
    clear() {
      if (!isTap(o.copy.get())) o.copy.remove();
      o.jar.set(cookieString(o.where, '', 0, o.secure));
    },
  };
}

/**
 * The `candor` cookie: a compact, versioned mirror of the current decision, read synchronously so
 * `has()` answers on the first line of <head>, and readable by the site's server. It holds no
 * personal data. Its eleven fields (v1, joined by "."), the `stamp` the loader trusts it by
 * (fast-path.ts) among them: docs/storage.md, "The cookie format".
 */
import { METHODS, type Decision, type Method } from '../core/record';

/** Where cookies are read and written; `document.cookie` by default. */
export interface CookieJar {
  get(): string;
  set(cookie: string): void;
}

/** Purpose and service ids in config order: bit i of the cookie is id i. */
export interface CookieIds {
  readonly purposes: readonly string[];
  readonly services: readonly string[];
}

/**
 * A decoded cookie; `M` is what its method decodes to (every method's name, or the loader's
 * `FAST_METHODS`: see `decodeWith`).
 */
export interface CookieValue<M extends string = Method> {
  readonly decision: Omit<Decision, 'method'> & { readonly method: M };
  /** The config stamp it is valid for, or "0" when none. */
  readonly stamp: string;
}

/** The ids of a normalised config, in order. */
export const idsOf = (config: {
  purposes: readonly { id: string }[];
  services: readonly { id: string }[];
}): CookieIds => ({
  purposes: config.purposes.map((p) => p.id),
  services: config.services.map((s) => s.id),
});

/** The cookie's name where it cannot carry a prefix (http, a shared `cookie.domain`, a narrower path). */
export const COOKIE_NAME = 'candor';

/**
 * The cookie's name: `__Host-candor` on https pages without `cookie.domain` (and with the default
 * path), which only this very origin can write (a sibling subdomain cannot: RFC 6265bis §4.1.3.2),
 * else `candor`.
 */
export const cookieNameFor = (
  where: { readonly domain: string | null; readonly path: string },
  secure: boolean,
): string => (secure && !where.domain && where.path === '/' ? `__Host-${COOKIE_NAME}` : COOKIE_NAME);

/** Whether `document.cookie` holds a consent cookie of either name (`a=1; b=2`, as browsers give it). */
export const hasConsentCookie = (cookies: string): boolean => /(^|; )(__Host-)?candor=/.test(cookies);
const VERSION = '1';

const toBits = (ids: readonly string[], grants: Readonly<Record<string, boolean>>): string => {
  let hex = '';
  // 4 ids per hex digit, first id in the lowest bit of the first digit; any number of ids.
  for (let i = 0; i < ids.length; i += 4) {
    let nibble = 0;
    for (let j = 0; j < 4 && i + j < ids.length; j++) if (grants[ids[i + j] ?? ''] === true) nibble |= 1 << j;
    hex += nibble.toString(16);
  }
  return hex || '0';
};

/** VERSION 1's fields (above), each whole (no `0x1` or `''` as a method or a date). */
const FORM =
  /^1\.(\d+)\.([\da-z]+)\.([\da-z]+)\.([\da-f]{8})\.([\da-f]{8}|0)\.([\da-f]+)\.([\da-f]+)\.(\d+)\.([01])\.([\w-]{8,64})$/;

const fromBits = (ids: readonly string[], hex: string): Record<string, boolean> | null => {
  if (hex.length !== Math.max(1, Math.ceil(ids.length / 4))) return null;
  const out: Record<string, boolean> = {};
  ids.forEach((id, i) => (out[id] = !!((parseInt(hex[i >> 2]!, 16) >> (i & 3)) & 1)));
  return out;
};

/** Encodes a decision as the cookie value. */
export function encodeDecision(ids: CookieIds, d: Decision, stamp: string): string {
  return [
    VERSION,
    d.revision,
    Math.floor(d.issuedAt).toString(36),
    Math.floor(d.expiresAt / 1000).toString(36),
    d.configHash.slice(0, 8),
    stamp,
    toBits(ids.purposes, d.purposes),
    toBits(ids.services, d.services),
    METHODS.indexOf(d.method),
    d.gpc ? 1 : 0,
    d.id,
  ].join('.');
}

/**
 * Decodes a cookie value; `undefined` when absent, null when present but corrupt or foreign (a
 * config whose purposes changed decodes to null too: such a decision would not count anyway).
 */
export const decodeDecision = (ids: CookieIds, value: string | undefined): CookieValue | null | undefined =>
  decodeWith(METHODS, ids, value);

/** A cookie of another config's decision: its purposes and services (that config's ids) left empty. */
export function decodeOtherConfig(value: string): Decision | undefined {
  const f = FORM.exec(value)
    ?.slice(1)
    .map((x, i) => (i === 5 || i === 6 ? '0' : x)); // bits: none
  return f && decodeDecision({ purposes: [], services: [] }, `1.${f.join('.')}`)?.decision;
}

/**
 * `decodeDecision` with the list the method field indexes: METHODS, or, in the loader (which needs
 * only a placeholder's grant, not every method's name), one of the same length with only that name
 * (core/record.ts `FAST_METHODS`).
 */
export function decodeWith<M extends string>(
  methods: readonly M[],
  ids: CookieIds,
  value: string | undefined,
): CookieValue<M> | null | undefined {
  if (value === undefined) return undefined;
  const f = FORM.exec(value);
  if (!f) return null;
  const [, rev, issued, expires, hash, stamp, pbits, sbits, method, gpc, id] = f as unknown as string[];
  const purposes = fromBits(ids.purposes, pbits!);
  const services = fromBits(ids.services, sbits!);
  const m = methods[+method!];
  if (!purposes || !services || m === undefined) return null;
  const decision = {
    id: id!,
    revision: +rev!,
    issuedAt: parseInt(issued!, 36),
    expiresAt: parseInt(expires!, 36) * 1000,
    configHash: hash!,
    method: m,
    purposes,
    services,
    gpc: gpc === '1',
  };
  return { decision, stamp: stamp! };
}

/** The raw values of cookie `name` in a `document.cookie` string (a longer path first). */
export function cookieValues(all: string, name = COOKIE_NAME): string[] {
  const values = [];
  for (const part of all.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const raw = part.slice(eq + 1).trim();
      try {
        values.push(decodeURIComponent(raw));
      } catch {
        values.push(raw);
      }
    }
  }
  return values;
}

/**
 * The raw value of cookie `name`; of several that differ (one for a longer path or the parent
 * domain comes first), the one equal to `copy` (this origin's, which vouches for it), else ''
 * (no decision): always without a copy (false: a shared cookie; the server).
 */
export function readCookie(all: string, name = COOKIE_NAME, copy?: string | false | null): string | undefined {
  const values = cookieValues(all, name);
  return values.every((v) => v === values[0]) ? values[0] : values.includes(copy as string) ? (copy as string) : '';
}

/** The `Set-Cookie`-style string that writes (or, with maxAge 0, deletes) the mirror. */
export function cookieString(
  where: { readonly domain: string | null; readonly path: string },
  value: string,
  maxAgeSeconds: number,
  secure: boolean,
): string {
  return [
    `${cookieNameFor(where, secure)}=${value}`,
    `Path=${where.path}`,
    where.domain ? `Domain=${where.domain}` : '',
    `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`,
    'SameSite=Lax',
    secure ? 'Secure' : '',
  ]
    .filter(Boolean)
    .join('; ');
}

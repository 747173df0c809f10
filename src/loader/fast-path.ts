/**
 * The loader's synchronous answer before the engine has loaded: the `candor` cookie, trusted only
 * when its stamp says the engine validated this exact config (and region), its revision is the
 * config's, it has not expired, and no new GPC signal asks for a fresh look. Anything else means
 * no answer yet (nothing granted) until the engine decides.
 */
import { isRecord } from '../core/check';
import type { Grants } from '../core/grants';
import { DEFAULT_EXPIRES_AFTER_DAYS } from '../core/defaults';
import { configStamp, expiryOf } from '../core/policy';
import { decodeDecision, readCookie } from '../store/cookie';

/** Grants read from the cookie, valid until `until` (epoch ms). */
export interface FastGrants extends Grants {
  readonly until: number;
}

const idList = (v: unknown): string[] | null =>
  Array.isArray(v) && v.every((x) => isRecord(x) && typeof x['id'] === 'string') ? v.map((x: { id: string }) => x.id) : null;

/** The cookie's grants for this raw config, or null when they cannot be trusted yet. */
export function readFastGrants(
  raw: unknown,
  region: string | null,
  cookieHeader: string,
  now: number,
  gpc: boolean,
): FastGrants | null {
  if (!isRecord(raw) || !isRecord(raw['policy'])) return null;
  const purposes = idList(raw['purposes']);
  const services = raw['services'] === undefined ? [] : idList(raw['services']);
  if (!purposes || !services) return null;
  const cookie = decodeDecision({ purposes, services }, readCookie(cookieHeader));
  if (!cookie || cookie.stamp !== configStamp(raw, region)) return null;
  const d = cookie.decision;
  const until = expiryOf(d, typeof raw['expiresAfterDays'] === 'number' ? raw['expiresAfterDays'] : DEFAULT_EXPIRES_AFTER_DAYS);
  if (d.revision !== raw['policy']['revision'] || !(now < until) || (gpc && !d.gpc)) return null;
  return { purposes: d.purposes, services: d.services, until };
}

/**
 * What is granted right now, fail-closed: a purpose or service counts only under a valid decision
 * (or, in opt-out mode, by default until the visitor opts out). Pure; the clock is a parameter.
 */
import type { Config, JurisdictionMode, PreferenceValue } from './config-types';
import { promptReason, type PromptReason } from './policy';
import type { ConsentRecord, Decision } from './record';

/** The engine's state: plain data, changed only by `transition`. */
export interface CoreState {
  /** The stored decision, possibly no longer valid (see `promptReason`). */
  readonly decision: Decision | null;
  /** The newest full record known, for the `prevHash` chain and preferences. */
  readonly last: ConsentRecord | null;
  readonly preferences: Readonly<Record<string, PreferenceValue>>;
  /** The anonymous (or identified) subject id. */
  readonly subject: string;
  /** Stored data could not be read this session: no opt-out defaults, everything optional denied. */
  readonly failClosed: boolean;
}

/** Ambient facts grants depend on. */
export interface GrantContext {
  readonly now: number;
  readonly configHash: string;
  readonly mode: JurisdictionMode;
  /** `navigator.globalPrivacyControl === true`. */
  readonly gpc: boolean;
}

/** Purpose and service grants. */
export interface Grants {
  readonly purposes: Readonly<Record<string, boolean>>;
  readonly services: Readonly<Record<string, boolean>>;
}

/**
 * The choices that apply without a decision: opt-out mode grants non-sensitive purposes (less
 * sale/sharing under GPC, and less the purposes in `refused`).
 */
export function defaultChoices(
  config: Config,
  mode: JurisdictionMode,
  gpc: boolean,
  failClosed = false,
  refused: readonly string[] = [],
): Grants {
  const purposes: Record<string, boolean> = {};
  for (const p of config.purposes) {
    purposes[p.id] =
      p.required ||
      (mode === 'opt-out' && !failClosed && !p.sensitive && !(gpc && p.saleOrSharing) && !refused.includes(p.id));
  }
  return { purposes, services: servicesFollowing(config, purposes, {}) };
}

/**
 * The sales or sharings `d` refused, which stay refused once it no longer counts (expired, a
 * raised revision, a changed config): an opt-out holds until the visitor opts in again (CCPA
 * regulations §7026), it does not lapse with the decision's expiry.
 */
const refusedSales = (config: Config, d: Decision | null): string[] =>
  config.purposes.filter((p) => p.saleOrSharing && d?.purposes[p.id] === false).map((p) => p.id);

/** Service grants that follow their purposes, except where `explicit` says otherwise (never a required purpose's). */
export function servicesFollowing(
  config: Config,
  purposes: Readonly<Record<string, boolean>>,
  explicit: Readonly<Record<string, boolean>>,
): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const s of config.services)
    out[s.id] =
      config.purposes.some((p) => p.id === s.purpose && p.required) ||
      (Object.hasOwn(explicit, s.id) ? explicit[s.id] === true : purposes[s.purpose] === true);
  return out;
}

/** The reason to prompt now, or null when the stored decision is valid. */
export const reasonOf = (config: Config, state: CoreState, ctx: GrantContext): PromptReason | null =>
  promptReason(config, state.decision, ctx.now, ctx.configHash);

/**
 * Effective grants now. Only ids in the config appear; required purposes (and their services)
 * are always granted; a stored `true` for an unknown or changed id never leaks through.
 */
export function grantsOf(config: Config, state: CoreState, ctx: GrantContext): Grants {
  const d = state.decision;
  const why = reasonOf(config, state, ctx);
  if (!d || why) {
    // No valid decision; a valid placeholder's grant without one ('none' with a decision) adds its services.
    const g = defaultChoices(config, ctx.mode, ctx.gpc, state.failClosed, refusedSales(config, d));
    const services = { ...g.services };
    if (why === 'none' && d) for (const s of config.services) if (d.services[s.id] === true) services[s.id] = true;
    return { purposes: g.purposes, services };
  }
  // Under a GPC signal the decision was not made under (opt-out mode), sale and sharing are
  // refused now, not once the `gpc` record is written.
  const sold =
    ctx.mode === 'opt-out' && ctx.gpc && !d.gpc ? config.purposes.filter((p) => p.saleOrSharing).map((p) => p.id) : [];
  const purposes: Record<string, boolean> = {};
  for (const p of config.purposes) purposes[p.id] = p.required || (d.purposes[p.id] === true && !sold.includes(p.id));
  const services: Record<string, boolean> = {};
  for (const s of config.services) {
    services[s.id] =
      config.purposes.some((p) => p.id === s.purpose && p.required) ||
      (d.services[s.id] === true && !sold.includes(s.purpose));
  }
  return { purposes, services };
}

/**
 * `has('analytics')`, `has('ga4')` or `has('analytics,ga4')` (all must be granted). Unknown ids and
 * empty input are false; own entries only (a polluted `Object.prototype` grants nothing).
 */
export function hasGrant(grants: Grants, expr: string): boolean {
  const ids = expr.split(',').map((s) => s.trim());
  return ids.every((id) => [grants.purposes, grants.services].some((m) => Object.hasOwn(m, id) && m[id] === true));
}

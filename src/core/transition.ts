/**
 * The pure state machine: `transition(config, state, action, env)` returns the next state and the
 * consent record the action produced (if any). No effects: storing, gating and syncing the
 * record is the instance's job.
 */
import type { Config, PreferenceValue } from './config-types';
import { ConsentError, type Issue } from './errors';
import {
  defaultChoices,
  grantsOf,
  reasonOf,
  servicesFollowing,
  type CoreState,
  type GrantContext,
  type Grants,
} from './grants';
import { own } from './parse-record';
import { DAY_MS, expiryOf } from './policy';
import { checkPreferenceValue } from './preferences';
import { didYouMean, explainValue } from './value-messages';
import { recordHash, toDecision, type ConsentRecord, type Decision, type Method } from './record';

/** What the visitor or the site did. */
export type Action =
  | { readonly type: 'accept-all'; readonly method?: Method }
  | { readonly type: 'reject-all'; readonly method?: Method }
  | {
      readonly type: 'update';
      readonly purposes?: Readonly<Record<string, boolean | undefined>>;
      readonly services?: Readonly<Record<string, boolean | undefined>>;
      readonly preferences?: Readonly<Record<string, PreferenceValue>>;
      readonly method?: Method;
    }
  | { readonly type: 'withdraw' }
  | { readonly type: 'gpc' }
  /** The valid decision recorded again for a new subject (`identify`): the same choices, and no longer-lived. */
  | { readonly type: 'link' }
  | {
      readonly type: 'preferences';
      readonly values: Readonly<Record<string, PreferenceValue>>;
      readonly method?: Method;
    }
  | { readonly type: 'restore'; readonly decision: Decision | null; readonly record: ConsentRecord | null }
  | { readonly type: 'identify'; readonly subject: string }
  /** Stored data could not be read (corrupt or unavailable): a missing decision may be a lost refusal. */
  | { readonly type: 'fault' }
  /** Stored data was read in full, without a fault, and holds no decision: the defaults apply again. */
  | { readonly type: 'clean' };

/** Ambient inputs a transition needs, passed in so tests control them. */
export interface TransitionEnv extends GrantContext {
  readonly newId: () => string;
  readonly hash: (text: string) => string;
  readonly locale: string;
  readonly textHash: string;
  readonly sdkVersion: string;
}

/** The next state and the record made, if the action was a decision. */
export interface TransitionResult {
  readonly state: CoreState;
  readonly record: ConsentRecord | null;
}

function invalid(issues: Issue[]): never {
  const onlyPreferences = issues.every((i) => i.path.startsWith('preferences.'));
  throw new ConsentError(
    onlyPreferences ? 'preference/invalid' : 'action/invalid',
    `Candor: invalid ${onlyPreferences ? 'preference' : 'update'}:`,
    issues,
  );
}

function checkIds(
  config: Config,
  patch: Readonly<Record<string, unknown>> | undefined,
  kind: 'purposes' | 'services',
  issues: Issue[],
): void {
  const known: readonly { id: string }[] = config[kind];
  for (const [id, v] of Object.entries(patch ?? {})) {
    if (v === undefined) continue;
    if (!known.some((k) => k.id === id))
      issues.push({
        path: `${kind}.${id}`,
        message: `unknown ${kind === 'purposes' ? 'purpose' : 'service'}${didYouMean(
          id,
          known.map((k) => k.id),
        )}`,
      });
    else if (typeof v !== 'boolean') issues.push({ path: `${kind}.${id}`, message: 'expected true or false' });
  }
}

function checkPreferences(config: Config, values: Readonly<Record<string, unknown>>, issues: Issue[]): void {
  for (const [id, v] of Object.entries(values)) {
    const f = config.preferences.find((p) => p.id === id);
    const why = f
      ? explainValue(checkPreferenceValue(f, v))
      : `unknown preference${didYouMean(
          id,
          config.preferences.map((p) => p.id),
        )}`;
    if (why) issues.push({ path: `preferences.${id}`, message: why });
  }
}

/** The choices an action makes, starting from what applies now. */
function choicesFor(config: Config, state: CoreState, action: Action, env: TransitionEnv): Grants {
  const current = grantsOf(config, state, env);
  const purposes: Record<string, boolean> = { ...current.purposes };
  switch (action.type) {
    case 'accept-all':
      // Sensitive purposes need their own explicit opt-in: a bulk accept leaves them as they are.
      for (const p of config.purposes) if (!p.sensitive) purposes[p.id] = true;
      return { purposes, services: servicesFollowing(config, purposes, sensitiveServices(config, current)) };
    case 'gpc': {
      for (const p of config.purposes) if (p.saleOrSharing) purposes[p.id] = false;
      const explicit: Record<string, boolean> = {};
      for (const s of config.services) if (purposes[s.purpose] === false) explicit[s.id] = false;
      return { purposes, services: { ...current.services, ...explicit } };
    }
    case 'update': {
      for (const [id, v] of Object.entries(action.purposes ?? {})) if (v !== undefined) purposes[id] = v;
      const explicit: Record<string, boolean> = {};
      for (const [id, v] of Object.entries(action.services ?? {})) if (v !== undefined) explicit[id] = v;
      // Services keep their own state unless their purpose was switched in this update.
      for (const s of config.services) {
        if (!Object.hasOwn(explicit, s.id) && own(action.purposes, s.purpose) === undefined)
          explicit[s.id] = current.services[s.id] === true;
      }
      return { purposes, services: servicesFollowing(config, purposes, explicit) };
    }
    case 'preferences':
    case 'link':
      return current;
    default:
      return defaultChoices(config, 'opt-in', false);
  }
}

/**
 * A placeholder's grant before any decision on purposes: the services it grants, with those earlier
 * placeholders granted (a valid services-only decision, whose reason to prompt is 'none'), and
 * nothing about any purpose or other service (`isServicesOnly`) but the refusals of sale or sharing
 * an earlier decision made, carried: an opt-out holds until the visitor opts in (grants.ts).
 */
function servicesOnlyChoices(
  config: Config,
  state: CoreState,
  services: Readonly<Record<string, boolean | undefined>>,
  env: TransitionEnv,
): Grants {
  const earlier = (reasonOf(config, state, env) === 'none' && state.decision?.services) || {};
  const granted: Record<string, boolean> = {};
  for (const s of config.services)
    if (own(services, s.id) === true || own(earlier, s.id) === true) granted[s.id] = true;
  const purposes: Record<string, boolean> = {};
  for (const p of config.purposes)
    if (p.saleOrSharing && own(state.decision?.purposes, p.id) === false) purposes[p.id] = false;
  return { purposes, services: granted };
}

function sensitiveServices(config: Config, current: Grants): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const s of config.services) {
    if (config.purposes.some((p) => p.id === s.purpose && p.sensitive)) out[s.id] = current.services[s.id] === true;
  }
  return out;
}

const DEFAULT_METHOD: Readonly<Record<string, Method>> = { withdraw: 'withdraw', gpc: 'gpc' };

/** Records that renew no consent (a link, a preference, GPC, a placeholder) keep a valid decision's expiry. */
const keepsExpiry = (action: Action): boolean =>
  action.type === 'link' ||
  onlyPreferences(action) ||
  action.type === 'gpc' ||
  (action.type === 'update' && action.method === 'placeholder' && !action.purposes);

/** `preferences.set`, or an `update` that carries preferences alone: no consent either way. */
const onlyPreferences = (action: Action): boolean =>
  action.type === 'preferences' ||
  (action.type === 'update' && !action.purposes && !action.services && !!action.preferences);

function decide(config: Config, state: CoreState, action: Action, env: TransitionEnv): TransitionResult {
  const issues: Issue[] = [];
  let preferences = state.preferences;
  if (action.type === 'update') {
    checkIds(config, action.purposes, 'purposes', issues);
    checkIds(config, action.services, 'services', issues);
    for (const p of config.purposes) {
      if (p.required && action.purposes?.[p.id] === false)
        issues.push({ path: `purposes.${p.id}`, message: 'a required purpose cannot be refused' });
    }
  }
  const values =
    action.type === 'update' ? action.preferences : action.type === 'preferences' ? action.values : undefined;
  if (values) {
    checkPreferences(config, values, issues);
    preferences = { ...preferences, ...values };
  }
  if (issues.length > 0) invalid(issues);
  const reason = reasonOf(config, state, env);
  // Preferences set before any valid decision wait in memory for it: a preference is not consent,
  // so it must not produce a decision that would hide the banner.
  // A link records the valid decision again, and there is none now (expired meanwhile): nothing.
  if ((onlyPreferences(action) || action.type === 'link') && reason !== null) {
    return { state: { ...state, preferences }, record: null };
  }
  const servicesOnly = action.type === 'update' && action.method === 'placeholder' && !action.purposes && reason;
  const choices = servicesOnly
    ? servicesOnlyChoices(config, state, action.services ?? {}, env)
    : choicesFor(config, state, action, env);
  // A valid decision's end, kept by a record that renews no consent, and by a placeholder's grant
  // that carries an earlier one's services (a valid services-only decision: reason 'none').
  const kept =
    state.decision && (reason === null ? keepsExpiry(action) : servicesOnly && reason === 'none')
      ? expiryOf(state.decision, config.expiresAfterDays)
      : Infinity;
  const method = ('method' in action ? action.method : undefined) ?? DEFAULT_METHOD[action.type] ?? 'api';
  // The visitor's decision is always the newest one: a current decision dated a little ahead of
  // this clock (another device's, within the accepted skew) must not outrank it, in this tab, in
  // other tabs or in storage. Entry paths refuse anything further ahead, so this moves a record's
  // time by at most the skew, and only in that case (or a clock set back: fails closed).
  // A link, dated just after the decision it restates: dated now, it outranked later choices on other devices.
  const issued = Math.max(action.type === 'link' ? 0 : env.now, (state.decision?.issuedAt ?? -Infinity) + 1);
  const record: ConsentRecord = {
    id: env.newId(),
    subject: state.subject,
    issuedAt: new Date(issued).toISOString(),
    policyRevision: config.policy.revision,
    configHash: env.configHash,
    jurisdiction: env.mode,
    method,
    purposes: choices.purposes,
    services: choices.services,
    preferences,
    gpc: env.gpc,
    locale: env.locale,
    textHash: env.textHash,
    sdkVersion: env.sdkVersion,
    expiresAt: new Date(Math.min(issued + config.expiresAfterDays * DAY_MS, kept)).toISOString(),
    schemaVersion: 1,
    prevHash: state.last && state.last.subject === state.subject ? recordHash(state.last, env.hash) : null,
  };
  return { state: { ...state, decision: toDecision(record), last: record, preferences, failClosed: false }, record };
}

/**
 * Applies `action`. Decisions (accept-all, reject-all, update, withdraw, gpc, and preferences under
 * a valid decision) return a new record; `update`/`preferences` with unknown ids or invalid values
 * throw `ConsentError('action/invalid')` and change nothing. Storage events (restore, fault,
 * identify) return no record. A fault withholds the opt-out defaults until a fresh decision or a
 * clean read (restore) clears it.
 */
export function transition(config: Config, state: CoreState, action: Action, env: TransitionEnv): TransitionResult {
  switch (action.type) {
    case 'restore': {
      const last = action.record ?? state.last;
      return {
        state: {
          ...state,
          decision: action.decision,
          last,
          preferences: { ...state.preferences, ...last?.preferences },
          subject: last?.subject ?? state.subject,
          failClosed: false,
        },
        record: null,
      };
    }
    case 'fault':
      return { state: { ...state, failClosed: true }, record: null };
    case 'clean': // the same state when nothing was held back: no signal change, nothing recomputed
      return { state: state.failClosed ? { ...state, failClosed: false } : state, record: null };
    case 'identify':
      return { state: { ...state, subject: action.subject }, record: null };
    default:
      return decide(config, state, action, env);
  }
}

/** The state before anything is known: no decision, preference defaults. */
export function initialState(config: Config, subject: string): CoreState {
  const preferences: Record<string, PreferenceValue> = {};
  for (const f of config.preferences) preferences[f.id] = f.default;
  return { decision: null, last: null, preferences, subject, failClosed: false };
}

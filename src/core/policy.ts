/**
 * When a stored decision still counts: same policy revision, not expired, same consent-relevant
 * config. Anything else means the visitor must be asked again.
 */
import { canonicalJson } from './canonical-json';
import { isRegionCode } from './check';
import { fnv1a } from './fnv';
import type { Config, JurisdictionMode } from './config-types';
import type { Decision } from './record';

/** Why there is no valid decision: none stored, older revision, expired, or purposes/services changed. */
export type PromptReason = 'none' | 'revision' | 'expired' | 'config';

export const DAY_MS = 86_400_000;

/**
 * The part of the config a decision depends on. Texts, links and styling are left out on purpose,
 * so fixing a typo in a description does not ask every visitor again.
 */
export function configHashOf(config: Config, mode: JurisdictionMode, hash: (text: string) => string): string {
  return hash(
    canonicalJson({
      mode,
      purposes: config.purposes.map(({ id, required, sensitive, saleOrSharing }) => ({
        id,
        required,
        sensitive,
        saleOrSharing,
      })),
      services: config.services.map(({ id, purpose }) => ({ id, purpose })),
    }),
  );
}

/**
 * Raised when the rules giving a config and region their mode change: cookies stamped before go to
 * the engine once (2: a region that is no code gets opt-in).
 */
const RULES = 2;

/**
 * An 8-hex stamp of the exact config a site gave (and the region and RULES), written into the
 * cookie once the engine has validated that config: the loader trusts the cookie before the
 * engine has loaded only for a config with the same stamp, so an edited (possibly invalid) config
 * never grants anything until it has been validated.
 */
export const configStamp = (input: unknown, region: string | null): string =>
  fnv1a(`${RULES}|${region}|${JSON.stringify(input)}`);

/**
 * When `decision` stops counting: its own expiry, or `expiresAfterDays` after it was made when the
 * config has shortened the lifetime since (the sooner wins). The one expiry rule, for the engine,
 * its timer and the loader's fast path.
 */
export const expiryOf = (decision: Pick<Decision, 'issuedAt' | 'expiresAt'>, expiresAfterDays: number): number =>
  Math.min(decision.expiresAt, decision.issuedAt + expiresAfterDays * DAY_MS);

/**
 * Whether `decision` is a placeholder's grant made before any decision on purposes: it grants its
 * services and decides nothing else, so the visitor is still asked (PRODUCT.md: a placeholder
 * "records nothing about any other purpose or service"). Every other decision grants `necessary`,
 * which every config has; the cookie mirror keeps both bits (method and purposes).
 */
export const isServicesOnly = (d: Pick<Decision, 'purposes'> & { readonly method: string }): boolean =>
  d.method === 'placeholder' && d.purposes['necessary'] !== true;

/**
 * Null when `decision` is a valid decision now, else the reason to prompt: none, another revision,
 * expired, or a changed config. A valid services-only decision (`isServicesOnly`) still prompts,
 * with 'none': it decided nothing about purposes.
 */
export function promptReason(
  config: Config,
  decision: Decision | null,
  now: number,
  configHash: string,
): PromptReason | null {
  if (!decision) return 'none';
  if (decision.revision !== config.policy.revision) return 'revision';
  if (!(now < expiryOf(decision, config.expiresAfterDays))) return 'expired';
  if (decision.configHash.length < 8 || !configHash.startsWith(decision.configHash)) return 'config';
  return isServicesOnly(decision) ? 'none' : null;
}

/**
 * A region's ISO 3166 code in capitals; null: none given; false: a name, "UK", "EU", a placeholder
 * for an unknown country (XX, ZZ, AP), a non-string.
 */
export function regionCodeOf(region: unknown): string | null | false {
  if (region === undefined || region === null || region === '') return null;
  if (typeof region !== 'string' || !/^[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?$/.test(region)) return false;
  const code = region.toUpperCase();
  return isRegionCode(code) && !/^(AA|AP|Q[M-Z]|X[A-JL-Z]|ZZ)/.test(code) && code;
}

/**
 * The mode for a region: a fixed mode, the region's entry, its country's entry, or `default`; for
 * no ISO 3166 code, opt-in (fail closed: "Germany" must not get an opt-out default).
 */
export function resolveMode(config: Config, region: string | null): JurisdictionMode {
  const j = config.jurisdiction;
  if (typeof j === 'string') return j;
  const given = regionCodeOf(region);
  if (given === false) return 'opt-in';
  const code = given ?? '';
  const own = (key: string): JurisdictionMode | undefined => (Object.hasOwn(j, key) ? j[key] : undefined);
  return own(code) ?? own(code.split('-')[0] ?? '') ?? own('default') ?? 'opt-in';
}

/**
 * `parseConfig`: validates and normalises a site's config, returning every issue with its path
 * (never only the first) and warnings for unknown keys, each with its message. The checks are
 * `checkConfig` (check-config.ts, codes only, what the script tag's first layer runs); this adds
 * the words (config-messages.ts). Pure: the same input gives the same result.
 */
import { checkConfig } from './check-config';
import { formatIssue } from './config-messages';
import type { Config } from './config-types';
import { ConsentError, type Issue } from './errors';

/** The result of `parseConfig`: the normalised config, or every issue found. */
export type ParseResult =
  | { readonly ok: true; readonly config: Config; readonly warnings: readonly Issue[] }
  | { readonly ok: false; readonly issues: readonly Issue[]; readonly warnings: readonly Issue[] };

/** Validates and normalises `input`; never throws. */
export function parseConfig(input: unknown): ParseResult {
  const r = checkConfig(input);
  const warnings = r.warnings.map(formatIssue);
  return r.ok ? { ok: true, config: r.config, warnings } : { ok: false, issues: r.issues.map(formatIssue), warnings };
}

/** The `ConsentError('config/invalid')` listing every issue, one per line with its path. */
export function configError(issues: readonly Issue[]): ConsentError {
  const n = issues.length;
  return new ConsentError('config/invalid', `Candor: invalid config (${n} issue${n === 1 ? '' : 's'}):`, issues);
}

/**
 * `parseConfig`: validates and normalises a site's config, returning every issue with its path
 * (never only the first) and warnings for unknown keys, each with its message: `findConfig`
 * (find-config.ts, codes only, what the script tag's engine runs) in words (config-messages.ts).
 * Pure: the same input gives the same result.
 */
import type { Config } from './config-types';
import { formatIssue } from './config-messages';
import type { Issue } from './errors';
import { findConfig } from './find-config';

export { configError, hostNameOf } from './find-config';

/** The result of `parseConfig`: the normalised config, or every issue found. */
export type ParseResult =
  | { readonly ok: true; readonly config: Config; readonly warnings: readonly Issue[] }
  | { readonly ok: false; readonly issues: readonly Issue[]; readonly warnings: readonly Issue[] };

/** Validates and normalises `input`; never throws. */
export function parseConfig(input: unknown): ParseResult {
  const r = findConfig(input);
  const warnings = r.warnings.map(formatIssue);
  return r.ok ? { ok: true, config: r.config, warnings } : { ok: false, issues: r.issues.map(formatIssue), warnings };
}

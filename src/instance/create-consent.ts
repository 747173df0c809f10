/** npm's `createConsent`: create-instance.ts with the config's words. */
import type { ConsentConfigInput } from '../core/config-types';
import { formatIssue, messageOf } from '../core/config-messages';
import { configError } from '../core/find-config';
import type { KnownKeys, PreferenceKeyOf, PurposeIdOf, ServiceIdOf } from '../core/ids';
import { createChecked, type ConfigFindings } from './create-instance';
import type { Consent, ConsentOptions } from './types';
import { warnOnce } from './warn';

export { SDK_VERSION } from './create-instance';

/**
 * Creates a consent instance. Throws `ConsentError('config/invalid')` listing every issue when
 * the config is invalid. Does not render UI (see `mountUI`) and does not touch the DOM. A
 * misspelt key in a config literal does not compile (`KnownKeys`, core/ids.ts).
 */
export function createConsent<const C extends ConsentConfigInput>(
  input: C & KnownKeys<C, ConsentConfigInput>,
  options: ConsentOptions = {},
): Consent<PurposeIdOf<C>, ServiceIdOf<C>, PreferenceKeyOf<C>> {
  return createChecked(input, options, inDevelopment) as unknown as Consent<
    PurposeIdOf<C>,
    ServiceIdOf<C>,
    PreferenceKeyOf<C>
  >;
}

/** Development builds print the config's warnings (instance/warn.ts). */
const inDevelopment: ConfigFindings = (warnings, _, region, issues) => {
  for (const w of warnings) warnOnce(`config ${w.path}: ${messageOf(w)}`);
  if (region !== undefined) warnOnce(`region "${region}" is no ISO 3166 code ("DE", "US-CA"): opt-in applies`);
  return issues && configError(issues.map(formatIssue));
};

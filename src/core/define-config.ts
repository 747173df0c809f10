/**
 * `defineConfig`: declares a config apart from `createConsent` with its ids kept as literal types,
 * as `as const` would, so the instance's `has`, `whenGranted` and `update` reject unknown ids at
 * compile time. A config in a plain variable widens its ids to `string` (any id compiles, and is
 * checked at run time only). It returns its argument unchanged and validates nothing at run time
 * (`createConsent` and `parseConfig` do). A misspelt key does not compile (`KnownKeys`, ids.ts).
 */
import type { ConsentConfigInput } from './config-types';
import type { KnownKeys } from './ids';

/** Returns `config` as it is, typed with its literal ids (see the module comment). */
export const defineConfig = <const C extends ConsentConfigInput>(config: C & KnownKeys<C, ConsentConfigInput>): C =>
  config;

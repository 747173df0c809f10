/**
 * The npm entry: the headless API and its types. Importing it runs nothing (SSR-safe) and pulls
 * in no Preact.
 */
// First: dist/index.mjs then keeps the config check's modules together (14 bytes of gzip fewer).
export { parseConfig, type ParseResult } from '../core/parse-config';
export { createConsent, SDK_VERSION } from '../instance/create-consent';
export { ConsentError, type ErrorCode, type Issue } from '../core/errors';
export { defineConfig } from '../core/define-config';
export { createMemoryStorage } from '../store/memory';
export type * from '../core/config-types';
export type { ConsentRecord, Decision, Method } from '../core/record';
export type { PromptReason } from '../core/policy';
export type {
  Consent,
  ConsentEvents,
  ConsentOptions,
  ConsentState,
  ChangeSource,
  DataRequestType,
  DecisionOptions,
} from '../instance/types';
export type { SyncEvent } from '../sync/sync';
export type { ConsentStorage, Snapshot, StorageContext, StorageFactory } from '../store/storage';
export type { Condition, PurposeIdOf, ServiceIdOf, PreferenceIdOf, PreferenceKeyOf } from '../core/ids';

/**
 * The npm entry `candor/react`: a provider and hooks for React 18 and 19 (an optional peer
 * dependency), safe under StrictMode and in server rendering.
 */
export {
  ConsentProvider,
  Granted,
  useConsent,
  useConsentState,
  useGranted,
  useNeedsPrompt,
  type ConsentProviderProps,
  type GrantedProps,
} from '../bindings/react';
export type { SessionOptions } from '../bindings/session';

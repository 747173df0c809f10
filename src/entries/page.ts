/**
 * The npm entry `candor/page`: the script tag's page wiring (gate, Consent Mode, dataLayer,
 * `candor:*` events) for an instance made by `createConsent`. Browser only; importing it runs
 * nothing.
 */
export { connectPage, denyConsentMode, type PageOptions } from '../loader/connect-page';

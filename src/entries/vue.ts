/**
 * The npm entry `candor/vue`: a composable for Vue 3 (an optional peer dependency), safe in
 * server rendering.
 */
export { provideConsent, useConsent, type ConsentRefs } from '../bindings/vue';
export type { SessionOptions } from '../bindings/session';

/**
 * The types of `candor/candor.js`, the script tag's loader (built as `dist/candor.d.ts`): importing
 * it for its effect declares `window.Candor` as a `CandorGlobal` (the `Consent` API, with the
 * engine's parts undefined until it has loaded) and `window.candorConfig`.
 */
export type { CandorGlobal } from '../loader/facade';

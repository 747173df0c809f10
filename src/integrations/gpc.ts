/** Global Privacy Control: `navigator.globalPrivacyControl === true` (https://privacycg.github.io/gpc-spec/). */
export const detectGpc = (nav: unknown = globalThis.navigator): boolean =>
  (nav as { globalPrivacyControl?: unknown } | null | undefined)?.globalPrivacyControl === true;

/** Global Privacy Control: `navigator.globalPrivacyControl === true` (https://privacycg.github.io/gpc-spec/). */
export function detectGpc(nav: unknown = typeof navigator === 'undefined' ? undefined : navigator): boolean {
  return (
    typeof nav === 'object' && nav !== null && (nav as { globalPrivacyControl?: unknown }).globalPrivacyControl === true
  );
}

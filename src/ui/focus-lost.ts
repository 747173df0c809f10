/**
 * Where focus really is, for the panel (its dialog and its layer): apart from page-focus.ts, so
 * that the first layer, which needs only `focusPageStart`, does not ship them before the banner.
 */
/** The element that really has focus, looking into (open) shadow roots. */
export function deepActiveElement(doc: Document = document): HTMLElement | null {
  let el = doc.activeElement as HTMLElement | null;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement as HTMLElement;
  return el;
}

/** Whether focus is nowhere: on <body>, or on a shadow host with nothing focused inside. */
export const isFocusLost = (doc: Document): boolean => {
  const el = deepActiveElement(doc);
  return !el || el === doc.body || el.shadowRoot !== null;
};

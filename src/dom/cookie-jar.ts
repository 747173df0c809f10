/**
 * `doc`'s cookies through the accessor its prototypes define, never the document's own property:
 * after `<img name="cookie">` (DOM clobbering), `document.cookie` is that image, and writing it
 * sets nothing (docs/security.md).
 */
export function cookieJarOf(doc: Document): { get(): string; set(cookie: string): void } {
  let proto: object | null = Object.getPrototypeOf(doc);
  let cookie: PropertyDescriptor | undefined;
  while (proto && !(cookie = Object.getOwnPropertyDescriptor(proto, 'cookie'))) proto = Object.getPrototypeOf(proto);
  return { get: () => cookie!.get!.call(doc) as string, set: (value) => void cookie!.set!.call(doc, value) };
}

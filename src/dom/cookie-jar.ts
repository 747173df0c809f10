/** `doc`'s cookies through its prototypes' accessor: after `<img name="cookie">`, `document.cookie` is the image. */
export function cookieJarOf(doc: Document): { get(): string; set(cookie: string): void } {
  let proto: object | null = Object.getPrototypeOf(doc);
  let cookie: PropertyDescriptor | undefined;
  while (proto && !(cookie = Object.getOwnPropertyDescriptor(proto, 'cookie'))) proto = Object.getPrototypeOf(proto);
  return { get: () => cookie!.get!.call(doc) as string, set: (value) => void cookie!.set!.call(doc, value) };
}

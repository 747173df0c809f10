/** The descriptor of `obj[name]` that `obj`'s prototypes define, never one markup put on `obj` (DOM clobbering). */
export function protoDescriptor(obj: object, name: string): PropertyDescriptor | undefined {
  for (let p: object | null = Object.getPrototypeOf(obj); p; p = Object.getPrototypeOf(p)) {
    const d = Object.getOwnPropertyDescriptor(p, name);
    if (d) return d;
  }
  return undefined;
}

/** `doc`'s cookies through its prototypes' accessor: after `<img name="cookie">`, `document.cookie` is the image. */
export function cookieJarOf(doc: Document): { get(): string; set(cookie: string): void } {
  const { get, set } = protoDescriptor(doc, 'cookie')!;
  return { get: () => get!.call(doc) as string, set: (value) => void set!.call(doc, value) };
}

/** DOM access that markup cannot shadow (`<img name="querySelectorAll">`: DOM clobbering, docs/security.md). */
import { protoDescriptor } from './cookie-jar';

/** `obj[name]` as its prototypes define it (a getter's value, or a method). */
export function protoGet<T>(obj: object, name: string): T {
  const d = protoDescriptor(obj, name);
  return (d?.get ? d.get.call(obj) : d?.value) as T;
}

/** The elements in `root` (a document, a fragment or an element) that match `selector`. */
export const queryAll = (root: ParentNode, selector: string): NodeListOf<Element> =>
  protoGet<ParentNode['querySelectorAll']>(root, 'querySelectorAll').call(root, selector);

/** Whether `node` is an element that matches `selector`. */
export const isMatch = (node: unknown, selector: string): node is Element =>
  node instanceof Element && Element.prototype.matches.call(node, selector);

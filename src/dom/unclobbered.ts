/**
 * Queries that markup cannot redirect: `<img name="querySelectorAll">` shadows the document's own
 * method, `<form><input name="matches">` a form's (DOM clobbering, docs/security.md).
 */

/** The elements in `root` (a document or an element) that match `selector`. */
export const queryAll = (root: ParentNode, selector: string): NodeListOf<Element> =>
  root instanceof Document
    ? Document.prototype.querySelectorAll.call(root, selector)
    : Element.prototype.querySelectorAll.call(root as Element, selector);

/** Whether `node` is an element that matches `selector`. */
export const isMatch = (node: unknown, selector: string): node is Element =>
  node instanceof Element && Element.prototype.matches.call(node, selector);

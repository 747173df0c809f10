/**
 * DOM building for the site-owner page. Every value from the API is untrusted: text goes in as
 * text nodes (never markup), attributes through setAttribute, and nothing sets a style attribute
 * (the page's CSP has no 'unsafe-inline'; SVG geometry is set as attributes, which it allows).
 */

/** A child: a node, a string (inserted as text), or nothing. */
export type Child = Node | string | null | undefined | false;
/** Attributes: `true` sets an empty attribute, `false`, null and undefined leave it out. */
export type Attrs = Readonly<Record<string, string | number | boolean | null | undefined>>;

const SVG_NS = 'http://www.w3.org/2000/svg';

function fill<E extends Element>(node: E, attrs: Attrs, children: readonly Child[]): E {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

/** An HTML element with attributes and children (strings become text nodes). */
export const el = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] => fill(document.createElement(tag), attrs, children);

/** An SVG element with attributes and children. */
export const svg = <K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): SVGElementTagNameMap[K] => fill(document.createElementNS(SVG_NS, tag), attrs, children);

/** Replaces a node's children. */
export const replace = (node: Element, ...children: Child[]): void => {
  node.replaceChildren();
  fill(node, {}, children);
};

/** The element with this id, which the page's HTML must have. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`admin page: #${id} is missing from index.html`);
  return found as T;
}

/** A short-lived unique id for aria references inside generated content. */
let counter = 0;
export const uid = (prefix: string): string => `${prefix}-${++counter}`;

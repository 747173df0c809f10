/** A tiny element builder for the first layer, which has no framework (every byte counts there). */

/** Attributes by name. */
export type Props = Readonly<Record<string, string>>;

/** A tiny element builder: attributes, then children. */
export const h = (tag: string, props: Props, ...children: (Node | string)[]): HTMLElement => {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) el.setAttribute(k, v);
  el.append(...children);
  return el;
};

/** A `<button>` (in a shadow root: no form to submit) of class `cls` that calls `onClick`. */
export const button = (cls: string, label: string, onClick: () => void): HTMLElement => {
  const b = h('button', { class: cls }, label);
  b.addEventListener('click', onClick);
  return b;
};

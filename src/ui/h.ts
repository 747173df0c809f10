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

/**
 * A `<button>` of class `cls` that calls `onClick`. Only in the shell's shadow root, where a button
 * has no form to submit: no `type` needed (3 bytes before every first visit's banner).
 */
export const button = (cls: string, label: string, onClick: () => void): HTMLElement => {
  const b = h('button', { class: cls }, label);
  b.addEventListener('click', onClick);
  return b;
};

/**
 * Vitest setup for the happy-dom files: window's `dispatchEvent` as a browser has it.
 *
 * Vitest copies happy-dom's window methods to the global object bound to that window, so there
 * `dispatchEvent.call(document, e)` dispatched at the window. In a browser the global
 * `dispatchEvent` is `EventTarget.prototype`'s own method (window inherits it, and markup cannot
 * shadow it, unlike `document.dispatchEvent`: ui/ui-model.ts relies on both), and a call without
 * a receiver dispatches at the window (here through its own method, which happy-dom's window
 * events need).
 */
if (typeof window !== 'undefined' && typeof document !== 'undefined') {
  const own = window.EventTarget.prototype.dispatchEvent;
  const atWindow = window.dispatchEvent.bind(window);
  Object.defineProperty(globalThis, 'dispatchEvent', {
    configurable: true,
    writable: true,
    value: function dispatchEvent(this: EventTarget | undefined, event: Event): boolean {
      return this === undefined || this === globalThis ? atWindow(event) : own.call(this, event);
    },
  });
}

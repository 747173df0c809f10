/**
 * A page that swaps its `<body>` without a reload (Turbo Drive, pjax, htmx's boost, a legacy site's
 * `document.body.innerHTML = ...`) keeps Candor's banner or launcher: the facade's (the one Candor
 * made, never one found in the page) goes to the new `<body>`, first in it, as the UI's host was,
 * when the page adds an element and it is no longer in the page. Moved elsewhere in the page, it
 * stays there. Only an element still in the page moves it (never its own arrival): a page that
 * removes what it does not know from `<body>` at once (its own observer) removed it and got it
 * back without end (the tab hung); such a page now gets it back once with each element it adds,
 * and removes it. In the first layer's chunk and the returning visitor's, each with its own copy
 * (both may listen: the second finds it back already).
 */
import type { Facade } from './facade';

/** For good; `added` is the page wiring's, set before either chunk loads. */
export const followBody = (facade: Facade): unknown =>
  facade.added!(
    (el) => el.isConnected && facade.launcher?.isConnected === false && document.body.prepend(facade.launcher),
  );

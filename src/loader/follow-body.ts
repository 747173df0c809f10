/**
 * A page that swaps its `<body>` without a reload (Turbo Drive, pjax, htmx's boost, a legacy site's
 * `document.body.innerHTML = ...`) keeps Candor's banner or launcher: the facade's (the one Candor
 * made, never one found in the page) goes to the new `<body>`, first in it, as the UI's host was,
 * when the page adds an element and it is no longer in the page. Moved elsewhere in the page, it
 * stays there. In the first layer's chunk and the returning visitor's, each with its own copy
 * (both may listen: the second finds it back already).
 */
import type { Facade } from './facade';

export const followBody = (facade: Facade): unknown =>
  facade.added?.(() => facade.launcher?.isConnected === false && document.body.prepend(facade.launcher));

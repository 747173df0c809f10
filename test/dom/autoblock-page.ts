/**
 * A page with auto-blocking and the gate wired as the loader wires them (loader/page-wiring.ts):
 * what auto-blocking holds back is handed to the gate. For the DOM tests of frames a script points.
 */
import type { SiteView } from '../../src/core/site-view';
import { watchAddedElements } from '../../src/dom/added-elements';
import { installAutoBlock } from '../../src/gate/autoblock';
import { createGate, type Gate } from '../../src/gate/gate';

/** Installs auto-blocking (once per test file: it patches the DOM's prototypes) and a gate over `document`. */
export function autoBlockedPage(view: SiteView, has: (condition: string) => boolean): Gate {
  const gate = createGate({
    doc: document,
    view,
    has,
    grant: () => {},
    onError: () => {},
    warn: () => {},
    loadLocale: async () => ({}),
  });
  installAutoBlock(window as never, view.services, has, (el) => gate.process(el), watchAddedElements(document));
  return gate;
}

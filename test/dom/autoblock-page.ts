/**
 * A page with auto-blocking and the gate wired as the loader wires them (loader/page-wiring.ts):
 * what auto-blocking holds back is handed to the gate. For the DOM tests of frames a script points.
 */
import { toSiteView, type SiteView } from '../../src/core/site-view';
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

/** A Facebook comments plugin's URL, on the host the shared-host page's two services share. */
export const SHARED_HOST_URL = 'https://www.facebook.com/plugins/comments.php?href=x';

/**
 * A page with auto-blocking over two services of two purposes on one host (`www.facebook.com`:
 * `fb-comments`, functional, and `meta-pixel`, marketing), granted as the test adds their ids to
 * `granted` (a marking is granted when each of its ids is). Once per test file, as `autoBlockedPage`.
 */
export function sharedHostPage(): { gate: Gate; granted: Set<string> } {
  const view = toSiteView({
    policy: { revision: 1 },
    autoBlock: true,
    purposes: [{ id: 'necessary', required: true }, { id: 'functional' }, { id: 'marketing' }],
    services: [
      { id: 'fb-comments', purpose: 'functional', name: 'Facebook comments', hosts: ['www.facebook.com'] },
      { id: 'meta-pixel', purpose: 'marketing', name: 'Meta Pixel', hosts: ['www.facebook.com'] },
    ],
  });
  const granted = new Set<string>();
  const gate = autoBlockedPage(view, (c) => c.split(',').every((id) => granted.has(id.trim())));
  return { gate, granted };
}

/** A frame the site marked `consent`, `data-src` the shared host's URL, in a new open shadow root on the page. */
export function shadowFrame(consent: string): HTMLIFrameElement {
  const host = document.body.appendChild(document.createElement('div'));
  const frame = document.createElement('iframe');
  frame.setAttribute('data-consent', consent);
  frame.setAttribute('data-src', SHARED_HOST_URL);
  host.attachShadow({ mode: 'open' }).append(frame);
  return frame;
}

/**
 * `connectPage` (`candor/page`): the script tag's page wiring for an instance made with
 * `createConsent`, so that an npm app gets what the script tag gives a page: Consent Mode (defaults
 * at once, updates when the grants change), `candor_consent_update` in `dataLayer`, the `candor:*`
 * DOM events, gating of `data-consent` elements (scripts, embeds with placeholders, elements added
 * later) and, on revoke, cookie clean-up, `candor:revoke` and the optional reload. The same modules
 * as the script tag: grant-news.ts, gate-wiring.ts, engine-events.ts. No UI (that is `mountUI`),
 * no auto-blocking (it must run before the page's tags: the script tag's candor-autoblock.js).
 */
import { allDenied } from '../core/gcm-map';
import { toSiteView } from '../core/site-view';
import { watchAddedElements, type OnAddedElements } from '../dom/added-elements';
import type { Consent } from '../instance/types';
import type { Gate } from '../gate/gate';
import { ensureGtag, googleBeforeDefaults, sendGcmDefault } from '../integrations/gcm';
import { wireEngineEvents } from './engine-events';
import { attachGate } from './gate-wiring';
import { createGrantNews } from './grant-news';
import { onRevoke } from './revoke';

/** Options of `connectPage`. */
export interface PageOptions {
  /**
   * The CSP nonce a marked `<script>` must carry to be revived (docs/csp.md); the revived script
   * gets it too. @default none: every marked script may run once granted
   */
  readonly nonce?: string;
  /**
   * Sends Consent Mode's `default` (every type denied, `wait_for_update`, region defaults) at once.
   * Connect before any Google tag loads; set `false` only if the page sends its own default first.
   * @default true
   */
  readonly consentModeDefault?: boolean;
  /** Where problems are reported (a gated element that failed). @default console.error */
  readonly report?: (message: string) => void;
}

/** One observer of added elements for the page, however often an app connects and disconnects. */
let onAdded: OnAddedElements | undefined;
/** Whether an instance is connected now: one page, one instance (two would gate and tell twice). */
let live = false;

/**
 * Connects `consent` to the page (see the module comment) and returns the disconnect, which stops
 * gating new elements and telling the page (what already ran stays). One instance at a time: while
 * one is connected, another is refused with a report. Browser only: call it where the app creates
 * the instance on the client, before Google tags load.
 */
export function connectPage(consent: Consent, options: PageOptions = {}): () => void {
  // A site's report that throws stops nothing (nor leaves the page connected for good).
  const report = (message: string): void => {
    try {
      (options.report ?? console.error)(message);
    } catch {
      // nothing else to tell
    }
  };
  if (live) {
    report('Candor: connectPage: an instance is already connected to this page; disconnect it first');
    return () => {};
  }
  live = true;
  const view = toSiteView(consent.config);
  const has = (c: string): boolean => consent.has(c as never);
  const gtag = ensureGtag(window as Parameters<typeof ensureGtag>[0]);
  if (options.consentModeDefault !== false) {
    sendGcmDefault(gtag, view, consent.state.peek().gpc);
    // Google's tag set up first (its snippet in <head>, above the app): gtag.js reads dataLayer in
    // order, so its page view goes out before it knows consent is denied. The script tag says so too.
    const google = googleBeforeDefaults(window);
    if (google?.cause === 'order')
      report(
        `Candor: connectPage: ${google.found} is in dataLayer before Consent Mode's defaults: Google's tag was set up before connectPage, so it may send data before it knows that consent is denied. Mark Google's tag data-consent, or load it after connectPage`,
      );
  }
  if (view.autoBlock)
    report(
      'Candor: autoBlock is the script tag’s (candor-autoblock.js); with candor/page, mark your tags data-consent',
    );

  let connected = true;
  const news = createGrantNews(
    view,
    has,
    gtag,
    () => gate,
    (gone) => onRevoke(gone, view, has),
  );
  // A change is told a task later (engine-events.ts): maybe once disconnected. The gate releases
  // nothing before the page was first told (at `ready`; gate-wiring.ts): the instance's synchronous
  // read (a returning visitor's cookie) answers has() before Consent Mode heard it.
  const known = (only?: unknown): unknown => connected && news(only);
  const gate: Gate = attachGate({
    view,
    facade: { candor: consent, known },
    nonce: options.nonce ?? '',
    vouched: () => false,
    report,
    locale: consent.locale,
  });
  const offs = [(onAdded ??= watchAddedElements(document))((el) => gate.scan(el)), gate.stop];
  // The script tag's listeners, through a view of the instance that records them for disconnect and
  // replays `ready` to an app that connects after it (the page still hears it once).
  const ready = consent.state.peek().ready;
  const recorded: Pick<Consent, 'on' | 'needsPrompt' | 'config'> = {
    config: consent.config,
    needsPrompt: consent.needsPrompt,
    on(type, fn) {
      const off = consent.on(type, fn);
      offs.push(off);
      if (type === 'ready' && ready) (fn as (s: unknown) => void)(consent.state.peek());
      return off;
    },
  };
  wireEngineEvents(recorded as Consent, { known, prompt: () => {}, decided: () => {} });
  return () => {
    if (connected) offs.splice(0).forEach((off) => off());
    if (connected) live = false;
    connected = false;
  };
}

/**
 * Consent Mode all denied, for a page whose instance could not start (an invalid config: the
 * bindings' session), as the script tag sends them then: a Google tag the page does not mark
 * (advanced mode) never runs as if consent were granted. Nothing with `consentModeDefault: false`.
 */
export function denyConsentMode(options: PageOptions = {}): void {
  if (options.consentModeDefault !== false)
    ensureGtag(window as Parameters<typeof ensureGtag>[0])('consent', 'default', {
      ...allDenied(),
      wait_for_update: 500,
    });
}

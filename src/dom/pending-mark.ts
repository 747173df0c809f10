/**
 * A first visit's banner decision that its page may not live to record (the "quick tap").
 *
 * On a first visit the engine loads only when the visitor acts (ui/engine-when.ts), and a touch
 * visitor's first act is often the tap on Accept all itself: the banner hides at once, and the
 * decision is recorded only once the engine has arrived, 0.5 to 1.5 s later at 4x CPU throttling.
 * A visitor who followed a link at once lost it, and the next page asked again.
 *
 * So the first layer (ui/pre-engine.ts), while it has no engine, marks the decision at the tap,
 * synchronously (dom/keep-json.ts: written there, not through a function of this module, which
 * terser kept as a function called at once, 6 bytes more before the banner), under the
 * localStorage key of the cookie's copy (store/cookie-mirror.ts), which is
 * empty on a first visit: a JSON array (`PendingMark`; a cookie value never starts with `[`). The
 * next page's loader reads that key already: it no longer counts the visit as a first one and starts
 * its engine at once (loader/boot.ts), which replays the decision (loader/pending-replay.ts). The
 * page that made it records it itself, and the copy it writes replaces the mark.
 *
 * A tab opened after the tap, while this page's engine is still on its way, replays the mark while
 * this page records it too: both write the same record, whose ids are drawn from the id in the
 * mark (instance/tap-ids.ts), and every store keeps it once.
 *
 * Another tab may have decided since this page loaded (that tab's storage event starts this page's
 * engine, which hides the banner, so only a tap in that moment meets it): the mark replaces that
 * tab's copy, and this tap, the newer decision, is recorded here or by the next page. Until then
 * that tab's cookie is not vouched for (nothing granted from it), which fails closed.
 */
import type { Config } from '../core/config-types';

/**
 * store/keys.ts `COPY_KEY`, written out: dom/ imports only core/, and importing that module here
 * put all its keys into the first layer's chunk (shared with the engine), 60 bytes of gzip before
 * the banner. A unit test keeps the two equal.
 */
export const MARK_KEY = 'candor:v1:cookie';

/** The first layer's two decisions. */
export type FirstDecision = 'acceptAll' | 'rejectAll';

/**
 * The mark: the decision, the options it was made with, when (epoch ms, 1 ms after the click:
 * ui/pre-engine.ts says why), the config it was made under (validated), and a random id drawn at
 * the tap (none on a plain-http page, which has no `crypto.randomUUID`): the seed of the one record
 * every page that records this tap writes (instance/tap-ids.ts).
 */
export type PendingMark = readonly [FirstDecision, unknown, number, Config, string?];

// Size budgets: prints raw / gzip / brotli per built entry, fails above budget, and keeps the
// README's size table equal to what it measured (`npm run size -- --write` rewrites it). Over 300
// lines on purpose: each budget keeps the reasons for its raises beside it.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { allFiles, scriptTagFiles } from './cdn-files.mjs';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const KB = 1024;
/**
 * Every file a visitor's browser or an npm user downloads, with what it is and its gzip budget
 * (issue 16: a budget for every file; a file the build makes without one fails, so a new chunk
 * is never unmeasured). The loader's 5 KB is the product's (PRODUCT.md); the others sit a little
 * above today's sizes, as a guard against regressions, and come down as the chunks do.
 */
const FILES = {
  // 5 → 5.25 KB: a first visit's banner in the page's first frame (loader/chunks.ts requestFirstChunks,
  // 0.12 KB: the banner about 15% sooner in an interleaved A/B); the first visit stays within 15 KB.
  // 5.25 → 5.3 KB: V8's compile hint (rollup.config.mjs COMPILE_HINT, 22 bytes; with the first
  // layer's, the banner 9 to 27 ms sooner in A/B runs) and the request for the preferences' parser
  // with the first layer, and the first frame held for it too (a config with preferences, 31
  // bytes), which took 0.55 KB off that layer.
  // 5.3 → 5.35 KB: a first visit to a page whose marked elements are all scripts loads its gate
  // (1.8 KB and its run) with the engine, not right after the banner: nothing to show or release
  // before a decision (loader/page-wiring.ts gateMoments, 41 bytes; about 4 ms less script in the
  // 300 ms after the banner at 4x CPU throttle, in 15 interleaved runs each).
  // 5.35 → 5.6 KB: a returning visitor's marked inline scripts that the cookie grants run once the
  // page is parsed, by the loader itself (loader/fast-gate.ts, +0.22 KB): the gated tag ran at
  // 0.70x the release before in the bench (145 against 205 ms), and such a page downloads no gate
  // (under 7 KB in all, issue 16's goal). The first visit stays within its 15 KB: bytes came off
  // elsewhere (fetch's default credentials, iterable NodeLists, an element's textContent never
  // null, the returning chunk's JSON fetch passed in by the loader).
  'candor.js': [
    "loader (script tag, sync in <head>): Consent Mode defaults, cookie fast path, window.Candor, gate loading, a returning visitor's granted inline tags",
    5.6,
  ],
  // 6.25 → 6.3 KB: the first visit's later gate, as in candor.js above.
  // 6.3 → 6.5 KB: the returning visitor's inline tags run by the loader, as in candor.js above.
  // 6.5 → 6.75 KB: auto-blocking reads the document's readyState and queries through the
  // prototypes (dom/unclobbered.ts): `<img name="readyState">` or a form whose querySelectorAll an
  // input shadows let the site's unmarked tag run without consent (a review): +0.04 KB.
  // 6.75 → 7 KB: an attacker's review found unmarked tags let through by a URL's trailing dot or
  // the page's <base href>, and by a hosts entry with a space before its scheme or one slash; and
  // a config fetched from a URL now says that auto-blocking comes too late for what came before
  // it: +0.05 KB, at 6.75 KB with nothing left for fixes (the plain loader is unchanged).
  // 7 → 7.25 KB: two reviews of frames a script points: a loaded frame loads only a URL whose services
  // are granted (or those the site marked it with, not auto-blocking's own marking), a held frame on
  // no listed host keeps the site's marking, one re-attached to a shadow root goes to the gate: +0.09 KB.
  'candor-autoblock.js': [
    'the loader with auto-blocking, for sites with autoBlock: true (in place of candor.js)',
    7.25,
  ],
  // 1.25 → 1.5 KB: built apart, it has its own copies of the helpers it took from the shared
  // candor-chunk-common.mjs (0.8 KB, budget 1 KB, gone); the returning visitor's page is 0.5 KB lighter.
  'candor-returning.mjs': [
    'a returning visitor (the cookie answers): stand-in launcher, [data-candor-open], the moments the engine loads',
    1.5,
  ],
  // One file since issue 16's merge of candor-page.mjs (0.75 KB budget), candor-banner.mjs (1.5),
  // candor-chunk-shell.mjs (4.5), candor-chunk-check-config.mjs (3), candor-chunk-preferences.mjs
  // (2.25) and candor-chunk-common.mjs (1): 13 KB of budgets, 11.5 KB of files, now 9.6 KB in one.
  // 9.75 → 9 KB: the preferences' parser is a chunk of its own (candor-chunk-preferences.mjs).
  'candor-first.mjs': [
    'first layer in one file: banner, launcher, styles, config validation, UI loader, listeners on the engine',
    9,
  ],
  // The config's messages moved here from the shared validation chunk (first layer 1.7 KB lighter).
  // 14 → 14.5 KB: sync.analytics' hooks in the engine (the banner counts kept beside the outbox in
  // IndexedDB, the decision's hook, the on-demand import: +0.35 KB); the counting and sending
  // themselves load only for a config with sync.analytics (candor-chunk-impressions.mjs).
  // 14.5 → 14.75 KB: a decision's record waits in localStorage until IndexedDB has it (a page that
  // closes right after the click dropped its IndexedDB write in Chromium: the next page asked
  // again), and the click paints before the record is hashed and stored (INP): +0.3 KB.
  // 14.75 → 15 KB: the journal keeps every record a closing page has not written yet, not only the
  // newest (two decisions at once, e.g. a decision and identify(), lost the older one): +0.1 KB.
  // 15 → 15.5 KB: another tab's decision that reaches a page cookie first (before this origin's
  // copy and its record): reported only if the copy has not come to hold it 1.5 s later (the error
  // was false), never overwritten by this page's older stored decision nor its journal entry
  // dropped (that failed open on later pages), followed once its copy or record or message comes
  // (heard from the engine's start): +0.32 KB.
  // 15.5 → 15.75 KB: DecisionOptions.madeAt (a banner click applied after the engine arrives is
  // dated at the click and yields to a decision made since elsewhere, which it overrode: fail
  // open): +0.1 KB. This file loads after the banner; neither first-visit nor returning budget.
  // 15.75 → 16 KB: a link in the config that is no URL at all ("https://exa mple.com", "http://[")
  // warned with its path (parse-config.ts; the first layer, which does not parse URLs, shows it as a
  // link going nowhere and no longer throws on it): +0.28 KB.
  // 16 → 16.25 KB: opt-out mode's refused sales kept after the decision expires or the revision is
  // raised (CCPA: an opt-out does not lapse), and the config issue for a required sale: +0.06 KB.
  // 16.25 → 16.5 KB: what follows a revocation (cookie deleting, `candor:revoke`, the reload) moved
  // here from the gate (−0.25 KB budget) and its cookie chunk (−0.75 KB budget, the file is gone):
  // a revocation offline, or on a page whose gate cannot load, no longer skips them: +0.44 KB.
  // 16.5 → 16.75 KB: a decision dated in the future no longer holds IndexedDB's slot against every
  // later one (a refusal made after it was forgotten on reload, and the future grant came back once
  // its date had come), and has() reads own properties only: +0.09 KB.
  // 16.75 → 17 KB: the config warnings a new-user review asked for (a purpose no locale file names and `texts` do not give: visitors read its key; ui.blocking without the modal layout) and the Consent Mode list's issue naming the item that is no type: +0.16 KB.
  // 17 → 17.25 KB: what follows a revocation finds the scripts that ran and says candor:revoke
  // through the prototypes, so `<img name="querySelectorAll">` or `name="dispatchEvent"` no longer
  // keeps the cookie clean-up, the event and the reload from a withdrawal (a review): +0.04 KB.
  // 17.25 → 17.75 KB: a region that is no ISO 3166 code (data-region="Germany", XX) gets opt-in
  // (fail closed) and is said to the site owner, and cookies stamped under the rule before are
  // checked again; the checks for Google's tag set up before the loader (or a replaced dataLayer)
  // and for a second loader with other settings: +0.39 KB.
  // 17.75 → 18 KB: an attacker's review: a new GPC signal refuses sale and sharing from the first
  // has() (not once the store has answered), also for a decision from another device, and linking a
  // decision to a user (identify) keeps its expiry instead of renewing it: +0.06 KB.
  // 18 → 18.25 KB: a server's Retry-After kept for every tab and later page of the site
  // (localStorage), and waited for by every flush, not only a new decision's: +0.13 KB.
  // 18.25 → 18.5 KB: an attacker's review: a cookie of another config read by name, records queued
  // where IndexedDB never works, own entries only, prefixed cookies deleted on revoke: +0.17 KB.
  // 18.5 → 18.75 KB: API arguments checked as records are, a forged tab message refused, sync
  // timeouts, and warnings for a relative privacy link or contact: +0.30 KB.
  // 18.75 → 19 KB: a first visit's decision whose page was left before its engine arrived (a tap,
  // then a link at once: the next page asked again) is replayed by the next page from the first
  // layer's mark (loader/pending-replay.ts), and yields to the same decision recorded elsewhere: +0.2 KB.
  // 19 → 19.25 KB: reviews' fixes: of several cookies of Candor's name (one for a longer path or the
  // parent domain shadows this page's), the copy's or, shared, the newest believable is read, and a
  // newer one in the jar is never overwritten by an older stored decision (store/cookie-mirror.ts,
  // store/browser.ts); a purpose no service serves, taken back, is a revocation: +0.13 KB.
  // 19.25 → 19.5 KB: an attacker's review's fixes: a throwing consent.state subscriber reported once
  // (the decision goes on), requests and counts to an endpoint with a query, a cookie dated beyond
  // the clock skew written over, a purpose worded only in a language no visitor falls back to: +0.15 KB.
  // 19.5 → 20 KB: a careless site owner's review: the config check says a services' hosts entry that
  // matches no URL (autoBlock let its tags through) and a cookies entry that matches no cookie, and
  // the engine says a cookie scope the page is not in (no decision kept) and a page with no way to
  // reopen the choice, and a tag marked for another consent tool (it never runs): +0.58 KB with their
  // words; not on the banner's path, nor a returning visitor's. 20 → 20.25 KB: a marked element
  // whose URL is another service's (it runs on a grant given for something else): +0.18 KB.
  // 20.25 → 20.5 KB: an attacker's review of the loader: a revocation judged once the engine has read
  // the decision (a cleared copy of the cookie deleted a granted service's cookies): +0.04 KB.
  // 20.5 → 20.75 KB: an attacker's review of sync, storage and identify() (a placeholder grant keeps
  // earlier refusals of sale and sharing, no link on a failed, stale, cookie-only or expired pull, the
  // journal across a config change, a fault told as a change, Web Locks that reject: +0.13 KB) and a
  // new user's review (a Google service under a purpose that maps no Consent Mode type: +0.10 KB).
  // Not on the banner's path nor a returning visitor's.
  // 20.75 → 20.77 KB (20 bytes, no slack): a page whose IndexedDB answered later than its wait takes
  // the cookie's record once it does, so its next decision keeps the visitor's preferences and the
  // chain (it reset them). Measured lead for room: the config's words in a chunk loaded only for an
  // invalid config or a warning free about 1.75 KB here, but need 9 loader bytes the visit totals lack.
  // Done without them (candor-chunk-words.mjs below): 21,268 → 19,559 bytes.
  // 20.77 → 19.25 KB: the budget follows the saving (19,573 bytes with sha256.ts written for a cold
  // start, +14), leaving about 140 bytes of room for the next fixes.
  // 19.25 → 19.3 KB: the engine asks for the gate as it starts, on a first visit's page (its banner
  // up) with a marked element (loader/gate-prefetch.ts, +62 bytes): its download overlaps the
  // engine's start instead of following it, one round trip less between Accept all and the tags it
  // releases (at 80 ms of latency and 4x throttle, 329 against 361 ms from the press to the tag,
  // medians of 10).
  // 19.3 → 19.35 KB: two fixes from a review of the sync path (identify() keeps a decision valid here
  // over a pulled one made under another config, and links nothing for a pulled record it cannot
  // use: +16 bytes), and a hosts entry written `*.host`, which Chromium's URL parser gives as
  // `%2A.host` and so matched nothing: its tags ran unblocked (find-config.ts, +11 bytes).
  'candor-engine.mjs': [
    'engine (records, storage, sync, the config check, what follows a revocation); loads at the first input after the banner, or when needed',
    19.35,
  ],
  // The words the engine left for it (19,559 bytes with them out, 21,268 in), 2,241 bytes on their own.
  'candor-chunk-words.mjs': [
    "the config check's words: loaded by the engine only for an invalid config or a warning",
    2.25,
  ],
  'candor-chunk-preferences.mjs': [
    "the preferences' parser: before the banner only for a config with preferences (requested with the first layer), else with the engine",
    1,
  ],
  'candor-chunk-impressions.mjs': [
    'anonymous banner counts: loaded by the engine only for a config with sync.analytics',
    2.75,
  ],
  'candor-chunk-signals.mjs': ['@preact/signals-core (engine, panel)', 2],
  // 2.25 → 2 KB: deleting a revoked service's cookies is a chunk of its own, loaded on a revoke.
  // 2 → 1.75 KB: what follows a revocation is the engine's (no request at a revocation).
  'candor-gate.mjs': ['gate: scripts (only on pages with data-consent elements)', 1.75],
  // The gate's own chunks (built apart from the first layer: see rollup.config.mjs).
  // 2.25 → 2.75 KB: a security review's fixes: a marked embed loads only an http(s) URL (data: and
  // blob: for media; `data-src` passes HTML sanitizers, a javascript: frame ran), and a placeholder
  // names what its button grants from the config only (each service and provider), never from the
  // markup's `title`: +0.39 KB.
  // 2.75 → 3 KB: a review's fixes: a revoked player stops (a held <source> loads its player again),
  // and focus goes from a placeholder's button to the embed it loaded: +0.09 KB.
  'candor-chunk-gate-embed-gate.mjs': ['gate: embeds and placeholders (only on pages with a marked embed)', 3],
  'candor-chunk-gate-locale-choice.mjs': [
    "the placeholders' locale choice when the loader gave none (candor/page)",
    0.5,
  ],
  'candor-chunk-locale-choice.mjs': [
    'locale choice for the engine, mountUI and placeholders (the loader chooses for the first layer)',
    0.5,
  ],
  // 10.5 → 10.75 KB: it holds the panel's texts by locale (core/local-text.ts), which had a chunk
  // of their own (candor-chunk-local-text.mjs, 0.26 KB, budget 0.5) while the embed gate shared them.
  // 10.75 → 11.25 KB: each purpose's facts in its details (what data, why, how long, the benefit:
  // PRODUCT.md's purpose texts), +0.14 KB, and opt-out mode's "Do not sell or share my personal
  // information" (PRODUCT.md's link), +0.13 KB, each with its English fallback's words; then a
  // review's fixes (the button only takes away; "Details" where a purpose has no providers), +0.12 KB.
  // 11.25 → 11.5 KB: a double click or two quick Enter presses on a panel's button record once (an
  // inline panel’s Save recorded and synced twice), +0.08 KB; no equivalent saving found in the chunk.
  // 11.5 → 11.75 KB: a panel opened on its preferences view records no consent decision the visitor
  // did not see (before any, the preferences wait for it), from a review: +0.07 KB.
  'candor-chunk-panel-layer.mjs': [
    'preference panel: Preact, @preact/signals, panel styles, texts by locale (when the panel opens)',
    11.75,
  ],
  'candor-chunk-sections.mjs': ['preference center and dashboard (when the panel opens)', 3],
  // 0.5 → 0.75 KB: the backdrop's style moved here from the first layer's sheet, which every site's first visit gets.
  'candor-chunk-wall.mjs': ['the wall (ui.blocking with the modal layout): only for a site that asks for one', 0.75],
  'candor-chunk-minimize.mjs': [
    'a non-blocking modal’s Minimize button, also pressed when focus moves to the page: only for a site with that layout',
    0.5,
  ],
  'candor-chunk-reload-offer.mjs': ['the reload offer after a revocation that needs one (when it happens)', 0.75],
  // 1 → 1.5 KB: the words for Google's tag set up before the loader or a replaced dataLayer (its
  // tags may send data before Consent Mode's defaults), a second loader with other settings, and a
  // data-region that is no ISO 3166 code: +0.3 KB; still loaded only on a page with a mistake.
  // 1.5 → 1.75 KB: the words for autoBlock with a config fetched from a URL (its unmarked tags
  // may run without consent): +0.03 KB, at 1.49 KB before; still only on a page with a mistake.
  // The words for a ui.locale Candor does not ship and a relative link moved here from the engine,
  // with those for Consent Mode granted without a choice (found by the engine): the file 1.52 →
  // 1.745 KB, 5 bytes under its budget; still loaded only on a page with a mistake.
  // 1.75 → 2 KB: the words for a Consent Mode type that a sensitive purpose shares with another
  // (Accept all grants it though it leaves that purpose off): +0.08 KB, still only on such a page.
  // 2 → 2.25 KB: the words for a cookie scope the page is not in, a page with no way to reopen the
  // choice and another tool's marking (+0.19 KB); 2.25 → 2.5 KB: a marking that does
  // not name the service its URL is on (+0.08 KB); still loaded only on a page with a mistake.
  'candor-diagnostics.mjs': [
    'the words for a site owner’s mistakes (unknown config keys or ids, markings that run anyway, a late or second loader, Google’s tag before it, a region that is no code, an on() name that is no event, autoBlock with a config from a URL, a locale not shipped, a relative link, Consent Mode granted without a choice, no policy.url, a cookie scope the page is not in, no way to reopen the choice, another tool’s marking, a marking that misses its URL’s service): only when there is one',
    2.5,
  ],
  // 2.5 → 2.75 KB: mountUI labels and records a locale only when it has some of that locale's own
  // words for the banner (a review of the UI: texts for one purpose, or an error body, gave a
  // German-labelled English UI), +0.02 KB over the old ceiling.
  // 2.75 → 3 KB: a user's review: mountUI(Candor) without container on a script-tag page mounts no
  // second banner and launcher (the loader shows its own), says so, and its open() opens the page's
  // panel (+0.10 KB).
  'candor-ui.mjs': ['mountUI with English, for pages that mount the panel themselves', 3],
  // 32.5 → 33 KB: sync.analytics' hooks, as in the engine (the counting itself is a chunk loaded on demand).
  // 33 → 34 KB: the record journal and the click's deferred store write, as in the engine, then a
  // review's fixes (the journal used only when it says exactly what the cookie says; decisions made
  // inside another's state change completed in order): shipped unminified with its comments, +0.9 KB.
  // 34 → 34.5 KB: the journal's list of records, as in the engine (+0.14 KB with its comments).
  // 34.5 → 34.75 KB: a review's fixes to the journal (another tab's newer decision kept, the
  // cookie's dates and config hash checked, the newest 16 entries read) and the config message
  // for a function: +0.38 KB with their comments.
  // 34.75 → 36 KB: another tab's half-written decision, as in the engine (+1.3 KB with its comments).
  // 36 → 37.25 KB: core/preferences.ts moved here from a shared chunk (mountUI no longer imports it:
  // the preference center's rule has its own module), so the file grew while index.mjs with its
  // shared chunks shrank (44,045 → 43,561 bytes); that closure has its own budget below.
  // 37.25 → 37.5 KB: DecisionOptions.madeAt, as in the engine (+0.25 KB with its comments).
  // 37.5 → 38 KB: a review's storage and sync fixes (no opt-out defaults while a lost cookie's
  // decision may be a refusal, redirects not followed, the outbox flag kept until a durable read):
  // +0.45 KB with their comments, which the npm build keeps.
  // 38 → 38.5 KB: the config's links that are no URL at all warned, as in the engine (+0.39 KB with its comments).
  // 38.5 → 38.75 KB: the refused sales kept and the required-sale issue, as in the engine (+0.19 KB with comments).
  // 38.75 → 39 KB: a decision dated in the future no longer holds IndexedDB's slot against every
  // later one, and an own-property check in has() (a polluted Object.prototype grants nothing), as
  // in the engine (+0.25 KB with their comments).
  // 39 → 39.5 KB: the config warnings a new-user review asked for (a purpose no locale file names and `texts` do not give: visitors read its key; ui.blocking without the modal layout) and the Consent Mode list's issue naming the item that is no type, as in the engine: +0.5 KB with their comments.
  // 39.5 → 40.25 KB: a region that is no ISO 3166 code (a name, XX, a non-string) gets opt-in (fail
  // closed), with a development warning naming it, and the stamp carries the rules' version so
  // that cookies stamped before are checked again: +0.54 KB with their comments.
  // 40.25 → 40.5 KB: the GPC and identify fixes, as in the engine (+0.12 KB with their comments).
  // 40.5 → 40.75 KB: a contract review's fixes: prompt when a prompt becomes needed, the expiry's
  // signal read the minifier dropped, and Retry-After honoured beyond the backoff (+0.23 KB).
  // 40.75 → 41 KB: the Retry-After kept for every page, as in the engine (+0.37 KB with comments).
  // 41 → 41.5 KB: a review's fixes: records that renew no consent (a preference, GPC's refusal, a
  // placeholder's service) keep the decision's expiry, and an expiry is told after a silent change
  // (+0.27 KB with comments; the engine chunk, minified, +0.08 KB within its ceiling).
  // 41.5 → 42 KB: a review's trust fixes: own entries only (config, decisions, actions), a cookie of
  // another config read by name, records kept when IndexedDB never works (+0.4 KB with comments).
  // 42 → 42.5 KB: reviews' fixes: API arguments checked, a forged tab message refused, sync
  // timeouts (the endpoint's and a headers function's), the keepalive limit in bytes, the lease,
  // the shared cookie read again when the page becomes visible (+0.33 KB with comments).
  // 42.5 → 43 KB: the cookie fixes in candor-engine.mjs above (+0.39 KB with comments).
  // 43 → 43.25 KB: an attacker's review's fixes: a throwing consent.state subscriber reported, not
  // losing the decision; requests and counts to an endpoint with a query; a cookie dated beyond the
  // clock skew written over (+0.26 KB with comments; the engine chunk +0.09 KB within its ceiling).
  // 43.25 → 43.5 KB: a review of the leads left unconfirmed: a closed tab's record the journal held,
  // lost when another tab decided after it, now written (the stored decision's hash chain vouches for
  // it); a pulled record with this device's own id replaces nothing; a preference saved alone renews
  // no consent (+0.28 KB with comments; the engine chunk +0.09 KB within its ceiling).
  // 43.5 → 44.25 KB: the config check's words for hosts and cookies entries that match nothing (+0.6 KB with comments).
  // 44.25 → 44.5 KB: a review of those fixes: the journal's chain followed through IndexedDB's
  // records, the cookie's decision counted as this device's own, update({ preferences }) waiting in memory.
  // 44.5 → 45.25 KB: a sync and storage review: a pulled record journalled for the next page, the journal
  // kept across a config change, identify() linking nothing on a failed or stale pull, over a placeholder's
  // grant or from the cookie alone, a placeholder's grant keeping an opt-out, a fault after ready told
  // (+0.76 KB with comments; the engine chunk +0.25 KB, 20.48 of its 20.5 KB ceiling).
  // 45.25 → 45.5 KB: a review of that review's fixes: a placeholder's grant made before IndexedDB
  // answers waits for the stored record (its refusals of sale), and identify() before ready keeps its
  // subject over the one the stored record names (+0.18 KB with comments).
  // 45.5 → 45.75 KB: records() reads IndexedDB again after a failed read (one answer slower than the
  // timeout, as under load after WebKit restores a page), with what only the page's memory holds, so the
  // history matches the decision (+0.1 KB, 0.06 of it comments; the engine chunk the same, paid for there).
  // 45.75 → 45.81 KB: the cookie's record taken once IndexedDB answers late, as in the engine (+0.13 KB with comments).
  // 45.81 → 46 KB: update() without an object of choices throws (update() recorded the grants of the
  // moment as a decision nobody made; on a first visit, a refusal): +0.04 KB with its message; and
  // development warnings for has() or whenGranted() given no string, or whenGranted() an id the config
  // lacks (it never resolved, without a word): +0.08 KB (none in the script tag's engine).
  // 46 → 46.1 KB: the same fixes as the engine's 19.35 KB (identify() and `*.host` entries), with
  // their comments (+49 bytes: 9 for identify(), 40 for `*.host`).
  // 46.1 → 46.15 KB: identify()'s link dated just after the decision it restates, not at the call (a
  // link of an old grant outranked the user's later refusal on another device): +47 bytes with its comment.
  'index.mjs': ['npm: createConsent (headless; dependencies external)', 46.15],
  // How rollup splits code between index.mjs and ui.mjs shifts as modules change: the closure sum below is the stable figure.
  'ui.mjs': ['npm: mountUI (with the shared chunks it imports; Preact external)', 14],
  // 8 → 8.5 KB: a review's gate fixes (a queued script re-checked when its turn comes, a host that
  // services share waits for all, an embed follows the service that serves it) and Consent Mode's
  // (GPC, the dataLayer of the moment): +0.38 KB with their comments, which the npm build keeps.
  // 8.5 → 9 KB: DOM clobbering (a review): markup that shadows a form's or the document's own
  // methods no longer stops the gate or keeps a withdrawal from Consent Mode, an element with
  // id="dataLayer" is no dataLayer, and the cookies go through the prototypes' accessor (dom/
  // unclobbered.ts, dom/cookie-jar.ts): +0.43 KB with their comments, which the npm build keeps.
  // 9 → 9.25 KB: the gate runs marked scripts only once the page is parsed (a choice made while it
  // loads ran a tag whose text was half there: a SyntaxError, and the tag lost), and a disconnect
  // stops the scripts still waiting: +0.22 KB with their comments.
  // 9.25 → 9.5 KB: a review's fix: a revoke's deleting writes carry Secure for __Secure-/__Host- cookies (+0.06 KB).
  // 9.5 → 9.75 KB: an attacker's review: the site view reads a config's own entries only, so that a
  // polluted Object.prototype cannot give it region defaults that grant (+0.06 KB unminified).
  // 9.75 → 10 KB: reviews' fixes: a purpose no service serves, taken back, is a revocation (its
  // marked tag may have run), and a marked embed whose src equals its data-src is said to load at
  // once (+0.11 KB with the comments and names npm keeps; its users' bundlers minify it).
  // 10 → 11 KB: a user's review: connectPage says when Google's tag was set up before its Consent
  // Mode defaults, as the script tag does (+0.93 KB, nearly all the comments npm keeps of
  // googleBeforeDefaults; its users' bundlers minify it).
  // 11 → 11.25 KB: denyConsentMode (the bindings' all-denied defaults for an invalid config) and a
  // site's report callback that throws stopping nothing (+0.07 KB with comments).
  'page.mjs': ['npm: connectPage (gate, Consent Mode, dataLayer, DOM events; dependencies external)', 11.25],
  'react.mjs': [
    'npm: candor/react, provider and hooks (imports react, candor, candor/page; candor/ui when it starts)',
    1.5,
  ],
  'vue.mjs': ['npm: candor/vue, the composable (imports vue, candor, candor/page; candor/ui when it starts)', 1.25],
  'bindings-session.mjs': ['npm: what candor/react and candor/vue share: one instance, connectPage, mountUI', 0.75],
  'require.cjs': ['npm: what require() loads: an error saying how to import the ES module', 0.5],
  // Never downloaded by visitors: candor/server runs on the site's Node server. A third of it is the
  // config validation (with its messages), which the mirror-cookie refresh shares with the client;
  // the site owner's side (issue 20: aggregates, admin API, erasure, retention) added 15 KB, and
  // its security review's checks (host header, cursor, counted values) 0.4 KB: 47 -> 48 KB. The
  // config issue for a required purpose marked saleOrSharing (its check and words): 48 -> 48.25 KB.
  // The config warnings of the engine (candor-engine.mjs above), which the server's checks share: 48.25 -> 48.75 KB.
  // An attacker's review: dates as PostgreSQL reads them, texts it can store, failed admin calls audited: 49.5 KB.
  // A security review (dated purge anchors, proxy origin, own-pid lock, counted revisions, bounded audit): 49.5 -> 50.5 KB;
  // with the config's own-entry reads shared with the browser: 50.75 KB. The CLI's words for a port
  // that is no port, one in use, and a host that is no address of the machine: 51.25 KB. Two cookies
  // of Candor's name in one Cookie header are no decision (store/cookie.ts, an attacker's review): 51.5 KB.
  // The config check's words for a purpose worded only in a language no visitor falls back to, which
  // reads the locale a fixed ui.locale picks (core/locale-choice.ts, with its comments): 52.5 KB.
  // A careless operator's review: wildcard origins, paths the URL parser encodes and a zero rate
  // window refused, the page's scheme from Referer, cursors before 1970, integrity events in the
  // access export: 52.5 -> 53 KB (+0.35 KB with comments).
  // The config check's words for hosts and cookies entries that match nothing: 53 -> 53.75 KB.
  // An attacker's review of the endpoint: batches that share ids inserted in id order (no deadlock),
  // a stats range ending in year 0001 starting there (not in year 0000: a 500), a rate limit whose
  // maxClients is 0 or NaN refused, an issuedAt of 7 to 9 decimals truncated to the microsecond (not
  // rounded into the next day): 53.75 -> 54.25 KB (+0.47 KB with comments). The same review: an
  // export or chain check of a subject whose records hold more than 64 MiB of JSON answers 413
  // (SubjectTooLarge), not a 500 after 1.6 GB of memory: 54.25 -> 55 KB (+0.65 KB with comments).
  // `npx candor-server export --subject`, such a subject's way out of the 413: its records read and
  // written page by page (exportSubject's onRecords), audited: 55 -> 56.25 KB (+1.17 KB with comments).
  // A record naming its previous one as the SDK read it under a config with fewer ids links (an
  // anchor of that view's hash) instead of a false chain-break, and an erasure keeping the subject's anchors: 56.25 -> 56.95 KB (+0.71 KB with comments).
  'server.mjs': ['candor/server (Node only, never in a browser): endpoint, stores, migrations, admin API, CLI', 56.95],
};
const inDist = readdirSync('dist').filter((f) => /\.[mc]?js$/.test(f));
const order = (f) => {
  const i = Object.keys(FILES).indexOf(f);
  return i < 0 ? 99 : i;
};
/** npm's shared chunks (hashed names): budgeted together, as ui.mjs's closure below. */
const shared = inDist.filter((f) => /^shared-.*\.mjs$/.test(f));
const ENTRIES = [
  ...inDist
    .filter((f) => !shared.includes(f))
    .sort((a, b) => order(a) - order(b) || a.localeCompare(b))
    .map((f) => ({
      file: `dist/${f}`,
      what: FILES[f]?.[0] ?? 'a chunk without a budget',
      budget: FILES[f] ? FILES[f][1] * KB : 0,
    })),
  {
    file: 'dist/locales/first/en.json',
    what: 'one locale’s first-layer keys (English): before the banner',
    budget: 0.75 * KB,
  },
  { file: 'dist/locales/en.json', what: 'one locale (English): when the panel opens', budget: 1.75 * KB },
  // 2 → 2.25 KB: the words for a panel, and a part of it, that could not load (+0.07 KB).
  { file: 'dist/locales/de.json', what: 'one locale (German)', budget: 2.25 * KB },
  // Never downloaded by visitors: the site-owner page candor/server serves at its admin path (issue 20).
  ...[
    ['admin.js', 'site-owner page: its one script (charts, search, visitor data, requests)', 9],
    ['admin.css', 'site-owner page: its styles', 2.75],
    ['index.html', 'site-owner page: its HTML', 2.25],
  ].map(([f, what, budget]) => ({ file: `dist/admin/${f}`, what, budget: budget * KB })),
];
/** dist/admin/ holds the site-owner page's three files and nothing else (candor/server serves an allowlist). */
const ADMIN_FILES = ['admin.css', 'admin.js', 'index.html'];
const adminExtra = (existsSync('dist/admin') ? readdirSync('dist/admin') : []).filter((f) => !ADMIN_FILES.includes(f));
for (const f of adminExtra)
  console.error(`size: dist/admin/${f} has no budget: the site-owner page is ${ADMIN_FILES.join(', ')}`);
for (const e of ENTRIES)
  if (e.budget === 0) console.error(`size: ${e.file} has no budget: add it to FILES in scripts/size.mjs`);
/** Static imports only: dynamic import() chunks load later, on demand. */
const staticImports = (file) =>
  [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*["']\.\/([^"']+)["']/g)].map((m) => `dist/${m[1]}`);
const closure = (files) => {
  const seen = new Set();
  const walk = (f) => {
    if (seen.has(f) || !existsSync(f)) return;
    seen.add(f);
    staticImports(f).forEach(walk);
  };
  files.forEach(walk);
  return [...seen];
};
/**
 * What a first-time visitor fetches before the banner is visible (issue 16: ≤ 15 KB, below
 * vanilla-cookieconsent): the loader, the first layer with what it imports, and one locale; the
 * engine loads after the banner, the wall only for a site that asks for one.
 */
const FIRST_VISIT = [...closure(['dist/candor.js', 'dist/candor-first.mjs']), 'dist/locales/first/en.json'];
/**
 * A returning visitor with a trusted cookie on a page with marked elements: no engine, no UI. The
 * goal is ≤ 7 KB (issue 16); the ceiling guards today's 8.1 KB. The first layer (UI loader) comes
 * only when the launcher is used or the engine starts.
 */
const RETURNING = closure(['dist/candor.js', 'dist/candor-returning.mjs', 'dist/candor-gate.mjs']);
/** An npm user of createConsent: index.mjs with the shared chunks it imports. */
const NPM_CORE = closure(['dist/index.mjs']);
/** An npm user of candor/ui: ui.mjs with the shared chunks it imports. */
const NPM_UI = closure(['dist/ui.mjs']);
/** An npm user of candor/page: page.mjs with the shared chunks it imports. */
const NPM_PAGE = closure(['dist/page.mjs']);
const SUMS = [
  // 15 → 15.05 KB (issue 16's 15 KB, met before, was then missed by 44 bytes): security before speed.
  // The loader no longer lets markup parsed before a late loader stop it (an element with
  // id="Candor": no Consent Mode default, no banner) or choose where its chunks come from (an
  // <img name="currentScript">: its URL became the chunks' base), and has() answers false for a
  // non-string instead of throwing into the page: +44 bytes. A policy page that is no URL no longer
  // throws in the first layer: +7 bytes.
  // 15.05 → 15 KB again: the preferences' parser left the first layer (its own chunk, loaded only
  // for a config with preferences: the sum below): 15,404 → 14,887 bytes.
  {
    name: 'first visit, before the banner: loader + first layer + locale',
    files: FIRST_VISIT,
    budget: 15 * KB,
  },
  // A site with preference fields (the preference center's own questions) also gets their parser
  // before its banner, as its own file: 0.45 KB more than when it was inside the first layer (and
  // the compile hints' 44 bytes, as every site, and the loader's hold of the first frame for that
  // file too, 16 bytes, without which such a site painted once without its banner).
  // 15.6 → 15.75 KB: the banner says when the panel could not load (Customize seemed to do
  // nothing before): +0.09 KB, 0.05 of it the first layer's code and 0.04 its words.
  // 15.75 → 16 KB: the loader's fast path for a returning visitor's tags (candor.js above).
  {
    name: 'first visit of a site with preferences: the same + their parser',
    files: [...FIRST_VISIT, ...closure(['dist/candor-chunk-preferences.mjs']).filter((f) => !FIRST_VISIT.includes(f))],
    budget: 16 * KB,
  },
  // A modal's first visit: its Minimize button (or a walling modal's wall, 0.01 KB larger), which
  // the loader asks for with the first layer and the banner waits for.
  {
    name: 'first visit of a site with a modal: the same + its Minimize button',
    files: [...FIRST_VISIT, ...closure(['dist/candor-chunk-minimize.mjs']).filter((f) => !FIRST_VISIT.includes(f))],
    budget: 15.5 * KB,
  },
  // 8.25 → 8.5 KB: the loader's first-frame hold (0.12 KB, see candor.js above; issue 16's 7 KB is not met either way).
  // 8.5 → 8.55 KB: the loader's 41 bytes for a first visit's later gate (candor.js above).
  // 8.55 → 8.75 KB: the loader's fast path (candor.js above); a page that still needs the gate (an
  // external tag, an embed, a refused tag once granted) pays it, the page of the next sum does not.
  { name: 'returning visitor: loader + returning-visitor chunk + gate', files: RETURNING, budget: 8.75 * KB },
  // Issue 16's 7 KB: the loader ran the page's marked inline tags itself, or left those refused waiting.
  {
    name: 'returning visitor, a page whose marked tags are inline: loader + returning-visitor chunk',
    files: closure(['dist/candor.js', 'dist/candor-returning.mjs']),
    budget: 7 * KB,
  },
  // 18.5 → 19.25 KB: issue 15's designed look (button ranks, form controls, heading scale: 0.9 KB of
  // unminified panel code and styles; the visitor's panel chunk stays within its 10.5 KB).
  // 19.25 → 19.5 KB: the npm build keeps its comments; the panel's focus helpers (ui/focus-lost.ts)
  // and the reload offer's words moved out of the first layer with theirs.
  // The stable figure for createConsent (the split between index.mjs and the shared chunks shifts).
  // 42.75 → 43 KB: DecisionOptions.madeAt, as in the engine and index.mjs (+0.2 KB with its comments).
  // 43 → 43.5 KB: the storage and sync fixes in index.mjs above.
  // 43.5 → 44 KB: the link warning in index.mjs above.
  // 44 → 44.25 KB: the refused sales kept, as in index.mjs above.
  // 44.25 → 44.5 KB: the future-dated decision and has() fixes in index.mjs above.
  // 44.5 → 44.75 KB: the engine's cookies through the prototypes' accessor (dom/cookie-jar.ts, a
  // shared chunk of its own: +0.16 KB with its comment), which an <img name="cookie"> cannot shadow.
  // 44.75 → 45.25 KB: the config warnings in index.mjs above.
  // 45.25 → 46 KB: the region rule in index.mjs above.
  // 46 → 46.25 KB: the GPC and identify fixes in index.mjs above.
  // 46.25 → 46.5 KB: the contract review's fixes in index.mjs above.
  // 46.5 → 46.75 KB: the Retry-After kept for every page, in index.mjs above.
  // 46.75 → 47.25 KB: the expiry fixes in index.mjs above; 47.25 → 47.75 KB: its trust fixes.
  // 47.75 → 48.25 KB: the reviews' fixes in index.mjs above (42 → 42.5 KB).
  // 48.25 → 48.75 KB: the cookie fixes in index.mjs above (42.5 → 43 KB).
  // 48.75 → 49 KB: the review's fixes in index.mjs above (43 → 43.25 KB).
  // 49 → 49.5 KB: the review's fixes in index.mjs above (43.25 → 43.5 KB).
  // 49.5 → 50.25 KB: the config check's words in index.mjs above (43.5 → 44.25 KB).
  // 50.25 → 51 KB: the sync and storage review's fixes in index.mjs above (44.5 → 45.25 KB).
  // 51 → 51.25 KB: the review of those fixes in index.mjs above (45.25 → 45.5 KB).
  // 51.25 → 51.5 KB: the history read again in index.mjs above (45.5 → 45.75 KB).
  // 51.5 → 51.7 KB: update() without an object of choices and the has()/whenGranted() warnings, in
  // index.mjs above (45.81 → 46 KB).
  // 51.7 → 51.8 KB: identify()'s link dated as the decision it restates, in index.mjs above (46.1 → 46.15 KB).
  { name: 'npm: candor with its shared chunks', files: NPM_CORE, budget: 51.8 * KB },
  // 19.5 → 19.75 KB: a review's fixes to what the UI records (the language shown, the history after
  // a back/forward restore, the panel's own lang): +0.13 KB with their comments, which npm keeps.
  // 19.75 → 20.75 KB: each purpose's facts and opt-out mode's "Do not sell or share", with a
  // review's fixes (as the panel chunk above), +0.76 KB with their comments, which npm keeps.
  // 20.75 → 21.5 KB: the history view's chunk asked for again after it failed to load
  // (dom/import-again.ts), +0.95 KB with its comments, which npm keeps.
  // 21.5 → 21.75 KB: the banner and the panel say when a part of the UI could not load, +0.14 KB
  // with their comments, which npm keeps.
  // 21.75 → 22.25 KB: the banner's duration takes its plural category from the locale's table, not
  // from a cold Intl.PluralRules (5–10 ms of the first visit's script at 4x throttle), +0.1 KB here
  // with the comments npm keeps (0.01 KB in the visitor's candor-first.mjs); mountUI says what to do
  // without a config, and keeps English's list and duration words out of another locale, +0.1 KB.
  // 22.25 → 22.5 KB: the DOM clobbering fixes that reach mountUI (the banner shown once its
  // listeners are in place; a click on a form whose closest an input shadows is no page error).
  // 22.5 → 22.75 KB: the first layer's size work (one button helper, its locale fetched with the
  // loader's function: comments kept) that let the config's own-entry reads fit its 15 KB.
  // 22.75 → 23 KB: a panel's button records once on a double click or two quick Enter presses (as
  // the panel chunk above: +0.08 KB minified), +0.17 KB with the names and comments npm keeps.
  // 23 → 23.25 KB: that guard never holds back another decision (a Save after a switch changed,
  // Accept all after Reject all, while a slow storage records the last one): +0.05 KB with what npm keeps.
  // 23.25 → 23.75 KB: a review of the UI: a panel opened on its preferences view records no consent
  // decision the visitor did not see, mountUI's locale only with that locale's banner words, and one
  // banner and launcher per page from mountUI (+0.22 KB with the comments npm keeps).
  // 23.75 → 24 KB: the room kept under the banner and the reload offer shown together is given back
  // whatever order they go in (the page's scroll padding stayed stuck; +0.07 KB with its comments).
  // 24 → 24.25 KB: mountUI(Candor) without container on a script-tag page mounts no second banner
  // (candor-ui.mjs above; +0.15 KB with the comments npm keeps).
  // 24.25 → 24.5 KB: an accessibility review's fixes (the wall keeps inert what the page adds to
  // <body> while it stands, Shift+Tab from a clicked dialog wraps, the panel reflows at 320 px in every
  // locale, a second data request announced): +0.2 KB with the comments and names npm keeps.
  // 24.5 → 24.75 KB: mountUI throws for a `container` that is no element (null from a selector that
  // found nothing mounted the page's banner instead of the inline panel): +0.07 KB with its message.
  { name: 'npm: candor/ui with its shared chunks', files: NPM_UI, budget: 24.75 * KB },
  // 11.5 → 11.75 KB: the gate and Consent Mode fixes in page.mjs above.
  // 11.75 → 12.25 KB: the DOM clobbering fixes in page.mjs above.
  // 12.25 → 12.5 KB: the revocation and auto-blocking fixes (candor-engine.mjs, candor-autoblock.js above).
  // 12.5 → 12.75 KB: the gate's wait for the parsed page (page.mjs above).
  // 12.75 → 13 KB: a read-only window.gtag stops nothing (+0.06 KB), and the gate tells Consent Mode
  // a grant before it releases a tag (+0.06 KB): both with the names and comments npm keeps (its
  // users' bundlers minify it); page.mjs stays within its own 9.5 KB.
  // 13 → 13.25 KB: a withdrawal also looks into open shadow roots for a script that ran (auto-blocking
  // lets one through in a widget's root), through the browser's own getter, and a look that fails
  // recommends the reload instead of throwing before the gate holds the revoked embeds back again
  // (a review): +0.14 KB with the comments npm keeps; page.mjs stays within its own 9.75 KB.
  // 13.25 → 13.5 KB: an attacker's review of the loader: a revocation judged once the engine has
  // read the decision (a copy of the cookie cleared under the page deleted a granted service's
  // cookies and told candor:revoke), and the site view's entries read by their own keys.
  // 13.5 → 14.25 KB: connectPage says when Google's tag was set up before it (page.mjs above).
  // 14.25 → 14.5 KB: denyConsentMode, the bindings' all-denied Consent Mode for an invalid config
  // (its all-denied state moves into this closure's shared chunk).
  // 14.5 → 14.75 KB: a site's report that throws stops nothing (page.mjs above).
  { name: 'npm: candor/page with its shared chunks', files: NPM_PAGE, budget: 14.75 * KB },
];
const README = 'README.md';
const START = '<!-- size:start -->';
const END = '<!-- size:end -->';

const measure = (file) => {
  const buf = readFileSync(file);
  return {
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
};
const kb = (n) => `${(n / KB).toFixed(2)} KB`;

/**
 * Every locale, not only the two in the table: each file in dist/locales/ and dist/locales/first/
 * within its layer's budget, so no language goes unmeasured (41 of them; Greek, Russian and
 * Ukrainian are the largest, some 0.35 KB above English before the banner).
 */
const LOCALE_BUDGETS = { 'dist/locales': 2.75 * KB, 'dist/locales/first': 1 * KB };
const localesOver = Object.entries(LOCALE_BUDGETS).flatMap(([dir, budget]) =>
  (existsSync(dir) ? readdirSync(dir) : [])
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ file: `${dir}/${f}`, gzip: gzipSync(readFileSync(`${dir}/${f}`), { level: 9 }).length, budget }))
    .filter((l) => l.gzip > l.budget),
);
/**
 * dist/cdn/, the folder a site owner copies (README), holds exactly the script tag's files, each the
 * same bytes as the one measured here: one missing or stale file there breaks a site.
 */
const cdnProblems = (() => {
  if (!existsSync('dist/cdn')) return ['dist/cdn/ is missing'];
  const want = scriptTagFiles('dist');
  const have = new Set(allFiles('dist/cdn'));
  return [
    ...want.filter((f) => !have.has(f)).map((f) => `dist/cdn/${f} is missing`),
    ...[...have].filter((f) => !want.includes(f)).map((f) => `dist/cdn/${f} is not a script-tag file of this build`),
    ...want
      .filter((f) => have.has(f) && !readFileSync(`dist/${f}`).equals(readFileSync(`dist/cdn/${f}`)))
      .map((f) => `dist/cdn/${f} differs from dist/${f}`),
  ];
})();
for (const p of cdnProblems) console.error(`size: ${p} (run npm run build)`);
/**
 * The script tag's files carry no npm development warning (src/instance/warn.ts, whose words
 * start with `[candor] `): the build swaps in warn-none.ts (rollup.config.mjs, `production`), and a
 * change that brings the real module back would ship its words to every visitor.
 */
const devWarnings = scriptTagFiles('dist')
  .filter((f) => /\.m?js$/.test(f) && readFileSync(`dist/${f}`, 'utf8').includes('[candor] '))
  .map((f) => `dist/${f} carries npm development warnings ("[candor] …"); the script-tag builds must use warn-none.ts`);
for (const p of devWarnings) console.error(`size: ${p}`);
/**
 * The config check's words load only when there is something to say (candor-chunk-words.mjs): the
 * engine, which a first visit's first input loads, carries none of them (a static import of
 * core/config-messages.ts from any of its modules would bring them all back).
 */
const engineWords = ['is not a locale tag', 'is already a purpose id', 'names no purpose of the config']
  .filter((w) => existsSync('dist/candor-engine.mjs') && readFileSync('dist/candor-engine.mjs', 'utf8').includes(w))
  .map((w) => `dist/candor-engine.mjs carries the config's words ("${w}"); they belong in candor-chunk-words.mjs`);
for (const p of engineWords) console.error(`size: ${p}`);
let failed =
  ENTRIES.filter((e) => e.budget === 0).length +
  adminExtra.length +
  localesOver.length +
  cdnProblems.length +
  devWarnings.length +
  engineWords.length;
const rows = ENTRIES.map((e) => {
  if (!existsSync(e.file)) {
    console.error(`size: ${e.file} is missing; run npm run build first`);
    failed++;
    return null;
  }
  const m = measure(e.file);
  const over = e.budget !== null && m.gzip > e.budget;
  if (over) failed++;
  return { ...e, ...m, over };
}).filter(Boolean);

const sums = SUMS.map((t) => {
  const m = t.files
    .filter(existsSync)
    .map(measure)
    .reduce((a, x) => ({ raw: a.raw + x.raw, gzip: a.gzip + x.gzip, brotli: a.brotli + x.brotli }), {
      raw: 0,
      gzip: 0,
      brotli: 0,
    });
  const over = m.gzip > t.budget;
  if (over) failed++;
  return { ...t, ...m, over };
});
const table = [
  '| file | what | raw | gzip | brotli | gzip budget |',
  '| --- | --- | ---: | ---: | ---: | ---: |',
  ...rows.map(
    (r) =>
      `| \`${r.file.replace('dist/', '')}\` | ${r.what} | ${kb(r.raw)} | ${kb(r.gzip)} | ${kb(r.brotli)} | ${kb(r.budget)} |`,
  ),
  ...sums.map(
    (t) =>
      `| **${t.name}** | ${t.files.map((f) => f.replace('dist/', '')).join(' + ')} | ${kb(t.raw)} | ${kb(t.gzip)} | ${kb(t.brotli)} | ${kb(t.budget)} |`,
  ),
].join('\n');

console.log(table);
for (const l of localesOver)
  console.error(`size: ${l.file} is ${kb(l.gzip)} gzip, over the ${kb(l.budget)} every locale has`);
for (const r of [...rows, ...sums])
  if (r.over) console.error(`size: ${r.file ?? r.name} is ${kb(r.gzip)} gzip, over its ${kb(r.budget)} budget`);

const readme = existsSync(README) ? readFileSync(README, 'utf8') : '';
const i = readme.indexOf(START);
const j = readme.indexOf(END);
if (i < 0 || j < i) {
  console.error(`size: README.md has no ${START} … ${END} block for the size table`);
  failed++;
} else {
  const block = `${START}\n${table}\n${END}`;
  const current = readme.slice(i, j + END.length);
  if (current !== block) {
    if (process.argv.includes('--write')) {
      writeFileSync(README, readme.slice(0, i) + block + readme.slice(j + END.length));
      console.log('size: README.md table updated');
    } else {
      console.error(
        'size: the README size table differs from the measured sizes; run `npm run build && npm run size -- --write`',
      );
      failed++;
    }
  }
}
process.exit(failed ? 1 : 0);

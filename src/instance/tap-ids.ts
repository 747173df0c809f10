/**
 * One tap, one record: the script tag's engine (`createConsent` of its engine chunk, the one
 * module that imports this one) draws the ids of a first visit's tap from the id the first layer
 * drew at the tap and put in its mark (dom/pending-mark.ts), so that every page that records the
 * tap writes the very same record. Script tag only: the npm build (which does not import this
 * module), its size and its public options are unchanged.
 *
 * Why: a tab opened while the tapping tab's engine is still on its way replays the mark
 * (loader/pending-replay.ts) while the tapping tab records the tap too; with random ids that made
 * two records (two ids, two subjects) for one tap. Now both engines, created while the mark waits,
 * take the subject `uuidOf(id)`, and the tap's decision a record id drawn from that subject with
 * what one tab's record may hold that the other's does not: its config hash (which carries the
 * mode: a page under another `data-region`) and its preferences (a page may set one before
 * `ready`). The same contents, the same record, which IndexedDB, the outbox and the endpoint keep
 * once (they dedupe by record id); other contents, another id: two records, never one id for both.
 *
 * Not from the tap's time and options alone: another visitor may tap in the same millisecond,
 * and an anonymous subject is a secret (knowing it proves owning it: server/subjects.ts), so the
 * seed is `crypto.randomUUID()` (122 random bits; none on a plain-http page, which keeps random
 * ids). The mark is untrusted (localStorage): both ids are sha-256 of it, so a mark names no
 * existing record (nothing is deduplicated against one) and no existing subject. A script of this
 * origin that writes a mark can know the subject it leads to; it can read the subject anyway
 * (IndexedDB, `window.Candor`). Anything else gets random ids, as before: no mark or no id, an
 * engine created before the tap, a stored or identified subject, a decision already held, a
 * decision not dated at the tap. At worst two records, never one record for two decisions.
 *
 * Cost: 111 bytes of gzip in the engine chunk (11 of them for the record's contents), 16 in the
 * first layer (the id in the mark).
 */
import { canonicalJson } from '../core/canonical-json';
import { sha256 } from '../core/sha256';
import { toUuid } from '../core/uuid';
import { createChecked, type ConfigFindings } from './create-instance';
import { configError, issueCodes } from '../core/find-config';
import { randomId } from './random-id';
import type { Consent, ConsentOptions } from './types';
// Last: the engine chunk keeps its module order, 7 bytes of gzip fewer than with this import first.
import { localCopy } from '../store/cookie-mirror';

/** dom/pending-mark.ts `PendingMark`, as read here: untrusted, any JSON (instance/ imports no dom/). */
type Mark = readonly unknown[];

/** A v4 UUID from the sha-256 of `text`. */
export const uuidOf = (text: string): string =>
  toUuid(
    sha256(text)
      .match(/../g)!
      .map((h) => parseInt(h, 16)),
  );

/** Without a `found` (an engine module without `tellConfig`: tests), an invalid config throws its issues' codes. */
const byCodes: ConfigFindings = (_, __, ___, issues) => issues && configError(issueCodes(issues));

/**
 * `createChecked` (instance/create-instance.ts) whose ids follow the tap's mark, if one waits as
 * the engine is created (see the top of this file). Throws what `createChecked` throws.
 */
export const createTapped = (input: unknown, options: ConsentOptions, found?: ConfigFindings): Consent => {
  let mark: Mark | undefined;
  let subject: string | undefined;
  let consent: Consent | undefined;
  try {
    mark = JSON.parse(localCopy().get()!) as Mark;
    // A plain-http page's tap has no id (null).
    if (mark[4]) subject = uuidOf(mark[4] as string);
  } catch {
    // no mark, or no JSON (a cookie's copy)
  }
  return (consent = createChecked(
    input,
    {
      ...options,
      /**
       * The first id, drawn as the instance is created, is its subject's; every later one a
       * record's, drawn by the transition as `env.newId()` (core/transition.ts): `this` is the
       * decision's environment, whose `now` is when the decision was made (its `madeAt`). The
       * tap's, dated at the mark's time (which no decision of a page begun after it has unless
       * given that `madeAt`, nor one the tapping page asked for before the tap: the first layer
       * marks it 1 ms after the click, ui/pre-engine.ts), on the subject drawn from it, with no
       * decision held: the one record of the tap. test/dom/tap-ids.test.ts fails if `this` is not
       * so, test/dom/tap-ids-same-ms.test.ts if a decision asked for in the click's millisecond takes it.
       */
      newId(this: { now?: unknown; configHash?: unknown }): string {
        const now = consent?.state.peek();
        return (
          (now
            ? now.subject === subject &&
              this.now === mark![2] &&
              !now.decision &&
              uuidOf(canonicalJson([subject, this.configHash, now.preferences]))
            : subject) || randomId()
        );
      },
    } satisfies ConsentOptions,
    found ?? byCodes,
  ));
};

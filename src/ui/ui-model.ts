/**
 * The UI model every UI surface is given (first layer and Preact panel alike): the instance, the
 * texts of the chosen locale, how decisions are recorded (locale and the texts shown), page
 * notifications and screen-reader announcements. Plain data and functions, not a Preact context.
 */
import type { Config } from '../core/config-types';
import { ownOf, translate, type Messages } from '../core/locale';
import type { Consent, DecisionOptions } from '../instance/types';

/** Shared by the UI's components. */
export interface Ui {
  readonly consent: Consent;
  readonly config: Config;
  /** A text by key, with `{name}` variables filled in. */
  readonly t: (key: string, vars?: Readonly<Record<string, string>>) => string;
  /** A site text by key (config `texts`), or `fallback` when the site gave none. */
  readonly text: (key: string, fallback: string) => string;
  /** The locale in use (dates in the history are formatted for it). */
  readonly locale: string;
  /** Locale and texts recorded with each decision (what the visitor saw; the engine hashes the texts). */
  readonly shown: (method: NonNullable<DecisionOptions['method']>) => DecisionOptions;
  /**
   * Tells the page (a `candor:<name>` event on document) for the site's own analytics. The details
   * carry no personal data.
   */
  readonly notify: (
    name: 'banner-shown' | 'decision' | 'panel-opened' | 'preference-changed',
    detail: Readonly<Record<string, unknown>>,
    /**
     * Dispatch once this resolves (a decision being recorded); nothing when it rejects: a decision
     * that failed, or that the instance ignored (its action resolved null, e.g. destroyed), was not made.
     */
    after?: Promise<unknown>,
  ) => void;
  /** Announces a status change politely to screen readers. */
  readonly announce: (text: string) => void;
}

/** A locale and its texts. */
export interface Shown {
  readonly locale: string;
  readonly messages: Messages;
}

/** How a UI model reads `messages`, and records them with a decision as what the visitor saw. */
const textsOf = ({ locale, messages }: Shown): Pick<Ui, 'locale' | 't' | 'text' | 'shown'> => ({
  locale,
  t: (key, vars) => translate(messages, key, vars),
  text: (key, fallback) => ownOf(messages, key) ?? fallback,
  // The engine hashes the texts into the record's textHash (the first layer bundles no hash).
  shown: (method) => ({ method, locale, texts: messages }),
});

/**
 * The same UI model with other texts (the whole locale the panel needs, where the first layer had
 * only its own keys) and the engine's instance. `locale` is theirs: English when the chosen
 * locale's file could not load, so that a decision records the language the visitor saw.
 */
export const withTexts = (ui: Ui, consent: Consent, texts: Shown): Ui => ({ ...ui, consent, ...textsOf(texts) });

/** The UI model for `consent` in `texts`' locale; `announce` speaks through the host's live region. */
export function createUi(consent: Consent, texts: Shown, announce: (text: string) => void): Ui {
  let bannerShownAt: number | null = null;
  return {
    consent,
    config: consent.config,
    ...textsOf(texts),
    notify(name, detail, after = Promise.resolve()) {
      const at = Date.now();
      const dispatch = (): void => {
        if (name === 'banner-shown') bannerShownAt = Date.now(); // painted
        const state = consent.state.peek();
        const extra =
          name === 'decision'
            ? {
                purposes: Object.keys(state.purposes).filter((p) => state.purposes[p]),
                msToDecision: bannerShownAt === null ? null : at - bannerShownAt,
              }
            : {};
        // EventTarget's own method (window's, which markup cannot shadow), not document.dispatchEvent,
        // which `<img name="dispatchEvent">` does: the press would throw into the page (docs/security.md).
        dispatchEvent.call(document, new CustomEvent(`candor:${name}`, { detail: { ...detail, ...extra } }));
      };
      after.then(dispatch, () => {}); // a decision that failed was not made: nothing to tell
    },
    announce,
  };
}

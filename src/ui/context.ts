/** What every UI component is given: the instance, the texts, and how decisions are recorded. */
import type { Config } from '../core/config-types';
import type { Consent, DecisionOptions } from '../instance';

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
  /** Locale and text hash recorded with each decision (what the visitor saw). */
  readonly shown: (method: NonNullable<DecisionOptions['method']>) => DecisionOptions;
  /**
   * Tells the page (a `candor:<name>` event on document) for the site's own analytics. The details
   * carry no personal data.
   */
  readonly signal: (name: 'banner-shown' | 'decision' | 'panel-opened' | 'preference-changed', detail: Readonly<Record<string, unknown>>) => void;
  /** Announces a status change politely to screen readers. */
  readonly announce: (text: string) => void;
}

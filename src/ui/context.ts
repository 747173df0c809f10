/** What every UI component is given: the instance, the texts, and how decisions are recorded. */
import type { Config } from '../core/config-types';
import type { Consent, DecisionOptions } from '../instance';

/** Shared by the UI's components. */
export interface Ui {
  readonly consent: Consent;
  readonly config: Config;
  /** A text by key, with `{name}` variables filled in. */
  readonly t: (key: string, vars?: Readonly<Record<string, string>>) => string;
  /** Locale and text hash recorded with each decision (what the visitor saw). */
  readonly shown: (method: NonNullable<DecisionOptions['method']>) => DecisionOptions;
  /** Announces a status change politely to screen readers. */
  readonly announce: (text: string) => void;
}

/**
 * The public instance interface, shared by the headless API, the script tag (`window.Candor`) and
 * the UI (which imports these types only, never storage or sync).
 */
import type { ReadonlySignal } from '@preact/signals-core';
import type { Config, JurisdictionMode, PreferenceValue } from '../core/config-types';
import type { ConsentError } from '../core/errors';
import type { PromptReason } from '../core/policy';
import type { ConsentRecord, Decision, Method } from '../core/record';
import type { ConsentStorage, StorageFactory } from '../store/storage';
import type { SyncEvent } from '../sync/sync';
import type { Condition } from '../core/ids';

/** What the visitor has granted now, and why a prompt is needed (if it is). */
export interface ConsentState<P extends string = string, S extends string = string> {
  /** The stored decision has been read (IndexedDB confirmed or corrected the fast path). */
  readonly ready: boolean;
  /** Effective purpose grants, fail-closed. */
  readonly purposes: Readonly<Record<P, boolean>>;
  /** Effective service grants, fail-closed. */
  readonly services: Readonly<Record<S, boolean>>;
  readonly preferences: Readonly<Record<string, PreferenceValue>>;
  /** The stored decision, even if it no longer counts (see `promptReason`). */
  readonly decision: Decision | null;
  /** Null when the stored decision is valid; otherwise why the visitor must be asked. */
  readonly promptReason: PromptReason | null;
  readonly mode: JurisdictionMode;
  /** The browser sent Global Privacy Control. */
  readonly gpc: boolean;
  readonly subject: string;
}

/** A data-subject request a visitor can make from the privacy dashboard. */
export type DataRequestType = 'access' | 'correction' | 'deletion' | 'do-not-sell';

/** Where a change came from. */
export type ChangeSource = 'local' | 'storage' | 'tab' | 'remote' | 'expiry';

/** Event payloads by event name. */
export interface ConsentEvents<P extends string = string, S extends string = string> {
  ready: ConsentState<P, S>;
  change: {
    readonly state: ConsentState<P, S>;
    readonly previous: ConsentState<P, S>;
    /** The record the change made or brought (another tab's, the store's, the endpoint's); null without one (a decision read from the cookie, an expiry). */
    readonly record: ConsentRecord | null;
    readonly source: ChangeSource;
  };
  prompt: { readonly reason: PromptReason };
  error: ConsentError;
  sync: SyncEvent;
}

/** Options for one decision (the UI passes how it was made). */
export interface DecisionOptions {
  /** @default 'api' ('withdraw' for withdraw) */
  readonly method?: Method;
  /** The locale the visitor saw. @default the instance locale */
  readonly locale?: string;
  /**
   * sha-256 of the texts shown, in 64 lowercase hex digits (anything else throws
   * `ConsentError('action/invalid')`). @default the hash of `texts`, else of the config's texts for the locale
   */
  readonly textHash?: string;
  /**
   * The texts the visitor saw (key → text): the engine records their sha-256 (of their canonical
   * JSON) as `textHash`, so a UI need not bundle a hash function. Ignored when `textHash` is given.
   */
  readonly texts?: Readonly<Record<string, string>>;
  /**
   * When the visitor made this choice (epoch milliseconds, `Date.now()` then, not an event's
   * `timeStamp`), for a UI that applies it later (the script tag's banner, before its engine has
   * loaded). The record is dated then. If a complete decision that counts now was made after it
   * elsewhere (another tab, a page this one was restored over from the back/forward cache), or at
   * the same moment (this very choice, recorded by a later page), that one stands: this call
   * records nothing and resolves `null`. Ignored (dated now, never yields)
   * unless within the last 10 minutes.
   */
  readonly madeAt?: number;
}

/** Options of `createConsent`; ambient inputs can be replaced for tests and SSR. */
export interface ConsentOptions {
  /**
   * ISO 3166 region (`DE`, `US-CA`, any case) for a per-region `jurisdiction` map; anything else
   * (`California`) gets opt-in, the strictest mode. @default null (the map's `default`)
   */
  readonly region?: string;
  /** Where decisions are kept. @default in a browser, IndexedDB with the cookie mirror (docs/storage.md); elsewhere (Node, SSR) in memory */
  readonly storage?: ConsentStorage | StorageFactory;
  /** The clock, epoch milliseconds. @default Date.now */
  readonly now?: () => number;
  /** New record ids. @default crypto.randomUUID */
  readonly newId?: () => string;
  /** Hex sha-256. @default a built-in synchronous implementation */
  readonly hash?: (text: string) => string;
  /** Global Privacy Control. @default navigator.globalPrivacyControl === true */
  readonly gpc?: boolean;
  /**
   * The visitor's locale, recorded with decisions made through the API.
   * @default config `ui.locale`; for "auto" the page's `lang`, then the browser's languages (as the UI chooses), else "en"
   */
  readonly locale?: string;
  /** The fetch used by sync. @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

/** A consent instance (`createConsent`, or `window.Candor` on a page with the script tag). */
export interface Consent<P extends string = string, S extends string = string, R extends string = string> {
  /** The normalised config. */
  readonly config: Config;
  /** The locale chosen for this visitor (see `ConsentOptions.locale`); the UI shows the same one. */
  readonly locale: string;
  /** Resolves once the stored decision has been read; never rejects. */
  readonly ready: Promise<void>;
  readonly state: ReadonlySignal<ConsentState<P, S>>;
  /** No valid decision for this policy revision and config. */
  readonly needsPrompt: ReadonlySignal<boolean>;
  /** Whether a purpose, a service, or every id of `'a,b'` is granted now; fail-closed. */
  has<E extends string>(expr: Condition<E, P | S>): boolean;
  /** Grants every purpose except sensitive ones. Resolves with the record once stored. */
  acceptAll(options?: DecisionOptions): Promise<ConsentRecord | null>;
  /** Denies every optional purpose. */
  rejectAll(options?: DecisionOptions): Promise<ConsentRecord | null>;
  /** Changes some purposes and services; throws `ConsentError('action/invalid')` for unknown ids. */
  update(
    choices: {
      readonly purposes?: Partial<Record<P, boolean>>;
      readonly services?: Partial<Record<S, boolean>>;
      readonly preferences?: Readonly<Record<string, PreferenceValue>>;
    },
    options?: DecisionOptions,
  ): Promise<ConsentRecord | null>;
  /** Revokes everything non-essential (method `withdraw`). */
  withdraw(options?: DecisionOptions): Promise<ConsentRecord | null>;
  /** The preference center's values; `set` throws `ConsentError('preference/invalid')` for a value that does not fit. */
  readonly preferences: {
    get(id: R): PreferenceValue | undefined;
    set(id: R, value: PreferenceValue, options?: DecisionOptions): Promise<ConsentRecord | null>;
    all(): Readonly<Record<string, PreferenceValue>>;
  };
  /**
   * Sends a data-subject request to `POST {sync.endpoint}/requests`. Resolves `sent`, `failed`
   * (network or server error), or `unavailable` (no sync endpoint: offer the privacy contact).
   */
  request(type: DataRequestType, message?: string): Promise<'sent' | 'failed' | 'unavailable'>;
  /** Resolves when the condition becomes granted (at once if it is). Never rejects. */
  whenGranted<E extends string>(expr: Condition<E, P | S>): Promise<void>;
  /** Subscribes to an event; returns the unsubscribe. */
  on<K extends keyof ConsentEvents>(type: K, fn: (payload: ConsentEvents<P, S>[K]) => void): () => void;
  /**
   * The local history of decisions, newest first; answered once the stored state (with the record
   * journal: store/browser.ts) has been read, as `ready`.
   */
  records(): Promise<ConsentRecord[]>;
  /**
   * Links records to a signed-in user's id. With sync, pulls the user's newest record from the
   * endpoint (it applies here if newer and for the current policy revision), or else records this
   * device's decision for the user.
   */
  identify(subject: string): Promise<void>;
  /**
   * Stops timers and listeners; later actions are ignored. The instance no longer follows its
   * storage or other tabs (a withdrawal there is never heard), so its grants fail closed: `has()`
   * and `state`'s `purposes` and `services` grant only the required purposes and their services
   * (`state` still shows the decision last read), and `whenGranted` never resolves. A page left
   * connected (`connectPage`) holds the marked elements added later: disconnect it first.
   */
  destroy(): void;
}

/**
 * `window.Candor` (the script tag's loader, loader/facade.ts): the `Consent` API, except that
 * `config`, `state`, `needsPrompt`, `locale` and `preferences.get` come with the engine and are
 * undefined until it has loaded (`ready` resolves after that; reading `ready` loads it).
 */
export type CandorGlobal = Omit<Consent, 'config' | 'locale' | 'state' | 'needsPrompt'> & {
  readonly config: Consent['config'] | undefined;
  readonly locale: string | undefined;
  readonly state: Consent['state'] | undefined;
  readonly needsPrompt: Consent['needsPrompt'] | undefined;
};

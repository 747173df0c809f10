/**
 * The config shapes: `ConsentConfigInput` is what a site writes (script-tag JSON or
 * `createConsent`), `Config` is the normalised form every other module reads. Key names are part
 * of the public contract (docs/configuration.md).
 */
import type { LocalText } from './local-text';

/** `opt-in` (GDPR, ePrivacy, LGPD) or `opt-out` (US state laws). */
export type JurisdictionMode = 'opt-in' | 'opt-out';

/** Google Consent Mode v2 consent types. */
export type GcmType =
  | 'ad_storage'
  | 'ad_user_data'
  | 'ad_personalization'
  | 'analytics_storage'
  | 'functionality_storage'
  | 'personalization_storage'
  | 'security_storage';

/** A purpose (category) as written in the config. */
export interface PurposeInput {
  readonly id: string;
  /** Always on, shown as not operable. @default false (true for `necessary`) */
  readonly required?: boolean;
  /** Needs its own explicit opt-in; never granted by Accept all. @default false */
  readonly sensitive?: boolean;
  /** Counts as "sale or sharing" under US state laws (denied by GPC in opt-out mode). @default false */
  readonly saleOrSharing?: boolean;
  /** Consent Mode types this purpose controls. @default by id: marketing → ad_*, analytics → analytics_storage, … */
  readonly gcm?: readonly GcmType[];
}

/** A service (vendor) as written in the config. */
export interface ServiceInput {
  readonly id: string;
  readonly purpose: string;
  /** Display name. @default the id */
  readonly name?: string;
  /** Who provides it: one text, or texts by locale (`{ "en": "…", "de": "…" }`). */
  readonly provider?: LocalText;
  readonly privacyUrl?: string;
  /** Hosts its tags load from (for auto-blocking and docs). @default [] */
  readonly hosts?: readonly string[];
  /** Cookie names, or `/regex/` patterns, deleted on revoke. @default [] */
  readonly cookies?: readonly string[];
  /** How long its data is kept: `"14 months"`, or texts by locale (`{ "en": "14 months", "de": "14 Monate" }`). */
  readonly retention?: LocalText;
}

interface PreferenceBase {
  readonly id: string;
  /** A purpose id or another boolean preference id that must be on for this field to apply. */
  readonly requires?: string;
}
/** A yes/no preference. */
export interface BooleanPreferenceInput extends PreferenceBase {
  readonly type: 'boolean';
  /** @default false */
  readonly default?: boolean;
}
/** One of `options`. */
export interface ChoicePreferenceInput extends PreferenceBase {
  readonly type: 'choice';
  readonly options: readonly string[];
  /** @default null (nothing chosen) */
  readonly default?: string;
}
/** Any number of `options`. */
export interface MultiPreferenceInput extends PreferenceBase {
  readonly type: 'multi';
  readonly options: readonly string[];
  /** @default [] */
  readonly default?: readonly string[];
}
/** For each row, any number of `options` (e.g. message types × channels). */
export interface MatrixPreferenceInput extends PreferenceBase {
  readonly type: 'matrix';
  readonly rows: readonly string[];
  readonly options: readonly string[];
  /** @default {} (nothing ticked) */
  readonly default?: Readonly<Record<string, readonly string[]>>;
}
/** A preference field (never gates tags). */
export type PreferenceInput =
  BooleanPreferenceInput | ChoicePreferenceInput | MultiPreferenceInput | MatrixPreferenceInput;

/** A preference value: boolean, one option, several options, or options per row. */
export type PreferenceValue = boolean | string | null | readonly string[] | Readonly<Record<string, readonly string[]>>;

/** Headers for sync requests: fixed, or computed per request (auth tokens; from plain JavaScript, a `Headers` object or name-value pairs work too). */
export type SyncHeaders =
  Readonly<Record<string, string>> | (() => Record<string, string> | Promise<Record<string, string>>);

/** Where and how records are synced. */
export interface SyncInput {
  /** https URL, or a same-origin path, or http on loopback for development. */
  readonly endpoint: string;
  readonly headers?: SyncHeaders;
  /** @default 'same-origin' */
  readonly credentials?: 'omit' | 'same-origin' | 'include';
  /** @default 20 */
  readonly batchSize?: number;
  /** Pull the identified subject's record on `identify()`. @default true */
  readonly pull?: boolean;
  /**
   * Send anonymous banner counts (shown, answered per day, policy revision and locale) to
   * `{endpoint}/impressions`: no id, no subject, no cookie, no custom headers. @default false
   */
  readonly analytics?: boolean;
}

/** Google Consent Mode options. */
export interface GcmInput {
  /** Milliseconds Google tags wait for the update. @default 500 */
  readonly waitForUpdate?: number;
  /** @default false */
  readonly urlPassthrough?: boolean;
  /** @default true */
  readonly adsDataRedaction?: boolean;
  /** `basic` gates Google tags until consent; `advanced` loads them with everything denied. @default 'basic' */
  readonly mode?: 'basic' | 'advanced';
  /** Region-specific defaults: ISO 3166 codes → types granted by default there. @default {} */
  readonly regions?: Readonly<Record<string, readonly GcmType[]>>;
}

/** UI options. */
export interface UiInput {
  /** @default 'bar' */
  readonly layout?: 'bar' | 'box' | 'modal';
  /** A locale tag or `auto` (page `lang`, then browser languages). @default 'auto' */
  readonly locale?: string;
  /** @default true */
  readonly launcher?: boolean;
  /** @default 'auto' */
  readonly theme?: 'auto' | 'light' | 'dark';
  /**
   * With layout `modal`: a wall. The page behind is inert until the visitor chooses (Reject all
   * stays one click away). Ignored for `bar` and `box`, and on the policy pages. @default false
   */
  readonly blocking?: boolean;
  /**
   * Pages that show the privacy policy (paths or URLs of this site; a page matches on its path, and
   * on its query too when one is given). There the banner never hides the text: a `modal` layout
   * shows as a `bar`, and never as a wall. @default [policy.url] when it is a page of this site
   */
  readonly policyPages?: readonly string[];
}

/** The config a site writes. */
export interface ConsentConfigInput {
  readonly policy: { readonly revision: number; readonly url?: string; readonly contact?: string };
  /** A mode, or ISO 3166 region code → mode with a `default` key. @default 'opt-in' */
  readonly jurisdiction?: JurisdictionMode | Readonly<Record<string, JurisdictionMode>>;
  /** @default 182 (CNIL's six months) */
  readonly expiresAfterDays?: number;
  readonly purposes: readonly PurposeInput[];
  /** @default [] */
  readonly services?: readonly ServiceInput[];
  /** @default [] */
  readonly preferences?: readonly PreferenceInput[];
  /** @default no sync */
  readonly sync?: SyncInput;
  readonly gcm?: GcmInput;
  /** @default false */
  readonly autoBlock?: boolean;
  /** @default false */
  readonly reloadOnRevoke?: boolean;
  readonly cookie?: { readonly domain?: string; readonly path?: string };
  readonly ui?: UiInput;
  /** locale → text key → text, overriding the built-in locale files. @default {} */
  readonly texts?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** A normalised purpose. */
export interface Purpose {
  readonly id: string;
  readonly required: boolean;
  readonly sensitive: boolean;
  readonly saleOrSharing: boolean;
  readonly gcm: readonly GcmType[];
}

/** A normalised service. */
export interface Service {
  readonly id: string;
  readonly purpose: string;
  readonly name: string;
  /** Show it through `localText(provider, locale)` (core/local-text.ts). */
  readonly provider: LocalText | null;
  readonly privacyUrl: string | null;
  readonly hosts: readonly string[];
  readonly cookies: readonly string[];
  /** Show it through `localText(retention, locale)` (core/local-text.ts). */
  readonly retention: LocalText | null;
}

/** A normalised preference field: the input with its default filled in. */
export type PreferenceField = PreferenceInput & { readonly default: PreferenceValue };

/** The normalised config. */
export interface Config {
  readonly policy: { readonly revision: number; readonly url: string | null; readonly contact: string | null };
  readonly jurisdiction: JurisdictionMode | Readonly<Record<string, JurisdictionMode>>;
  readonly expiresAfterDays: number;
  readonly purposes: readonly Purpose[];
  readonly services: readonly Service[];
  readonly preferences: readonly PreferenceField[];
  readonly sync: {
    readonly endpoint: string;
    readonly headers: SyncHeaders;
    readonly credentials: 'omit' | 'same-origin' | 'include';
    readonly batchSize: number;
    readonly pull: boolean;
    /** Anonymous banner counts to `{endpoint}/impressions` (docs/sync-protocol.md). */
    readonly analytics: boolean;
  } | null;
  readonly gcm: {
    readonly waitForUpdate: number;
    readonly urlPassthrough: boolean;
    readonly adsDataRedaction: boolean;
    readonly mode: 'basic' | 'advanced';
    readonly regions: Readonly<Record<string, readonly GcmType[]>>;
  };
  readonly autoBlock: boolean;
  readonly reloadOnRevoke: boolean;
  readonly cookie: { readonly domain: string | null; readonly path: string };
  readonly ui: {
    readonly layout: 'bar' | 'box' | 'modal';
    readonly locale: string;
    readonly launcher: boolean;
    readonly theme: 'auto' | 'light' | 'dark';
    readonly blocking: boolean;
    /** The policy pages, as written (`ui.policyPages`, else `[policy.url]`, else none). */
    readonly policyPages: readonly string[];
  };
  readonly texts: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/**
 * Consent Mode types a standard purpose controls when its config names none: in this order, their
 * types are Google's documented order (GCM_TYPES reads them; one list in the loader, not two).
 */
export const DEFAULT_GCM: Readonly<Record<string, readonly GcmType[]>> = {
  marketing: ['ad_storage', 'ad_user_data', 'ad_personalization'],
  analytics: ['analytics_storage'],
  functional: ['functionality_storage'],
  personalization: ['personalization_storage'],
  necessary: ['security_storage'],
};

/** Every Consent Mode type, in Google's documented order. */
export const GCM_TYPES: readonly GcmType[] = Object.values(DEFAULT_GCM).flat();

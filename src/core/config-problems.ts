/**
 * What a config check finds, as data: a path, a message code and the raw values the message
 * names. No text here: `config-messages.ts` turns a problem into words, so a bundle that only
 * needs to know whether a config is valid (the script tag's first layer) carries no messages.
 */

/** The descriptions a message may name ("expected <what>", "required: <what>"). */
export type What =
  | 'bool'
  | 'config'
  | 'object'
  | 'policy'
  | 'revision'
  | 'url'
  | 'contact'
  | 'days'
  | 'mode'
  | 'jurisdiction'
  | 'defaultMode'
  | 'sync'
  | 'endpoint'
  /** The endpoint, where `sync.analytics` needs one (a short key: the first layer carries it). */
  | 'analytics'
  | 'batchSize'
  | 'headers'
  | 'credentials'
  | 'gcmRegions'
  | 'gcmTypes'
  | 'waitForUpdate'
  | 'gcmMode'
  | 'textMap'
  | 'domain'
  | 'cookiePath'
  | 'policyPages'
  | 'layout'
  | 'locale'
  | 'theme'
  | 'purposesStart'
  | 'purposes'
  | 'purpose'
  | 'id'
  | 'services'
  | 'service'
  | 'purposeId'
  | 'cookies'
  | 'name'
  | 'provider'
  | 'retention'
  | 'hosts'
  | 'preferences'
  | 'preference'
  | 'texts';

/** Each message code with the raw values its message names, in order. */
export interface ProblemArgs {
  expected: [what: What, got: unknown];
  /** "expected <what>" where the value is a container whose content is wrong. */
  malformed: [what: What];
  required: [what: What];
  /** "required: <what>, got <value>" */
  missing: [what: What, got: unknown];
  /** One of `values`, with a suggestion for a near miss. */
  expectedOneOf: [values: readonly string[], got: unknown];
  unknownKey: [key: string, allowed: readonly string[]];
  notRegion: [code: string];
  reservedRegion: [code: string];
  notLocale: [tag: string];
  /** `first` is the path of the first use, when it is worth naming. */
  duplicateId: [id: string, first?: string];
  duplicateEntry: [entry: string];
  necessaryRequired: [];
  requiredSensitive: [];
  requiredSaleOrSharing: [];
  noNecessary: [];
  unknownPurpose: [purpose: string, purposeIds: readonly string[]];
  pattern: [pattern: string];
  cookieName: [name: string];
  hostName: [entry: string];
  purposeIdTaken: [id: string];
  requires: [got: unknown, candidates: readonly string[]];
  notOption: [options: readonly string[], got: unknown];
  notOptionList: [options: readonly string[], got: unknown];
  unknownOption: [option: unknown, options: readonly string[]];
  notMatrix: [options: readonly string[], got: unknown];
  unknownRow: [row: string, rows: readonly string[]];
  rowNotList: [row: string, options: readonly string[], got: unknown];
  linkControl: [];
  linkSpaces: [];
  linkInvalid: [url: string];
  purposeWords: [id: string, key: string, locales: readonly string[]];
  textsPurpose: [key: string, id: string, purposeIds: readonly string[]];
  blockingModal: [layout: string];
  linkScheme: [scheme: string];
  notEmail: [contact: string];
  endpointControl: [url: string];
  endpointBackslash: [url: string];
  endpointHttp: [url: string];
  notEndpoint: [url: string];
}

/** A message code. */
export type ProblemCode = keyof ProblemArgs;

/** One problem without its place: a code and its arguments. */
export type Problem = { [C in ProblemCode]: { readonly code: C; readonly args: ProblemArgs[C] } }[ProblemCode];

/** One problem found at `path` (`purposes[2].id`). */
export type Finding = Problem & { readonly path: string };

/** A preference value's problem (value-messages.ts). */
export type ValueProblem =
  | { readonly code: 'expected'; readonly args: [what: 'bool', got: unknown] }
  | Extract<
      Problem,
      { code: 'notOption' | 'notOptionList' | 'unknownOption' | 'notMatrix' | 'unknownRow' | 'rowNotList' }
    >;

/** A problem with `code` and `args` (type-checked against `ProblemArgs`). */
export const problem = <C extends ProblemCode, const A extends ProblemArgs[C]>(
  code: C,
  ...args: A
): Problem & { readonly code: C; readonly args: A } => ({ code, args }) as never;

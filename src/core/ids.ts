/**
 * Compile-time helpers: purpose and service ids typed from a `const` config, so
 * `has('analitycs')` does not compile. With a config typed as plain `ConsentConfigInput` every
 * string is accepted (and checked at run time instead).
 */

type IdsOf<L> = L extends readonly (infer E)[]
  ? E extends { readonly id: infer I extends string }
    ? I
    : never
  : never;

/** The purpose ids of config type `C`. */
export type PurposeIdOf<C> = C extends { readonly purposes: infer L } ? IdsOf<L> : string;
/** The service ids of config type `C`. */
export type ServiceIdOf<C> = C extends { readonly services: infer L } ? IdsOf<L> : never;
/** The preference ids of config type `C`. */
export type PreferenceIdOf<C> = C extends { readonly preferences: infer L } ? IdsOf<L> : never;
/**
 * The ids `preferences.get` and `set` take for config type `C`: those of a `const` config (none:
 * the calls do not compile), or any string when its ids cannot be read (a config typed loosely).
 */
export type PreferenceKeyOf<C> = string extends PurposeIdOf<C> ? string : PreferenceIdOf<C>;

type Trim<S extends string> = S extends ` ${infer R}` ? Trim<R> : S extends `${infer R} ` ? Trim<R> : S;
type EveryId<E extends string, Id extends string> = E extends `${infer H},${infer T}`
  ? Trim<H> extends Id
    ? EveryId<T, Id>
    : false
  : Trim<E> extends Id
    ? true
    : false;

/**
 * A condition for `has`/`whenGranted`: one id, or ids joined by commas (all must be granted).
 * Resolves to `E` when every id is known, otherwise to the valid ids, so the compile error at the
 * call names them (`'"analitycs"' is not assignable to parameter of type '"necessary" |
 * "analytics" | …'`) instead of `never`.
 */
export type Condition<E extends string, Id extends string> = string extends Id
  ? E
  : EveryId<E, Id> extends true
    ? E
    : Id;

type KeysOf<S> = S extends unknown ? keyof S : never;
type ValueOf<S, K extends PropertyKey> = S extends unknown ? (K extends keyof S ? S[K] : never) : never;
type ElementOf<S> = S extends readonly (infer E)[] ? E : never;

/**
 * `T` with every key that `Shape` does not name typed `never`, through nested objects and arrays:
 * `createConsent` and `defineConfig` take `C & KnownKeys<C, ConsentConfigInput>`, so a misspelt
 * key in a config literal (`autoblock`, `purpose` for `purposes`, `requried`) is a compile error
 * at that key (`Type 'boolean' is not assignable to type 'never'`). A `const` type parameter skips
 * TypeScript's own excess-property check. Where `Shape` allows any key (a record by locale or
 * region) every key passes; the run-time check still warns of unknown keys in JSON configs.
 */
export type KnownKeys<T, Shape> = T extends (...args: never[]) => unknown
  ? T
  : T extends readonly unknown[]
    ? { readonly [I in keyof T]: KnownKeys<T[I], ElementOf<Shape>> }
    : T extends object
      ? { readonly [K in keyof T]: K extends KeysOf<Shape> ? KnownKeys<T[K], NonNullable<ValueOf<Shape, K>>> : never }
      : T;

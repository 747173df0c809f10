/** The subset of JSON Schema 2020-12 that docs/consent-record.schema.json uses. */
export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly additionalProperties?: boolean | JsonSchema;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly format?: string;
}

/** Every way `value` breaks `schema`, as "path: reason" strings (own properties only). */
export function validate(schema: JsonSchema, value: unknown, path?: string): string[];

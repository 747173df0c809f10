// A small JSON Schema (2020-12) validator for the subset docs/consent-record.schema.json uses (plain
// JavaScript, pure: the dependency-free reference receiver in demo/ runs it on Node as it is, and
// candor/server bundles it; json-schema.d.mts types it):
// type (incl. lists), required, properties, additionalProperties (false or a schema), enum, const,
// pattern, minLength, maxLength, minimum, format "date-time". Returns every problem with its path.
// Properties are own properties only (Object.hasOwn): `constructor`, `toString` or `__proto__` are
// never "present" by inheritance, and such names (any Object.prototype member, and `prototype`) are
// refused wherever the schema does not declare them, even where additionalProperties would allow
// the value: whoever reads a record by key (`purposes[id]`) must not meet them.

const typeOf = (v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);
const fits = (v, t) => typeOf(v) === t || (t === 'number' && typeof v === 'number');
const RESERVED = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);
const own = (object, key) => object !== null && typeof object === 'object' && Object.hasOwn(object, key);
const DATE_TIME = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d{1,9})?(?:Z|[+-](\d\d):(\d\d))$/;
// A real instant, as PostgreSQL reads it too (Date.parse takes 2025-02-30, year 0000, +23:59, 10 decimals).
const isDateTime = (v) => {
  const m = DATE_TIME.exec(v);
  if (!m) return false;
  const [year, month, day, hour, minute, second, , offsetHour, offsetMinute] = m.slice(1).map((d) => Number(d ?? 0));
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return (
    year >= 1 &&
    day >= 1 &&
    day <= days &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHour * 60 + offsetMinute <= 14 * 60 &&
    offsetMinute <= 59 &&
    !Number.isNaN(Date.parse(v))
  );
};

/** Every way `value` breaks `schema`, as "path: reason" strings. */
export function validate(schema, value, path = '') {
  const out = [];
  const at = path || '(root)';
  if (schema.const !== undefined && value !== schema.const) out.push(`${at}: must be ${JSON.stringify(schema.const)}`);
  if (schema.enum && !schema.enum.includes(value)) out.push(`${at}: must be one of ${schema.enum.join(', ')}`);
  if (schema.type) {
    const types = [].concat(schema.type);
    if (!types.some((t) => fits(value, t))) {
      out.push(`${at}: must be ${types.join(' or ')}, got ${typeOf(value)}`);
      return out;
    }
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength)
      out.push(`${at}: shorter than ${schema.minLength}`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength)
      out.push(`${at}: longer than ${schema.maxLength}`);
    if (schema.pattern && !new RegExp(schema.pattern).test(value)) out.push(`${at}: does not match ${schema.pattern}`);
    if (schema.format === 'date-time' && !isDateTime(value)) out.push(`${at}: not an RFC 3339 date-time`);
  }
  if (typeof value === 'number' && schema.minimum !== undefined && value < schema.minimum)
    out.push(`${at}: below ${schema.minimum}`);
  if (typeOf(value) === 'object') {
    for (const key of schema.required ?? [])
      if (!Object.hasOwn(value, key)) out.push(`${path ? `${path}.` : ''}${key}: required`);
    for (const [key, v] of Object.entries(value)) {
      const sub = own(schema.properties, key) ? schema.properties[key] : undefined;
      const p = `${path ? `${path}.` : ''}${key}`;
      if (sub) out.push(...validate(sub, v, p));
      else if (schema.additionalProperties === false || RESERVED.has(key)) out.push(`${p}: not allowed`);
      else if (typeof schema.additionalProperties === 'object')
        out.push(...validate(schema.additionalProperties, v, p));
    }
  }
  return out;
}

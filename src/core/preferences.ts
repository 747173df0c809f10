/**
 * Preference fields (not consent; they never gate tags): parsing of their schema and validation
 * of values against it. Pure; the instance turns failures into `ConsentError('preference/invalid')`.
 */
import {
  at,
  checkKeys,
  describe,
  didYouMean,
  isId,
  isRecord,
  isString,
  isStringArray,
  listOf,
  type Checker,
} from './check';
import type { PreferenceField, PreferenceValue } from './config-types';

const TYPES = ['boolean', 'choice', 'multi', 'matrix'] as const;
const KEYS = ['id', 'type', 'options', 'rows', 'default', 'requires'] as const;

function uniqueList(c: Checker, raw: Record<string, unknown>, key: string, path: string): string[] {
  const v = raw[key];
  if (!isStringArray(v) || v.length === 0) {
    c.issues.push({ path: at(path, key), message: `required: a non-empty list of texts, got ${describe(v)}` });
    return [];
  }
  const dup = v.find((x, i) => v.indexOf(x) !== i);
  if (dup !== undefined) c.issues.push({ path: at(path, key), message: `duplicate entry "${dup}"` });
  return v;
}

/** Why `value` does not fit `field`, or null when it does. */
export function checkPreferenceValue(field: PreferenceField, value: unknown): string | null {
  const options = 'options' in field ? field.options : [];
  const notOption = (x: unknown): boolean => !options.includes(x as string);
  switch (field.type) {
    case 'boolean':
      return typeof value === 'boolean' ? null : `expected true or false, got ${describe(value)}`;
    case 'choice':
      return value === null || !notOption(value) ? null : `expected one of ${listOf(options)}, got ${describe(value)}`;
    case 'multi':
      if (!Array.isArray(value)) return `expected a list of ${listOf(options)}, got ${describe(value)}`;
      return value.some(notOption)
        ? `unknown option ${describe(value.find(notOption))}${didYouMean(String(value.find(notOption)), options)}`
        : null;
    case 'matrix': {
      if (!isRecord(value)) return `expected an object of row → list of ${listOf(options)}, got ${describe(value)}`;
      for (const [row, picked] of Object.entries(value)) {
        if (!field.rows.includes(row)) return `unknown row "${row}"${didYouMean(row, field.rows)}`;
        if (!Array.isArray(picked) || picked.some(notOption))
          return `row "${row}": expected a list of ${listOf(options)}, got ${describe(picked)}`;
      }
      return null;
    }
  }
}

const EMPTY: Record<(typeof TYPES)[number], PreferenceValue> = { boolean: false, choice: null, multi: [], matrix: {} };

/**
 * Parses `preferences`. `requires` may name a purpose or a boolean preference; `known` are the
 * purpose ids.
 */
export function parsePreferences(c: Checker, input: unknown, purposeIds: readonly string[]): PreferenceField[] {
  if (input === undefined) return [];
  if (!Array.isArray(input)) {
    c.issues.push({ path: 'preferences', message: `expected a list of preference fields, got ${describe(input)}` });
    return [];
  }
  const out: PreferenceField[] = [];
  const ids = new Set<string>();
  const paths: string[] = [];
  input.forEach((raw: unknown, i) => {
    const path = at('preferences', i);
    if (!isRecord(raw)) {
      c.issues.push({ path, message: 'expected a field like { "id": "newsletter", "type": "boolean" }' });
      return;
    }
    checkKeys(c, raw, KEYS, path);
    const id = raw['id'];
    if (!isId(id))
      c.issues.push({
        path: at(path, 'id'),
        message: `required: an id of letters, digits, "-" or "_", got ${describe(id)}`,
      });
    else if (ids.has(id)) c.issues.push({ path: at(path, 'id'), message: `duplicate id "${id}"` });
    else if (purposeIds.includes(id))
      c.issues.push({ path: at(path, 'id'), message: `"${id}" is already a purpose id; a preference needs its own` });
    else ids.add(id);
    const type = raw['type'];
    if (!TYPES.includes(type as never)) {
      c.issues.push({
        path: at(path, 'type'),
        message: `expected ${listOf(TYPES)}, got ${describe(type)}${isString(type) ? didYouMean(type, TYPES) : ''}`,
      });
      return;
    }
    const t = type as (typeof TYPES)[number];
    const field = { id: isId(id) ? id : '', type: t } as Record<string, unknown>;
    if (t !== 'boolean') field['options'] = uniqueList(c, raw, 'options', path);
    if (t === 'matrix') field['rows'] = uniqueList(c, raw, 'rows', path);
    if (raw['requires'] !== undefined) field['requires'] = raw['requires'];
    const parsed = { ...field, default: EMPTY[t] } as PreferenceField;
    if (raw['default'] !== undefined) {
      const why = checkPreferenceValue(parsed, raw['default']);
      if (why) c.issues.push({ path: at(path, 'default'), message: why });
      else (parsed as { default: PreferenceValue }).default = raw['default'] as PreferenceValue;
    }
    out.push(parsed);
    paths.push(path);
  });
  // `requires` is checked once every id is known, so a field may require one declared after it.
  out.forEach((f, i) => {
    if (f.requires === undefined) return;
    const booleans = out.filter((o) => o.type === 'boolean').map((o) => o.id);
    const ok = purposeIds.includes(f.requires) || booleans.includes(f.requires);
    if (!ok) {
      c.issues.push({
        path: at(paths[i] ?? 'preferences', 'requires'),
        message: `expected a purpose id or a boolean preference id, got ${describe(f.requires)}${didYouMean(String(f.requires), [...purposeIds, ...booleans])}`,
      });
    }
  });
  return out;
}

/** Whether `field` applies now: its `requires` purpose granted or boolean preference on. */
export function isPreferenceActive(
  field: PreferenceField,
  values: Readonly<Record<string, PreferenceValue>>,
  granted: (purpose: string) => boolean,
): boolean {
  if (field.requires === undefined) return true;
  // Preference and purpose ids are distinct (parseConfig); a preference id is in `values`.
  return Object.hasOwn(values, field.requires) ? values[field.requires] === true : granted(field.requires);
}

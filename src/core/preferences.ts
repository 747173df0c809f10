/**
 * Preference fields (not consent; they never gate tags): parsing of their schema and validation
 * of values against it, as problem codes (config-problems.ts; the words: config-messages.ts).
 * Pure; the instance turns failures into `ConsentError('preference/invalid')`.
 */
import { at, checkKeys, isId, isRecord, isStringArray, report, type Checker } from './check';
import { problem, type ValueProblem } from './config-problems';
import type { PreferenceField, PreferenceValue } from './config-types';

const TYPES = ['boolean', 'choice', 'multi', 'matrix'] as const;
const KEYS = ['id', 'type', 'options', 'rows', 'default', 'requires'] as const;

function uniqueList(c: Checker, raw: Record<string, unknown>, key: string, path: string): string[] {
  const v = raw[key];
  if (!isStringArray(v) || v.length === 0) {
    report(c, at(path, key), 'missing', 'texts', v);
    return [];
  }
  const dup = v.find((x, i) => v.indexOf(x) !== i);
  if (dup !== undefined) report(c, at(path, key), 'duplicateEntry', dup);
  return v;
}

/** Why `value` does not fit `field` (a problem code), or null when it does. */
export function checkPreferenceValue(field: PreferenceField, value: unknown): ValueProblem | null {
  const options = 'options' in field ? field.options : [];
  const notOption = (x: unknown): boolean => !options.includes(x as string);
  switch (field.type) {
    case 'boolean':
      return typeof value === 'boolean' ? null : problem('expected', 'bool', value);
    case 'choice':
      return value === null || !notOption(value) ? null : problem('notOption', options, value);
    case 'multi':
      if (!Array.isArray(value)) return problem('notOptionList', options, value);
      return value.some(notOption) ? problem('unknownOption', value.find(notOption), options) : null;
    case 'matrix': {
      if (!isRecord(value)) return problem('notMatrix', options, value);
      for (const [row, picked] of Object.entries(value)) {
        if (!field.rows.includes(row)) return problem('unknownRow', row, field.rows);
        if (!Array.isArray(picked) || picked.some(notOption)) return problem('rowNotList', row, options, picked);
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
    report(c, 'preferences', 'expected', 'preferences', input);
    return [];
  }
  const out: PreferenceField[] = [];
  const ids = new Set<string>();
  const paths: string[] = [];
  input.forEach((raw: unknown, i) => {
    const path = at('preferences', i);
    if (!isRecord(raw)) {
      report(c, path, 'malformed', 'preference');
      return;
    }
    checkKeys(c, raw, KEYS, path);
    const own = { __proto__: null, ...raw } as Record<string, unknown>; // own entries only
    const id = own['id'];
    if (!isId(id)) report(c, at(path, 'id'), 'missing', 'id', id);
    else if (ids.has(id)) report(c, at(path, 'id'), 'duplicateId', id);
    else if (purposeIds.includes(id)) report(c, at(path, 'id'), 'purposeIdTaken', id);
    else ids.add(id);
    const type = own['type'];
    if (!TYPES.includes(type as never)) {
      report(c, at(path, 'type'), 'expectedOneOf', TYPES, type);
      return;
    }
    const t = type as (typeof TYPES)[number];
    const field = { id: isId(id) ? id : '', type: t } as Record<string, unknown>;
    if (t !== 'boolean') field['options'] = uniqueList(c, own, 'options', path);
    if (t === 'matrix') field['rows'] = uniqueList(c, own, 'rows', path);
    if (own['requires'] !== undefined) field['requires'] = own['requires'];
    const parsed = { ...field, default: EMPTY[t] } as PreferenceField;
    if (own['default'] !== undefined) {
      const why = checkPreferenceValue(parsed, own['default']);
      if (why) c.issues.push({ path: at(path, 'default'), ...why });
      else (parsed as { default: PreferenceValue }).default = own['default'] as PreferenceValue;
    }
    out.push(parsed);
    paths.push(path);
  });
  // `requires` is checked once every id is known, so a field may require one declared after it.
  out.forEach((f, i) => {
    if (f.requires === undefined) return;
    const booleans = out.filter((o) => o.type === 'boolean').map((o) => o.id);
    const ok = purposeIds.includes(f.requires) || booleans.includes(f.requires);
    if (!ok) report(c, at(paths[i] ?? 'preferences', 'requires'), 'requires', f.requires, [...purposeIds, ...booleans]);
  });
  return out;
}

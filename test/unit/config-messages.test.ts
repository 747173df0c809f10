// The config check carries codes, not words (issue 16: the first layer validates a config without
// the ~6 KB of messages): the code-only checker never imports the messages module, and the
// messages parseConfig reports are exactly the checker's findings put into words.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkConfig, noPreferences } from '../../src/core/check-config';
import { explain, formatIssue } from '../../src/core/config-messages';
import { parseConfig } from '../../src/core/parse-config';
import { checkPreferenceValue, parsePreferences } from '../../src/core/preferences';
import { explainValue } from '../../src/core/value-messages';
import { sample } from './fixtures';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** Every module `file` loads through static imports and re-exports (type-only ones and import() excluded). */
function staticGraph(file: string, seen = new Set<string>()): Set<string> {
  seen.add(relative(root, file));
  const source = readFileSync(file, 'utf8');
  const statements = /^\s*(?:import|export)\s+(?!type\b)(?:[^;'"]*?\sfrom\s+)?'(\.[^']+)'/gm;
  for (const [, spec] of source.matchAll(statements)) {
    const base = join(dirname(file), spec ?? '');
    const target = [`${base}.ts`, `${base}.tsx`].find(existsSync) ?? `${base}.ts`;
    if (!seen.has(relative(root, target))) staticGraph(target, seen);
  }
  return seen;
}

describe('config messages load only when there is something to say', () => {
  it("checkConfig's module graph has no message texts (config-messages.ts, links.ts, parse-config.ts)", () => {
    const graph = staticGraph(join(root, 'src/core/check-config.ts'));
    // The walk itself works: it reaches the modules the checker is built from.
    expect([...graph]).toEqual(
      expect.arrayContaining([
        'src/core/check.ts',
        'src/core/config-problems.ts',
        'src/core/parse-purposes.ts',
        'src/core/url-rules.ts',
      ]),
    );
    for (const words of ['src/core/config-messages.ts', 'src/core/links.ts', 'src/core/parse-config.ts'])
      expect(graph.has(words), `${words} is in checkConfig's graph`).toBe(false);
  });

  it("the script tag's first layer (candor-first.mjs) validates a first visit's config without them", () => {
    const graph = staticGraph(join(root, 'src/chunks/first.ts'));
    expect(graph.has('src/core/check-config.ts')).toBe(true);
    expect(graph.has('src/core/config-messages.ts')).toBe(false);
    // The preferences' parser is a chunk of its own, loaded only for a config that has preferences.
    expect(graph.has('src/core/preferences.ts')).toBe(false);
    expect(staticGraph(join(root, 'src/core/parse-config.ts')).has('src/core/preferences.ts')).toBe(true);
  });

  it("the first layer's stand-in for the preferences' parser accepts only a config without preferences", () => {
    const withPrefs = { ...sample, preferences: [{ id: 'newsletter', type: 'boolean' }] };
    expect(checkConfig(withPrefs, parsePreferences).ok).toBe(true);
    // Fail closed: preferences it has not checked are an issue, never passed through unchecked.
    const stand = checkConfig(withPrefs, noPreferences);
    expect(stand.ok).toBe(false);
    expect(stand.ok ? [] : stand.issues.map((i) => i.path)).toEqual(['preferences']);
    const without = { ...sample, preferences: undefined };
    expect(checkConfig(without, noPreferences)).toEqual(checkConfig(without, parsePreferences));
  });

  it("the walk does find the messages where they are used (parseConfig, npm's createConsent, links.ts)", () => {
    for (const file of ['src/core/parse-config.ts', 'src/instance/create-consent.ts', 'src/core/links.ts'])
      expect(staticGraph(join(root, file)).has('src/core/config-messages.ts'), file).toBe(true);
  });

  it("the script tag's engine reaches only a preference value's words; the rest is the words chunk", () => {
    const engine = staticGraph(join(root, 'src/chunks/engine.ts'));
    // The walk reaches the instance, its check and the transition, with the value's words it throws at once.
    expect([...engine]).toEqual(
      expect.arrayContaining([
        'src/instance/create-instance.ts',
        'src/core/find-config.ts',
        'src/core/transition.ts',
        'src/core/value-messages.ts',
        'src/loader/config-diagnostics.ts',
      ]),
    );
    for (const words of ['src/core/config-messages.ts', 'src/core/parse-config.ts', 'src/instance/create-consent.ts'])
      expect(engine.has(words), `${words} is in the engine's graph`).toBe(false);
    expect(staticGraph(join(root, 'src/chunks/words.ts')).has('src/core/config-messages.ts')).toBe(true);
  });

  it("a preference value's words are the config check's (value-messages.ts, config-messages.ts)", () => {
    const values: unknown[] = [undefined, null, 'nwes', 3, true, [], ['nwes'], {}, { a: ['x'] }, { row: 'x' }];
    const fields = [
      { id: 'b', type: 'boolean' },
      { id: 'c', type: 'choice', options: ['news', 'offers'] },
      { id: 'm', type: 'multi', options: ['news', 'offers'] },
      { id: 'x', type: 'matrix', options: ['news', 'offers'], rows: ['row', 'other'] },
    ] as const;
    let said = 0;
    for (const field of fields)
      for (const v of values) {
        const p = checkPreferenceValue(field as never, v);
        expect(explainValue(p)).toBe(explain(p));
        if (p) said++;
      }
    expect(said).toBeGreaterThan(20); // every kind of problem was put into words
  });

  it('checkConfig reports codes and raw values; parseConfig puts exactly those into words', () => {
    const input = {
      ...sample,
      expiresAfterDays: 0,
      ui: { layuot: 'box' },
      services: [{ id: 'ga4', purpose: 'marketting' }],
    };
    const checked = checkConfig(input, parsePreferences);
    const parsed = parseConfig(input);
    expect(checked.ok || parsed.ok).toBe(false);
    if (checked.ok || parsed.ok) return;
    expect(checked.issues).toContainEqual({ path: 'expiresAfterDays', code: 'expected', args: ['days', 0] });
    expect(checked.issues).toContainEqual({
      path: 'services[0].purpose',
      code: 'unknownPurpose',
      args: ['marketting', sample.purposes.map((p) => p.id)],
    });
    expect(checked.warnings).toContainEqual({
      path: 'ui.layuot',
      code: 'unknownKey',
      args: ['layuot', ['layout', 'locale', 'launcher', 'theme', 'blocking', 'policyPages']],
    });
    for (const i of [...checked.issues, ...checked.warnings]) expect(i).not.toHaveProperty('message');
    expect(parsed.issues).toEqual(checked.issues.map(formatIssue));
    expect(parsed.warnings).toEqual(checked.warnings.map(formatIssue));
    expect(parsed.issues).toContainEqual({
      path: 'services[0].purpose',
      message: 'unknown purpose "marketting" (did you mean "marketing"?)',
    });
  });

  it('a valid config gives the same config either way', () => {
    const checked = checkConfig(sample, parsePreferences);
    const parsed = parseConfig(sample);
    expect(checked.ok && parsed.ok && checked.config).toEqual(parsed.ok && parsed.config);
  });

  it('a message never throws, even for a value without a text form', () => {
    const field = { id: 'm', type: 'multi', options: ['a'], default: [Object.create(null)] };
    const r = parseConfig({ ...sample, preferences: [field] });
    expect(r.ok ? [] : r.issues).toEqual([{ path: 'preferences[0].default', message: 'unknown option an object' }]);
  });
});

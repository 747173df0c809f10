// @vitest-environment happy-dom
/**
 * The script tag's engine says the config's warnings in the words of config-messages.ts, which it
 * imports (the words chunk) only when there is a warning: a config with other findings alone
 * (no `policy.url`) never loads them (loader/config-diagnostics.ts).
 */
import { afterEach, expect, it, vi } from 'vitest';
import { findConfig } from '../../src/core/find-config';
import { parseConfig } from '../../src/core/parse-config';
import { tellConfig } from '../../src/loader/config-diagnostics';

const loaded = vi.hoisted(() => ({ words: 0 }));
vi.mock('../../src/chunks/words', async (orig) => {
  loaded.words++;
  return orig();
});

const base = {
  policy: { revision: 1, contact: 'privacy@example.com' },
  purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }],
};

afterEach(() => vi.restoreAllMocks());

/** Tells `config`'s findings; resolves with the console's warnings once one contains `part`. */
async function said(config: object, part: string): Promise<string> {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const r = findConfig(config);
  if (!r.ok) throw new Error('invalid config');
  tellConfig(r.warnings, r.config);
  const text = (): string => warn.mock.calls.map((c) => String(c[0])).join('\n');
  await vi.waitFor(() => expect(text()).toContain(part));
  return text();
}

it('no warning (only a finding of the diagnostics chunk): the words are never imported', async () => {
  expect(await said({ ...base, ui: { locale: 'german' } }, '"german"')).not.toContain('unknown key');
  expect(loaded.words).toBe(0);
});

it("a warning: said once, in parseConfig's words, which are imported for it", async () => {
  const config = { ...base, cookie: { domian: 'example.com' } };
  const text = await said(config, 'cookie.domian');
  const r = parseConfig(config);
  const words = r.warnings.find((w) => w.path === 'cookie.domian')!.message;
  expect(words).toBe('unknown key, ignored (did you mean "domain"?)');
  expect(text.split('\n').filter((l) => l.includes('cookie.domian'))).toEqual([
    `Candor: config cookie.domian: ${words}`,
  ]);
  expect(loaded.words).toBe(1);
});

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chooseLocale, isRtl, LOCALES, matchLocale } from '../../src/core/locale';

const dir = new URL('../../locales/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
const read = (f: string): Record<string, string> => JSON.parse(readFileSync(new URL(f, dir), 'utf8'));
const en = read('en.json');

describe('locales', () => {
  it('ships at least 20 languages, including the largest EU languages, pt-BR, ja, zh, ar and he', () => {
    expect(files.length).toBeGreaterThanOrEqual(21);
    for (const l of ['de', 'fr', 'es', 'it', 'pl', 'nl', 'pt', 'pt-BR', 'ro', 'ja', 'zh', 'ar', 'he'])
      expect(files).toContain(`${l}.json`);
    expect([...LOCALES].sort()).toEqual(files.map((f) => f.replace('.json', '')).sort());
  });

  it.each(files)('%s has exactly the English keys, no empty values, and keeps every {variable}', (f) => {
    const m = read(f);
    expect(Object.keys(m).sort()).toEqual(Object.keys(en).sort());
    for (const [k, v] of Object.entries(m)) {
      expect(typeof v === 'string' && v.trim().length > 0, `${f} ${k} is empty`).toBe(true);
      expect(v.match(/\{\w+\}/g) ?? [], `${f} ${k}`).toEqual(en[k]!.match(/\{\w+\}/g) ?? []);
    }
  });

  it('the three first-layer buttons are short and distinct in every locale', () => {
    for (const f of files) {
      const m = read(f);
      const buttons = [m['banner.acceptAll'], m['banner.rejectAll'], m['banner.customize']];
      expect(new Set(buttons).size, f).toBe(3);
      for (const b of buttons) expect(b!.length, `${f}: ${b}`).toBeLessThanOrEqual(24);
    }
  });
});

describe('locale choice', () => {
  it.each([
    ['auto', 'de-AT', ['en-US'], 'de'],
    ['auto', null, ['pt-BR', 'en'], 'pt-BR'],
    ['auto', 'pt-PT', [], 'pt'],
    ['auto', 'xx', ['fr-CA'], 'fr'],
    ['auto', null, ['xx'], 'en'],
    ['ja', 'de', [], 'ja'],
  ])('configured %s, page lang %s, browser %j → %s', (configured, page, langs, expected) => {
    expect(chooseLocale(configured, page, langs)).toBe(expected);
  });
  it('knows the right-to-left locales', () => {
    expect(['ar', 'he', 'fa-IR'].map(isRtl)).toEqual([true, true, true]);
    expect(['en', 'de', 'ja'].map(isRtl)).toEqual([false, false, false]);
    expect(matchLocale('ZH')).toBe('zh');
  });
});

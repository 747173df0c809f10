// @vitest-environment happy-dom
// The launcher label the UI showed is remembered for the loader's stand-in launcher, per locale.
import { afterEach, describe, expect, it } from 'vitest';
import { keepJson } from '../../src/dom/keep-json';
import { LAUNCHER_KEY, rememberedLauncherLabel, type RememberedLabel } from '../../src/dom/launcher-label';

afterEach(() => localStorage.clear());

describe('remembered launcher label', () => {
  it('is returned for the locale it was shown in, and only for that one', () => {
    expect(rememberedLauncherLabel('de')).toBeUndefined();
    keepJson(LAUNCHER_KEY, ['de', 'Datenschutz-Einstellungen'] satisfies RememberedLabel); // as the first layer keeps it
    expect(rememberedLauncherLabel('de')).toBe('Datenschutz-Einstellungen');
    expect(rememberedLauncherLabel('fr')).toBeUndefined();
  });

  it.each([['not json'], ['["de", 42]'], ['{"0": "de", "1": "x"}'], [JSON.stringify(['de', 'x'.repeat(81)])]])(
    'ignores a stored value that is not a short label: %s',
    (raw) => {
      localStorage.setItem('candor:v1:launcher', raw);
      expect(rememberedLauncherLabel('de')).toBeUndefined();
    },
  );
});

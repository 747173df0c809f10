// @vitest-environment happy-dom
// A first visit fetches only the first layer's keys of its locale (dist/locales/first/, written by
// the build with scripts/first-layer-keys.mjs): the banner, the launcher and the announcement after
// a choice must need nothing else, in every locale, or a visitor would see a raw key.
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { isFirstLayerKey } from '../../scripts/first-layer-keys.mjs';
import { withFormats } from '../../scripts/locale-formats.mjs';
import type { Messages } from '../../src/core/locale';
import { createConsent } from '../../src/instance/create-consent';
import { createMemoryStorage } from '../../src/store/memory';
import { mountShell } from '../../src/ui/shell';
import { sample } from '../unit/fixtures';
import { shellOptions } from './shell-options';

/** What the build writes into dist/locales/first/<file> (with the `format.*` keys of the locale). */
const firstLayer = (file: string): Messages =>
  Object.fromEntries(
    Object.entries(
      withFormats(file.replace('.json', ''), JSON.parse(readFileSync(`locales/${file}`, 'utf8')) as Messages),
    ).filter(([k]) => isFirstLayerKey(k)),
  );
/** Something that looks like one of our keys (`banner.title`, `purpose.analytics.title`). */
const RAW_KEY = /\b(banner|launcher|panel|purpose|revoke|service|dashboard|preference)\.[\w.-]+/;

afterEach(() => {
  document.body.innerHTML = '';
});

describe('the first layer’s keys', () => {
  for (const file of readdirSync('locales').filter((f) => f.endsWith('.json'))) {
    it(`are all the banner, launcher and announcement need (${file})`, async () => {
      const consent = createConsent(sample, { storage: createMemoryStorage() });
      await consent.ready;
      const locale = file.replace('.json', '');
      for (const launcher of [true, false]) {
        const handle = mountShell(consent, shellOptions({ locale, messages: firstLayer(file), launcher }), () => {
          throw new Error('no panel here');
        });
        const root = document.querySelector('[data-candor-ui]')!.shadowRoot!;
        const banner = root.querySelector<HTMLElement>('.banner')!;
        expect(banner.textContent).not.toMatch(RAW_KEY);
        expect(banner.querySelectorAll('button').length).toBeGreaterThanOrEqual(3);
        handle.destroy();
      }
      const handle = mountShell(consent, shellOptions({ locale, messages: firstLayer(file) }), () => {
        throw new Error('no panel here');
      });
      const root = document.querySelector('[data-candor-ui]')!.shadowRoot!;
      root.querySelector<HTMLElement>('.banner .btn')!.click(); // Accept all: announcement, then the launcher
      expect(root.textContent).not.toMatch(RAW_KEY);
      expect(root.querySelector('.launcher')?.textContent).toBeTruthy();
      handle.destroy();
    });
  }
});

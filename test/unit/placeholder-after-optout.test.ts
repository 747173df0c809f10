import { describe, expect, it } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import { createMemoryStorage } from '../../src/store/memory';
import { DAY, NOW, sample } from './fixtures';

const optOut = { ...sample, jurisdiction: 'opt-out' } as const;

describe("a placeholder's grant after an opt-out that no longer counts (review)", () => {
  it.each([
    ['expired', { ...optOut }, () => NOW + 183 * DAY],
    ['under an older policy revision', { ...optOut, policy: { ...optOut.policy, revision: 4 } }, () => NOW + DAY],
  ])(
    'the refusal of sale and sharing holds after the visitor loads one embed (the decision %s)',
    async (_name, later, at) => {
      const storage = createMemoryStorage();
      const before = createConsent(optOut, { now: () => NOW, gpc: false, storage });
      await before.ready;
      await before.rejectAll();
      before.destroy();
      const t = at();
      const c = createConsent(later, { now: () => t, gpc: false, storage });
      await c.ready;
      expect(c.has('marketing')).toBe(false); // the opt-out holds (CCPA regulations §7026)
      // The video's placeholder: "Load video from YouTube".
      await c.update({ services: { youtube: true } }, { method: 'placeholder' });
      expect(c.has('youtube')).toBe(true);
      expect(c.has('marketing')).toBe(false);
      expect(c.has('meta-pixel')).toBe(false);
      c.destroy();
    },
  );
});

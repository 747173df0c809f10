// @vitest-environment happy-dom
/**
 * A newsletter page's inline panel opened on its preferences view (`view: 'preferences'`), under a
 * valid decision: its Save records the preference. The visitor saw no consent switch, so the record
 * must not renew the consent decision (core/transition.ts `keepsExpiry`: "Records that renew no
 * consent (a link, a preference, GPC, a placeholder) keep a valid decision's expiry"), as
 * `consent.preferences.set` does not; else a preference saved on day 170 silently extends a
 * 182-day consent by another 182 days without the visitor being asked.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import { createMemoryStorage } from '../../src/store/memory';
import { mountUI } from '../../src/ui/mount-ui';
import { DAY, NOW, sample } from '../unit/fixtures';

afterEach(() => {
  document.body.innerHTML = '';
});

describe.each([
  ['opt-in, a decision 170 days old', sample, false],
  ['opt-out under GPC, a decision 170 days old', { ...sample, jurisdiction: 'opt-out' as const }, true],
])('%s: Save in the preferences view', (_n, config, gpc) => {
  it('keeps the consent decision’s expiry (the visitor saw no consent switch)', async () => {
    let t = NOW - 170 * DAY;
    const consent = createConsent(config, { storage: createMemoryStorage(), now: () => t, gpc });
    await consent.ready;
    const decided = (await consent.update({ purposes: { analytics: true } }))!;
    t = NOW;
    const container = document.createElement('section');
    document.body.append(container);
    const handle = mountUI(consent, { container, view: 'preferences' });
    const root = container.querySelector('[data-candor-ui]')!.shadowRoot!;
    const view = root.querySelector<HTMLElement>('#candor-view-preferences')!;
    await vi.waitFor(() => expect(view.querySelector('input[type=checkbox]')).not.toBeNull());
    view.querySelector<HTMLInputElement>('input[type=checkbox]')!.click(); // the newsletter
    Array.from(view.querySelectorAll('button'))
      .find((b) => b.textContent === 'Save choices')!
      .click();
    await vi.waitFor(async () => expect((await consent.records())[0]!.preferences['newsletter']).toBe(true));
    const [saved] = await consent.records();
    expect(saved!.purposes['marketing']).toBe(false); // no sale or sharing re-granted
    expect(saved!.expiresAt).toBe(decided.expiresAt); // not NOW + 182 days
    handle.destroy();
    consent.destroy();
  });
});

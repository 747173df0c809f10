// @vitest-environment happy-dom
// After destroy() an instance no longer follows the stored decision or other tabs (a withdrawal
// elsewhere is never heard), so its grants fail closed: has() answers false for everything but the
// required purposes and their services, `state` reads the same, whenGranted never resolves, and a
// page left connected (candor/page) holds the marked elements added after it.
import { describe, expect, it } from 'vitest';
import { connectPage } from '../../src/entries/page';
import { createConsent } from '../../src/instance/create-consent';
import { createMemoryStorage } from '../../src/store/memory';
import { cleanedPage, config } from './connect-page-setup';

const ran = (id: string): string | null | undefined => document.getElementById(id)?.getAttribute('data-candor');
/** Whether `p` has settled once the microtasks and a task after now have run. */
const settled = async (p: Promise<unknown>): Promise<boolean> => {
  let done = false;
  void p.then(() => (done = true));
  await new Promise((r) => setTimeout(r));
  return done;
};

describe('destroy()', () => {
  const disconnects = cleanedPage();

  it('has() and state grant only what is required; whenGranted never resolves', async () => {
    const consent = createConsent(config, { storage: createMemoryStorage() });
    await consent.ready;
    await consent.acceptAll();
    expect(consent.has('analytics,ga4,marketing')).toBe(true);
    consent.destroy();
    expect(consent.has('analytics')).toBe(false);
    expect(consent.has('ga4')).toBe(false);
    expect(consent.has('marketing')).toBe(false);
    expect(consent.has('necessary')).toBe(true);
    const s = consent.state.peek();
    expect(s.purposes).toEqual({ necessary: true, analytics: false, marketing: false });
    expect(s.services).toEqual({ ga4: false });
    expect(s.decision?.purposes.analytics).toBe(true); // still readable: the decision last read, granting nothing
    expect(await settled(consent.whenGranted('analytics'))).toBe(false);
    expect(await settled(consent.whenGranted('necessary'))).toBe(false);
  });

  it('a granted instance: has() false at once after destroy, and a page left connected holds new marked elements', async () => {
    const consent = createConsent(config, { storage: createMemoryStorage() });
    disconnects.push(connectPage(consent));
    await consent.ready;
    await consent.acceptAll();
    document.body.insertAdjacentHTML(
      'beforeend',
      '<script type="text/plain" data-consent="analytics" id="a">1</script>',
    );
    await expect.poll(() => ran('a')).toBe('ran');
    consent.destroy();
    expect(consent.has('analytics')).toBe(false);
    // Added after destroy: the required one runs (the gate has seen both), the granted-before one is held.
    document.body.insertAdjacentHTML(
      'beforeend',
      '<script type="text/plain" data-consent="analytics" id="b">1</script>' +
        '<script type="text/plain" data-consent="necessary" id="c">1</script>',
    );
    await expect.poll(() => ran('c')).toBe('ran');
    expect(ran('b')).not.toBe('ran');
  });
});

// @vitest-environment happy-dom
/**
 * mountUI called before <body> exists (an app's bundle as a classic script in <head>): a TypeError
 * that says what is missing, thrown before anything is attached (no listener on document left behind),
 * instead of "Cannot read properties of null (reading 'prepend')" from inside the UI, with the
 * [data-candor-open] and candor:revoke listeners of a UI that never mounted left on the page.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import { createMemoryStorage } from '../../src/store/memory';
import { mountUI } from '../../src/ui/mount-ui';
import { sample } from '../unit/fixtures';

afterEach(() => {
  if (!document.body) document.documentElement.append(document.createElement('body'));
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

describe('mountUI before <body>', () => {
  it('throws a TypeError naming <body>, and attaches nothing', async () => {
    const consent = createConsent(sample, { storage: createMemoryStorage() });
    await consent.ready;
    document.body.remove(); // a script in <head>: the parser has not made <body> yet
    expect(document.body).toBeNull();
    const listen = vi.spyOn(document, 'addEventListener');
    expect(() => mountUI(consent)).toThrow(/mountUI needs .*, and <body>/);
    expect(listen).not.toHaveBeenCalled();
    consent.destroy();
  });
});

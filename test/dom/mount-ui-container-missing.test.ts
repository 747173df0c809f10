// @vitest-environment happy-dom
/**
 * mountUI with a `container` that is no element: the usual cause is
 * `container: document.querySelector('#account-consent')` on a page without that element (or
 * before it is parsed), which gives `null`. It used to mount the page's banner and launcher
 * instead of the inline panel the site asked for, silently (and a string threw "append is not a
 * function" from inside the UI). Now a TypeError that names `container`, thrown before anything
 * is attached. `container: undefined` (a binding passing an optional prop through) still means none.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import { createMemoryStorage } from '../../src/store/memory';
import { mountUI, type MountOptions } from '../../src/ui/mount-ui';
import { sample } from '../unit/fixtures';

afterEach(() => {
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

describe('mountUI with a container that is no element', () => {
  for (const [what, container] of [
    ['null (querySelector found nothing)', null],
    ['a selector string', '#account-consent'],
    ['a text node', document.createTextNode('x')],
    ['a plain object', {}],
  ] as const)
    it(`${what}: throws a TypeError naming container, and mounts nothing`, async () => {
      const consent = createConsent(sample, { storage: createMemoryStorage() });
      await consent.ready;
      const listen = vi.spyOn(document, 'addEventListener');
      expect(() => mountUI(consent, { container } as unknown as MountOptions)).toThrow(
        new TypeError(
          'Candor: mountUI: `container` is not an element (a selector that found nothing gives null); leave it out for the banner and launcher',
        ),
      );
      expect(document.body.childElementCount).toBe(0);
      expect(listen).not.toHaveBeenCalled();
      consent.destroy();
    });

  it('container: undefined is no container: the banner and launcher mount', async () => {
    const consent = createConsent(sample, { storage: createMemoryStorage() });
    await consent.ready;
    const ui = mountUI(consent, { container: undefined });
    const host = document.querySelector('[data-candor-ui]');
    expect([...host!.shadowRoot!.querySelectorAll('button')].map((b) => b.textContent)).toContain('Accept all');
    ui.destroy();
    consent.destroy();
  });
});

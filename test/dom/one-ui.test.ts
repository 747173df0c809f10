// @vitest-environment happy-dom
/**
 * One banner and launcher per page (ui/mount-ui.ts): `mountUI` called twice (an effect run twice,
 * two React providers) mounts one, says so on the console, and hands back the first's open and
 * close; destroying the second leaves the first; once the first is destroyed, or its host has left
 * the page (a site that swaps <body>), a new one mounts.
 */
import { cleanup, render } from '@testing-library/react';
import { createElement, Fragment } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConsentProvider } from '../../src/entries/react';
import { createConsent } from '../../src/instance/create-consent';
import { createMemoryStorage } from '../../src/store/memory';
import { createFacade } from '../../src/loader/facade';
import { mountUI } from '../../src/ui/mount-ui';
import { sample } from '../unit/fixtures';

afterEach(() => {
  cleanup();
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

const hosts = () => [...document.querySelectorAll('[data-candor-ui]')];

describe('one visitor UI per page', () => {
  it('mountUI twice: one banner; a [data-candor-open] link opens one panel; the second handle’s destroy leaves the first', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const consent = createConsent(sample, { storage: createMemoryStorage() });
    await consent.ready;
    const first = mountUI(consent);
    const second = mountUI(consent);
    expect(hosts()).toHaveLength(1);
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('the page has a banner and launcher already'));
    const link = document.body.appendChild(document.createElement('a'));
    link.href = '#';
    link.setAttribute('data-candor-open', '');
    link.click();
    await vi.waitFor(() => expect(hosts()[0]!.shadowRoot!.querySelector('dialog[open]')).not.toBeNull());
    expect(hosts().filter((h) => h.shadowRoot!.querySelector('dialog[open]'))).toHaveLength(1);
    second.destroy();
    expect(hosts()).toHaveLength(1);
    first.destroy();
    expect(hosts()).toHaveLength(0);
    const again = mountUI(consent); // the page's UI gone: a new one mounts
    expect(hosts()).toHaveLength(1);
    again.destroy();
    consent.destroy();
  });

  it('mountUI(Candor) without container on a script-tag page (the loader shows its own banner): mounts none, says so, and its open() opens the page’s panel', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    document.documentElement.lang = 'de';
    // What the script tag gives the page: window.Candor (the loader's facade over its engine), whose own first layer shows the banner.
    const facade = createFacade(
      async () => ({ createConsent: (c: never, o) => createConsent(c, { ...o, storage: createMemoryStorage() }) }),
      () => sample,
      {},
      () => {},
    );
    const consent = facade.candor;
    await consent.ready;
    (window as { Candor?: unknown }).Candor = consent;
    const opened = vi.fn((e: Event) => (e.target as Element).closest('[data-candor-open]') && e.preventDefault());
    document.addEventListener('click', opened); // the script tag's delegated [data-candor-open] listener
    try {
      const ui = mountUI(consent);
      expect(hosts()).toHaveLength(0);
      expect(errors).toHaveBeenCalledWith(expect.stringContaining('container'));
      ui.open();
      expect(opened).toHaveBeenCalledTimes(1);
      ui.destroy();
      // Its handle names the language of the loader's banner (`Candor.locale`: a German page's),
      // not English for want of the messages mountUI was not given, nor a locale the banner ignores.
      expect(ui.locale).toBe('de');
      expect(mountUI(consent, { locale: 'fr' }).locale).toBe('de');
    } finally {
      document.documentElement.lang = '';
      document.removeEventListener('click', opened);
      delete (window as { Candor?: unknown }).Candor;
      consent.destroy();
    }
  });

  it('two React providers on one page: one banner', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const storage = createMemoryStorage();
    const provider = () => createElement(ConsentProvider, { config: sample, options: { storage } });
    render(createElement(Fragment, null, provider(), provider()));
    await vi.waitFor(() => expect(hosts().length).toBeGreaterThan(0));
    // Both providers' UIs have had their turn (each is imported, then mounted, in a microtask or two).
    for (let turn = 0; turn < 5; turn++) await new Promise((r) => setTimeout(r));
    expect(hosts()).toHaveLength(1);
  });

  it('a page whose <body> is swapped (Turbo Drive, pjax) and that mounts its UI again gets a banner again', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const consent = createConsent(sample, { storage: createMemoryStorage() });
    await consent.ready;
    const old = mountUI(consent);
    document.body.innerHTML = '<main>next page</main>'; // the body replaced; window stays
    const next = mountUI(consent);
    expect(hosts()).toHaveLength(1);
    old.destroy(); // the site's late clean-up of the old page leaves the new one
    expect(hosts()).toHaveLength(1);
    next.destroy();
    consent.destroy();
  });

  it("a second call's handle opens the page's UI of the moment, also after the first was replaced", async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const consent = createConsent(sample, { storage: createMemoryStorage() });
    await consent.ready;
    const first = mountUI(consent);
    const second = mountUI(consent);
    first.destroy();
    const third = mountUI(consent);
    expect(hosts()).toHaveLength(1);
    second.open();
    await vi.waitFor(() => expect(hosts()[0]!.shadowRoot!.querySelector('dialog[open]')).not.toBeNull());
    third.destroy();
    consent.destroy();
  });
});

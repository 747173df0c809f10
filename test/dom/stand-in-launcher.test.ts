// @vitest-environment happy-dom
// The loader's stand-in launcher (loader/stand-in-launcher.ts): shown once, never beside Candor's
// own UI, and not kept away by markup that copies the attributes of Candor's hosts.
import { afterEach, describe, expect, it } from 'vitest';
import { showStandInLauncher } from '../../src/loader/stand-in-launcher';

afterEach(() => void (document.body.innerHTML = ''));

/** Shows the stand-in and waits for it to be added; returns how many launchers Candor made. */
async function show(): Promise<number> {
  showStandInLauncher(Promise.resolve({ text: 'Privacy settings' }), 'auto', () => {});
  await new Promise((r) => setTimeout(r));
  return [...document.querySelectorAll('[data-candor-launcher]')].filter((e) => e.shadowRoot).length;
}

describe('stand-in launcher', () => {
  it('shows once, however often it is asked for', async () => {
    expect(await show()).toBe(1);
    expect(await show()).toBe(1);
  });

  it("is not shown beside Candor's UI (a host with its shadow root)", async () => {
    document.body.append(document.createElement('div'));
    const ui = document.body.lastElementChild!;
    ui.setAttribute('data-candor-ui', '');
    ui.attachShadow({ mode: 'open' });
    expect(await show()).toBe(0);
  });

  it('is shown when markup injected into the page (a sanitized comment) copies the hosts’ attributes', async () => {
    document.body.innerHTML =
      '<section class="comments"><div data-candor-ui>nice post!</div><p data-candor-launcher>me too</p></section>';
    expect(await show()).toBe(1);
  });
});

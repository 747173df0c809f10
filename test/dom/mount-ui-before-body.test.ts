// @vitest-environment happy-dom
/**
 * mountUI called before <body> exists (an app's bundle as a classic script in <head>): a TypeError
 * that says what is missing, thrown before anything is attached (no listener on document left behind),
 * instead of "Cannot read properties of null (reading 'prepend')" from inside the UI, with the
 * [data-candor-open] and candor:revoke listeners of a UI that never mounted left on the page.
 * Given a container, it needs no <body>: the inline panel renders there, as it did before that check.
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

describe('mountUI before <body>, given a container of its own', () => {
  it('renders the inline panel there (nothing of it needs <body>)', async () => {
    const consent = createConsent(sample, { storage: createMemoryStorage() });
    await consent.ready;
    document.body.remove(); // a script in <head>, with the container it made and puts in the page later
    const container = document.createElement('section');
    const ui = mountUI(consent, { container });
    document.documentElement.append(document.createElement('body'));
    document.body.append(container);
    const host = container.firstElementChild!;
    expect(host.shadowRoot!.querySelector('#candor-panel-title')).not.toBeNull();
    ui.destroy();
    expect(container.childElementCount).toBe(0);
    consent.destroy();
  });
});

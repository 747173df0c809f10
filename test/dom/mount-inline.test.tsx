// @vitest-environment happy-dom
// mountUI with `container`: the panel inline in a page (an account page), and what its handle does.
import { afterEach, describe, expect, it } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import { createMemoryStorage } from '../../src/store/memory';
import { mountUI } from '../../src/ui/mount-ui';
import { sample } from '../unit/fixtures';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('mountUI inline', () => {
  it('renders the panel inside the container; open() focuses its heading, close() leaves it shown, destroy() removes it', () => {
    const consent = createConsent(sample, { storage: createMemoryStorage() });
    const container = document.createElement('section');
    document.body.append(document.createElement('button'), container);
    const handle = mountUI(consent, { container });
    const root = container.querySelector('[data-candor-ui]')?.shadowRoot;
    const heading = root?.querySelector<HTMLElement>('h2#candor-panel-title');
    expect(heading?.textContent).toBe('Privacy settings');
    expect(root?.activeElement ?? null).toBeNull();
    handle.open();
    expect(root?.activeElement).toBe(heading);
    handle.close();
    expect(root?.querySelector('#candor-panel-title')).toBe(heading);
    handle.destroy();
    expect(container.querySelector('[data-candor-ui]')).toBeNull();
    consent.destroy();
  });
});

// @vitest-environment happy-dom
// mountUI with `container`: the panel inline in a page (an account page), and what its handle does.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConsent } from '../../src/instance/create-consent';
import { createMemoryStorage } from '../../src/store/memory';
import { mountUI } from '../../src/ui/mount-ui';
import { sample } from '../unit/fixtures';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('mountUI without a config', () => {
  it('says what to do instead of a TypeError about `ui` (window.Candor before ready, or an invalid config)', () => {
    const early = { config: undefined } as unknown as Parameters<typeof mountUI>[0];
    expect(() => mountUI(early)).toThrow(/mountUI needs an instance with a valid config.*Candor\.ready/);
    expect(() => mountUI(undefined as unknown as Parameters<typeof mountUI>[0])).toThrow(TypeError);
    expect(document.querySelector('[data-candor-ui]')).toBeNull();
  });
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

describe('mountUI: the language shown is the language recorded', () => {
  afterEach(() => {
    document.documentElement.lang = '';
  });
  const saveFrom = async (options: Parameters<typeof mountUI>[1]) => {
    const consent = createConsent(sample, { storage: createMemoryStorage() });
    const container = document.createElement('section');
    document.body.append(container);
    const handle = mountUI(consent, { container, ...options });
    const root = container.querySelector('[data-candor-ui]')!.shadowRoot!;
    const panel = root.querySelector<HTMLElement>('.panel')!;
    const reject = Array.from(root.querySelectorAll('button')).find(
      (b) => b.textContent === options?.messages?.['panel.rejectAll'] || b.textContent === 'Reject all',
    )!;
    reject.click();
    await consent.ready;
    await expect.poll(async () => (await consent.records()).length).toBe(1);
    const [record] = await consent.records();
    const shown = {
      handle: handle.locale,
      lang: panel.getAttribute('lang'),
      heading: root.querySelector('h2')?.textContent,
      recorded: record!.locale,
    };
    handle.destroy();
    consent.destroy();
    return shown;
  };
  it('a German page without German messages: English shown, English recorded (not "de" over English words)', async () => {
    document.documentElement.lang = 'de';
    expect(await saveFrom({})).toEqual({ handle: 'en', lang: 'en', heading: 'Privacy settings', recorded: 'en' });
  });
  it('with the German messages given: German shown, German recorded', async () => {
    document.documentElement.lang = 'de';
    const de = JSON.parse(readFileSync(resolve('locales', 'de.json'), 'utf8')) as Record<string, string>;
    expect(await saveFrom({ messages: de })).toEqual({
      handle: 'de',
      lang: 'de',
      heading: de['panel.title'],
      recorded: 'de',
    });
  });
});

/** An inline panel on a ready instance, and its button named `text`. */
async function inlinePanel() {
  const consent = createConsent(sample, { storage: createMemoryStorage() });
  await consent.ready;
  const container = document.createElement('section');
  document.body.append(container);
  mountUI(consent, { container });
  const root = container.querySelector('[data-candor-ui]')!.shadowRoot!;
  const button = (text: string): HTMLButtonElement =>
    Array.from(root.querySelectorAll('button')).find((b) => b.textContent === text)!;
  return { consent, root, button };
}

describe('mountUI inline: a Save whose call throws', () => {
  it('frees its button: the next Save, half a second later, records', async () => {
    const { consent, button } = await inlinePanel();
    const save = button('Save choices');
    const update = consent.update.bind(consent);
    let calls = 0;
    consent.update = ((...args: Parameters<typeof update>) => {
      if (++calls === 1) throw new Error('a failing call');
      return update(...args);
    }) as typeof update;
    const errors: unknown[] = [];
    const onError = (e: ErrorEvent): void => void errors.push(e.error);
    window.addEventListener('error', onError);
    try {
      save.click();
      await Promise.resolve();
      expect(calls).toBe(1);
      const now = performance.now();
      vi.spyOn(performance, 'now').mockReturnValue(now + 600);
      save.click();
      expect(calls).toBe(2);
      await expect.poll(async () => (await consent.records()).map((r) => r.method)).toEqual(['panel:save']);
      expect(errors).toEqual([]);
    } finally {
      window.removeEventListener('error', onError);
      vi.restoreAllMocks();
      consent.destroy();
    }
  });
});

describe('mountUI inline: a decision whose record does not settle (a storage that hangs)', () => {
  it('still records a different one: a Save after the visitor changed a switch, Accept all after Reject all', async () => {
    const { consent, root, button } = await inlinePanel();
    // Every decision is applied at once (state), and its record never settles.
    for (const name of ['update', 'acceptAll', 'rejectAll'] as const) {
      const real = consent[name].bind(consent) as (...a: unknown[]) => Promise<unknown>;
      (consent as unknown as Record<string, unknown>)[name] = (...a: unknown[]) => (
        void real(...a),
        new Promise(() => {})
      );
    }
    let now = performance.now();
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const later = async (): Promise<void> => {
      now += 600;
      await new Promise((r) => setTimeout(r));
    };
    try {
      button('Save choices').click();
      await later();
      const toggle = root.querySelector<HTMLElement>('[role="switch"]:not([aria-disabled="true"]):not([disabled])')!;
      const before = toggle.getAttribute('aria-checked');
      toggle.click();
      await later();
      expect(toggle.getAttribute('aria-checked')).not.toBe(before);
      const saved = JSON.stringify(consent.state.value.purposes);
      button('Save choices').click();
      await later();
      expect(JSON.stringify(consent.state.value.purposes)).not.toBe(saved);
      button('Reject all').click();
      await later();
      expect(consent.has('analytics')).toBe(false);
      button('Accept all').click();
      await later();
      button('Reject all').click();
      await later();
      expect(consent.has('analytics')).toBe(false);
      button('Accept all').click();
      await later();
      expect(consent.has('analytics')).toBe(true);
    } finally {
      vi.restoreAllMocks();
      consent.destroy();
    }
  });
});

describe('mountUI inline: the device clock set back', () => {
  it('holds a repeat of a decision half a second on a clock that only runs forward: a Save half a second later records, though the wall clock went back an hour', async () => {
    const { consent, button } = await inlinePanel();
    const update = consent.update.bind(consent);
    const made: Promise<unknown>[] = [];
    consent.update = ((...args: Parameters<typeof update>) => {
      const p = update(...args);
      made.push(p);
      return p;
    }) as typeof update;
    try {
      button('Save choices').click();
      await made[0];
      await new Promise((r) => setTimeout(r)); // the hold's half second counts from here
      const [wall, since] = [Date.now(), performance.now()];
      vi.spyOn(Date, 'now').mockReturnValue(wall - 3_600_000); // the device's clock set back an hour
      vi.spyOn(performance, 'now').mockReturnValue(since + 600);
      button('Save choices').click();
      expect(made).toHaveLength(2);
    } finally {
      vi.restoreAllMocks();
      consent.destroy();
    }
  });
});

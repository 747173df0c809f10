// @vitest-environment happy-dom
/**
 * The reload offer (ui/reload-offer.ts) reads two events any script on the page can dispatch:
 * `candor:revoke`, whose services it remembers, and `candor:change`, whose state may end it. What
 * they carry is the page's: only an own `true` for every service taken back ends the notice, and a
 * detail of any other shape neither throws into the page nor ends it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Ui } from '../../src/ui/ui-model';
import { offerReload } from '../../src/ui/reload-offer';

const ui = { t: (key: string) => key, announce: () => {} } as unknown as Ui;
const revoke = (detail: unknown): Event => new CustomEvent('candor:revoke', { detail });
const change = (detail: unknown): void => void document.dispatchEvent(new CustomEvent('candor:change', { detail }));

async function shownNotice(services: unknown): Promise<HTMLElement> {
  const host = document.body.appendChild(document.createElement('div'));
  const container = host.attachShadow({ mode: 'open' }).appendChild(document.createElement('div'));
  await offerReload(ui, container, () => {}, undefined, revoke({ services, reloadRecommended: true }));
  const notice = container.querySelector<HTMLElement>('.notice');
  expect(notice).not.toBeNull();
  return notice!;
}

afterEach(() => {
  delete (Object.prototype as Record<string, unknown>)['ga4'];
  document.body.innerHTML = '';
});

describe('the reload offer and the events it reads', () => {
  it('ends on a change that grants again, as its own value, every service taken back', async () => {
    const notice = await shownNotice(['ga4']);
    change({ state: { services: { ga4: true } } });
    expect(notice.isConnected).toBe(false);
  });

  it('an inherited grant (a polluted Object.prototype) does not end it', async () => {
    const notice = await shownNotice(['ga4']);
    (Object.prototype as Record<string, unknown>)['ga4'] = true;
    change({ state: { services: {} } });
    expect(notice.isConnected).toBe(true);
  });

  it.each([
    ['a string', 'ga4'],
    ['an object', { length: 1, 0: 'ga4' }],
    ['numbers', [1, 2]],
  ])('a revoke whose services are %s: shown, never thrown, never ended by a change', async (_, services) => {
    const notice = await shownNotice(services);
    expect(() => change({ state: { services: { ga4: true, g: true, a: true, '4': true } } })).not.toThrow();
    expect(notice.isConnected).toBe(true);
  });

  it('a change whose services are no object neither throws nor ends it', async () => {
    const notice = await shownNotice(['ga4']);
    for (const state of [{ services: null }, { services: 'ga4' }, null, 5])
      expect(() => change({ state })).not.toThrow();
    expect(notice.isConnected).toBe(true);
  });
});

// @vitest-environment happy-dom
/**
 * Marked frames in DOM a framework renders (React here; Vue alike): the gate holds a frame back in
 * place, the same node where it was, so that the framework removing it later finds it (React's
 * removeChild threw NotFoundError on a copy's original, tearing the app down); and a placeholder
 * whose frame the framework removed goes with it. Written with createElement (this suite's JSX is Preact's).
 */
import { act, createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toSiteView } from '../../src/core/site-view';
import { createGate } from '../../src/gate/gate';
import { watchAddedElements } from '../../src/dom/added-elements';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
afterEach(() => void (document.body.innerHTML = ''));

const view = toSiteView({
  policy: { revision: 1 },
  purposes: [{ id: 'necessary', required: true }, { id: 'marketing' }],
  services: [{ id: 'youtube', purpose: 'marketing', name: 'YouTube', hosts: ['www.youtube-nocookie.com'] }],
});
const page = (video: boolean) =>
  createElement(
    'main',
    null,
    createElement('h1', null, 'Our bakery'),
    video &&
      createElement('iframe', {
        'data-consent': 'marketing',
        'data-src': 'https://www.youtube-nocookie.com/embed/x',
        title: 'Video',
      }),
  );

async function setUp(has: () => boolean) {
  const gate = createGate({
    doc: document,
    view,
    has,
    grant() {},
    onError() {},
    warn() {},
    loadLocale: async () => ({}),
  });
  const host = document.body.appendChild(document.createElement('div'));
  const root = createRoot(host);
  await act(async () => root.render(page(true)));
  gate.apply();
  return { gate, host, root };
}

describe('gated frames on a React page', () => {
  it('a withdrawal holds React’s own frame back, in place: the next route change removes it without an error', async () => {
    let granted = true;
    const { gate, host, root } = await setUp(() => granted);
    const frame = host.querySelector('iframe')!;
    await vi.waitFor(() => expect(frame.getAttribute('data-candor')).toBe('active'));
    expect(frame.getAttribute('src')).toBe('https://www.youtube-nocookie.com/embed/x');
    granted = false;
    gate.apply();
    await vi.waitFor(() => expect(frame.getAttribute('data-candor')).toBe('held'));
    expect([host.querySelector('iframe'), frame.hasAttribute('src')]).toEqual([frame, false]);
    await vi.waitFor(() => expect(host.querySelector('.candor-placeholder')).not.toBeNull());
    let error: unknown;
    try {
      await act(async () => root.render(page(false)));
    } catch (e) {
      error = e;
    }
    expect(error).toBeUndefined();
    expect(host.querySelector('iframe')).toBeNull();
    await vi.waitFor(() => expect(host.querySelector('.candor-placeholder')).toBeNull());
  });

  it('a held frame React removes takes its placeholder with it; rendered again, it gets one again', async () => {
    const { gate, host, root } = await setUp(() => false);
    await vi.waitFor(() => expect(host.querySelector('.candor-placeholder')).not.toBeNull());
    await act(async () => root.render(page(false)));
    expect(host.querySelector('iframe')).toBeNull();
    await vi.waitFor(() => expect(host.querySelector('.candor-placeholder')).toBeNull());
    await act(async () => root.render(page(true)));
    gate.scan(host);
    await vi.waitFor(() => expect(host.querySelectorAll('.candor-placeholder')).toHaveLength(1));
  });
});

describe('a held frame the page moves (a keyed list re-sorted: React moves the node)', () => {
  it('keeps one placeholder, beside it, and none once granted', async () => {
    let granted = false;
    const gate = createGate({
      doc: document,
      view,
      has: () => granted,
      grant() {},
      onError() {},
      warn() {},
      loadLocale: async () => ({}),
    });
    watchAddedElements(document)((el) => gate.scan(el)); // as the page wiring feeds the gate
    const list = document.body.appendChild(document.createElement('ul'));
    const frames = ['a', 'b'].map((id) => {
      const f = document.createElement('iframe');
      f.setAttribute('data-consent', 'marketing');
      f.setAttribute('data-src', `https://www.youtube-nocookie.com/embed/${id}`);
      f.title = id;
      return list.appendChild(f);
    });
    gate.apply();
    await vi.waitFor(() => expect(list.querySelectorAll('.candor-placeholder')).toHaveLength(2));
    list.appendChild(frames[0]!); // re-sorted: [a, b] -> [b, a]
    const beside = () => frames.map((f) => f.previousElementSibling?.classList.contains('candor-placeholder'));
    await vi.waitFor(() => expect(beside()).toEqual([true, true]));
    // The gate looks at the moved frame again (the page wiring's scan, in microtasks): no second one.
    gate.scan(frames[0]!);
    await new Promise((r) => setTimeout(r));
    expect(list.querySelectorAll('.candor-placeholder')).toHaveLength(2);
    granted = true;
    gate.apply();
    await vi.waitFor(() => expect(frames.map((f) => f.getAttribute('data-candor'))).toEqual(['active', 'active']));
    expect(list.querySelectorAll('.candor-placeholder')).toHaveLength(0);
  });
});

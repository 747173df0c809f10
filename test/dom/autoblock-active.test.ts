// @vitest-environment happy-dom
/**
 * Auto-blocking and a frame the gate loaded (gate/autoblock.ts `intercept`): a script that points it
 * at another service's host (a widget re-pointing a granted YouTube frame at an ad network never
 * granted) is held back, also when it sets that URL again before the gate's turn (the frame then
 * still says `active`, with the ungranted URL as its `data-src`); the URL the frame was granted, and
 * another of the granted service, go through.
 */
import { describe, expect, it, vi } from 'vitest';
import { toSiteView } from '../../src/core/site-view';
import { autoBlockedPage } from './autoblock-page';

const view = toSiteView({
  policy: { revision: 1 },
  autoBlock: true,
  purposes: [{ id: 'necessary', required: true }, { id: 'marketing' }, { id: 'analytics' }],
  services: [
    { id: 'youtube', purpose: 'marketing', name: 'YouTube', hosts: ['www.youtube.com'] },
    { id: 'ads', purpose: 'analytics', name: 'Ad network', hosts: ['ads.example'] },
  ],
});
const granted = new Set(['marketing', 'youtube']);
const has = (c: string): boolean => c.split(',').every((id) => granted.has(id.trim()));
const gate = autoBlockedPage(view, has);
const AD = 'https://ads.example/frame'; // 'ads' is never granted

/** A frame auto-blocking let through (granted) and one the site marked, both loaded (`active`). */
async function activeFrames(): Promise<[HTMLIFrameElement, HTMLIFrameElement]> {
  const auto = document.createElement('iframe');
  auto.src = 'https://www.youtube.com/embed/x';
  document.body.append(auto);
  const marked = document.createElement('iframe');
  marked.setAttribute('data-consent', 'marketing');
  marked.setAttribute('data-src', 'https://www.youtube.com/embed/y');
  document.body.append(marked);
  gate.scan(marked);
  await vi.waitFor(() =>
    expect([auto, marked].map((f) => f.getAttribute('data-candor'))).toEqual(['active', 'active']),
  );
  return [auto, marked];
}

describe('auto-blocking and a frame the gate loaded', () => {
  it('an active frame given an ungranted service’s URL is held back', async () => {
    const [auto, marked] = await activeFrames();
    auto.src = AD;
    marked.setAttribute('src', AD);
    expect([auto.getAttribute('src'), marked.getAttribute('src')]).not.toContain(AD);
    // Another video of the granted service still loads (a widget switching videos).
    const other = document.createElement('iframe');
    other.src = 'https://www.youtube.com/embed/first';
    document.body.append(other);
    await vi.waitFor(() => expect(other.getAttribute('data-candor')).toBe('active'));
    other.src = 'https://www.youtube.com/embed/second';
    expect(other.getAttribute('src')).toBe('https://www.youtube.com/embed/second');
  });

  it('removing src and setting the ungranted URL again does not load it', async () => {
    const frames = await activeFrames();
    for (const f of frames) {
      f.src = AD; // held (not applied)
      f.removeAttribute('src');
      f.src = AD; // again, synchronously
    }
    expect(frames.map((f) => f.getAttribute('src'))).not.toContain(AD);
  });

  it('setting the ungranted URL twice in a row does not load it', async () => {
    const frames = await activeFrames();
    for (const f of frames) {
      f.setAttribute('src', AD);
      f.setAttribute('src', AD);
    }
    expect(frames.map((f) => f.getAttribute('src'))).not.toContain(AD);
  });

  it('a page script that updates data-src (a lazy-loader swap) cannot load an ungranted URL', async () => {
    const frames = await activeFrames();
    for (const f of frames) {
      f.setAttribute('data-src', AD); // the widget sets data-src, the lazy-loader copies it to src
      f.src = f.getAttribute('data-src')!;
    }
    expect(frames.map((f) => f.getAttribute('src'))).not.toContain(AD);
  });
});

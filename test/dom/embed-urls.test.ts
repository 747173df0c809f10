// @vitest-environment happy-dom
// A marked embed's URL comes from the page's markup (`data-src`), which an HTML sanitizer passes
// unchecked: the gate loads only http(s) (and data:/blob: for media), never a javascript: frame.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toSiteView } from '../../src/core/site-view';
import { mayLoad } from '../../src/gate/embeds';
import { createGate } from '../../src/gate/gate';

afterEach(() => void (document.body.innerHTML = ''));

const el = (localName: string) => ({ localName }) as Element;
const BASE = 'https://shop.example/page';

describe('what a marked embed may load', () => {
  it('http(s) and relative URLs; data: and blob: for media only; never javascript:, in any spelling', () => {
    for (const url of [
      'https://www.youtube-nocookie.com/embed/x',
      'http://maps.example/',
      '/embed/x',
      '//cdn.example/a',
    ])
      expect(mayLoad(el('iframe'), url, BASE)).toBe(true);
    expect(mayLoad(el('img'), 'data:image/png;base64,AAAA', BASE)).toBe(true);
    expect(mayLoad(el('video'), 'blob:https://shop.example/1', BASE)).toBe(true);
    for (const url of ['data:text/html,<script>parent.x=1</script>', 'blob:https://shop.example/1'])
      expect(mayLoad(el('iframe'), url, BASE)).toBe(false);
    for (const url of [
      'javascript:parent.__xss=1',
      'JaVa\tScRiPt:x',
      ' javascript:x',
      'java\nscript:x',
      'vbscript:x',
      'http://[',
      'file:///etc/passwd',
    ])
      for (const tag of ['iframe', 'img', 'embed', 'link']) expect(mayLoad(el(tag), url, BASE)).toBe(false);
  });

  it('a granted embed with a javascript: URL stays inert, marked refused, reported once (also when the grants change again)', async () => {
    document.body.innerHTML =
      '<iframe data-consent="necessary" data-src="javascript:parent.__xss=1"></iframe>' +
      '<img data-consent="necessary" data-src="JaVa&#9;script:x" alt="">' +
      '<img data-consent="necessary" data-src="https://cdn.example/a.png" alt="">';
    const errors: unknown[] = [];
    const gate = createGate({
      doc: document,
      view: toSiteView({ purposes: [{ id: 'necessary' }] }),
      has: () => true,
      grant: () => {},
      onError: (e) => void errors.push(e),
      warn: () => {},
    });
    gate.apply();
    // Embeds are the gate's lazily imported half.
    await vi.waitFor(() => expect(document.querySelectorAll('[data-candor]')).toHaveLength(3));
    gate.apply();
    await vi.waitFor(() => expect(errors).toHaveLength(2));
    const [frame, bad, good] = Array.from(document.querySelectorAll('[data-consent]'));
    expect([frame!.getAttribute('src'), frame!.getAttribute('data-candor')]).toEqual([null, 'refused']);
    expect([bad!.getAttribute('src'), bad!.getAttribute('data-candor')]).toEqual([null, 'refused']);
    expect([good!.getAttribute('src'), good!.getAttribute('data-candor')]).toEqual([
      'https://cdn.example/a.png',
      'active',
    ]);
    expect(String(errors[0])).toContain('may load only an http(s) URL');
  });
});

describe("an image's candidates (srcset) and a video's poster", () => {
  const gateOf = (has: () => boolean) =>
    createGate({
      doc: document,
      view: toSiteView({ purposes: [{ id: 'marketing' }] }),
      has,
      grant: () => {},
      onError: (e) => {
        throw e;
      },
      warn: () => {},
      loadLocale: async () => ({}),
    });
  const urls = () =>
    Array.from(document.querySelectorAll('[data-consent]'), (e) => [
      e.localName,
      e.getAttribute('src'),
      e.getAttribute('srcset'),
      e.getAttribute('poster'),
    ]);

  /** Applies `gate` and waits until every marked element is `state`: their URLs then. */
  const step = async (gate: ReturnType<typeof gateOf>, state: string) => {
    gate.apply();
    await vi.waitFor(() =>
      expect(document.querySelectorAll(`[data-candor="${state}"]`)).toHaveLength(
        document.querySelectorAll('[data-consent]').length,
      ),
    );
    return urls();
  };
  /** Elements with no URL to load. */
  const bare = (...tags: string[]) => tags.map((t) => [t, null, null, null]);

  it('stay in data-srcset and data-poster until granted, are copied back then, and are taken away again on revoke', async () => {
    document.body.innerHTML =
      '<picture><source data-consent="marketing" data-srcset="https://px.example/a.webp 1x, https://px.example/b.webp 2x" type="image/webp">' +
      '<img data-consent="marketing" data-src="https://px.example/a.png" data-srcset="https://px.example/b.png 2x" alt=""></picture>' +
      '<video data-consent="marketing" data-src="https://px.example/v.mp4" data-poster="https://px.example/still.png"></video>';
    let granted = false;
    const gate = gateOf(() => granted);
    expect(await step(gate, 'held')).toEqual(bare('source', 'img', 'video'));
    granted = true;
    expect(await step(gate, 'active')).toEqual([
      ['source', null, 'https://px.example/a.webp 1x, https://px.example/b.webp 2x', null],
      ['img', 'https://px.example/a.png', 'https://px.example/b.png 2x', null],
      ['video', 'https://px.example/v.mp4', null, 'https://px.example/still.png'],
    ]);
    granted = false;
    expect(await step(gate, 'held')).toEqual(bare('source', 'img', 'video'));
  });

  it('a srcset or poster written in the markup (which the browser loads at once, and is warned about) is taken away while held, and never comes back without its data- copy', async () => {
    document.body.innerHTML =
      '<img data-consent="marketing" data-src="https://px.example/a.png" srcset="https://px.example/b.png 2x" alt="">' +
      '<video data-consent="marketing" poster="https://px.example/still.png"></video>';
    let granted = false;
    const gate = gateOf(() => granted);
    expect(await step(gate, 'held')).toEqual(bare('img', 'video'));
    granted = true;
    expect(await step(gate, 'active')).toEqual([['img', 'https://px.example/a.png', null, null], ...bare('video')]);
  });
});

describe('which held-back embeds show a placeholder', () => {
  it('a frame, a video and an audio player do; an image (a tracking pixel, most often), a link and a source only when marked data-placeholder', async () => {
    document.body.innerHTML =
      '<video data-consent="youtube" data-src="https://cdn.example/v.mp4" controls></video>' +
      '<audio data-consent="youtube" data-src="https://cdn.example/a.mp3" controls></audio>' +
      '<img data-consent="youtube" data-src="https://pixel.example/p.gif" alt="">' +
      '<img data-consent="youtube" data-src="https://cdn.example/photo.jpg" alt="A photo" data-placeholder>';
    createGate({
      doc: document,
      view: toSiteView({
        purposes: [{ id: 'marketing' }],
        services: [{ id: 'youtube', purpose: 'marketing', name: 'YouTube' }],
      }),
      has: () => false,
      grant: () => {},
      onError: (e) => {
        throw e;
      },
      warn: () => {},
      loadLocale: async () => ({}),
    }).apply();
    await vi.waitFor(() => expect(document.querySelectorAll('[data-candor="held"]')).toHaveLength(4));
    const shown = Array.from(document.querySelectorAll('.candor-placeholder'), (p) => p.nextElementSibling!.localName);
    expect(shown).toEqual(['video', 'audio', 'img']);
    expect(document.querySelector('.candor-placeholder + img')!.getAttribute('alt')).toBe('A photo');
  });
});

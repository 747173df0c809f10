// @vitest-environment happy-dom
// The gate runs no marked script before the page is parsed (the parser may hold half of a tag's
// text): granted scripts wait for DOMContentLoaded, then run in document order, each once and only
// if still granted; a stopped gate (candor/page's disconnect) runs none of them. happy-dom runs no
// script: a revived one is a `data-candor="ran"` stand-in. (The real parser: e2e streamed-page.spec.ts.)
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toSiteView } from '../../src/core/site-view';
import { createGate, type Gate } from '../../src/gate/gate';

const view = toSiteView({
  policy: { revision: 1, url: '/privacy' },
  purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }, { id: 'marketing' }],
});

const tag = (name: string, consent = 'analytics'): string =>
  `<script type="text/plain" data-consent="${consent}" data-name="${name}">/* ${name} */</script>`;

/** The names of the revived scripts, in the order they were revived (each stand-in notes its turn). */
const ran: string[] = [];
const observer = new MutationObserver((records) => {
  for (const r of records)
    for (const n of r.addedNodes)
      if (n instanceof HTMLScriptElement && n.getAttribute('data-candor') === 'ran')
        ran.push(n.getAttribute('data-name')!);
});

/** `document.readyState` as the gate reads it: the accessor of the prototype that defines it (dom/unclobbered.ts). */
function readyState() {
  let p: object | null = Object.getPrototypeOf(document);
  while (p && !Object.hasOwn(p, 'readyState')) p = Object.getPrototypeOf(p);
  return vi.spyOn(p as Document, 'readyState', 'get');
}

/** A gate over `document` as while the page loads (`readyState` 'loading'). */
function loadingGate(granted: Set<string>): Gate {
  const state = readyState().mockReturnValue('loading');
  const gate = createGate({
    doc: document,
    view,
    has: (c) => c.split(',').every((id) => granted.has(id.trim())),
    grant: () => {},
    onError: (e) => {
      throw e;
    },
    warn: () => {},
  });
  state.mockReturnValue('interactive'); // the parser is done, but DOMContentLoaded has not come yet
  return gate;
}

/** Time for every revival the queue would have started (the first at once, each next one a task later): what has not run by then waits. */
const settled = (): Promise<void> => new Promise((r) => setTimeout(r, 20));

afterEach(() => {
  observer.disconnect();
  vi.restoreAllMocks();
  document.body.innerHTML = '';
  ran.length = 0;
});

describe('the gate while the page is parsed', () => {
  it('runs no granted script before DOMContentLoaded, then each once, in document order, also one added between the parser’s end and DOMContentLoaded', async () => {
    document.body.innerHTML = tag('a') + tag('b');
    observer.observe(document.body, { childList: true, subtree: true });
    const gate = loadingGate(new Set(['analytics']));
    gate.apply();
    // A deferred script adds a marked one after the parser is done (readyState 'interactive').
    document.body.insertAdjacentHTML('beforeend', tag('c'));
    gate.scan(document.body.lastElementChild!);
    await settled();
    expect(ran).toEqual([]);
    document.dispatchEvent(new Event('DOMContentLoaded'));
    await vi.waitFor(() => expect(ran).toEqual(['a', 'b', 'c']));
    gate.apply();
    await settled();
    expect(ran).toEqual(['a', 'b', 'c']);
  });

  it('a grant taken back before DOMContentLoaded runs nothing; one given meanwhile runs', async () => {
    document.body.innerHTML = tag('stats') + tag('ads', 'marketing');
    observer.observe(document.body, { childList: true, subtree: true });
    const granted = new Set(['analytics']);
    const gate = loadingGate(granted);
    gate.apply();
    granted.delete('analytics');
    granted.add('marketing');
    gate.apply();
    document.dispatchEvent(new Event('DOMContentLoaded'));
    await vi.waitFor(() => expect(ran).toEqual(['ads']));
    await settled();
    expect(ran).toEqual(['ads']);
  });

  it('a script that reached the gate outside the document (auto-blocking’s, in a shadow root) runs at DOMContentLoaded too', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = tag('shadowed');
    const seen: string[] = [];
    new MutationObserver(() => {
      const s = root.querySelector('script[data-candor="ran"]');
      if (s) seen.push(s.getAttribute('data-name')!);
    }).observe(root, { childList: true });
    const gate = loadingGate(new Set(['analytics']));
    gate.process(root.firstElementChild!);
    await settled();
    expect(seen).toEqual([]);
    document.dispatchEvent(new Event('DOMContentLoaded'));
    await vi.waitFor(() => expect(seen).toEqual(['shadowed']));
  });

  it('a stopped gate (candor/page disconnected before the page was parsed) runs none of the scripts that waited', async () => {
    document.body.innerHTML = tag('a');
    observer.observe(document.body, { childList: true, subtree: true });
    const gate = loadingGate(new Set(['analytics']));
    gate.apply();
    gate.stop();
    document.dispatchEvent(new Event('DOMContentLoaded'));
    await settled();
    expect(ran).toEqual([]);
    expect(document.querySelector('script[data-candor]')).toBeNull();
  });

  it('a gate made once the page is parsed runs a granted script at once', async () => {
    document.body.innerHTML = tag('a');
    observer.observe(document.body, { childList: true, subtree: true });
    readyState().mockReturnValue('complete');
    const gate = createGate({
      doc: document,
      view,
      has: () => true,
      grant: () => {},
      onError: (e) => {
        throw e;
      },
      warn: () => {},
    });
    gate.apply();
    await vi.waitFor(() => expect(ran).toEqual(['a']));
  });
});

// @vitest-environment happy-dom
// What the page is told each time the returning visitor comes back (focus, visibilitychange: loader/returning.ts).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toSiteView } from '../../src/core/site-view';
import { createGrantNews } from '../../src/loader/grant-news';
import { sample } from './fixtures';

afterEach(() => {
  delete (window as { dataLayer?: unknown[] }).dataLayer;
});

describe('createGrantNews', () => {
  it('tells Consent Mode and the dataLayer once per real change, however often it is asked; the gate every time', () => {
    const view = toSiteView(sample);
    let granted = true;
    const gtag = vi.fn();
    const apply = vi.fn();
    const revoked = vi.fn();
    const known = createGrantNews(
      view,
      (id) => granted && id !== 'unknown',
      gtag,
      () => ({ apply }) as never,
      revoked,
    );
    for (let i = 0; i < 3; i++) known(); // three focus events, nothing changed
    const pushes = (): unknown[] => (window as { dataLayer?: unknown[] }).dataLayer ?? [];
    expect(gtag).toHaveBeenCalledTimes(1);
    expect(pushes()).toHaveLength(1);
    expect(apply).toHaveBeenCalledTimes(3);
    granted = false; // a withdrawal on a sibling subdomain
    known();
    known();
    expect(gtag).toHaveBeenCalledTimes(2);
    expect(pushes()).toHaveLength(2);
    expect(revoked).toHaveBeenCalledTimes(1);
    // The gate hears the withdrawal after Consent Mode and the dataLayer, before anything else runs.
    expect(apply.mock.invocationCallOrder[3]!).toBeGreaterThan(gtag.mock.invocationCallOrder[1]!);
    // known(0): the telling alone (the gate calls it before it reads a grant), once per change too.
    granted = true;
    known(0);
    known(0);
    expect(gtag).toHaveBeenCalledTimes(3);
    expect(pushes()).toHaveLength(3);
    expect(apply).toHaveBeenCalledTimes(5);
  });

  it('known(0) makes no first telling: before the page was told anything (a first visit before its decision), it says nothing', () => {
    const gtag = vi.fn();
    const apply = vi.fn();
    const known = createGrantNews(
      toSiteView(sample),
      () => false,
      gtag,
      () => ({ apply }) as never,
      vi.fn(),
    );
    known(0); // the gate of a marked embed, or auto-blocking, before the visitor decides
    expect(gtag).not.toHaveBeenCalled();
    expect((window as { dataLayer?: unknown[] }).dataLayer).toBeUndefined();
    expect(apply).not.toHaveBeenCalled();
    known(); // the engine's start: the first telling
    expect(gtag).toHaveBeenCalledTimes(1);
    expect(apply).toHaveBeenCalledTimes(1);
  });

  it('a purpose taken back that no service serves is a revocation too (a tag marked with it may have run): revoked with the services gone, here none', () => {
    const off = new Set<string>();
    const revoked = vi.fn();
    const known = createGrantNews(
      toSiteView(sample),
      (id) => !off.has(id),
      vi.fn(),
      () => undefined,
      revoked,
    );
    known();
    off.add('functional'); // no service of the sample serves it
    known();
    expect(revoked).toHaveBeenCalledTimes(1);
    expect(revoked).toHaveBeenLastCalledWith([], [expect.objectContaining({ id: 'functional' })]);
    off.add('youtube');
    known();
    expect(revoked).toHaveBeenCalledTimes(2);
    expect(revoked.mock.lastCall![0].map((s: { id: string }) => s.id)).toEqual(['youtube']);
    off.clear(); // granted again: nothing revoked
    known();
    expect(revoked).toHaveBeenCalledTimes(2);
  });
});

/**
 * Auto-blocking looks again into every shadow root where it held back or let through a tag, on
 * each change of the grants (gate/autoblock.ts offerAgainOnChange); it must not keep a root the
 * page has dropped alive for the page's life (an SPA's widget, gone with its route), nor lose one
 * the page still has. Chromium's garbage collector is run through the DevTools protocol.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { requestsFor } from './trackers';

declare global {
  interface Window {
    /** The root of a widget the page dropped, held weakly by the test. */
    __dropped?: WeakRef<ShadowRoot>;
    /** The root of a widget the page keeps. */
    __kept?: ShadowRoot;
  }
}

/** Runs a full garbage collection in `page`, then answers whether the dropped root is gone. */
async function droppedRootCollected(page: Page): Promise<boolean> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
  } finally {
    await cdp.detach();
  }
  return page.evaluate(() => window.__dropped!.deref() === undefined);
}

test('a shadow root with a held-back frame is let go once the page drops it, and one the page keeps still follows the grants', async ({
  openTracked,
  watched,
}) => {
  const { page, log } = await openTracked('/test/e2e/pages/autoblock-shadow.html');
  const named = (name: string) => requestsFor(log, name).length;
  const heldIn = (which: '__dropped' | '__kept') =>
    page.evaluate((w) => {
      const root = w === '__dropped' ? window.__dropped!.deref() : window.__kept;
      return root?.querySelector('iframe')?.getAttribute('data-candor');
    }, which);
  await page.evaluate(() => {
    for (const id of ['kept', 'dropped']) {
      const host = document.createElement('div');
      document.querySelector('main')!.append(host);
      const root = host.attachShadow({ mode: 'closed' });
      root.innerHTML = `<iframe src="https://pixel.example/frame?name=${id}" title="Pixel frame"></iframe>`;
      if (id === 'kept') window.__kept = root;
      else window.__dropped = new WeakRef(root);
    }
  });
  await expect.poll(() => heldIn('__dropped')).toBe('held');
  await expect.poll(() => heldIn('__kept')).toBe('held');
  await page.evaluate(() => window.__dropped!.deref()!.host.remove()); // the route changes: the widget goes
  await expect.poll(() => droppedRootCollected(page)).toBe(true);
  // The next change looks into the root that is left, and finds its frame. (A frame's request may go
  // out as it is inserted, limit 3 of docs/auto-blocking.md: at least one more once granted.)
  const early = named('kept');
  await page.evaluate(() => window.Candor!.update({ services: { pixel: true } }));
  await expect.poll(() => heldIn('__kept')).toBe('active');
  await expect.poll(() => named('kept') > early).toBe(true);
  expect(watched.pageErrors).toEqual([]);
});

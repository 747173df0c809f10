/**
 * Fail closed on a storage fault, in the real product path: an opt-out site grants its defaults
 * only when the stored data could be read; a corrupt mirror cookie (with IndexedDB empty) may be a
 * lost refusal, so nothing optional runs until the visitor decides.
 */
import { expect, test } from './fixtures';
import { fakeTrackers } from './trackers';

const PAGE = '/test/e2e/pages/optout-gated.html';

test('opt-out site, clean storage: the defaults apply and the gated analytics tag loads', async ({ openTracked }) => {
  const { page, log: trackers } = await openTracked(PAGE);
  await expect.poll(() => trackers.hosts()).toEqual(['www.googletagmanager.com']);
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(true);
});

test('opt-out site, corrupt consent cookie: no tracker request and nothing optional granted until the visitor decides, then it loads', async ({
  open,
  context,
  origin,
}) => {
  const trackers = await fakeTrackers(context);
  await context.addCookies([{ name: 'candor', value: '1.3.zz.zz.nothex.0.1.1.0.0.id', url: origin }]);
  const errors: string[] = [];
  const page = await open(PAGE);
  page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
  const state = await page.evaluate(async () => {
    await window.Candor!.ready;
    // The loader imported the gate chunk before us: by the time our import resolves, the gate has
    // been created and has applied the decision to the marked tag.
    await import(new URL('/dist/candor-gate.mjs', location.href).href);
    return {
      analytics: window.Candor!.has('analytics'),
      ga4: window.Candor!.has('ga4'),
      needsPrompt: window.Candor!.needsPrompt!.value,
    };
  });
  expect(state).toEqual({ analytics: false, ga4: false, needsPrompt: true });
  expect(trackers.requests).toEqual([]);
  await page.evaluate(() => window.Candor!.update({ purposes: { analytics: true } }));
  await expect.poll(() => trackers.hosts()).toEqual(['www.googletagmanager.com']);
  expect(errors).toEqual([]);
});

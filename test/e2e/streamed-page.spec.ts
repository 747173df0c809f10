/**
 * A page whose HTML reaches the browser in two parts, the second starting in the middle of a
 * marked tag's text. A decision made while the parser holds only half of that text runs the page's
 * marked tags once the page is parsed: whole, once, in document order, and nothing throws into
 * the page (gate/gate.ts). Before, the gate revived the half it had: a SyntaxError in the page,
 * and the tag never ran. With either loader, and for a returning visitor under a strict CSP (a
 * nonce: no fast path, so the gate is there while the page is parsed).
 */
import type { Page } from '@playwright/test';
import { expect, gateSettled, test } from './fixtures';
import { heldParts, streamingServer } from './streaming-server';

declare global {
  interface Window {
    __ran?: string[];
  }
}

const NONCE = 'str3am';
const config = (
  autoBlock: boolean,
): string => `{ "policy": { "revision": 1, "url": "/privacy" }, "autoBlock": ${autoBlock},
  "purposes": [{ "id": "necessary", "required": true }, { "id": "analytics" }, { "id": "marketing" }] }`;

/**
 * The page, cut in the middle of the second marked tag's text; `nonce` on the loader and the tags;
 * `before`: markup ahead of the tags.
 */
function pageParts(loader: string, autoBlock: boolean, nonce?: string, before = ''): [string, string] {
  const n = nonce ? ` nonce="${nonce}"` : '';
  const tag = (name: string): string =>
    `<script type="text/plain" data-consent="analytics"${n}>(window.__ran ??= []).push('${name}')</script>`;
  return [
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Streamed</title>
<script type="application/json" id="candor-config">${config(autoBlock)}</script>
<script src="/dist/${loader}" data-config="#candor-config"${n}></script>
</head><body><main><h1>Streamed</h1></main>${before}
${tag('early')}
<script type="text/plain" data-consent="analytics"${n}>(window.__ran ??= []).push('first half`,
    ` and second half')</script>
${tag('after')}
</body></html>`,
  ];
}

const ran = (page: Page): Promise<string[]> => page.evaluate(() => window.__ran ?? []);

/**
 * With the page's first part only, the gate there (its probe's placeholder shows): no tag has run,
 * not even the whole one before the cut. Then the rest: every tag ran once, whole, in order.
 */
async function expectWholeOnceInOrder(page: Page, release: () => void, pageErrors: unknown[]) {
  await page.locator('main').waitFor(); // the first part is parsed
  await gateSettled(page);
  // Through Document's own accessor: a page's markup may shadow `document.readyState`.
  const state = () => Object.getOwnPropertyDescriptor(Document.prototype, 'readyState')!.get!.call(document);
  expect(await page.evaluate(state)).toBe('loading');
  expect(await ran(page)).toEqual([]);
  release();
  await page.waitForFunction(() => window.__ran?.includes('after'));
  expect(await ran(page)).toEqual(['early', 'first half and second half', 'after']);
  expect(pageErrors).toEqual([]);
}

for (const [loader, autoBlock] of [
  ['candor.js', false],
  ['candor-autoblock.js', true],
] as const)
  test(`a decision made while the parser holds half of a marked tag's text runs the page's tags whole, once, in order, once the page is parsed (${loader}${autoBlock ? ', autoBlock' : ''})`, async ({
    page,
    origin,
    watched,
  }) => {
    const held = heldParts();
    const server = await streamingServer(origin, pageParts(loader, autoBlock), held.gap);
    try {
      await page.goto(server.url, { waitUntil: 'commit' });
      await page.waitForFunction(() => window.Candor);
      await page.evaluate(() => window.Candor!.acceptAll());
      await expectWholeOnceInOrder(page, held.release, watched.pageErrors);
    } finally {
      held.release();
      server.close();
    }
  });

test('markup that shadows document.readyState (<img name="readyState">) does not make the gate run a half-parsed tag', async ({
  page,
  origin,
  watched,
}) => {
  const held = heldParts();
  const parts = pageParts('candor.js', false, undefined, '<img name="readyState" alt="">');
  const server = await streamingServer(origin, parts, held.gap);
  try {
    await page.goto(server.url, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.Candor);
    expect(await page.evaluate(() => typeof document.readyState)).toBe('object'); // the markup does shadow it
    await page.evaluate(() => window.Candor!.acceptAll());
    await expectWholeOnceInOrder(page, held.release, watched.pageErrors);
  } finally {
    held.release();
    server.close();
  }
});

test('a returning visitor under a strict CSP (the gate runs while the page is parsed): a marked tag whose text is half there runs whole, once, in order, once the page is parsed', async ({
  page,
  origin,
  watched,
}) => {
  const held = heldParts(false);
  const csp = `script-src 'nonce-${NONCE}' 'strict-dynamic'; object-src 'none'; base-uri 'none'`;
  const server = await streamingServer(origin, pageParts('candor.js', false, NONCE), held.gap, {
    'content-security-policy': csp,
  });
  try {
    // First visit: the whole page, then a decision.
    await page.goto(server.url);
    await page.evaluate(() => window.Candor!.acceptAll());
    await page.waitForFunction(() => window.__ran?.length === 3);
    // Returning: the cookie answers at once, and the gate loads while the page is still parsed.
    held.hold();
    await page.goto(server.url, { waitUntil: 'commit' });
    await expectWholeOnceInOrder(page, held.release, watched.pageErrors);
  } finally {
    held.release();
    server.close();
  }
});

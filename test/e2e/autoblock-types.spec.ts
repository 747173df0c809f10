/**
 * Auto-blocking holds a tag back by making it `type="text/plain"`; once granted, the gate revives it
 * with the type it had. A module script stays a module (as a classic script its `import`/`export`
 * would not even parse), and a script of a type that is not JavaScript (a template the page reads
 * itself) stays inert: a grant never runs what the browser would not have run. Also when the page
 * gives the type after the URL, which held the tag first.
 */
import { expect, test } from './fixtures';
import { decide } from './steps';

test('a held module script runs as a module once granted, and a held script of another type never runs', async ({
  page,
  openTracked,
}) => {
  // Module code: a classic script would stop at `export`. Each says how it ran; the template's
  // text would run as a classic script too.
  await page.route('https://www.google-analytics.com/**', (route) => {
    const name = new URL(route.request().url()).searchParams.get('name');
    return route.fulfill({
      contentType: 'text/javascript',
      body: `${name === 'template' ? '' : 'export {};'} (window.__order = window.__order || []).push(${JSON.stringify(name)} + (document.currentScript ? ':classic' : ':module'));`,
    });
  });
  const { page: p } = await openTracked('/test/e2e/pages/autoblock-types.html');
  const order = (): Promise<string[]> => p.evaluate(() => (window as { __order?: string[] }).__order ?? []);
  expect(await order()).toEqual([]); // nothing before consent
  await decide(p, 'Accept all');
  const modules = [
    'dynamic-module:module',
    'module-after-src:module', // its type set after its URL (the URL held it first)
    'module-attribute-after-src:module',
    'parsed-module:module',
  ];
  await expect.poll(async () => (await order()).sort()).toEqual(modules);
  await p.waitForTimeout(500);
  expect((await order()).sort()).toEqual(modules);
  expect(
    await p.evaluate(() =>
      document.querySelector('script[src*="template.html"],script[data-src*="template.html"]')?.getAttribute('type'),
    ),
  ).toBe('text/x-template');
});

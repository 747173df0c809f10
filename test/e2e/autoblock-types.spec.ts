/**
 * Auto-blocking holds a tag back by making it `type="text/plain"`; once granted, the gate revives it
 * with the type it had. A module script stays a module (as a classic script its `import`/`export`
 * would not even parse), and a script of a type that is not JavaScript (a template the page reads
 * itself) stays inert: a grant never runs what the browser would not have run. Also when the page
 * gives the type after the URL, which held the tag first.
 */
import { expect, test } from './fixtures';
import { decide } from './steps';
import { requestsFor } from './trackers';

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

test('a script whose snippet sets its type after its URL (text/javascript) is held, asks for nothing, and runs once granted', async ({
  openTracked,
}) => {
  const { page, log } = await openTracked('/test/e2e/pages/autoblock-limits.html');
  await page.evaluate(() => window.Candor!.ready);
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.src = 'https://pixel.example/typed.js?name=type-after-src';
    s.type = 'text/javascript';
    document.head.append(s);
  });
  await expect(page.locator('script[data-candor-auto][data-src*="type-after-src"]')).toHaveCount(1);
  expect(requestsFor(log, 'type-after-src')).toEqual([]);
  await page.evaluate(() => window.Candor!.update({ services: { pixel: true } }));
  const runs = () => page.evaluate(() => (window.__order ?? []).filter((x) => x === 'type-after-src').length);
  await expect.poll(runs).toBe(1);
  expect(requestsFor(log, 'type-after-src')).toHaveLength(1);
});

/**
 * The demo's two example themes (demo/themes/, chosen with ?theme=, remembered): the page's own
 * stylesheet restyles the banner through Candor's custom properties, Accept all and Reject all stay
 * alike, and ?theme=default brings Candor's own look back. Their screenshots and axe runs are in
 * visual.spec.ts.
 */
import type { Locator } from '@playwright/test';
import { expect, test } from './demo-fixture';

const look = (b: Locator) =>
  b.evaluate((el) => {
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return [Math.round(r.width), Math.round(r.height), s.fontWeight, s.fontFamily, s.backgroundColor, s.color];
  });

for (const [theme, bg, accent] of [
  ['crust', 'rgb(255, 250, 242)', 'rgb(122, 62, 0)'],
  ['night', 'rgb(15, 23, 42)', 'rgb(94, 234, 212)'],
] as const) {
  test(`demo: ?theme=${theme} restyles the banner, keeps Accept all and Reject all alike, and is remembered until ?theme=default`, async ({
    page,
    demo,
  }) => {
    await page.goto(`${demo}/?theme=${theme}`);
    const banner = page.getByRole('region', { name: 'Cookies and your privacy' });
    const accept = banner.getByRole('button', { name: 'Accept all' });
    const reject = banner.getByRole('button', { name: 'Reject all' });
    await expect(accept).toBeVisible();
    const background = () => banner.evaluate((el) => getComputedStyle(el).backgroundColor);
    // The theme's stylesheet is added by a script (not render-blocking): wait for it to apply.
    await expect.poll(background).toBe(bg);
    expect((await look(accept))[4]).toBe(accent);
    expect(await look(reject)).toEqual(await look(accept));
    await page.goto(`${demo}/shop.html`); // remembered on the next page
    await expect(accept).toBeVisible();
    await expect.poll(background).toBe(bg);
    await page.goto(`${demo}/?theme=default`);
    await expect(accept).toBeVisible();
    expect(await background()).toBe('rgb(255, 255, 255)');
  });
}

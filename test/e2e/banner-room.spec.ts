/**
 * The banner never hides what the visitor needs to decide, measured in Chromium: at 400 % zoom
 * (320 × 256 CSS px) it takes at most half of the viewport and scrolls its own content; on the
 * policy page a walling modal is a bar and the page stays live; a non-blocking modal minimises to a
 * small bar and back, by keyboard. axe in each state.
 */
import type { Page } from '@playwright/test';
import { axe, tabPastCandor } from './a11y';
import { expect, test } from './fixtures';

/** Serves the UI test page at `path` with `ui` in its config (the policy is at /privacy). */
async function openUiAt(page: Page, origin: string, path: string, ui: object, lang = 'en'): Promise<void> {
  await page.route(`${origin}${path}`, async (route) => {
    const res = await route.fetch({ url: `${origin}/test/e2e/pages/ui.html` });
    const body = (await res.text())
      .replace('"policy": {', `"ui": ${JSON.stringify(ui)},\n  "policy": {`)
      .replace('<html lang="en">', `<html lang="${lang}">`);
    await route.fulfill({ body, contentType: 'text/html' });
  });
  await page.goto(`${origin}${path}`);
}

const banner = (page: Page) => page.locator('[data-candor-ui]').locator('section.banner');

for (const [layout, lang] of [
  ['bar', 'en'],
  ['box', 'de'],
  ['modal', 'en'],
  ['bar', 'ar'],
] as const) {
  test(`400 % zoom (320 × 256): the ${layout} (${lang}) leaves at least half the viewport to the page and scrolls its own content, every choice reachable by keyboard`, async ({
    page,
    origin,
  }, info) => {
    await page.setViewportSize({ width: 320, height: 256 });
    await openUiAt(page, origin, '/shop', { layout }, lang);
    await expect(banner(page)).toBeVisible();
    const box = (await banner(page).boundingBox())!;
    expect(box.height).toBeLessThanOrEqual(128);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(320);
    const scrolls = await banner(page).evaluate((b) => b.scrollHeight > b.clientHeight);
    expect(scrolls).toBe(true);
    // Each button, reached by Tab, is scrolled into the banner's view.
    const buttons = banner(page).locator('.actions button');
    for (let i = 0; i < 3; i++) {
      const button = buttons.nth(i);
      for (let n = 0; n < 8 && !(await button.evaluate((b) => b.matches(':focus'))); n++)
        await page.keyboard.press('Tab');
      await expect(button).toBeFocused();
      const b = (await button.boundingBox())!;
      const outer = (await banner(page).boundingBox())!;
      expect(b.y).toBeGreaterThanOrEqual(outer.y - 1);
      expect(b.y + b.height).toBeLessThanOrEqual(outer.y + outer.height + 1);
    }
    await axe(page, info, `zoom-400-${layout}-${lang}`);
  });
}

test('the policy page is never walled: a blocking modal is a bar there, the page is live and clickable, axe clean', async ({
  page,
  origin,
}, info) => {
  await openUiAt(page, origin, '/privacy', { layout: 'modal', blocking: true });
  await expect(banner(page)).toBeVisible();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect(await banner(page).getAttribute('class')).toBe('banner bar');
  const link = page.getByRole('link', { name: 'A link at the bottom of the page' });
  expect(await link.evaluate((a) => (a.closest('[inert]') ? 'inert' : 'live'))).toBe('live');
  await link.scrollIntoViewIfNeeded();
  await link.click(); // not covered by the bar (scroll padding and a spacer below the page)
  await expect(page).toHaveURL(/#bottom$/);
  const bar = (await banner(page).boundingBox())!;
  const target = (await link.boundingBox())!;
  expect(target.y + target.height).toBeLessThanOrEqual(bar.y);
  await axe(page, info, 'policy-page-bar');
  // Elsewhere the same config walls the page, as the site asked.
  await openUiAt(page, origin, '/shop', { layout: 'modal', blocking: true });
  await expect(page.getByRole('dialog', { name: 'Cookies and your privacy' })).toBeVisible();
});

test('a non-blocking modal minimises to a small bar and back by keyboard; focus stays on the toggle; the page behind is reachable; axe clean', async ({
  page,
  origin,
}, info) => {
  await page.setViewportSize({ width: 390, height: 500 }); // a short page: the modal covers its middle
  await openUiAt(page, origin, '/shop', { layout: 'modal' });
  const toggle = banner(page).getByRole('button', { name: 'Minimize' });
  await expect(toggle).toBeVisible();
  const heading = page.getByRole('heading', { name: 'The Corner Bakery' });
  const full = (await banner(page).boundingBox())!;
  await toggle.focus();
  await page.keyboard.press('Enter');
  const restore = banner(page).getByRole('button', { name: 'Show cookie choices' });
  await expect(restore).toBeFocused();
  const mini = (await banner(page).boundingBox())!;
  expect(mini.height).toBeLessThan(full.height / 2);
  expect(mini.y + mini.height).toBeCloseTo(500, 0); // a bar at the bottom
  // What the modal covered is free: the page's first paragraph can be clicked where it is.
  const text = page.getByText('Sourdough, rye and croissants, baked every morning.');
  const t = (await text.boundingBox())!;
  expect(await page.evaluate(([x, y]) => document.elementFromPoint(x!, y!)?.localName, [t.x + 5, t.y + 5])).toBe('p');
  expect(await heading.isVisible()).toBe(true);
  await axe(page, info, 'modal-minimized');
  await page.keyboard.press('Space');
  await expect(banner(page).getByRole('button', { name: 'Minimize' })).toBeFocused();
  await expect(banner(page).getByRole('button', { name: 'Reject all' })).toBeVisible();
  expect((await banner(page).boundingBox())!.height).toBeCloseTo(full.height, 0);
  await axe(page, info, 'modal-restored');
});

test("a non-blocking modal stays open while focus is in Candor's own UI: the panel its Customize opens, and focus back on Customize when it closes", async ({
  page,
  origin,
}) => {
  await openUiAt(page, origin, '/shop', { layout: 'modal' });
  const customize = banner(page).getByRole('button', { name: 'Customize' });
  await customize.focus();
  await page.keyboard.press('Enter');
  const panel = page.getByRole('dialog', { name: 'Privacy settings' });
  await expect(panel).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(banner(page)).not.toHaveClass(/mini/);
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(customize).toBeFocused();
  await expect(customize).toBeVisible();
  await expect(banner(page)).not.toHaveClass(/mini/);
});

test('a non-blocking modal minimises for a frame focused under it, and for a script that focuses something under it, not beside it', async ({
  page,
  origin,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openUiAt(page, origin, '/shop', { layout: 'modal' });
  await expect(banner(page)).toBeVisible();
  const box = (await banner(page).boundingBox())!;
  await page.evaluate(
    ({ top, left }) => {
      const field = document.createElement('input');
      field.setAttribute('aria-label', 'Search');
      field.style.cssText = 'position:fixed;top:0;left:0';
      const frame = document.createElement('iframe');
      frame.title = 'Map';
      frame.srcdoc = '<a href="#x">In the frame</a>';
      frame.style.cssText = `position:fixed;top:${top}px;left:${left}px;width:200px;height:60px`;
      document.body.append(field, frame);
    },
    { top: box.y + box.height / 2, left: box.x + 10 },
  );
  await page.getByLabel('Search').focus(); // beside it: stays open
  await expect(banner(page).getByRole('button', { name: 'Accept all' })).toBeVisible();
  await page.frameLocator('iframe[title="Map"]').getByRole('link', { name: 'In the frame' }).focus();
  await expect(banner(page)).toHaveClass(/mini/);
  await banner(page).getByRole('button', { name: 'Show cookie choices' }).click();
  await expect(banner(page)).not.toHaveClass(/mini/);
  await page.evaluate(() => document.querySelector<HTMLElement>('iframe[title="Map"]')!.focus()); // a script's focus
  await expect(banner(page)).toHaveClass(/mini/);
});

test('the room under a bar is there in the first frame that shows the bar (reserved without a forced layout)', async ({
  page,
  origin,
}) => {
  // The first frame in which the bar has a box: right after that frame's rendering (ResizeObserver
  // callbacks run after its layout, before its paint), what the page reserves for the bar.
  await page.addInitScript(() => {
    const tick = (): void => {
      const bar = document.querySelector('[data-candor-ui]')?.shadowRoot?.querySelector('section.banner');
      if (!bar || bar.getBoundingClientRect().height === 0) return void requestAnimationFrame(tick);
      const channel = new MessageChannel(); // a task after this frame's rendering
      channel.port1.onmessage = () => {
        const spacer = document.querySelector<HTMLElement>('[data-candor-spacer]');
        (window as unknown as { __room: unknown }).__room = {
          bar: innerHeight - bar.getBoundingClientRect().top + 8,
          padding: document.documentElement.style.scrollPaddingBottom,
          spacer: spacer?.getBoundingClientRect().height ?? null,
        };
      };
      channel.port2.postMessage(null);
    };
    requestAnimationFrame(tick);
  });
  await openUiAt(page, origin, '/shop', { layout: 'bar' });
  const room = await page.waitForFunction(() => (window as unknown as { __room?: unknown }).__room);
  const { bar, padding, spacer } = (await room.jsonValue()) as { bar: number; padding: string; spacer: number };
  expect(parseFloat(padding)).toBeCloseTo(bar, 1);
  expect(spacer).toBeCloseTo(bar, 1);
});

for (const [layout, width, height] of [
  ['box', 390, 844],
  ['box', 320, 640],
  ['bar', 320, 640],
  ['modal', 390, 844], // minimised as focus leaves it for the page
  ['modal', 1280, 800],
] as const)
  test(`tabbing through the page behind the ${layout} at ${width} × ${height}: nothing focused is under it (WCAG 2.4.11)`, async ({
    page,
    origin,
  }) => {
    await page.setViewportSize({ width, height });
    await openUiAt(page, origin, '/shop', { layout });
    await expect(banner(page)).toBeVisible();
    await tabPastCandor(page, 'section.banner', 30);
  });
